/**
 * The trigger's webhook in Kustomer through activation, publishing and deactivation
 * (checkExists, create, delete run in n8n-core's HookContext), against a stateful stand-in of
 * Kustomer's outbound-webhook API (test/helpers/outboundWebhooks.ts).
 */
import type { INodeParameters } from 'n8n-workflow';

import { validateRequestBody } from '../../../../sandbox/contract';
import { callMethod } from '../../../helpers/harness';
import { sent } from '../../../helpers/kustomer';
import type { FakeOutboundWebhooks } from '../../../helpers/outboundWebhooks';
import { DOCUMENTED_EVENTS, TAG_EVENTS } from '../../../helpers/outboundWebhooks';
import { elapseTriggerWaits, triggerNode, WEBHOOK_ID, WEBHOOK_URL } from '../../../helpers/trigger';
import { useTriggerTests } from '../../../helpers/triggerTests';

const EVENTS = ['kustomer.conversation.create', 'kustomer.conversation.update', 'kustomer.message.create'];
const AUTOMATIC: INodeParameters = { registration: 'automatic', events: EVENTS };

const tests = useTriggerTests(AUTOMATIC);
const { trigger } = tests;
let kustomer: FakeOutboundWebhooks;
beforeEach(() => {
	kustomer = tests.kustomer();
});

const writes = () => sent.filter((request) => request.method !== 'GET').map((request) => `${request.method} ${request.path}`);
const SECRET_HEADER = 'X-N8n-Kustomer-Secret';

describe('registering', () => {
	test("registers this node's URL, its events and a secret header, in Kustomer's documented create body (no `enabled`)", async () => {
		const subject = await trigger();
		await subject.activate();
		const create = sent.find((request) => request.method === 'POST')!;
		expect(create.body).toEqual({
			name: `n8n: Escalations / Kustomer Trigger [n8n test-workflow/${subject.node.id}]`,
			url: WEBHOOK_URL,
			events: EVENTS,
			headers: [{ name: SECRET_HEADER, value: expect.stringMatching(/^[0-9a-f]{64}$/) }],
		});
		expect(validateRequestBody('POST', '/v1/outbound-webhooks', create.body).errors).toEqual([]);
		expect(kustomer.withUrl(WEBHOOK_URL)).toHaveLength(1);
	});

	test('keeps no id, token or secret in the workflow (its static data is exported and backed up in clear)', async () => {
		const subject = await trigger();
		await subject.activate();
		const [hook] = kustomer.withUrl(WEBHOOK_URL);
		const stored = JSON.stringify(subject.state);
		expect(stored).not.toContain(hook.token);
		expect(stored).not.toContain(hook.headers[0].value);
		expect(stored).not.toContain(hook.id);
	});

	test("what an earlier version kept in static data (the token and the header's secret among it) is removed at activation", async () => {
		const legacy = { registration: 'automatic', webhookId: 'wh-old', webhookToken: 'tok-old', headerSecret: 's'.repeat(64), webhookUrl: WEBHOOK_URL, recentEventIds: ['evt-1'] };
		const subject = await trigger(AUTOMATIC, { staticData: legacy });
		await subject.activate('init');
		expect(subject.state).toEqual({});
	});

	test("the secret header's value never shows in an error that echoes the body", async () => {
		kustomer.fail('create', { kind: 'echo' });
		const subject = await trigger();
		const error = (await subject.activate().catch((caught: unknown) => caught)) as Error & { description?: string };
		const secret = String((sent.find((request) => request.method === 'POST')!.body as { headers: Array<{ value: string }> }).headers[0].value);
		expect(secret).toMatch(/^[0-9a-f]{64}$/);
		expect(`${error.message} ${error.description}`).toContain('[redacted]');
		expect(JSON.stringify(error)).not.toContain(secret);
	});

	test('a key without the outbound-webhook role is told which roles, or Manual mode', async () => {
		kustomer.fail('create', { kind: 'status', status: 403, body: { errors: [{ title: 'Forbidden' }] } });
		const subject = await trigger();
		await expect(subject.activate()).rejects.toMatchObject({
			message: 'The API key may not register webhooks (403)',
			description: expect.stringMatching(/org\.permission\.outbound_webhook\.create.*Manual/),
		});
	});

	test("at Kustomer's limit of 5 webhooks, none of them this node's: the error names them and the fix", async () => {
		for (const n of [1, 2, 3, 4, 5]) kustomer.add({ name: `Hook ${n}`, url: `https://elsewhere.example.com/${n}` });
		const subject = await trigger();
		await expect(subject.activate()).rejects.toMatchObject({
			message: 'Kustomer allows 5 outbound webhooks per org, and all 5 are in use',
			description: expect.stringContaining('"Hook 1", "Hook 2", "Hook 3", "Hook 4", "Hook 5"'),
		});
	});

	test("at the limit with this node's own switched-off webhook among them: that one makes room", async () => {
		for (const n of [1, 2, 3, 4]) kustomer.add({ name: `Hook ${n}`, url: `https://elsewhere.example.com/${n}` });
		const old = kustomer.add({ name: 'n8n: Escalations [test-workflow] / Kustomer Trigger', url: WEBHOOK_URL, events: EVENTS, enabled: false });
		const subject = await trigger();
		await subject.activate('init');
		expect(kustomer.withUrl(WEBHOOK_URL).map((hook) => hook.id)).not.toContain(old.id);
		expect(kustomer.withUrl(WEBHOOK_URL)).toHaveLength(1);
		expect(kustomer.hooks).toHaveLength(5);
	});

	test('a non-https URL is refused before calling Kustomer, with how to expose n8n', async () => {
		const subject = await trigger(AUTOMATIC, { webhookBaseUrl: 'http://localhost:5678/webhook' });
		await expect(subject.lifecycle('create')).rejects.toMatchObject({
			message: expect.stringContaining('Kustomer only delivers to https URLs'),
			description: expect.stringContaining('tunnel'),
		});
		expect(sent).toHaveLength(0);
	});

	test.each([
		['updatedAt', 'updatedAt changes with every update'],
		['modificationHistory', 'modificationHistory changes with every update'],
		['status*priority', 'a * only works at the end'],
		['custom', 'custom attributes are named custom.<name>'],
	])('Only When Changed "%s", which can never match, is refused at activation in either mode', async (pattern, why) => {
		for (const parameters of [{ ...AUTOMATIC }, { ...AUTOMATIC, registration: 'manual' }]) {
			const subject = await trigger({ ...parameters, options: { changedAttributes: `status, ${pattern}` } });
			await expect(subject.lifecycle('checkExists')).rejects.toMatchObject({
				message: `Only When Changed: "${pattern}" can never match`,
				description: expect.stringContaining(why),
			});
		}
		expect(sent).toHaveLength(0);
	});

	test('version 3 checks Only When Changed where it shows it, in the panel', async () => {
		const subject = await trigger({ ...AUTOMATIC, changedAttributes: 'status, updatedAt' }, { typeVersion: 3 });
		await expect(subject.lifecycle('checkExists')).rejects.toMatchObject({ message: 'Only When Changed: "updatedAt" can never match' });
		expect(sent).toHaveLength(0);
	});

	test('more than 12 events are refused before calling Kustomer', async () => {
		const subject = await trigger({ registration: 'automatic', events: Array.from({ length: 13 }, (_, index) => `kustomer.thing${index}.create`) });
		await expect(subject.lifecycle('checkExists')).rejects.toThrow('Kustomer accepts at most 12 events per webhook; 13 are selected');
		expect(sent).toHaveLength(0);
	});

	test('Manual mode registers nothing and deletes nothing', async () => {
		const subject = await trigger({ registration: 'manual', events: EVENTS });
		expect(await subject.lifecycle('checkExists')).toBe(true);
		expect(await subject.lifecycle('create')).toBe(true);
		expect(await subject.lifecycle('delete')).toBe(true);
		expect(sent).toHaveLength(0);
	});
});

describe("tag events: offered only when the org's own event list has them", () => {
	const withTags = { ...AUTOMATIC, events: ['kustomer.conversation.create', 'kustomer.tag.create'] };

	test('the event list is the org\'s: without tag events there, none are offered', async () => {
		kustomer.offered = [...DOCUMENTED_EVENTS];
		const options = await callMethod<Array<{ value: string }>>('loadOptions', 'getEvents', triggerNode(AUTOMATIC));
		expect(options.map((option) => option.value)).toEqual([...DOCUMENTED_EVENTS].sort());
		kustomer.offered = [...DOCUMENTED_EVENTS, ...TAG_EVENTS];
		const withThem = await callMethod<Array<{ value: string }>>('loadOptions', 'getEvents', triggerNode(AUTOMATIC));
		expect(withThem.map((option) => option.value)).toEqual(expect.arrayContaining(TAG_EVENTS));
	});

	test('a key that may not read the list is offered the ten events every source lists', async () => {
		kustomer.offered = 403;
		const options = await callMethod<Array<{ value: string }>>('loadOptions', 'getEvents', triggerNode(AUTOMATIC));
		expect(options.map((option) => option.value)).toEqual([...DOCUMENTED_EVENTS].sort());
	});

	test('activation refuses a tag event the org does not list, before creating anything', async () => {
		kustomer.offered = [...DOCUMENTED_EVENTS];
		const subject = await trigger(withTags);
		await expect(subject.activate()).rejects.toMatchObject({
			message: 'This Kustomer org does not offer kustomer.tag.create for webhooks',
			description: expect.stringContaining('GET /v1/outbound-webhooks/events'),
		});
		expect(writes()).toEqual([]);
	});

	test('when the org lists them, tag events are registered', async () => {
		const subject = await trigger(withTags);
		await subject.activate();
		expect(kustomer.withUrl(WEBHOOK_URL)[0].events).toEqual(withTags.events);
	});

	test('when the list cannot be read, a tag event is refused with why (the documents disagree), the others register', async () => {
		kustomer.offered = 403;
		await expect((await trigger(withTags)).activate()).rejects.toMatchObject({
			message: 'Whether this Kustomer org offers kustomer.tag.create could not be checked',
			description: expect.stringContaining('org.permission.outbound_webhook.read'),
		});
		expect(writes()).toEqual([]);
		await (await trigger()).activate();
		expect(kustomer.withUrl(WEBHOOK_URL)).toHaveLength(1);
	});
});

describe("finding this node's webhooks by its URL, never by stored state", () => {
	test('n8n starting up finds the webhook its earlier activation made (static data lost or never kept) and makes no second one', async () => {
		const first = await trigger();
		await first.activate();
		const second = await trigger(AUTOMATIC, { staticData: {} });
		second.node.id = first.node.id;
		second.restart();
		sent.length = 0;
		await second.activate('init');
		expect(writes()).toEqual([]);
		expect(kustomer.withUrl(WEBHOOK_URL)).toHaveLength(1);
	});

	test("this node's webhooks at another address (n8n's URL changed) or named by an earlier version are removed; others' are left", async () => {
		const moved = kustomer.add({ name: 'n8n: Escalations / Kustomer Trigger', url: `https://old-n8n.example.com/webhook/${WEBHOOK_ID}/webhook`, events: EVENTS });
		const legacy = kustomer.add({ name: 'n8n: Escalations [test-workflow] / Kustomer Trigger', url: 'https://older.example.com/hook', events: EVENTS });
		const foreign = kustomer.add({ name: 'Zapier', url: 'https://hooks.zapier.com/1', events: EVENTS });
		const subject = await trigger();
		await subject.activate();
		const ids = kustomer.hooks.map((hook) => hook.id);
		expect(ids).not.toContain(moved.id);
		expect(ids).not.toContain(legacy.id);
		expect(ids).toContain(foreign.id);
		expect(kustomer.withUrl(WEBHOOK_URL)).toHaveLength(1);
	});

	test('after a dropped connection, the webhook the create made is adopted, not an older identical one, which is removed', async () => {
		const subject = await trigger();
		await subject.activate();
		const [older] = kustomer.withUrl(WEBHOOK_URL);
		subject.restart();
		// Publishing again from another process (nothing held here): a fresh webhook, new before old;
		// the create lands but its answer is lost.
		kustomer.fail('create', { kind: 'drop', landed: true });
		await subject.activate('update');
		const remaining = kustomer.withUrl(WEBHOOK_URL);
		expect(remaining).toHaveLength(1);
		expect(remaining[0].id).not.toBe(older.id);
	});

	test('a webhook Kustomer switched off after failed deliveries is replaced on start-up, new before old', async () => {
		const subject = await trigger();
		await subject.activate();
		const [old] = kustomer.withUrl(WEBHOOK_URL);
		old.enabled = false;
		subject.restart();
		sent.length = 0;
		await subject.activate('init');
		expect(writes()).toEqual(['POST /v1/outbound-webhooks', `DELETE /v1/outbound-webhooks/${old.id}`]);
		expect(kustomer.withUrl(WEBHOOK_URL).map((hook) => hook.enabled)).toEqual([true]);
	});

	test('publishing with other events replaces the webhook, new before old, so no event goes undelivered in between', async () => {
		const subject = await trigger();
		await subject.activate();
		const [old] = kustomer.withUrl(WEBHOOK_URL);
		sent.length = 0;
		await subject.republish({ ...AUTOMATIC, events: ['kustomer.customer.update'] });
		expect(writes()).toEqual(['POST /v1/outbound-webhooks', `DELETE /v1/outbound-webhooks/${old.id}`]);
		expect(kustomer.withUrl(WEBHOOK_URL).map((hook) => hook.events)).toEqual([['kustomer.customer.update']]);
	});
});

describe('deactivating', () => {
	test("removes this node's webhook once n8n's publish could no longer re-activate it (after 30 s), and only it", async () => {
		const foreign = kustomer.add({ name: 'Zapier', url: 'https://hooks.zapier.com/1' });
		const subject = await trigger();
		await subject.activate();
		expect(await subject.lifecycle('delete')).toBe(true);
		expect(kustomer.withUrl(WEBHOOK_URL)).toHaveLength(1);
		expect(await elapseTriggerWaits()).toEqual([30_000]);
		expect(kustomer.withUrl(WEBHOOK_URL)).toHaveLength(0);
		expect(kustomer.hooks).toEqual([foreign]);
	});

	test('activated again within the grace period, the webhook stays and is kept', async () => {
		const subject = await trigger();
		await subject.activate();
		const [hook] = kustomer.withUrl(WEBHOOK_URL);
		await subject.lifecycle('delete');
		await subject.activate('activate');
		await elapseTriggerWaits();
		expect(kustomer.withUrl(WEBHOOK_URL)).toEqual([hook]);
	});
});

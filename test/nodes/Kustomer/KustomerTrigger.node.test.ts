import { CredentialTestContext } from 'n8n-core';
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import nock from 'nock';

import { validateRequestBody } from '../../../sandbox/contract';
import { buildWorkflow, executeWorkflow, KUSTOMER_TRIGGER_NODE, loadPackage, nodeDescription } from '../../helpers/harness';
import { kustomerApi, networkError, resetApi, sent } from '../../helpers/kustomer';
import { conversationUpdate, hmacHex, kustomerEvent, messageCreated, signed } from '../../helpers/kustomerEvents';
import { processedData } from '../../helpers/processedData';
import { TriggerUnderTest, triggerNode, WEBHOOK_SECRET, WEBHOOK_URL } from '../../helpers/trigger';

beforeAll(() => nock.enableNetConnect('127.0.0.1'));
afterEach(resetApi);

const TOKEN = 'kustomer-signing-token-71c3';
const EVENTS = ['kustomer.conversation.create', 'kustomer.conversation.update', 'kustomer.message.create'];
const AUTOMATIC: INodeParameters = { registration: 'automatic', events: EVENTS };

function webhook(id = 'wh-1', attributes: IDataObject = {}) {
	return {
		data: {
			type: 'outbound_webhook',
			id,
			attributes: { name: 'n8n: Escalations', url: WEBHOOK_URL, events: EVENTS, enabled: true, token: TOKEN, ...attributes },
		},
	};
}

const triggers: TriggerUnderTest[] = [];
async function trigger(parameters: INodeParameters = AUTOMATIC, options: Parameters<typeof TriggerUnderTest.create>[1] = {}) {
	const created = await TriggerUnderTest.create(parameters, options);
	triggers.push(created);
	return created;
}
afterEach(async () => {
	await Promise.all(triggers.splice(0).map(async (entry) => await entry.close()));
});

/** A trigger whose webhook is registered, as after activation. */
async function activeTrigger(parameters: INodeParameters = AUTOMATIC) {
	return await trigger(parameters, { staticData: { webhookId: 'wh-1', webhookToken: TOKEN, webhookUrl: WEBHOOK_URL } });
}

describe('description', () => {
	test('is a trigger with a webhook, themed icons, no inputs, and not a tool', async () => {
		const description = await nodeDescription(KUSTOMER_TRIGGER_NODE);
		expect(description.displayName).toBe('Kustomer Trigger');
		expect(description.inputs).toEqual([]);
		expect(description.usableAsTool).toBeUndefined();
		expect(description.webhooks).toEqual([
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', responseData: 'noData', path: 'webhook' },
		]);
		expect(description.iconUrl).toEqual({ light: expect.stringMatching(/kustomer\.svg$/), dark: expect.stringMatching(/kustomer\.dark\.svg$/) });
	});
});

describe('registration', () => {
	test('create registers our production URL, the events and a name naming the workflow; keeps id and token', async () => {
		kustomerApi().post('/v1/outbound-webhooks').reply(201, webhook());
		const subject = await trigger();
		expect(await subject.lifecycle('checkExists')).toBe(false);
		expect(sent).toHaveLength(0);
		expect(await subject.lifecycle('create')).toBe(true);
		expect(sent[0].body).toEqual({
			name: 'n8n: Escalations [test-workflow] / Kustomer Trigger',
			url: WEBHOOK_URL,
			events: EVENTS,
			enabled: true,
		});
		expect(validateRequestBody('POST', '/v1/outbound-webhooks', sent[0].body).errors).toEqual([]);
		expect(subject.state).toEqual({ registration: 'automatic', webhookId: 'wh-1', webhookToken: TOKEN, webhookUrl: WEBHOOK_URL });
	});

	test('when the create answer has no token, it is read back from the webhook', async () => {
		kustomerApi().post('/v1/outbound-webhooks').reply(201, webhook('wh-2', { token: undefined }));
		kustomerApi().get('/v1/outbound-webhooks/wh-2').reply(200, webhook('wh-2'));
		const subject = await trigger();
		await subject.lifecycle('create');
		expect(subject.state.webhookToken).toBe(TOKEN);
	});

	test('Shared Secret Header: registers a random secret in a custom header and keeps it', async () => {
		kustomerApi().post('/v1/outbound-webhooks').reply(201, webhook());
		const subject = await trigger({ ...AUTOMATIC, verification: 'sharedSecretHeader' });
		await subject.lifecycle('create');
		const { headers } = sent[0].body as { headers: Array<{ name: string; value: string }> };
		expect(headers).toEqual([{ name: 'X-N8n-Kustomer-Secret', value: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
		expect(subject.state.headerSecret).toBe(headers[0].value);
	});

	test('checkExists finds ours by stored id and URL', async () => {
		kustomerApi().get('/v1/outbound-webhooks/wh-1').reply(200, webhook());
		const subject = await activeTrigger();
		expect(await subject.lifecycle('checkExists')).toBe(true);
		expect(sent.map((request) => request.method)).toEqual(['GET']);
	});

	test('checkExists: a webhook deleted in Kustomer is forgotten, nothing is deleted', async () => {
		kustomerApi().get('/v1/outbound-webhooks/wh-1').reply(404, '');
		const subject = await activeTrigger();
		expect(await subject.lifecycle('checkExists')).toBe(false);
		expect(subject.state.webhookId).toBeUndefined();
		expect(sent.map((request) => request.method)).toEqual(['GET']);
	});

	test('checkExists: a webhook that now points elsewhere is not ours: forgotten, not deleted', async () => {
		kustomerApi().get('/v1/outbound-webhooks/wh-1').reply(200, webhook('wh-1', { url: 'https://other.example.com/hook' }));
		const subject = await activeTrigger();
		expect(await subject.lifecycle('checkExists')).toBe(false);
		expect(sent.map((request) => request.method)).toEqual(['GET']);
	});

	test('checkExists: a webhook Kustomer switched off after failed deliveries is replaced by an enabled one', async () => {
		kustomerApi().get('/v1/outbound-webhooks/wh-1').reply(200, webhook('wh-1', { enabled: false }));
		kustomerApi().delete('/v1/outbound-webhooks/wh-1').reply(204);
		kustomerApi().post('/v1/outbound-webhooks').reply(201, webhook('wh-3', { token: 'new-token' }));
		const subject = await activeTrigger();
		await subject.activate();
		expect(sent.map((request) => `${request.method} ${request.path}`)).toEqual([
			'GET /v1/outbound-webhooks/wh-1',
			'DELETE /v1/outbound-webhooks/wh-1',
			'POST /v1/outbound-webhooks',
		]);
		expect(subject.state).toMatchObject({ webhookId: 'wh-3', webhookToken: 'new-token' });
	});

	test('checkExists: a switched-off webhook that cannot be replaced explains how to turn it on', async () => {
		kustomerApi().get('/v1/outbound-webhooks/wh-1').reply(200, webhook('wh-1', { enabled: false, name: 'n8n: Escalations' }));
		kustomerApi().delete('/v1/outbound-webhooks/wh-1').reply(403, '');
		const subject = await activeTrigger();
		await expect(subject.lifecycle('checkExists')).rejects.toMatchObject({
			message: expect.stringContaining('switched this trigger\'s webhook off after failed deliveries'),
			description: expect.stringContaining('Turn webhook "n8n: Escalations" on again in Kustomer'),
		});
	});

	test('checkExists: changed events replace the webhook', async () => {
		kustomerApi().get('/v1/outbound-webhooks/wh-1').reply(200, webhook('wh-1', { events: ['kustomer.customer.create'] }));
		kustomerApi().delete('/v1/outbound-webhooks/wh-1').reply(204);
		const subject = await activeTrigger();
		expect(await subject.lifecycle('checkExists')).toBe(false);
		expect(subject.state.webhookId).toBeUndefined();
	});

	test('checkExists: Verify With changed from Signature to Shared Secret Header: the webhook is replaced by one carrying the secret', async () => {
		kustomerApi().get('/v1/outbound-webhooks/wh-1').reply(200, webhook());
		kustomerApi().delete('/v1/outbound-webhooks/wh-1').reply(204);
		kustomerApi().post('/v1/outbound-webhooks').reply(201, webhook('wh-4'));
		const subject = await activeTrigger({ ...AUTOMATIC, verification: 'sharedSecretHeader' });
		await subject.activate();
		expect(sent.map((request) => `${request.method} ${request.path}`)).toEqual([
			'GET /v1/outbound-webhooks/wh-1',
			'DELETE /v1/outbound-webhooks/wh-1',
			'POST /v1/outbound-webhooks',
		]);
		const { headers } = sent[2].body as { headers: Array<{ name: string; value: string }> };
		expect(subject.state).toMatchObject({ webhookId: 'wh-4', headerSecret: headers[0].value });
		const body = JSON.stringify(kustomerEvent('kustomer.conversation.create'));
		expect((await subject.deliver({ body, headers: { 'x-n8n-kustomer-secret': headers[0].value } })).executions).toHaveLength(1);
	});

	test('checkExists: Verify With changed from Shared Secret Header to Signature: the webhook is replaced by one without the header', async () => {
		const secret = 'a'.repeat(64);
		kustomerApi()
			.get('/v1/outbound-webhooks/wh-1')
			.reply(200, webhook('wh-1', { headers: [{ name: 'X-N8n-Kustomer-Secret', value: secret }] }));
		kustomerApi().delete('/v1/outbound-webhooks/wh-1').reply(204);
		kustomerApi().post('/v1/outbound-webhooks').reply(201, webhook('wh-5', { token: 'token-5' }));
		const subject = await trigger(AUTOMATIC, {
			staticData: { webhookId: 'wh-1', webhookToken: TOKEN, headerSecret: secret, webhookUrl: WEBHOOK_URL },
		});
		await subject.activate();
		expect(sent.map((request) => request.method)).toEqual(['GET', 'DELETE', 'POST']);
		expect(sent[2].body).not.toHaveProperty('headers');
		expect(subject.state).toEqual({ registration: 'automatic', webhookId: 'wh-5', webhookToken: 'token-5', webhookUrl: WEBHOOK_URL });
	});

	test("checkExists: a webhook whose secret header was changed in Kustomer is replaced", async () => {
		const secret = 'a'.repeat(64);
		kustomerApi()
			.get('/v1/outbound-webhooks/wh-1')
			.reply(200, webhook('wh-1', { headers: [{ name: 'X-N8n-Kustomer-Secret', value: 'b'.repeat(64) }] }));
		kustomerApi().delete('/v1/outbound-webhooks/wh-1').reply(204);
		const subject = await trigger(
			{ ...AUTOMATIC, verification: 'sharedSecretHeader' },
			{ staticData: { webhookId: 'wh-1', webhookToken: TOKEN, headerSecret: secret, webhookUrl: WEBHOOK_URL } },
		);
		expect(await subject.lifecycle('checkExists')).toBe(false);
		expect(subject.state.headerSecret).toBeUndefined();
	});

	test('checkExists: with Verify With unchanged a webhook carrying our secret header is kept', async () => {
		const secret = 'a'.repeat(64);
		kustomerApi()
			.get('/v1/outbound-webhooks/wh-1')
			.reply(200, webhook('wh-1', { headers: [{ name: 'x-n8n-kustomer-secret', value: secret }] }));
		const subject = await trigger(
			{ ...AUTOMATIC, verification: 'sharedSecretHeader' },
			{ staticData: { webhookId: 'wh-1', webhookToken: TOKEN, headerSecret: secret, webhookUrl: WEBHOOK_URL } },
		);
		expect(await subject.lifecycle('checkExists')).toBe(true);
		expect(sent.map((request) => request.method)).toEqual(['GET']);
	});

	test('create after a dropped connection adopts only a webhook that is exactly the one it sent', async () => {
		kustomerApi().post('/v1/outbound-webhooks').replyWithError(networkError('ECONNRESET', 'socket hang up'));
		const name = 'n8n: Escalations [test-workflow] / Kustomer Trigger';
		// Looked at twice (after a wait, and again) before the create is sent again: a webhook being written may land late.
		kustomerApi()
			.get('/v1/outbound-webhooks')
			.query(true)
			.times(2)
			.reply(200, {
				data: [
					webhook('wh-other-events', { name, events: ['kustomer.customer.create'] }).data,
					webhook('wh-other-headers', { name, headers: [{ name: 'X-Proxy-Key', value: 'p' }] }).data,
					webhook('wh-other-name', { name: 'Zapier' }).data,
				],
				links: { next: null },
			});
		kustomerApi().post('/v1/outbound-webhooks').reply(201, webhook('wh-new', { name }));
		const subject = await trigger();
		expect(await subject.lifecycle('create')).toBe(true);
		expect(sent.map((request) => request.method)).toEqual(['POST', 'GET', 'GET', 'POST']);
		expect(subject.state.webhookId).toBe('wh-new');
	});

	test('create after a dropped connection adopts the webhook it made', async () => {
		kustomerApi().post('/v1/outbound-webhooks').replyWithError(networkError('ECONNRESET', 'socket hang up'));
		kustomerApi()
			.get('/v1/outbound-webhooks')
			.query(true)
			.reply(200, { data: [webhook('wh-made', { name: 'n8n: Escalations [test-workflow] / Kustomer Trigger' }).data], links: { next: null } });
		const subject = await trigger();
		expect(await subject.lifecycle('create')).toBe(true);
		expect(sent.map((request) => request.method)).toEqual(['POST', 'GET']);
		expect(subject.state).toMatchObject({ webhookId: 'wh-made', webhookToken: TOKEN });
	});

	test('delete removes the webhook this node created, and forgets it', async () => {
		kustomerApi().get('/v1/outbound-webhooks/wh-1').reply(200, webhook());
		kustomerApi().delete('/v1/outbound-webhooks/wh-1').reply(204);
		const subject = await activeTrigger();
		expect(await subject.lifecycle('delete')).toBe(true);
		expect(sent.map((request) => request.method)).toEqual(['GET', 'DELETE']);
		expect(subject.state.webhookId).toBeUndefined();
	});

	test('delete leaves alone a webhook that is not ours any more, and does nothing without a stored id', async () => {
		kustomerApi().get('/v1/outbound-webhooks/wh-1').reply(200, webhook('wh-1', { url: 'https://other.example.com/hook' }));
		const subject = await activeTrigger();
		expect(await subject.lifecycle('delete')).toBe(true);
		expect(sent.map((request) => request.method)).toEqual(['GET']);
		const fresh = await trigger();
		expect(await fresh.lifecycle('delete')).toBe(true);
		expect(sent).toHaveLength(1);
	});

	test("Kustomer's limit of 5 webhooks gives an error that names them and the fix", async () => {
		kustomerApi().post('/v1/outbound-webhooks').reply(400, { errors: [{ title: 'Bad Request', detail: 'Cannot create webhook' }] });
		kustomerApi()
			.get('/v1/outbound-webhooks')
			.query(true)
			.reply(200, { data: [1, 2, 3, 4, 5].map((n) => webhook(`wh-${n}`, { name: `Hook ${n}` }).data), links: { next: null } });
		const subject = await trigger();
		await expect(subject.lifecycle('create')).rejects.toMatchObject({
			message: 'Kustomer allows 5 outbound webhooks per org, and all 5 are in use',
			description: expect.stringContaining('"Hook 1", "Hook 2", "Hook 3", "Hook 4", "Hook 5"'),
		});
		expect(subject.state.webhookId).toBeUndefined();
	});

	test('an error that echoes the registration body never shows the shared secret it carries', async () => {
		let secret = '';
		kustomerApi()
			.post('/v1/outbound-webhooks')
			.reply(422, (_uri, body) => {
				secret = String(((body as { headers: Array<{ value: string }> }).headers)[0].value);
				return { errors: [{ title: 'Unprocessable', detail: `header X-N8n-Kustomer-Secret=${secret} is not allowed` }] };
			});
		kustomerApi().get('/v1/outbound-webhooks').query(true).reply(200, { data: [], links: { next: null } });
		const subject = await trigger({ ...AUTOMATIC, verification: 'sharedSecretHeader' });
		const error = (await subject.lifecycle('create').catch((caught: unknown) => caught)) as { message: string; description?: string };
		expect(secret).toMatch(/^[0-9a-f]{64}$/);
		expect(`${error.message} ${error.description}`).toContain('[redacted] is not allowed');
		expect(JSON.stringify(error)).not.toContain(secret);
	});

	test('a key without the outbound-webhook role is told which roles, or Manual mode', async () => {
		kustomerApi().post('/v1/outbound-webhooks').reply(403, { errors: [{ title: 'Forbidden' }] });
		const subject = await trigger();
		await expect(subject.lifecycle('create')).rejects.toMatchObject({
			message: 'The API key may not register webhooks (403)',
			description: expect.stringMatching(/org\.permission\.outbound_webhook\.create.*Manual/),
		});
	});

	test('a non-https URL is refused before calling Kustomer, with how to expose n8n', async () => {
		const subject = await trigger(AUTOMATIC, { webhookBaseUrl: 'http://localhost:5678/webhook' });
		await expect(subject.lifecycle('create')).rejects.toMatchObject({
			message: expect.stringContaining('Kustomer only delivers to https URLs'),
			description: expect.stringContaining('tunnel'),
		});
		expect(sent).toHaveLength(0);
	});

	test('with an https Custom Base URL (a proxy to Kustomer) an http webhook URL is still refused: Kustomer behind it delivers to https only', async () => {
		const subject = await trigger(AUTOMATIC, {
			webhookBaseUrl: 'http://n8n.example.com/webhook',
			credentials: { kustomerApi: { host: 'custom', customBaseUrl: 'https://proxy.example.com', apiKey: 'k' } },
		});
		await expect(subject.lifecycle('create')).rejects.toMatchObject({ message: expect.stringContaining('Kustomer only delivers to https URLs') });
		expect(sent).toHaveLength(0);
	});

	test('with a Custom Base URL on this machine (the local sandbox) an http URL is left for that server to judge', async () => {
		nock('http://127.0.0.1:4010').post('/v1/outbound-webhooks').reply(201, webhook());
		const subject = await trigger(AUTOMATIC, {
			webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
			credentials: { kustomerApi: { host: 'custom', customBaseUrl: 'http://127.0.0.1:4010', apiKey: 'k' } },
		});
		expect(await subject.lifecycle('create')).toBe(true);
	});

	test.each([
		['updatedAt', 'updatedAt changes with every update'],
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

	test('more than 12 events are refused before calling Kustomer', async () => {
		const subject = await trigger({
			registration: 'automatic',
			events: Array.from({ length: 13 }, (_, index) => `kustomer.thing${index}.create`),
		});
		await expect(subject.lifecycle('create')).rejects.toThrow('Kustomer accepts at most 12 events per webhook; 13 are selected');
		expect(sent).toHaveLength(0);
	});

	test('Manual mode registers nothing and deletes nothing', async () => {
		const subject = await trigger({ registration: 'manual', events: EVENTS });
		expect(await subject.lifecycle('checkExists')).toBe(true);
		expect(await subject.lifecycle('create')).toBe(true);
		expect(await subject.lifecycle('delete')).toBe(true);
		expect(sent).toHaveLength(0);
		expect(subject.state).toEqual({ registration: 'manual' });
	});
});

describe('signed deliveries', () => {
	test('a correctly signed event starts one execution with the simplified event, answered 200 at once', async () => {
		const subject = await activeTrigger();
		const event = conversationUpdate({ priority: { before: 3, after: 5 } }, 'evt-ok');
		const result = await subject.deliver(signed(event, TOKEN));
		expect(result.status).toBe(200);
		expect(result.body).toBe('');
		expect(result.executions).toHaveLength(1);
		const output = result.executions[0].data.resultData.runData['Kustomer Trigger'][0].data!.main[0]!;
		expect(output.map((item) => item.json)).toEqual([
			{
				event: 'kustomer.conversation.update',
				eventId: 'evt-ok',
				createdAt: '2026-11-21T12:00:00.000Z',
				orgId: '1a1a1a1a1a1a1a1a1a1a1a1a',
				resourceType: 'conversation',
				resource: expect.objectContaining({ id: '6a1b2c3d4e5f6a7b8c9d0e1f', priority: 5, customerId: '5f1a2b3c4d5e6f7a8b9c0d1e' }),
				changes: { priority: { before: 3, after: 5 } },
			},
		]);
	});

	test('Output Raw gives the envelope exactly as sent', async () => {
		const subject = await activeTrigger({ ...AUTOMATIC, output: 'raw' });
		const event = kustomerEvent('kustomer.conversation.create');
		const result = await subject.deliver(signed(event, TOKEN));
		expect(result.executions[0].data.resultData.runData['Kustomer Trigger'][0].data!.main[0]![0].json).toEqual(event);
	});

	test('upper-case hex, a string raw body and a non-ASCII body are all accepted', async () => {
		const subject = await activeTrigger();
		const event = kustomerEvent('kustomer.conversation.create', { type: 'conversation', id: 'c1', attributes: { name: 'Zoë – 日本語 😀' } });
		const delivery = signed(event, TOKEN);
		delivery.headers!['x-kustomer-webhook-signature'] = delivery.headers!['x-kustomer-webhook-signature'].toUpperCase();
		expect((await subject.deliver(delivery)).executions).toHaveLength(1);
		const again = signed(kustomerEvent('kustomer.conversation.create', { type: 'conversation', id: 'c2', attributes: { name: 'Ünïcødé' } }), TOKEN);
		expect((await subject.deliver({ ...again, rawBodyAsString: true })).executions).toHaveLength(1);
	});

	test.each([
		['a tampered body', (delivery: ReturnType<typeof signed>) => ({ ...delivery, body: String(delivery.body).replace('Refund request', 'Refund granted') })],
		['the same JSON re-serialized (not the signed bytes)', (delivery: ReturnType<typeof signed>) => ({ ...delivery, body: JSON.stringify(JSON.parse(String(delivery.body)), null, 1) })],
		['a signature made with another key', (delivery: ReturnType<typeof signed>) => ({ ...delivery, headers: { ...delivery.headers, 'x-kustomer-webhook-signature': hmacHex(String(delivery.body), 'wrong') } })],
		['no signature header', (delivery: ReturnType<typeof signed>) => ({ ...delivery, headers: { 'x-kustomer-webhook-event': 'kustomer.conversation.create' } })],
		['a malformed signature', (delivery: ReturnType<typeof signed>) => ({ ...delivery, headers: { ...delivery.headers, 'x-kustomer-webhook-signature': 'sha256=abc' } })],
		['an event header that disagrees with the body', (delivery: ReturnType<typeof signed>) => ({ ...delivery, headers: { ...delivery.headers, 'x-kustomer-webhook-event': 'kustomer.message.create' } })],
	])('%s is answered 401 and starts nothing', async (_label, forge) => {
		const subject = await activeTrigger();
		const result = await subject.deliver(forge(signed(kustomerEvent('kustomer.conversation.create'), TOKEN)));
		expect(result.status).toBe(401);
		expect(result.body).toEqual({ message: 'Unauthorized' });
		expect(result.executions).toHaveLength(0);
		expect(subject.state.recentEventIds).toBeUndefined();
	});

	test('a correctly signed event this trigger did not select is answered 200 and starts nothing, so Kustomer neither retries nor switches the webhook off', async () => {
		const subject = await activeTrigger();
		const result = await subject.deliver(signed(kustomerEvent('kustomer.customer.create', undefined, null, 'evt-other'), TOKEN));
		expect(result.status).toBe(200);
		expect(result.body).toEqual({ received: true, ignored: 'event not selected' });
		expect(result.executions).toHaveLength(0);
		expect(subject.state.recentEventIds).toBeUndefined();
	});

	test('an unsigned event this trigger did not select is still answered 401', async () => {
		const subject = await activeTrigger();
		const delivery = signed(kustomerEvent('kustomer.customer.create'), 'not-the-token');
		expect((await subject.deliver(delivery)).status).toBe(401);
	});

	test('without a stored token (never activated) every delivery is refused', async () => {
		const subject = await trigger();
		const result = await subject.deliver(signed(kustomerEvent('kustomer.conversation.create'), TOKEN));
		expect(result.status).toBe(401);
	});

	test('a repeated event id starts no second execution, though the first one started an execution; the window is bounded', async () => {
		const subject = await activeTrigger();
		const delivery = signed(kustomerEvent('kustomer.conversation.create', undefined, null, 'evt-dup'), TOKEN);
		expect((await subject.deliver(delivery)).executions).toHaveLength(1);
		// n8n keeps the id only because the execution recorded it again (see KustomerTrigger.execute).
		expect(subject.state.recentEventIds).toEqual(['evt-dup']);
		const repeat = await subject.deliver(delivery);
		expect(repeat.status).toBe(200);
		expect(repeat.body).toEqual({ received: true, ignored: 'duplicate' });
		expect(repeat.executions).toHaveLength(0);

		// A full window (as another execution might have saved it, without evt-dup): the next
		// execution writes every id this process ran (evt-dup, evt-new) and drops the oldest.
		subject.state.recentEventIds = Array.from({ length: 1000 }, (_, index) => `old-${index}`);
		await subject.deliver(signed(kustomerEvent('kustomer.conversation.create', undefined, null, 'evt-new'), TOKEN));
		const recent = subject.state.recentEventIds as string[];
		expect(recent).toHaveLength(1000);
		expect(recent[0]).toBe('old-2');
		expect(recent.slice(-2)).toEqual(['evt-dup', 'evt-new']);
	});
});

describe('exactly one execution per event id', () => {
	type Run = TriggerUnderTest['executions'][number];
	/** How many items the trigger passed on in an execution (0: it stopped a copy). */
	const itemsOf = (run: Run) => run.data.resultData.runData['Kustomer Trigger'][0].data!.main[0]!.length;

	test('copies delivered at the same moment start one execution', async () => {
		const subject = await activeTrigger();
		const delivery = signed(kustomerEvent('kustomer.conversation.create'), TOKEN);
		// In n8n an execution takes a while to save anything (database writes, the workflow's
		// other nodes): all five copies arrive before the first one's execution has ended.
		subject.holdExecutions();
		const answers = await Promise.all(Array.from({ length: 5 }, async () => await subject.send(delivery)));
		subject.releaseExecutions();
		await subject.settled();
		expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200]);
		expect(answers.filter((answer) => answer.body === '')).toHaveLength(1);
		expect(subject.executions).toHaveLength(1);
		expect(itemsOf(subject.executions[0])).toBe(1);
	});

	test('a copy arriving right after the 200, before the first execution has saved anything, starts none', async () => {
		const subject = await activeTrigger();
		const delivery = signed(kustomerEvent('kustomer.conversation.create'), TOKEN);
		subject.holdExecutions();
		expect(await subject.send(delivery)).toEqual({ status: 200, body: '' });
		expect(await subject.send(delivery)).toEqual({ status: 200, body: { received: true, ignored: 'duplicate' } });
		subject.releaseExecutions();
		await subject.settled();
		expect(subject.executions).toHaveLength(1);
	});

	test('a copy after the execution ended starts none, in the same process and after a restart', async () => {
		const subject = await activeTrigger();
		const delivery = signed(kustomerEvent('kustomer.conversation.create', undefined, null, 'evt-later'), TOKEN);
		expect((await subject.deliver(delivery)).executions).toHaveLength(1);
		expect((await subject.deliver(delivery)).executions).toHaveLength(0);
		subject.restart();
		const afterRestart = await subject.deliver(delivery);
		expect(afterRestart.body).toEqual({ received: true, ignored: 'duplicate' });
		expect(afterRestart.executions).toHaveLength(0);
	});

	test('a copy after a restart, while the first execution had not yet saved static data, is stopped at the trigger step', async () => {
		const subject = await activeTrigger();
		const delivery = signed(kustomerEvent('kustomer.conversation.create', undefined, null, 'evt-restart'), TOKEN);
		await subject.deliver(delivery);
		// As if the first execution's end (its static-data save) had not happened before the restart.
		delete subject.state.recentEventIds;
		subject.restart();
		const copy = await subject.deliver(delivery);
		expect(copy.executions).toHaveLength(1);
		expect(itemsOf(copy.executions[0])).toBe(0);
		expect(subject.executions.filter((run) => itemsOf(run) > 0)).toHaveLength(1);
	});

	test('copies accepted by two processes at the same moment run the workflow once', async () => {
		const subject = await activeTrigger();
		const delivery = signed(kustomerEvent('kustomer.conversation.create'), TOKEN);
		subject.holdExecutions();
		await subject.send(delivery);
		subject.restart();
		await subject.send(delivery);
		subject.releaseExecutions();
		await subject.settled();
		expect(subject.executions).toHaveLength(2);
		expect(subject.executions.map(itemsOf).sort()).toEqual([0, 1]);
	});

	test('a test event (manual execution in the editor) is passed on and recorded nowhere, so it never hides a production delivery', async () => {
		const node = triggerNode(AUTOMATIC);
		const workflow = await buildWorkflow({ nodes: [node], connections: {} });
		const table = await processedData();
		for (let run = 0; run < 2; run++) {
			const result = await executeWorkflow(workflow, { mode: 'manual', startItems: [{ json: { eventId: 'evt-test' } }] });
			expect(result.output('Kustomer Trigger')).toEqual([{ json: { eventId: 'evt-test' }, pairedItem: { item: 0 } }]);
		}
		expect([...table.rows.keys()].some((key) => key.includes(node.id))).toBe(false);
		expect(workflow.staticData).toEqual({});
	});

	test('an execution n8n started without the stored static data (2.41 queue mode) records in processed data and leaves static data alone', async () => {
		await processedData();
		const node = triggerNode(AUTOMATIC);
		const workflow = await buildWorkflow({ nodes: [node], connections: {} });
		const result = await executeWorkflow(workflow, { mode: 'webhook', startItems: [{ json: { eventId: 'evt-worker' } }] });
		expect(result.output('Kustomer Trigger')).toHaveLength(1);
		// n8n saves an execution's static data only when flagged as changed: it is not.
		expect(workflow.staticData).toEqual({ 'node:Kustomer Trigger': {} });
		expect((workflow.staticData as { __dataChanged?: boolean }).__dataChanged).not.toBe(true);
		const again = await executeWorkflow(await buildWorkflow({ nodes: [node], connections: {} }), { mode: 'webhook', startItems: [{ json: { eventId: 'evt-worker' } }] });
		expect(again.output('Kustomer Trigger')).toHaveLength(0);
	});

	test('two workers running copies of one event at the same moment (queue mode): the workflow runs once', async () => {
		await processedData();
		const node = triggerNode(AUTOMATIC);
		for (let trial = 0; trial < 5; trial++) {
			const startItems = [{ json: { eventId: `evt-workers-${trial}` } }];
			// Each worker runs with the static data n8n loaded for it; no claim in its memory.
			const runs = await Promise.all(
				[1, 2].map(async () => await executeWorkflow(await buildWorkflow({ nodes: [node], connections: {} }, { [`node:${node.name}`]: { registration: 'automatic' } }), { mode: 'webhook', startItems })),
			);
			expect(runs.map((run) => run.output('Kustomer Trigger').length).sort()).toEqual([0, 1]);
		}
	});

	test('different events at the same moment each start their execution, and overlapping executions keep every id in static data', async () => {
		const subject = await activeTrigger();
		const deliveries = Array.from({ length: 6 }, (_, index) => signed(kustomerEvent('kustomer.conversation.create', undefined, null, `evt-many-${index}`), TOKEN));
		subject.holdExecutions();
		await Promise.all(deliveries.map(async (delivery) => await subject.send(delivery)));
		subject.releaseExecutions();
		await subject.settled();
		expect(subject.executions.map(itemsOf)).toEqual([1, 1, 1, 1, 1, 1]);
		expect([...(subject.state.recentEventIds as string[])].sort()).toEqual(deliveries.map((_, index) => `evt-many-${index}`));
		subject.restart();
		for (const delivery of deliveries) expect((await subject.deliver(delivery)).executions).toHaveLength(0);
	});
});

describe('filters', () => {
	const watching = (changedAttributes: string) => activeTrigger({ ...AUTOMATIC, options: { changedAttributes } });

	test('Only When Changed: an update that only touched bookkeeping starts nothing', async () => {
		const subject = await watching('status, priority');
		const noise = conversationUpdate({ updatedAt: { before: 'a', after: 'b' }, rev: { before: 3, after: 4 }, messageCount: { before: 1, after: 2 } });
		const result = await subject.deliver(signed(noise, TOKEN));
		expect(result.body).toEqual({ received: true, ignored: 'no watched attribute changed' });
		expect(result.executions).toHaveLength(0);
	});

	test('a dropped delivery leaves static data alone, so it cannot save over the ids of an execution running meanwhile; its repeat is dropped again', async () => {
		const subject = await watching('status');
		const noise = signed(conversationUpdate({ noteCount: { before: 0, after: 1 } }, 'evt-noise'), TOKEN);
		expect((await subject.deliver(noise)).executions).toHaveLength(0);
		expect(subject.state.recentEventIds).toBeUndefined();
		const repeat = await subject.deliver(noise);
		expect(repeat.body).toEqual({ received: true, ignored: 'no watched attribute changed' });
		expect(repeat.executions).toHaveLength(0);
	});

	test('Only When Changed: a watched attribute starts the workflow; custom.* matches custom attributes', async () => {
		const subject = await watching('priority, custom.*');
		expect((await subject.deliver(signed(conversationUpdate({ priority: { before: 3, after: 5 } }), TOKEN))).executions).toHaveLength(1);
		const custom = conversationUpdate({ custom: { before: { vipBool: false }, after: { vipBool: true } } });
		expect((await subject.deliver(signed(custom, TOKEN))).executions).toHaveLength(1);
		expect((await subject.deliver(signed(conversationUpdate({ tags: { before: [], after: ['x'] } }), TOKEN))).executions).toHaveLength(0);
	});

	test('Only When Changed applies to updates only: creates still start the workflow', async () => {
		const subject = await watching('status');
		expect((await subject.deliver(signed(kustomerEvent('kustomer.conversation.create'), TOKEN))).executions).toHaveLength(1);
	});

	test('Message Direction keeps only messages in that direction', async () => {
		const subject = await activeTrigger({ ...AUTOMATIC, options: { messageDirection: 'in' } });
		expect((await subject.deliver(signed(messageCreated('in'), TOKEN))).executions).toHaveLength(1);
		const out = await subject.deliver(signed(messageCreated('out'), TOKEN));
		expect(out.body).toEqual({ received: true, ignored: 'other message direction' });
		expect(out.executions).toHaveLength(0);
	});
});

describe('manual mode', () => {
	test('verifies the signature with the secret from the Kustomer Webhook credential', async () => {
		const subject = await trigger({ registration: 'manual', events: EVENTS });
		expect((await subject.deliver(signed(kustomerEvent('kustomer.conversation.create'), WEBHOOK_SECRET))).executions).toHaveLength(1);
		expect((await subject.deliver(signed(kustomerEvent('kustomer.conversation.create'), TOKEN))).status).toBe(401);
	});

	test('verifies a shared secret sent in the custom header the user named', async () => {
		const subject = await trigger({
			registration: 'manual',
			events: EVENTS,
			verification: 'sharedSecretHeader',
			verificationHeaderName: 'X-Acme-Secret',
		});
		const body = JSON.stringify(kustomerEvent('kustomer.conversation.create'));
		const accepted = await subject.deliver({ body, headers: { 'x-acme-secret': WEBHOOK_SECRET } });
		expect(accepted.executions).toHaveLength(1);
		const wrong = await subject.deliver({ body: JSON.stringify(kustomerEvent('kustomer.conversation.create')), headers: { 'x-acme-secret': 'guess' } });
		expect(wrong.status).toBe(401);
		// A signature header does not get around a missing shared secret.
		const signedOnly = await subject.deliver(signed(kustomerEvent('kustomer.conversation.create'), WEBHOOK_SECRET));
		expect(signedOnly.status).toBe(401);
	});

	test('automatic Shared Secret Header checks the secret registered with the webhook', async () => {
		const subject = await trigger(
			{ ...AUTOMATIC, verification: 'sharedSecretHeader' },
			{ staticData: { webhookId: 'wh-1', headerSecret: 'f'.repeat(64), webhookUrl: WEBHOOK_URL } },
		);
		const body = JSON.stringify(kustomerEvent('kustomer.conversation.create'));
		expect((await subject.deliver({ body, headers: { 'x-n8n-kustomer-secret': 'f'.repeat(64) } })).executions).toHaveLength(1);
		expect((await subject.deliver({ body, headers: { 'x-n8n-kustomer-secret': 'e'.repeat(64) } })).status).toBe(401);
	});

	test('the secret credential is tested locally: present, without stray spaces', async () => {
		const description = await nodeDescription(KUSTOMER_TRIGGER_NODE);
		expect(description.credentials).toContainEqual(expect.objectContaining({ name: 'kustomerWebhookApi', testedBy: 'kustomerWebhookSecretTest' }));
		const { nodeTypes } = await loadPackage();
		const test = nodeTypes.getByNameAndVersion(KUSTOMER_TRIGGER_NODE).methods!.credentialTest!.kustomerWebhookSecretTest;
		const run = async (secret: string) =>
			await test.call(new CredentialTestContext(), { id: '1', name: 'x', type: 'kustomerWebhookApi', data: { secret } });
		expect(await run('abc')).toMatchObject({ status: 'OK' });
		expect(await run('')).toMatchObject({ status: 'Error', message: 'Enter the secret' });
		expect(await run(' abc')).toMatchObject({ status: 'Error' });
	});
});

import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { executeWorkflow, buildWorkflow, nodeDescription } from '../../helpers/harness';
import { CUSTOMER_ID, resetApi, sent } from '../../helpers/kustomer';
import { FakeKustomer, iso, POLLING_TRIGGER_NODE, PollingTriggerUnderTest, pollingNode } from '../../helpers/polling';
import { clock } from '../../helpers/virtualClock';
import { POLL_EVENTS } from '../../../nodes/Kustomer/polling/events';

afterEach(resetApi);

let kustomer: FakeKustomer;
beforeEach(() => {
	kustomer = new FakeKustomer();
	kustomer.serve();
});

const customerRef = { customer: { type: 'customer', id: CUSTOMER_ID } };

function conversation(name: string, seconds: number, extra: IDataObject = {}) {
	return kustomer.add('conversations', { name, status: 'open', priority: 3, createdAt: iso(seconds), updatedAt: iso(seconds), ...extra }, customerRef);
}

function trigger(parameters: INodeParameters) {
	return new PollingTriggerUnderTest(pollingNode(parameters));
}

/** Activates, then lets a minute pass. */
async function activeTrigger(parameters: INodeParameters) {
	const subject = trigger(parameters);
	expect(await subject.activate()).toBeNull();
	clock.advance(60_000);
	return subject;
}

const json = (items: Array<{ json: IDataObject }> | null) => (items ?? []).map((item) => item.json);
const searches = () => sent.filter((request) => request.path.startsWith('/v1/customers/search'));

describe('description', () => {
	test('a polling trigger with no inputs, the Kustomer credential, one event per node, not a tool', async () => {
		const description = await nodeDescription(POLLING_TRIGGER_NODE);
		expect(description).toMatchObject({ displayName: 'Kustomer Polling Trigger', polling: true, inputs: [], group: ['trigger'] });
		expect(description.usableAsTool).toBeUndefined();
		expect(description.credentials).toEqual([{ name: 'kustomerApi', required: true }]);
		// n8n adds the schedule (Poll Times) to every polling node.
		expect(description.properties.map((property) => property.name)).toContain('pollTimes');
		const event = description.properties.find((property) => property.name === 'event');
		expect(event?.options?.map((option) => (option as { value: string }).value)).toEqual(POLL_EVENTS.map((entry) => entry.value));
	});
});

describe('activation errors, before any request', () => {
	test('a start date in the future', async () => {
		const subject = trigger({ event: 'conversationCreated', options: { startDate: iso(3600) } });
		await expect(subject.activate()).rejects.toThrow(`Start Date ${iso(3600)} is in the future`);
		expect(sent).toHaveLength(0);
	});

	test('a start date that is not a date', async () => {
		await expect(trigger({ event: 'conversationCreated', options: { startDate: 'last tuesday' } }).activate()).rejects.toThrow(
			'Start Date must be an ISO 8601 date-time',
		);
	});

	test.each([
		['updatedAt', 'updatedAt changes with every update and never counts as a change'],
		['cust*omer', 'a * only works at the end, as in custom.*'],
		['assigned users', 'attribute names are letters, digits and _'],
		['custom', 'custom attributes are named custom.<name>'],
	])('an Only When Changed pattern that can never match: "%s"', async (pattern, why) => {
		const subject = trigger({ event: 'conversationUpdated', changedAttributes: `status, ${pattern}` });
		const activation = subject.activate();
		await expect(activation).rejects.toThrow(`Only When Changed: "${pattern}" can never match`);
		await expect(activation).rejects.toMatchObject({ description: expect.stringContaining(why) });
		expect(sent).toHaveLength(0);
	});

	test('Max Records per Poll outside 1 to 5,000', async () => {
		await expect(trigger({ event: 'conversationCreated', options: { maxRecords: 0 } }).activate()).rejects.toThrow(
			'Max Records per Poll must be a whole number from 1 to 5000',
		);
	});
});

describe('a start date (backfill)', () => {
	test("is read in the workflow's time zone and reports what happened since, oldest first", async () => {
		conversation('before the start date', -3 * 3600 - 60);
		conversation('first', -3 * 3600 + 60);
		conversation('second', -60);
		// 10:00 in Berlin (UTC+1 in November) is 09:00 UTC, three hours before T0.
		const subject = new PollingTriggerUnderTest(pollingNode({ event: 'conversationCreated', options: { startDate: '2026-11-22T10:00:00' } }), {}, 'Europe/Berlin');
		expect(json(await subject.activate()).map((item) => (item.resource as IDataObject).name)).toEqual(['first', 'second']);
		expect(searches()[0].body).toMatchObject({ and: [{ conversation_created_at: { gte: '2026-11-22T09:00:00.000Z' } }] });
	});
});

describe('New Conversation', () => {
	test("items have the webhook trigger's simplified shape; Raw gives the record as Kustomer sent it", async () => {
		const subject = await activeTrigger({ event: 'conversationCreated' });
		const created = conversation('Refund', 30);
		const [item] = json(await subject.tick());
		expect(item).toEqual({
			event: 'kustomer.conversation.create',
			eventId: `conversationCreated:${created.id}:${iso(30)}`,
			createdAt: iso(30),
			orgId: '5a0000000000000000000001',
			resourceType: 'conversation',
			resource: expect.objectContaining({
				id: created.id,
				name: 'Refund',
				customerId: CUSTOMER_ID,
				appUrl: `https://acme.kustomerapp.com/app/customers/${CUSTOMER_ID}/event/${created.id}`,
			}),
			changes: null,
		});

		const raw = await activeTrigger({ event: 'conversationCreated', output: 'raw' });
		conversation('Exchange', 100);
		const [rawItem] = json(await raw.tick());
		expect(rawItem.resource).toMatchObject({ type: 'conversation', attributes: { name: 'Exchange' }, relationships: { customer: { data: { id: CUSTOMER_ID } } } });
	});
});

describe('Conversation Updated', () => {
	test('every new version is reported, a creation is not', async () => {
		const existing = conversation('existing', -3600);
		const subject = await activeTrigger({ event: 'conversationUpdated' });
		conversation('just created', 30);
		kustomer.change('conversations', existing.id, { updatedAt: iso(40), messageCount: 1 });
		expect(json(await subject.tick()).map((item) => [item.event, (item.resource as IDataObject).name])).toEqual([
			['kustomer.conversation.update', 'existing'],
		]);
		kustomer.change('conversations', existing.id, { updatedAt: iso(90), messageCount: 2 });
		clock.advance(60_000);
		expect(json(await subject.tick())).toHaveLength(1);
	});

	test('Only When Changed: the recent conversations are noted on activation; a watched change is reported with before and after, a new message is not', async () => {
		const active = conversation('active', -600);
		const subject = await activeTrigger({ event: 'conversationUpdated', changedAttributes: 'priority, custom.*' });
		// The activation noted the most recently updated conversations (newest first).
		expect(searches().at(-1)!.body).toEqual({ queryContext: 'conversation', sort: [{ conversation_updated_at: 'desc' }] });

		kustomer.change('conversations', active.id, { updatedAt: iso(20), messageCount: 1, status: 'snoozed' });
		expect(await subject.tick()).toBeNull();
		kustomer.change('conversations', active.id, { updatedAt: iso(80), priority: 5, custom: { tierStr: 'gold' } });
		clock.advance(60_000);
		const [item] = json(await subject.tick());
		expect(item.changes).toEqual({ priority: { before: 3, after: 5 }, 'custom.tierStr': { before: null, after: 'gold' } });
	});

	test('Only When Changed: a conversation first seen after the activation is noted, and its next watched change reported', async () => {
		const subject = await activeTrigger({ event: 'conversationUpdated', changedAttributes: 'priority' });
		const fresh = conversation('fresh', 20);
		expect(await subject.tick()).toBeNull();
		kustomer.change('conversations', fresh.id, { updatedAt: iso(90), priority: 4 });
		clock.advance(60_000);
		expect(json(await subject.tick()).map((item) => item.changes)).toEqual([{ priority: { before: 3, after: 4 } }]);
	});

	test('a long value is remembered by a hash: the change is reported without its before', async () => {
		const long = 'x'.repeat(200);
		const record = conversation('notes', -600, { custom: { summaryTxt: long } });
		const subject = await activeTrigger({ event: 'conversationUpdated', changedAttributes: 'custom.summaryTxt' });
		kustomer.change('conversations', record.id, { updatedAt: iso(30), custom: { summaryTxt: `${long}!` } });
		const [item] = json(await subject.tick());
		expect(item.changes).toEqual({ 'custom.summaryTxt': { before: undefined, after: `${long}!` } });
		expect(JSON.stringify(subject.state.memory).length).toBeLessThan(200);
	});
});

describe('Conversation Done', () => {
	test('each resolution once, with its messages oldest first and a transcript; a resolved conversation changing again is not reported', async () => {
		const subject = await activeTrigger({ event: 'conversationDone', includeMessages: true });
		const resolved = conversation('Broken mug', -3600, { status: 'done', updatedAt: iso(30), lastDone: { createdAt: iso(30) } });
		const message = (preview: string, direction: string, seconds: number) =>
			kustomer.add('messages', { preview, direction, channel: 'email', createdAt: iso(seconds), sentAt: iso(seconds) }, { conversation: { type: 'conversation', id: resolved.id } });
		message('We will send a new one.', 'out', -1800);
		message('My mug arrived broken.', 'in', -3500);

		const [item] = json(await subject.tick());
		expect(item).toMatchObject({ event: 'kustomer.conversation.done', createdAt: iso(30), resource: { id: resolved.id, status: 'done' } });
		expect((item.messages as IDataObject[]).map((entry) => entry.preview)).toEqual(['My mug arrived broken.', 'We will send a new one.']);
		expect(item.transcript).toBe(`${iso(-3500)} Customer (email): My mug arrived broken.\n${iso(-1800)} Agent (email): We will send a new one.`);
		expect(searches().at(-1)!.body).toMatchObject({
			and: [{ conversation_status: { equals: 'done' } }, { conversation_last_done_created_at: { gte: expect.any(String) } }, { conversation_last_done_created_at: { lt: expect.any(String) } }],
		});

		// A satisfaction rating arrives: still done, same resolution.
		kustomer.change('conversations', resolved.id, { updatedAt: iso(100), satisfaction: 5 });
		clock.advance(60_000);
		expect(await subject.tick()).toBeNull();
		// Reopened and resolved again: a second resolution.
		kustomer.change('conversations', resolved.id, { updatedAt: iso(150), lastDone: { createdAt: iso(150) } });
		clock.advance(60_000);
		expect(json(await subject.tick()).map((entry) => entry.createdAt)).toEqual([iso(150)]);
	});
});

describe('Conversation Done is named as the webhook trigger reports it (node version 2)', () => {
	test('version 2: kustomer.conversation.update with the status change; version 1, as saved workflows have it: kustomer.conversation.done', async () => {
		const description = await nodeDescription(POLLING_TRIGGER_NODE);
		expect(description.version).toEqual([1, 2, 3]);
		const current = new PollingTriggerUnderTest(pollingNode({ event: 'conversationDone' }, 'Kustomer Polling Trigger', 2));
		await current.activate();
		const saved = new PollingTriggerUnderTest(pollingNode({ event: 'conversationDone' }));
		await saved.activate();
		clock.advance(60_000);
		conversation('Resolved', -900, { status: 'done', updatedAt: iso(30), lastDone: { createdAt: iso(30) } });
		expect(json(await current.tick()).map((item) => [item.event, item.changes])).toEqual([['kustomer.conversation.update', { status: { after: 'done' } }]]);
		expect(json(await saved.tick()).map((item) => [item.event, item.changes])).toEqual([['kustomer.conversation.done', null]]);
	});
});

describe('New or Updated Customer', () => {
	test('a new customer is reported as a create, later changes as updates', async () => {
		const subject = await activeTrigger({ event: 'customerChanged' });
		const customer = kustomer.add('customers', { name: 'Ada', createdAt: iso(10), updatedAt: iso(20) });
		expect(json(await subject.tick()).map((item) => item.event)).toEqual(['kustomer.customer.create']);
		kustomer.change('customers', customer.id, { updatedAt: iso(70), name: 'Ada L.' });
		clock.advance(60_000);
		expect(json(await subject.tick()).map((item) => item.event)).toEqual(['kustomer.customer.update']);
	});

	test('Only When Changed: a new customer is always reported; then only watched changes', async () => {
		const subject = await activeTrigger({ event: 'customerChanged', changedAttributes: 'custom.*' });
		const customer = kustomer.add('customers', { name: 'Ada', createdAt: iso(10), updatedAt: iso(10), custom: { tierStr: 'silver' } });
		expect(json(await subject.tick()).map((item) => [item.event, item.changes])).toEqual([['kustomer.customer.create', null]]);
		kustomer.change('customers', customer.id, { updatedAt: iso(70), name: 'Ada L.' });
		clock.advance(60_000);
		expect(await subject.tick()).toBeNull();
		kustomer.change('customers', customer.id, { updatedAt: iso(130), custom: { tierStr: 'gold' } });
		clock.advance(60_000);
		expect(json(await subject.tick()).map((item) => item.changes)).toEqual([{ 'custom.tierStr': { before: 'silver', after: 'gold' } }]);
	});
});

describe('New Message', () => {
	test('Message Direction asks Kustomer for that direction only', async () => {
		const subject = await activeTrigger({ event: 'messageCreated', messageDirection: 'in' });
		kustomer.add('messages', { preview: 'Hello?', direction: 'in', createdAt: iso(10), updatedAt: iso(10) });
		kustomer.add('messages', { preview: 'Hi!', direction: 'out', createdAt: iso(20), updatedAt: iso(20) });
		expect(json(await subject.tick()).map((item) => [item.event, (item.resource as IDataObject).preview])).toEqual([['kustomer.message.create', 'Hello?']]);
		expect(searches().at(-1)!.body).toMatchObject({
			queryContext: 'message',
			and: [{ message_direction: { equals: 'in' } }, { message_created_at: { gte: expect.any(String) } }, { message_created_at: { lt: expect.any(String) } }],
		});
	});
});

describe('Fetch Test Event', () => {
	test("in the editor's manual run: the most recently changed matching record, the cursor untouched", async () => {
		conversation('older', -7200, { status: 'done', lastDone: { createdAt: iso(-7200) } });
		conversation('newest', -60, { status: 'done', lastDone: { createdAt: iso(-60) } });
		conversation('open', -30);
		const workflow = await buildWorkflow({ nodes: [pollingNode({ event: 'conversationDone' })], connections: {} });
		const run = await executeWorkflow(workflow, { mode: 'manual' });
		expect(run.output('Kustomer Polling Trigger').map((item) => [item.json.event, (item.json.resource as IDataObject).name])).toEqual([
			['kustomer.conversation.done', 'newest'],
		]);
		expect(workflow.staticData).toEqual({});
	});

	test('with nothing in Kustomer yet, a clear error', async () => {
		await expect(trigger({ event: 'conversationDone' }).fetchTestEvent()).rejects.toThrow('Kustomer has no record yet for "Conversation Done"');
	});
});

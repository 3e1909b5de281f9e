/**
 * The Kustomer Trigger's version 4 records (issue 20 item 7): the Kustomer node's version 2
 * Simplify record (no rev or orgId, names beside IDs, a customer's plain email and phone).
 * Each delivery is its own execution, so the lists are kept in the process for a few minutes
 * (trigger/nameCache.ts) and read again for an ID they do not name. A name that cannot be read
 * never holds up or loses an event. Earlier versions keep their output. Real deliveries,
 * real executions (test/helpers/trigger.ts), Kustomer's lists answered by nock.
 */
import type { IDataObject, INodeParameters, IRun } from 'n8n-workflow';

import { NAMES_KEPT_MS } from '../../../../nodes/Kustomer/trigger/nameCache';
import { KUSTOMER_TRIGGER_NODE, nodeDescription } from '../../../helpers/harness';
import {
	CONVERSATION_ID,
	conversationResource,
	CUSTOMER_ID,
	customerResource,
	kustomerApi,
	objectId,
	ORG_ID,
	page,
	QUEUE_ID,
	sent,
	TEAM_ID,
} from '../../../helpers/kustomer';
import { kustomerEvent, signed } from '../../../helpers/kustomerEvents';
import { WEBHOOK_SECRET, WEBHOOK_URL } from '../../../helpers/trigger';
import { useTriggerTests } from '../../../helpers/triggerTests';
import { clock } from '../../../helpers/virtualClock';

const EVENTS = ['kustomer.conversation.create', 'kustomer.conversation.update', 'kustomer.customer.create'];
const AUTOMATIC: INodeParameters = { registration: 'automatic', events: EVENTS };
const { kustomer, activeTrigger, trigger } = useTriggerTests(AUTOMATIC);

const TAG_ID = objectId(0xd3);
const NEW_TAG = objectId(0xd5);
const LISTS = ['/v1/tags', '/v1/routing/queues', '/v1/teams'];

const token = () => kustomer().withUrl(WEBHOOK_URL)[0].token;
const outputOf = (run: IRun) => run.data.resultData.runData['Kustomer Trigger'][0].data!.main[0]!.map((item) => item.json);
const listReads = () => sent.map((request) => request.path.split('?')[0]).filter((path) => LISTS.includes(path));

/** A conversation event whose record holds a tag, the queue and a team, and Kustomer's bookkeeping. */
const tagged = (tags: string[] = [TAG_ID], id?: string) =>
	kustomerEvent('kustomer.conversation.create', conversationResource(CONVERSATION_ID, { rev: 7, tags, assignedTeams: [TEAM_ID] }), null, id);

/** Kustomer's tags, queues and teams lists, answering every read (`tags`: the tags it has at the time). */
function serveLists(tags: Record<string, string> = { [TAG_ID]: 'vip' }) {
	const tagList = () => Object.entries(tags).map(([id, name]) => ({ type: 'tag', id, attributes: { name } }));
	kustomerApi().persist().get('/v1/tags').query(true).reply(() => [200, page(tagList(), null)]);
	kustomerApi().persist().get('/v1/routing/queues').query(true).reply(200, page([{ type: 'queue', id: QUEUE_ID, attributes: { displayName: 'Billing' } }], null));
	kustomerApi().persist().get('/v1/teams').query(true).reply(200, page([{ type: 'team', id: TEAM_ID, attributes: { displayName: 'Tier 2' } }], null));
}

describe('version 4: the Kustomer node\'s Simplify record', () => {
	test('new nodes are version 4; saved version 1 to 3 nodes stay loadable', async () => {
		const description = await nodeDescription(KUSTOMER_TRIGGER_NODE);
		expect(description.version).toEqual([1, 2, 3, 4]);
		expect(description.defaultVersion).toBe(4);
	});

	test('names beside IDs, appUrl, no rev and no orgId in the record; the envelope keeps the event\'s orgId', async () => {
		serveLists();
		const subject = await activeTrigger(AUTOMATIC, { typeVersion: 4 });
		const [item] = outputOf((await subject.deliver(signed(tagged(), token()))).executions[0]);
		expect(item).toMatchObject({ event: 'kustomer.conversation.create', orgId: ORG_ID, resourceType: 'conversation', changes: null });
		expect(item.resource).toEqual({
			id: CONVERSATION_ID,
			name: 'Refund request',
			status: 'open',
			priority: 3,
			assignedUsers: [],
			assignedTeams: [TEAM_ID],
			assignedTeamNames: ['Tier 2'],
			tags: [TAG_ID],
			tagNames: ['vip'],
			updatedAt: '2026-11-01T10:00:00.000Z',
			customerId: CUSTOMER_ID,
			queueId: QUEUE_ID,
			queueName: 'Billing',
			appUrl: `https://acme.kustomerapp.com/app/customers/${CUSTOMER_ID}/event/${CONVERSATION_ID}`,
		});
	});

	test("a customer's plain email and phone; a record holding no tag, queue or team reads no list", async () => {
		const subject = await activeTrigger(AUTOMATIC, { typeVersion: 4 });
		const customer = customerResource(CUSTOMER_ID, { phones: [{ phone: '+14155550123' }], rev: 2 });
		const [item] = outputOf((await subject.deliver(signed(kustomerEvent('kustomer.customer.create', customer), token()))).executions[0]);
		expect(item.resource).toMatchObject({ id: CUSTOMER_ID, email: 'jane@example.com', phone: '+14155550123' });
		expect(item.resource).not.toHaveProperty('rev');
		expect(item.resource).not.toHaveProperty('orgId');
		expect(listReads()).toEqual([]);
	});

	test('Raw output stays the event exactly as Kustomer sent it, and reads no list', async () => {
		const subject = await activeTrigger({ ...AUTOMATIC, output: 'raw' }, { typeVersion: 4 });
		const event = tagged();
		expect((await subject.deliver(signed(event, token()))).executions.map(outputOf)).toEqual([[event]]);
		expect(listReads()).toEqual([]);
	});
});

describe('version 4: names read once for many deliveries, not per event', () => {
	test('three deliveries read each list once; after NAMES_KEPT_MS the lists are read again', async () => {
		serveLists();
		const subject = await activeTrigger(AUTOMATIC, { typeVersion: 4 });
		for (let event = 0; event < 3; event++) {
			const [item] = outputOf((await subject.deliver(signed(tagged(), token()))).executions[0]);
			expect(item.resource).toMatchObject({ tagNames: ['vip'], queueName: 'Billing', assignedTeamNames: ['Tier 2'] });
		}
		expect(listReads().sort()).toEqual([...LISTS].sort());
		clock.advance(NAMES_KEPT_MS);
		await subject.deliver(signed(tagged(), token()));
		expect(listReads()).toHaveLength(6);
	});

	test('deliveries arriving together share one read of each list', async () => {
		serveLists();
		const subject = await activeTrigger(AUTOMATIC, { typeVersion: 4 });
		const results = await Promise.all([0, 1, 2, 3].map(async () => await subject.send(signed(tagged(), token()))));
		await subject.settled();
		expect(results.map((result) => result.status)).toEqual([200, 200, 200, 200]);
		expect(subject.executions.flatMap(outputOf).map((item) => (item.resource as IDataObject).tagNames)).toEqual([['vip'], ['vip'], ['vip'], ['vip']]);
		expect(listReads()).toHaveLength(3);
	});

	test('a tag the kept list does not name has the tags read again, once: a tag still unknown stays an ID without further reads', async () => {
		const tags: Record<string, string> = { [TAG_ID]: 'vip' };
		serveLists(tags);
		const subject = await activeTrigger(AUTOMATIC, { typeVersion: 4 });
		await subject.deliver(signed(tagged(), token()));
		// A tag made in Kustomer since the list was read.
		tags[NEW_TAG] = 'refund';
		const [named] = outputOf((await subject.deliver(signed(tagged([TAG_ID, NEW_TAG]), token()))).executions[0]);
		expect(named.resource).toMatchObject({ tagNames: ['vip', 'refund'] });
		const deleted = objectId(0xd6);
		for (let event = 0; event < 3; event++) {
			const [item] = outputOf((await subject.deliver(signed(tagged([deleted]), token()))).executions[0]);
			expect(item.resource).toMatchObject({ tags: [deleted], tagNames: [deleted] });
		}
		expect(listReads().filter((path) => path === '/v1/tags')).toHaveLength(3);
	});
});

describe('version 4: a name that cannot be read never holds up an event', () => {
	test('a key that may not read the tags (403) gets the IDs as names, and is not asked again for each event', async () => {
		kustomerApi().persist().get('/v1/tags').query(true).reply(403, { errors: [{ status: '403', title: 'Forbidden' }] });
		kustomerApi().persist().get('/v1/routing/queues').query(true).reply(200, page([{ type: 'queue', id: QUEUE_ID, attributes: { displayName: 'Billing' } }], null));
		kustomerApi().persist().get('/v1/teams').query(true).reply(200, page([], null));
		const subject = await activeTrigger(AUTOMATIC, { typeVersion: 4 });
		for (let event = 0; event < 2; event++) {
			const [item] = outputOf((await subject.deliver(signed(tagged(), token()))).executions[0]);
			// A team the list does not name keeps its ID too.
			expect(item.resource).toMatchObject({ tagNames: [TAG_ID], queueName: 'Billing', assignedTeamNames: [TEAM_ID] });
		}
		expect(listReads().filter((path) => path === '/v1/tags')).toHaveLength(1);
	});

	test('lists failing (500 after the retries) still deliver the event once, IDs as names; its repeat is a duplicate', async () => {
		for (const path of LISTS) kustomerApi().persist().get(path).query(true).reply(500, { errors: [{ status: '500', title: 'Internal Server Error' }] });
		const subject = await activeTrigger(AUTOMATIC, { typeVersion: 4 });
		const delivery = signed(tagged(undefined, 'evt-names-down'), token());
		const first = await subject.deliver(delivery);
		expect(first.executions.map(outputOf)).toEqual([[expect.objectContaining({ eventId: 'evt-names-down', resource: expect.objectContaining({ tagNames: [TAG_ID], queueName: QUEUE_ID }) })]]);
		const repeat = await subject.deliver(delivery);
		expect(repeat.body).toEqual({ received: true, ignored: 'duplicate' });
		expect(repeat.executions).toHaveLength(0);
	});

	test('Manual registration (no API key) gives the IDs as names and calls Kustomer for nothing', async () => {
		const subject = await trigger({ registration: 'manual', events: EVENTS }, { typeVersion: 4 });
		const [item] = outputOf((await subject.deliver(signed(tagged(), WEBHOOK_SECRET))).executions[0]);
		expect(item.resource).toMatchObject({ tagNames: [TAG_ID], queueName: QUEUE_ID, assignedTeamNames: [TEAM_ID] });
		expect(item.resource).not.toHaveProperty('rev');
		expect(sent).toEqual([]);
	});
});

describe('saved nodes keep their output', () => {
	test.each([1, 2, 3])('version %i: rev and orgId in the record, no names, no list read', async (typeVersion) => {
		serveLists();
		const subject = await activeTrigger(AUTOMATIC, { typeVersion });
		const [item] = outputOf((await subject.deliver(signed(tagged(), token()))).executions[0]);
		expect(item.resource).toMatchObject({ rev: 7, orgId: ORG_ID, tags: [TAG_ID], queueId: QUEUE_ID });
		for (const name of ['tagNames', 'queueName', 'assignedTeamNames']) expect(item.resource).not.toHaveProperty(name);
		expect(listReads()).toEqual([]);
	});
});

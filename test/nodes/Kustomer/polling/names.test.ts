/**
 * The Kustomer Polling Trigger's version 3 records (issue 20 item 7): the Kustomer node's
 * version 2 Simplify record, names beside IDs read once per poll (a poll is one run) and only
 * when a record holds such IDs. Earlier versions keep their output. Real polls (n8n-core's
 * PollContext) against the fake search and nock's lists.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { CUSTOMER_ID, kustomerApi, objectId, page, QUEUE_ID, sent, TEAM_ID } from '../../../helpers/kustomer';
import { nodeDescription } from '../../../helpers/harness';
import { iso, POLLING_TRIGGER_NODE, PollingTriggerUnderTest, pollingNode, usePollingFake } from '../../../helpers/polling';
import { clock } from '../../../helpers/virtualClock';

const fake = usePollingFake();
const TAG_ID = objectId(0xd3);
/** The sandbox org's ID, as its records carry it. */
const ORG = expect.stringMatching(/^[0-9a-f]{24}$/) as string;
const LISTS = ['/v1/tags', '/v1/routing/queues', '/v1/teams'];
const listReads = () => sent.map((request) => request.path.split('?')[0]).filter((path) => LISTS.includes(path));
const records = (items: INodeExecutionData[] | null) => (items ?? []).map((item) => item.json.resource as IDataObject);

/** A conversation created `seconds` from the start, with a tag, the queue, a team and Kustomer's bookkeeping. */
const tagged = (name: string, seconds: number) =>
	fake
		.kustomer()
		.add(
			'conversations',
			{ name, status: 'open', rev: 4, tags: [TAG_ID], assignedTeams: [TEAM_ID], createdAt: iso(seconds), updatedAt: iso(seconds) },
			{ customer: { type: 'customer', id: CUSTOMER_ID }, queue: { type: 'queue', id: QUEUE_ID } },
		);

function serveLists(tagStatus = 200) {
	const forbidden = { errors: [{ status: '403', title: 'Forbidden' }] };
	kustomerApi().persist().get('/v1/tags').query(true).reply(tagStatus, tagStatus === 200 ? page([{ type: 'tag', id: TAG_ID, attributes: { name: 'vip' } }], null) : forbidden);
	kustomerApi().persist().get('/v1/routing/queues').query(true).reply(200, page([{ type: 'queue', id: QUEUE_ID, attributes: { displayName: 'Billing' } }], null));
	kustomerApi().persist().get('/v1/teams').query(true).reply(200, page([{ type: 'team', id: TEAM_ID, attributes: { displayName: 'Tier 2' } }], null));
}

/** An active trigger of this version, a minute after its activation. */
async function activeTrigger(typeVersion: number, parameters: IDataObject = { event: 'conversationCreated' }) {
	const subject = new PollingTriggerUnderTest(pollingNode(parameters as never, 'Kustomer Polling Trigger', typeVersion));
	expect(await subject.activate()).toBeNull();
	clock.advance(60_000);
	return subject;
}

test('new nodes are version 3; saved version 1 and 2 nodes stay loadable', async () => {
	const description = await nodeDescription(POLLING_TRIGGER_NODE);
	expect(description.version).toEqual([1, 2, 3]);
	expect(description.defaultVersion).toBe(3);
});

test('version 3: names beside IDs, appUrl, no rev and no orgId in the record; the envelope keeps orgId; each list read once per poll', async () => {
	serveLists();
	const subject = await activeTrigger(3);
	tagged('first', 10);
	tagged('second', 20);
	const items = await subject.tick();
	// The envelope's orgId is the event's org (Kustomer's webhook envelope has it as `org`).
	expect(items?.map((item) => item.json.orgId)).toEqual([ORG, ORG]);
	for (const record of records(items)) {
		expect(record).toMatchObject({ tags: [TAG_ID], tagNames: ['vip'], queueId: QUEUE_ID, queueName: 'Billing', assignedTeamNames: ['Tier 2'], customerId: CUSTOMER_ID });
		expect(record.appUrl).toBe(`https://acme.kustomerapp.com/app/customers/${CUSTOMER_ID}/event/${String(record.id)}`);
		expect(record).not.toHaveProperty('rev');
		expect(record).not.toHaveProperty('orgId');
	}
	expect(listReads().sort()).toEqual([...LISTS].sort());
	// The next poll is the next run: it reads them again.
	tagged('third', 70);
	clock.advance(60_000);
	expect(records(await subject.tick()).map((record) => record.tagNames)).toEqual([['vip']]);
	expect(listReads()).toHaveLength(6);
});

test('version 3: a poll whose records hold no tag, queue or team reads no list; a customer has a plain email and phone', async () => {
	const subject = await activeTrigger(3, { event: 'customerChanged' });
	fake.kustomer().add('customers', { name: 'Ada', emails: [{ email: 'ada@example.com' }], phones: [{ phone: '+14155550123' }], createdAt: iso(10), updatedAt: iso(10) });
	const [record] = records(await subject.tick());
	expect(record).toMatchObject({ name: 'Ada', email: 'ada@example.com', phone: '+14155550123' });
	expect(listReads()).toEqual([]);
});

test('version 3: a key that may not read the tags (403) still gets its records, tags as IDs, and the trigger moves on', async () => {
	serveLists(403);
	const subject = await activeTrigger(3);
	tagged('first', 10);
	expect(records(await subject.tick())).toEqual([expect.objectContaining({ name: 'first', tagNames: [TAG_ID], queueName: 'Billing' })]);
	clock.advance(60_000);
	expect(await subject.tick()).toBeNull();
});

test("version 3: Include Messages' messages are Simplify records too", async () => {
	const subject = await activeTrigger(3, { event: 'conversationDone', includeMessages: true });
	const done = fake.kustomer().add('conversations', { name: 'Resolved', status: 'done', createdAt: iso(-900), updatedAt: iso(30), lastDone: { createdAt: iso(30) } });
	fake.kustomer().add('messages', { preview: 'Thanks!', direction: 'in', rev: 1, createdAt: iso(-600), updatedAt: iso(-600) }, { conversation: { type: 'conversation', id: done.id } });
	const [item] = (await subject.tick()) ?? [];
	expect(item.json.messages).toEqual([expect.objectContaining({ preview: 'Thanks!', conversationId: done.id })]);
	expect((item.json.messages as IDataObject[])[0]).not.toHaveProperty('rev');
	expect((item.json.messages as IDataObject[])[0]).not.toHaveProperty('orgId');
});

test.each([1, 2])('version %i keeps its output: rev and orgId, IDs without names, no list read', async (typeVersion) => {
	serveLists();
	const subject = await activeTrigger(typeVersion);
	tagged('first', 10);
	const [record] = records(await subject.tick());
	expect(record).toMatchObject({ rev: 4, orgId: ORG, tags: [TAG_ID], queueId: QUEUE_ID });
	for (const name of ['tagNames', 'queueName', 'assignedTeamNames']) expect(record).not.toHaveProperty(name);
	expect(listReads()).toEqual([]);
});

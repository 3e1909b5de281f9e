/**
 * Version 2's Simplify (issue 20 item 7): names beside the IDs of tags, queue and teams, each
 * list read once per run through the transport; no `rev` or `orgId`; a customer's plain email
 * and phone; version 1 nodes keep what they gave. Real workflows against nock.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { runWorkflow } from '../../../helpers/harness';
import {
	CONVERSATION_ID,
	conversationResource,
	CUSTOMER_ID,
	customerResource,
	kustomerApi,
	objectId,
	page,
	QUEUE_ID,
	resetApi,
	sent,
	TEAM_ID,
} from '../../../helpers/kustomer';
import { itemsThenKustomer, locator } from '../../../helpers/workflows';

afterEach(resetApi);

const TAG_ID = objectId(0xd3);
const UNKNOWN_TAG = objectId(0xd4);
const OTHER_CONVERSATION = objectId(0xc2);

const conversationGet = (version: number, items: IDataObject[] = [{}], extra: INodeParameters = {}) =>
	itemsThenKustomer(items, { resource: 'conversation', operation: 'get', conversation: locator('id', '={{ $json.id }}'), ...extra }, { typeVersion: version });

const tagged = (id: string) => conversationResource(id, { rev: 7, tags: [TAG_ID, UNKNOWN_TAG], assignedTeams: [TEAM_ID] });

function serveLists() {
	kustomerApi().get('/v1/tags').query(true).reply(200, page([{ type: 'tag', id: TAG_ID, attributes: { name: 'vip' } }], null));
	kustomerApi().get('/v1/routing/queues').query(true).reply(200, page([{ type: 'queue', id: QUEUE_ID, attributes: { displayName: 'Billing' } }], null));
	kustomerApi().get('/v1/teams').query(true).reply(200, page([{ type: 'team', id: TEAM_ID, attributes: { displayName: 'Tier 2' } }], null));
}

const listReads = () =>
	sent.map((request) => request.path.split('?')[0]).filter((path) => ['/v1/tags', '/v1/routing/queues', '/v1/teams'].includes(path));

test('version 2: tags, queue and teams get their names beside their IDs, each list read once for all items; no rev, no orgId', async () => {
	for (const id of [CONVERSATION_ID, OTHER_CONVERSATION]) kustomerApi().get(`/v1/conversations/${id}`).reply(200, { data: tagged(id) });
	serveLists();
	const result = await runWorkflow(conversationGet(2, [{ id: CONVERSATION_ID }, { id: OTHER_CONVERSATION }], {}));
	expect(result.error('Kustomer')).toBeUndefined();
	const output = result.output('Kustomer').map((item) => item.json);
	expect(output).toHaveLength(2);
	for (const json of output) {
		expect(json).toMatchObject({
			tags: [TAG_ID, UNKNOWN_TAG],
			// A tag the list does not name (deleted since) keeps its ID.
			tagNames: ['vip', UNKNOWN_TAG],
			queueId: QUEUE_ID,
			queueName: 'Billing',
			assignedTeams: [TEAM_ID],
			assignedTeamNames: ['Tier 2'],
		});
		expect(json).not.toHaveProperty('rev');
		expect(json).not.toHaveProperty('orgId');
	}
	expect(listReads().sort()).toEqual(['/v1/routing/queues', '/v1/tags', '/v1/teams']);
});

test('version 1 keeps its output: rev and orgId, IDs without names, no list read', async () => {
	kustomerApi().get(`/v1/conversations/${CONVERSATION_ID}`).reply(200, { data: tagged(CONVERSATION_ID) });
	const result = await runWorkflow(conversationGet(1, [{ id: CONVERSATION_ID }]));
	const [json] = result.output('Kustomer').map((item) => item.json);
	expect(json).toMatchObject({ rev: 7, orgId: expect.any(String), tags: [TAG_ID, UNKNOWN_TAG] });
	expect(json).not.toHaveProperty('tagNames');
	expect(json).not.toHaveProperty('queueName');
	expect(listReads()).toEqual([]);
});

test('version 2 with Simplify off gives the record exactly as Kustomer sent it (and reads no list)', async () => {
	kustomerApi().get(`/v1/conversations/${CONVERSATION_ID}`).reply(200, { data: tagged(CONVERSATION_ID) });
	const result = await runWorkflow(conversationGet(2, [{ id: CONVERSATION_ID }], { simplify: false }));
	const [json] = result.output('Kustomer').map((item) => item.json);
	expect(json).toMatchObject({ attributes: { rev: 7 }, relationships: { org: expect.any(Object) } });
	expect(json).not.toHaveProperty('tagNames');
	expect(listReads()).toEqual([]);
});

test('version 2: a key that may not read the tags still gets its record, tags as IDs', async () => {
	kustomerApi().get(`/v1/conversations/${CONVERSATION_ID}`).reply(200, { data: conversationResource(CONVERSATION_ID, { tags: [TAG_ID] }) });
	kustomerApi().get('/v1/tags').query(true).reply(403, { errors: [{ status: '403', title: 'Forbidden' }] });
	kustomerApi().get('/v1/routing/queues').query(true).reply(200, page([], null));
	const result = await runWorkflow(conversationGet(2, [{ id: CONVERSATION_ID }]));
	expect(result.error('Kustomer')).toBeUndefined();
	expect(result.output('Kustomer')[0].json).toMatchObject({ tags: [TAG_ID], tagNames: [TAG_ID], queueName: QUEUE_ID });
});

test('version 2: a customer has a plain email and phone (the first of each)', async () => {
	const phones = [{ phone: '+14155550123', type: 'mobile' }, { phone: '+14155550999' }];
	kustomerApi().get(`/v1/customers/${CUSTOMER_ID}`).reply(200, { data: customerResource(CUSTOMER_ID, { phones, rev: 3 }) });
	const result = await runWorkflow(
		itemsThenKustomer([{}], { resource: 'customer', operation: 'get', customer: locator('id', CUSTOMER_ID) }, { typeVersion: 2 }),
	);
	const [json] = result.output('Kustomer').map((item) => item.json);
	expect(json).toMatchObject({ email: 'jane@example.com', phone: '+14155550123', emails: [{ email: 'jane@example.com' }] });
	expect(json).not.toHaveProperty('rev');
	expect(json).not.toHaveProperty('orgId');
});

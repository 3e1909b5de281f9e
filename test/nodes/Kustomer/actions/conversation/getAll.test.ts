import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { runWorkflow } from '../../../../helpers/harness';
import {
	conversationResource,
	CONVERSATION_ID,
	CUSTOMER_ID,
	customerResource,
	kustomerApi,
	objectId,
	QUEUE_ID,
	resetApi,
	sent,
	serveSearchPastCap,
	TEAM_ID,
	USER_ID,
} from '../../../../helpers/kustomer';
import { itemsThenKustomer, locator } from '../../../../helpers/workflows';

afterEach(resetApi);

const getMany = (parameters: INodeParameters, settings?: IDataObject) => ({
	...itemsThenKustomer([{}], { resource: 'conversation', operation: 'getAll', ...parameters }),
	...(settings ? { settings } : {}),
});

function serveSearch(records: IDataObject[] = [conversationResource()]) {
	return kustomerApi().post('/v1/customers/search').query(true).reply(200, { data: records, links: { next: null } });
}

test("a customer's conversations: one search criterion on the customer, newest update first", async () => {
	serveSearch();
	const result = await runWorkflow(getMany({ customer: locator('id', CUSTOMER_ID) }));
	expect(sent[0].path).toBe('/v1/customers/search?page=1&pageSize=50');
	expect(sent[0].body).toEqual({
		queryContext: 'conversation',
		and: [{ conversation_customer_id: { equals: CUSTOMER_ID } }],
		timeZone: 'America/New_York',
		sort: [{ conversation_updated_at: 'desc' }],
	});
	expect(result.output('Kustomer')[0].json).toMatchObject({
		id: CONVERSATION_ID,
		customerId: CUSTOMER_ID,
		appUrl: `https://acme.kustomerapp.com/app/customers/${CUSTOMER_ID}/event/${CONVERSATION_ID}`,
	});
});

test('a customer given by email is looked up first', async () => {
	kustomerApi().get('/v1/customers/email=jane%2Bvip%40example.com').reply(200, { data: customerResource() });
	serveSearch();
	await runWorkflow(getMany({ customer: locator('email', 'jane+vip@example.com') }));
	expect(sent.map((request) => request.method)).toEqual(['GET', 'POST']);
	expect((sent[1].body as IDataObject).and).toEqual([{ conversation_customer_id: { equals: CUSTOMER_ID } }]);
});

test('every filter becomes its Kustomer criterion; dates are read in the workflow zone and sent in UTC', async () => {
	serveSearch([]);
	await runWorkflow(
		getMany(
			{
				filters: {
					status: ['open', 'snoozed'],
					priority: [4, 5],
					queues: [QUEUE_ID],
					assignedUsers: [USER_ID],
					assignedTeams: [TEAM_ID],
					tags: [objectId(7)],
					createdAfter: '2026-11-01T00:00:00',
					createdBefore: '2026-12-01',
					updatedAfter: '2026-11-20T08:00:00Z',
					doneBefore: '2026-11-21T09:00:00+01:00',
				},
				criteria: { criterion: [{ field: 'custom.orderNumberStr', operator: 'equals', value: 'A-1042' }, { field: 'messageCount', operator: 'gt', value: '3' }] },
				options: { sortBy: 'createdAt', order: 'asc', includeDeleted: true },
				limit: 10,
			},
			{ timezone: 'Asia/Kolkata' },
		),
	);
	expect(sent[0].body).toEqual({
		queryContext: 'conversation',
		and: [
			{ conversation_status: { in: ['open', 'snoozed'] } },
			{ conversation_priority: { in: [4, 5] } },
			{ conversation_queue: { equals: QUEUE_ID } },
			{ conversation_assigned_users: { equals: USER_ID } },
			{ conversation_assigned_teams: { equals: TEAM_ID } },
			{ conversation_tags: { equals: objectId(7) } },
			{ conversation_created_at: { gte: '2026-10-31T18:30:00.000Z', lt: '2026-11-30T18:30:00.000Z' } },
			{ conversation_updated_at: { gte: '2026-11-20T08:00:00.000Z' } },
			{ conversation_last_done_created_at: { lt: '2026-11-21T08:00:00.000Z' } },
			{ conversation_custom_orderNumberStr: { equals: 'A-1042' } },
			{ conversation_message_count: { gt: 3 } },
		],
		timeZone: 'Asia/Kolkata',
		includeDeleted: true,
		sort: [{ conversation_created_at: 'asc' }],
	});
	expect(sent[0].path).toBe('/v1/customers/search?page=1&pageSize=10');
});

test("Kustomer's JSON is sent as given, with sort added", async () => {
	serveSearch([]);
	await runWorkflow(getMany({ searchBy: 'json', queryJson: '{"or": [{"conversation_status": {"equals": "open"}}, {"conversation_priority": {"gte": 4}}]}' }));
	expect(sent[0].body).toEqual({
		queryContext: 'conversation',
		or: [{ conversation_status: { equals: 'open' } }, { conversation_priority: { gte: 4 } }],
		sort: [{ conversation_updated_at: 'desc' }],
	});
});

test('an external ID is looked up directly (Kustomer search has no such attribute); a miss is no items', async () => {
	kustomerApi().get('/v1/conversations/externalId=zd%2F1042%3Fx').reply(200, { data: conversationResource() });
	const found = await runWorkflow(getMany({ filters: { externalId: 'zd/1042?x' } }));
	expect(found.output('Kustomer').map((item) => item.json.id)).toEqual([CONVERSATION_ID]);
	kustomerApi().get('/v1/conversations/externalId=gone').reply(404, '');
	const missed = await runWorkflow(getMany({ filters: { externalId: 'gone' } }));
	expect(missed.output('Kustomer')).toEqual([]);
	expect(missed.error('Kustomer')).toBeUndefined();
	expect(sent.map((request) => request.method)).toEqual(['GET', 'GET']);
});

test('sorted by creation, Return All reads past the 10,000 cap from the last created_at', async () => {
	const conversations = (from: number, to: number) =>
		Array.from({ length: to - from + 1 }, (_, index) =>
			conversationResource(objectId(from + index), { createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, from + index)).toISOString() }),
		);
	// Pages of 500: Kustomer's 10,000 records are 20 pages (here one record each).
	const firstQuery = conversations(1, 20);
	serveSearchPastCap(firstQuery, [firstQuery[19], ...conversations(21, 22)]);
	const result = await runWorkflow(getMany({ returnAll: true, options: { sortBy: 'createdAt', order: 'asc' } }));
	expect(sent).toHaveLength(21);
	expect((sent[20].body as IDataObject).and).toEqual([{ conversation_created_at: { gte: '2026-01-01T00:00:20.000Z' } }]);
	expect(result.output('Kustomer')).toHaveLength(22);
});

test.each([
	[{ filters: { externalId: 'x', status: ['open'] } }, 'External ID names one conversation, so it cannot be combined with other filters'],
	[{ customer: locator('id', CUSTOMER_ID), filters: { externalId: 'x' } }, 'External ID names one conversation'],
	[{ filters: { createdAfter: '2026-12-01', createdBefore: '2026-11-01' } }, 'Created After must be earlier than Created Before'],
	[{ filters: { status: '={{ ["closed"] }}' } }, 'Status #1 must hold only "open", "snoozed", "done"'],
	[{ filters: { priority: '={{ [7] }}' } }, 'Priority #1 must hold only 1, 2, 3, 4, 5'],
	[{ filters: { updatedBefore: '2026-02-30' } }, 'Updated Before is not a date: February 2026 has 28 days'],
	[{ filters: { queues: '={{ "tier 2" }}' } }, 'Queues #1 must hold Kustomer IDs'],
	[
		{ filters: { status: ['open'] }, criteria: { criterion: Array.from({ length: 19 }, () => ({ field: 'name', operator: 'equals', value: 'x' })) } },
		'Criteria accept at most 18 rows here',
	],
	[{ searchBy: 'json', queryJson: '{"queryContext": "customer"}' }, 'must be "conversation" (this is Conversation → Get Many)'],
	[{ customer: locator('email', 'jane@') }, 'Customer must be an email address'],
	[{ limit: 0 }, 'Limit must be at least 1'],
])('%j fails before any request', async (parameters, message) => {
	const result = await runWorkflow(getMany(parameters as INodeParameters));
	expect(result.error('Kustomer')?.message).toContain(message);
	expect(result.error('Kustomer')?.message).toMatch(/\[item 0\]$/);
	expect(sent).toHaveLength(0);
});

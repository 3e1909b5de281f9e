import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { SandboxRecord } from '../../../../../sandbox/server';
import { SEED_IDS } from '../../../../../sandbox/store';
import type { RunResult } from '../../../../helpers/harness';
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
import { underEachReading } from '../../../../helpers/readings';
import type { SandboxRequest } from '../../../../helpers/sandboxOrg';
import { useSandboxOrg } from '../../../../helpers/sandboxOrg';
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
			{ conversation_created_at: { gte: '2026-10-31T18:30:00.000Z' } },
			{ conversation_created_at: { lt: '2026-11-30T18:30:00.000Z' } },
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

test('sorted by creation, Return All reads by last update past the 10,000 cap (a sort Kustomer is known to honour) and orders the records by creation itself', async () => {
	// Conversation n was created at second n and last updated 100 - n seconds into the day: updates run the other way.
	const conversation = (n: number) =>
		conversationResource(objectId(n), { createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(), updatedAt: new Date(Date.UTC(2026, 0, 2, 0, 0, 100 - n)).toISOString() });
	// Pages of 500: Kustomer's 10,000 records are 20 pages (here one record each), oldest update first: 22 down to 3.
	const firstQuery = Array.from({ length: 20 }, (_, index) => conversation(22 - index));
	serveSearchPastCap(firstQuery, [conversation(3), conversation(2), conversation(1)]);
	const result = await runWorkflow(getMany({ returnAll: true, options: { sortBy: 'createdAt', order: 'asc' } }));
	expect(sent).toHaveLength(21);
	expect((sent[0].body as IDataObject).sort).toEqual([{ conversation_updated_at: 'asc' }]);
	expect((sent[20].body as IDataObject).and).toEqual([{ conversation_updated_at: { gte: '2026-01-02T00:01:37.000Z' } }]);
	expect(result.output('Kustomer').map((item) => item.json.id)).toEqual(Array.from({ length: 22 }, (_, index) => objectId(index + 1)));
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

describe('Include Archived', () => {
	const current = conversationResource(objectId(0xa1), { updatedAt: '2026-10-01T00:00:00.000Z' });
	const archived = conversationResource(objectId(0xa2), { updatedAt: '2021-03-01T00:00:00.000Z' });

	test('searches the archive with the same criteria after the standard search, newest first, and outputs both', async () => {
		kustomerApi().post('/v1/customers/search').query(true).reply(200, { data: [current], links: { next: null } });
		kustomerApi().post('/v1/customers/archive/search').query(true).reply(200, { data: [archived, current], links: { next: null } });
		const result = await runWorkflow(getMany({ customer: locator('id', CUSTOMER_ID), filters: { createdAfter: '2020-01-01' }, options: { includeArchived: true }, returnAll: true }));
		expect(result.output('Kustomer').map((item) => item.json.id)).toEqual([current.id, archived.id]);
		const [standard, archive] = sent;
		expect(archive.path.split('?')[0]).toBe('/v1/customers/archive/search');
		expect(archive.body).toEqual(standard.body);
	});

	test('oldest first reads the archive first; a Limit the archive fills sends no second search', async () => {
		kustomerApi().post('/v1/customers/archive/search').query(true).reply(200, { data: [archived], links: { next: null } });
		const result = await runWorkflow(getMany({ customer: locator('id', CUSTOMER_ID), options: { includeArchived: true, order: 'asc' }, limit: 1 }));
		expect(result.output('Kustomer').map((item) => item.json.id)).toEqual([archived.id]);
		expect(sent.map((request) => request.path.split('?')[0])).toEqual(['/v1/customers/archive/search']);
	});

	test('version 2: Include Archived is in Options and the order beside Return All; oldest first reads the archive first', async () => {
		kustomerApi().post('/v1/customers/archive/search').query(true).reply(200, { data: [archived], links: { next: null } });
		const version2 = itemsThenKustomer([{}], { resource: 'conversation', operation: 'getAll', customer: locator('id', CUSTOMER_ID), options: { includeArchived: true }, order: 'asc', limit: 1 }, { typeVersion: 2 });
		const result = await runWorkflow(version2);
		expect(result.output('Kustomer').map((item) => item.json.id)).toEqual([archived.id]);
		expect(sent.map((request) => request.path.split('?')[0])).toEqual(['/v1/customers/archive/search']);
	});

	test('a filter the archive cannot search by is refused before anything is sent, naming it', async () => {
		const result = await runWorkflow(getMany({ filters: { status: ['open'] }, options: { includeArchived: true } }));
		expect(result.error('Kustomer')?.message).toMatch(/^Include Archived cannot search by conversation_status/);
		expect(sent).toHaveLength(0);
	});
});

describe('against the sandbox, as Kustomer documents its search', () => {
	const searches = (requests: SandboxRequest[]) => requests.filter((request) => request.path.startsWith('/v1/customers/search'));
	const names = (result: RunResult) => result.output('Kustomer').map((item) => item.json.name);

	describe('ranges', () => {
		const org = useSandboxOrg();
		/** Conversations of Jane named as given, created on the given days (Kustomer's createdAt), in that order. */
		async function conversationsCreated(days: Record<string, string>): Promise<void> {
			for (const [name, day] of Object.entries(days)) {
				const { data } = await org.call('POST', '/v1/conversations', { customer: SEED_IDS.customers.jane, name });
				(org.sandbox.store.get('conversations', data.id) as SandboxRecord).attributes.createdAt = `${day}T12:00:00.000Z`;
			}
		}

		test('Created After and Before: a range is two criteria, one operator each, as Kustomer takes them', async () => {
			await conversationsCreated({ January: '2026-01-01', February: '2026-02-01', March: '2026-03-01' });
			const result = await org.run(getMany({ filters: { createdAfter: '2026-01-15T00:00:00Z', createdBefore: '2026-02-15T00:00:00Z' }, returnAll: true }));
			expect(result.error('Kustomer')).toBeUndefined();
			expect(names(result)).toEqual(['February']);
			expect((searches(await org.requests())[0].body as IDataObject).and).toEqual([
				{ conversation_created_at: { gte: '2026-01-15T00:00:00.000Z' } },
				{ conversation_created_at: { lt: '2026-02-15T00:00:00.000Z' } },
			]);
		});

		test("Query (JSON): a criterion with two operators is split into two in 'and'; in 'or' it is refused before anything is sent", async () => {
			await conversationsCreated({ January: '2026-01-01', February: '2026-02-01' });
			const range = '{"conversation_created_at": {"gte": "2026-01-15T00:00:00Z", "lt": "2026-02-15T00:00:00Z"}}';
			const split = await org.run(getMany({ searchBy: 'json', queryJson: `{"and": [${range}]}`, returnAll: true }));
			expect(names(split)).toEqual(['February']);
			const refused = await org.run(getMany({ searchBy: 'json', queryJson: `{"or": [{"conversation_status": {"equals": "done"}}, ${range}]}` }));
			expect(refused.error('Kustomer')?.message).toBe(
				'Query (JSON) or #2 gives conversation_created_at two operators (gte, lt): Kustomer takes one attribute and one operator per criterion. In "and", the node splits it; here, write each condition as its own criterion [item 0]',
			);
			expect(searches(await org.requests())).toHaveLength(1);
		});
	});

	describe('Include Archived', () => {
		const org = useSandboxOrg();

		test("Jane's conversations from both searches; without it, the archived one is not seen", async () => {
			await org.call('POST', '/v1/conversations', { customer: SEED_IDS.customers.jane, name: 'Recent' });
			const { data } = await org.call('POST', '/v1/conversations', { customer: SEED_IDS.customers.jane, name: 'From 2022' });
			Object.assign((org.sandbox.store.get('conversations', data.id) as SandboxRecord).attributes, { archived: true, updatedAt: '2022-03-01T00:00:00.000Z' });
			const customer = locator('id', SEED_IDS.customers.jane);
			const both = await org.run(getMany({ customer, options: { includeArchived: true }, returnAll: true }));
			expect(both.error('Kustomer')).toBeUndefined();
			expect(names(both)).toEqual(['Recent', 'From 2022']);
			expect(names(await org.run(getMany({ customer, returnAll: true })))).toEqual(['Recent']);
		});
	});

	underEachReading('notSetForm', (notSetForm) => {
		const org = useSandboxOrg(() => ({ readings: { notSetForm } }));

		test('Is Not Set is sent in the documented form, {"not_set": ""}, and finds the unassigned conversations', async () => {
			await org.call('POST', '/v1/conversations', { customer: SEED_IDS.customers.jane, name: 'Assigned', assignedUsers: [SEED_IDS.users.ana] });
			await org.call('POST', '/v1/conversations', { customer: SEED_IDS.customers.jane, name: 'Unassigned' });
			const result = await org.run(getMany({ criteria: { criterion: [{ field: 'assignedUsers', operator: 'not_set' }] }, returnAll: true }));
			expect(result.error('Kustomer')).toBeUndefined();
			expect(names(result)).toEqual(['Unassigned']);
			expect((searches(await org.requests())[0].body as IDataObject).and).toEqual([{ conversation_assigned_users: { not_set: '' } }]);
		});
	});

	underEachReading('searchSort', (searchSort) => {
		const org = useSandboxOrg(() => ({ readings: { searchSort } }));
		/** Created First, Second, Third, in that order; First updated last, so last update orders them Second, Third, First. */
		async function threeConversations() {
			const ids: string[] = [];
			for (const name of ['First', 'Second', 'Third']) ids.push((await org.call('POST', '/v1/conversations', { customer: SEED_IDS.customers.jane, name })).data.id);
			await org.call('PATCH', `/v1/conversations/${ids[0]}`, { priority: 4 });
		}

		test('Sort By Creation with Return All: newest created first, whether or not Kustomer sorts by conversation_created_at', async () => {
			await threeConversations();
			const result = await org.run(getMany({ returnAll: true, options: { sortBy: 'createdAt', order: 'desc' } }));
			expect(result.error('Kustomer')).toBeUndefined();
			expect(names(result)).toEqual(['Third', 'Second', 'First']);
			// The search itself is sorted by last update, the order public clients rely on.
			expect((searches(await org.requests())[0].body as IDataObject).sort).toEqual([{ conversation_updated_at: 'desc' }]);
		});

		test('Sort By Creation with a Limit: the newest created, or an error saying Kustomer did not sort by it; never the wrong records silently', async () => {
			await threeConversations();
			const result = await org.run(getMany({ limit: 2, options: { sortBy: 'createdAt', order: 'desc' } }));
			if (searchSort === 'anyDateAttribute') {
				expect(names(result)).toEqual(['Third', 'Second']);
			} else {
				expect(result.output('Kustomer')).toEqual([]);
				expect(result.error('Kustomer')?.message).toBe('Kustomer did not sort the search by conversation_created_at [item 0]');
				expect(result.error('Kustomer')?.description).toContain('Sort By: Last Update');
			}
		});

		test('Sort By Last Update (the default) with a Limit: newest update first', async () => {
			await threeConversations();
			expect(names(await org.run(getMany({ limit: 2 })))).toEqual(['First', 'Third']);
		});
	});
});

test('version 2: Sort By and Order beside Return All (newest first by default), Include Deleted still in Options (issue 20 item 8)', async () => {
	serveSearch([]);
	serveSearch([]);
	const version2 = (parameters: INodeParameters) =>
		itemsThenKustomer([{}], { resource: 'conversation', operation: 'getAll', ...parameters }, { typeVersion: 2 });
	await runWorkflow(version2({ sortBy: 'createdAt', order: 'asc', options: { includeDeleted: true } }));
	await runWorkflow(version2({}));
	expect(sent.map((request) => [(request.body as IDataObject).sort, (request.body as IDataObject).includeDeleted])).toEqual([
		[[{ conversation_created_at: 'asc' }], true],
		[[{ conversation_updated_at: 'desc' }], undefined],
	]);
});

test('version 2: a field picked for a criterion (its full search name) and a custom one are sent as Kustomer names them', async () => {
	serveSearch([]);
	const criterion = [
		{ field: 'conversation_message_count', operator: 'gt', value: '3' },
		{ field: 'custom.orderNumberStr', operator: 'equals', value: 'A-1042' },
	];
	await runWorkflow(itemsThenKustomer([{}], { resource: 'conversation', operation: 'getAll', criteria: { criterion } }, { typeVersion: 2 }));
	expect((sent[0].body as IDataObject).and).toEqual([{ conversation_message_count: { gt: 3 } }, { conversation_custom_orderNumberStr: { equals: 'A-1042' } }]);
});

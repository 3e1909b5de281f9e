import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import { validateRequestBody } from '../../../../../sandbox/contract';

import { runWorkflow } from '../../../../helpers/harness';
import {
	conversationResource,
	CONVERSATION_ID,
	customerResource,
	CUSTOMER_ID,
	kustomerApi,
	networkError,
	objectId,
	QUEUE_ID,
	resetApi,
	sent,
	TEAM_ID,
	USER_ID,
} from '../../../../helpers/kustomer';
import { clock } from '../../../../helpers/virtualClock';
import { itemsThenKustomer, locator } from '../../../../helpers/workflows';

afterEach(resetApi);

const create = (parameters: IDataObject, items: IDataObject[] = [{}], extra = {}) =>
	itemsThenKustomer(
		items,
		{ resource: 'conversation', operation: 'create', customer: locator('id', CUSTOMER_ID), ...parameters },
		extra,
	);

test('creates a conversation for a customer ID: POST /v1/conversations with only the customer', async () => {
	kustomerApi().post('/v1/conversations').reply(201, { data: conversationResource() });
	const result = await runWorkflow(create({}));
	expect(sent).toHaveLength(1);
	expect(sent[0]).toMatchObject({ method: 'POST', path: '/v1/conversations', body: { customer: CUSTOMER_ID } });
	expect(sent[0].headers['content-type']).toContain('application/json');
	expect(result.output('Kustomer')).toEqual([
		{ json: expect.objectContaining({ id: CONVERSATION_ID, customerId: CUSTOMER_ID }), pairedItem: { item: 0 } },
	]);
});

test('sends every field the way Kustomer\'s schema says: queue as { id }, no channel', async () => {
	kustomerApi().get('/v1/conversations/externalId=order-1042').reply(404, { errors: [{ title: 'Not Found' }] });
	kustomerApi().post('/v1/conversations').reply(201, { data: conversationResource() });
	await runWorkflow(
		create({
			additionalFields: {
				name: 'Refund for order 1042',
				status: 'open',
				priority: 5,
				direction: 'in',
				queue: QUEUE_ID,
				assignedUsers: [USER_ID],
				assignedTeams: [TEAM_ID],
				tags: ['0123456789abcdef01234567'],
				externalId: 'order-1042',
				customAttributes: {
					attribute: [
						{ name: 'orderNumberStr', value: '1042' },
						{ name: 'refundAmountNum', value: '49.90' },
						{ name: 'vipBool', value: 'true' },
					],
				},
			},
		}),
	);
	const post = sent.find((request) => request.method === 'POST');
	expect(post?.body).toEqual({
		customer: CUSTOMER_ID,
		name: 'Refund for order 1042',
		status: 'open',
		priority: 5,
		direction: 'in',
		queue: { id: QUEUE_ID },
		assignedUsers: [USER_ID],
		assignedTeams: [TEAM_ID],
		tags: ['0123456789abcdef01234567'],
		externalId: 'order-1042',
		custom: { orderNumberStr: '1042', refundAmountNum: 49.9, vipBool: true },
	});
	expect(post?.body).not.toHaveProperty('channel');
	expect(post?.body).not.toHaveProperty('queueId');
});

test('finds the customer by email first, then creates the conversation for them', async () => {
	kustomerApi().get('/v1/customers/email=jane%40example.com').reply(200, { data: customerResource() });
	kustomerApi().post('/v1/conversations').reply(201, { data: conversationResource() });
	await runWorkflow(create({ customer: locator('email', 'jane@example.com') }));
	expect(sent.map((request) => `${request.method} ${request.path}`)).toEqual([
		'GET /v1/customers/email=jane%40example.com',
		'POST /v1/conversations',
	]);
	expect(sent[1].body).toEqual({ customer: CUSTOMER_ID });
});

test('an unknown email stops the item with a 404 naming the email, and creates nothing', async () => {
	kustomerApi().get('/v1/customers/email=ghost%40example.com').reply(404, '');
	const result = await runWorkflow(create({ customer: locator('email', 'ghost@example.com') }));
	expect(result.error('Kustomer')?.message).toBe('No Kustomer customer with email "ghost@example.com"');
	expect(sent.filter((request) => request.method === 'POST')).toHaveLength(0);
});

test('with an External ID that exists for the customer, returns that conversation and creates nothing', async () => {
	kustomerApi().get('/v1/conversations/externalId=order-7').reply(200, { data: conversationResource() });
	const result = await runWorkflow(create({ additionalFields: { externalId: 'order-7' } }));
	expect(sent.map((request) => request.method)).toEqual(['GET']);
	expect(result.output('Kustomer')[0].json.id).toBe(CONVERSATION_ID);
});

test('an External ID used by another customer is an error, not a silent reuse', async () => {
	kustomerApi()
		.get('/v1/conversations/externalId=order-7')
		.reply(200, { data: conversationResource(CONVERSATION_ID, {}, '000000000000000000000abc') });
	const result = await runWorkflow(create({ additionalFields: { externalId: 'order-7' } }));
	expect(result.error('Kustomer')?.message).toBe(
		'External ID "order-7" already belongs to a conversation of another customer [item 0]',
	);
	expect(sent.filter((request) => request.method === 'POST')).toHaveLength(0);
});

test('a 5xx on create is not retried: a repeat could create a second conversation', async () => {
	kustomerApi().post('/v1/conversations').reply(502, 'Bad Gateway');
	const result = await runWorkflow(create({}));
	expect(sent.filter((request) => request.method === 'POST')).toHaveLength(1);
	const error = result.error('Kustomer') as { message: string; description?: string; httpCode?: string };
	expect(error.message).toBe('Kustomer had a server error (502)');
	expect(error.httpCode).toBe('502');
	expect(error.description).toContain('not retried automatically');
});

test('with an External ID, a 5xx on create checks twice whether it landed, then sends it again', async () => {
	kustomerApi().get('/v1/conversations/externalId=order-9').times(3).reply(404, '');
	kustomerApi().post('/v1/conversations').reply(500, { errors: [{ title: 'Internal' }] });
	kustomerApi().post('/v1/conversations').reply(201, { data: conversationResource() });
	const result = await runWorkflow(create({ additionalFields: { externalId: 'order-9' } }));
	expect(sent.map((request) => request.method)).toEqual(['GET', 'POST', 'GET', 'GET', 'POST']);
	expect(result.output('Kustomer')).toHaveLength(1);
});

describe('with an External ID, when the retries run out on an attempt that may have landed', () => {
	/** Four 503s before the write, then a fifth attempt that writes the conversation and is answered `lastAnswer`. */
	function writtenByTheFifthAttempt(externalId: string, lastAnswer: (scope: nock.Interceptor) => nock.Scope, lands = true) {
		const posts = () => sent.filter((request) => request.method === 'POST').length;
		kustomerApi()
			.get(`/v1/conversations/externalId=${externalId}`)
			.times(Infinity)
			.reply(() => (lands && posts() >= 5 ? [200, { data: conversationResource(CONVERSATION_ID, { externalId }) }] : [404, '']));
		kustomerApi().post('/v1/conversations').times(4).reply(503, '');
		lastAnswer(kustomerApi().post('/v1/conversations'));
	}

	test.each([
		['a 502 after the write', (scope: nock.Interceptor) => scope.reply(502, '')],
		['a dropped connection', (scope: nock.Interceptor) => scope.replyWithError(networkError('ECONNRESET', 'socket hang up'))],
	])('after %s, it looks for the record once more and answers it instead of failing', async (_what, lastAnswer) => {
		writtenByTheFifthAttempt('spent-1', lastAnswer);
		const result = await runWorkflow(create({ additionalFields: { externalId: 'spent-1' } }));
		expect(result.error('Kustomer')).toBeUndefined();
		expect(sent.filter((request) => request.method === 'POST')).toHaveLength(5);
		expect(result.output('Kustomer')[0].json.id).toBe(CONVERSATION_ID);
	});

	test('when the last looks find nothing, the item fails with the last answer, and nothing is sent again', async () => {
		writtenByTheFifthAttempt('spent-2', (scope) => scope.reply(502, ''), false);
		const result = await runWorkflow(create({ additionalFields: { externalId: 'spent-2' } }));
		expect(result.error('Kustomer')?.message).toBe('Kustomer had a server error (502)');
		expect(sent.filter((request) => request.method === 'POST')).toHaveLength(5);
		expect(sent.at(-1)?.method).toBe('GET');
	});
});

describe('a create answered ambiguously while Kustomer goes on writing it (the record lands seconds later)', () => {
	/** Kustomer's direct lookup by External ID: nothing until `landsAfterMs` after the create, then the conversation. */
	function landingAfter(externalId: string, landsAfterMs: number, firstAttempt: (scope: nock.Interceptor) => nock.Scope) {
		const landsAt = () => (sent.find((request) => request.method === 'POST')?.at ?? Infinity) + landsAfterMs;
		kustomerApi()
			.get(`/v1/conversations/externalId=${externalId}`)
			.times(Infinity)
			.reply(() => (clock.now() >= landsAt() ? [200, { data: conversationResource(CONVERSATION_ID, { externalId }) }] : [404, '']));
		firstAttempt(kustomerApi().post('/v1/conversations'));
		kustomerApi().post('/v1/conversations').times(Infinity).reply(201, { data: conversationResource(objectId(0xdd), { externalId }) });
	}

	test.each([
		['a 504 from the gateway', 1_500, (scope: nock.Interceptor) => scope.reply(504, '')],
		['a 502', 1_500, (scope: nock.Interceptor) => scope.reply(502, '')],
		['a dropped connection', 1_500, (scope: nock.Interceptor) => scope.replyWithError(networkError('ECONNRESET', 'socket hang up'))],
		['a timeout', 8_000, (scope: nock.Interceptor) => scope.replyWithError(networkError('ETIMEDOUT', 'timeout'))],
	])('after %s, it waits before looking, looks again before sending, and finds the record instead of making a second', async (_what, landsAfterMs, firstAttempt) => {
		landingAfter('late-1', landsAfterMs, firstAttempt);
		const result = await runWorkflow(create({ additionalFields: { externalId: 'late-1' } }));
		expect(sent.filter((request) => request.method === 'POST')).toHaveLength(1);
		expect(result.output('Kustomer')[0].json.id).toBe(CONVERSATION_ID);
		// The look that found it came after the write landed; none was made at once.
		const [, post, ...looks] = sent;
		expect(looks.length).toBeGreaterThanOrEqual(1);
		expect(looks[0].at - post.at).toBeGreaterThanOrEqual(2_000);
	});

	test('a timeout waits longer before the first look than a 5xx, and each later try waits longer still', async () => {
		const gaps = async (firstAttempt: (scope: nock.Interceptor) => nock.Scope) => {
			resetApi();
			kustomerApi().get('/v1/conversations/externalId=late-2').times(Infinity).reply(404, '');
			firstAttempt(kustomerApi().post('/v1/conversations'));
			firstAttempt(kustomerApi().post('/v1/conversations'));
			kustomerApi().post('/v1/conversations').reply(201, { data: conversationResource() });
			await runWorkflow(create({ additionalFields: { externalId: 'late-2' } }));
			const posts = sent.filter((request) => request.method === 'POST').map((request) => request.at);
			return [posts[1] - posts[0], posts[2] - posts[1]];
		};
		const [afterFirst502, afterSecond502] = await gaps((scope) => scope.reply(502, ''));
		const [afterFirstTimeout] = await gaps((scope) => scope.replyWithError(networkError('ETIMEDOUT', 'timeout')));
		expect(afterSecond502).toBeGreaterThan(afterFirst502);
		expect(afterFirstTimeout).toBeGreaterThan(afterFirst502);
	});
});

test('with an External ID, a dropped connection on create finds the conversation that landed', async () => {
	kustomerApi().get('/v1/conversations/externalId=order-11').reply(404, '');
	kustomerApi().post('/v1/conversations').replyWithError(networkError('ECONNRESET', 'socket hang up'));
	kustomerApi().get('/v1/conversations/externalId=order-11').reply(200, { data: conversationResource() });
	const result = await runWorkflow(create({ additionalFields: { externalId: 'order-11' } }));
	expect(sent.filter((request) => request.method === 'POST')).toHaveLength(1);
	expect(result.output('Kustomer')[0].json.id).toBe(CONVERSATION_ID);
});

test('without an External ID, a dropped connection on create is reported, not repeated', async () => {
	kustomerApi().post('/v1/conversations').replyWithError(networkError('ECONNRESET', 'socket hang up'));
	const result = await runWorkflow(create({}));
	expect(sent).toHaveLength(1);
	expect(result.error('Kustomer')?.message).toBe('Could not reach Kustomer (ECONNRESET)');
	expect(result.error('Kustomer')?.description).toContain('may have reached Kustomer');
});

test('fields from the previous node, one conversation per item', async () => {
	kustomerApi().post('/v1/conversations').times(2).reply(201, (_uri, body) => ({ data: conversationResource(undefined, body as IDataObject) }));
	const result = await runWorkflow(
		create(
			{ additionalFields: { name: '={{ $json.subject }}', priority: '={{ $json.urgency }}' } },
			[
				{ subject: 'First', urgency: 2 },
				{ subject: 'Second', urgency: '5' },
			],
		),
	);
	expect(sent.map((request) => request.body)).toEqual([
		{ customer: CUSTOMER_ID, name: 'First', priority: 2 },
		{ customer: CUSTOMER_ID, name: 'Second', priority: 5 },
	]);
	expect(result.output('Kustomer').map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
});

test.each([
	['priority 7', { additionalFields: { priority: '={{ 7 }}' } }, 'Priority must be a whole number from 1 to 5 [item 0]'],
	['a queue name instead of an ID', { additionalFields: { queue: '={{ "support" }}' } }, 'Queue must be a Kustomer ID'],
	[
		'11 assigned users',
		{ additionalFields: { assignedUsers: '={{ Array.from({ length: 11 }, (_, i) => "5f1a2b3c4d5e6f7a8b9c0d" + String(i).padStart(2, "0")) }}' } },
		'Assigned Users accepts at most 10 entries',
	],
	['a 257-character subject', { additionalFields: { name: 'x'.repeat(257) } }, 'Subject must be at most 256 characters'],
	[
		'a custom attribute without a type suffix',
		{ additionalFields: { customAttributes: { attribute: [{ name: 'vip', value: 'yes' }] } } },
		'Custom Attribute #1 name "vip" must be a camelCase name ending in a type suffix',
	],
	['a phone not in E.164', { customer: locator('phone', '={{ "555-0100" }}') }, 'Customer must be a phone number in E.164 form'],
])('%s fails before any request', async (_label, parameters, message) => {
	const result = await runWorkflow(create(parameters));
	expect(result.error('Kustomer')?.message).toContain(message);
	expect(sent).toHaveLength(0);
});

describe('idempotent by External ID at about one request per item', () => {
	const customerOf = (index: number) => objectId(0x1000 + (index % 3));
	const SEARCH = 'POST /v1/customers/search?page=1&pageSize=500';
	/** Items with customer, subject and External ID from the item. */
	const batch = (refs: string[], node = {}) =>
		itemsThenKustomer(
			refs.map((ref, index) => ({ customer: customerOf(index), ref })),
			{
				resource: 'conversation',
				operation: 'create',
				customer: locator('id', '={{ $json.customer }}'),
				additionalFields: { name: '={{ "Order " + $json.ref }}', externalId: '={{ $json.ref }}' },
			},
			node,
		);
	const refs = (count: number) => Array.from({ length: count }, (_, index) => `order-${index}`);

	const customerPath = (index: number) => `GET /v1/customers/${customerOf(index)}`;
	const ofCustomer = (conversation: IDataObject) => (conversation.relationships as { customer: { data: { id: string } } }).customer.data.id;

	/**
	 * A sandbox-like org: search by customer (over `indexed`, the index, which may lag), create,
	 * and each customer read directly with its conversationCounts (over every conversation).
	 */
	function serveOrg(existing: IDataObject[] = [], indexed = (conversations: IDataObject[]) => conversations) {
		const conversations = [...existing];
		const api = kustomerApi();
		api
			.get(/^\/v1\/customers\/[0-9a-f]{24}$/)
			.times(Infinity)
			.reply((uri) => {
				const id = uri.split('/').pop() as string;
				return [200, { data: customerResource(id, { conversationCounts: { all: conversations.filter((entry) => ofCustomer(entry) === id).length } }) }];
			});
		api
			.post('/v1/customers/search')
			.query(true)
			.times(Infinity)
			.reply((_uri, body) => {
				const wanted = ((body as { and: Array<{ conversation_customer_id: { in: string[] } }> }).and[0].conversation_customer_id.in);
				const data = indexed(conversations).filter((entry) => wanted.includes(ofCustomer(entry)));
				return [200, { data, links: { next: null } }];
			});
		api
			.post('/v1/conversations')
			.times(Infinity)
			.reply((_uri, body) => {
				const { customer, ...attributes } = body as IDataObject;
				const record = conversationResource(objectId(0xd000 + conversations.length), { ...attributes, createdAt: new Date(clock.now()).toISOString() }, String(customer));
				conversations.push(record);
				return [201, { data: record }];
			});
		return conversations;
	}

	test('one search for the batch, then one create per item; the existing one is answered as it is', async () => {
		const old = new Date(clock.now() - 3_600_000).toISOString();
		serveOrg([conversationResource(objectId(0xe002), { externalId: 'order-2', createdAt: old }, customerOf(2))]);
		const result = await runWorkflow(batch(refs(6)));
		// Each customer with a miss is read once (not the index) to confirm the search saw all its conversations.
		const requests = sent.map((request) => `${request.method} ${request.path}`);
		expect(requests.slice(1, 4).sort()).toEqual([customerPath(0), customerPath(1), customerPath(2)]);
		expect([requests[0], ...requests.slice(4)]).toEqual([SEARCH, ...Array(5).fill('POST /v1/conversations')]);
		expect(sent[0].body).toEqual({
			queryContext: 'conversation',
			and: [{ conversation_customer_id: { in: [customerOf(0), customerOf(1), customerOf(2)] } }],
			sort: [{ conversation_updated_at: 'asc' }],
		});
		expect(validateRequestBody('POST', '/v1/customers/search', sent[0].body).valid).toBe(true);
		const output = result.output('Kustomer');
		expect(output[2].json).toMatchObject({ id: objectId(0xe002), externalId: 'order-2' });
		expect(output.map((item) => item.json.externalId)).toEqual(refs(6));
	});

	test('running the same batch again creates nothing and costs one search', async () => {
		serveOrg();
		const first = await runWorkflow(batch(refs(40)));
		const firstCost = sent.length;
		sent.length = 0;
		clock.advance(120_000);
		const second = await runWorkflow(batch(refs(40)));
		expect(firstCost).toBe(44);
		expect(sent.map((request) => `${request.method} ${request.path}`)).toEqual([SEARCH]);
		expect(second.output('Kustomer').map((item) => item.json.id)).toEqual(first.output('Kustomer').map((item) => item.json.id));
	});

	test('right after a run, a miss for a customer whose count shows a conversation the index lacks is looked up one by one', async () => {
		// The search index may not have the newest conversations yet: order-3 is not in it.
		const recent = new Date(clock.now() - 5_000).toISOString();
		const orderThree = conversationResource(objectId(0xe003), { externalId: 'order-3', createdAt: recent }, customerOf(0));
		serveOrg([conversationResource(objectId(0xe000), { externalId: 'order-0', createdAt: recent }, customerOf(0)), orderThree], (all) => all.filter((entry) => entry !== orderThree));
		kustomerApi().get('/v1/conversations/externalId=order-3').reply(200, { data: orderThree });
		const result = await runWorkflow(batch(refs(5)));
		// Customer 0 holds order-0 (found) and order-3 (its count says 2, the index has 1: looked up).
		const requests = sent.map((request) => `${request.method} ${request.path}`);
		expect(requests.slice(1, 4).sort()).toEqual([customerPath(0), customerPath(1), customerPath(2)]);
		expect([requests[0], ...requests.slice(4)]).toEqual([
			SEARCH,
			'GET /v1/conversations/externalId=order-3',
			'POST /v1/conversations',
			'POST /v1/conversations',
			'POST /v1/conversations',
		]);
		expect(result.output('Kustomer')[3].json.id).toBe(objectId(0xe003));
	});

	test("a customer's only conversation, created seconds ago and not in the index yet, is found by a lookup, not created again", async () => {
		// Issue 23 item 2: with no other indexed conversation of the customer, the search shows no sign of the lag.
		const orderThree = conversationResource(objectId(0xe003), { externalId: 'order-3', createdAt: new Date(clock.now() - 3_000).toISOString() }, customerOf(0));
		serveOrg([orderThree], () => []);
		kustomerApi().get('/v1/conversations/externalId=order-0').reply(404, '');
		kustomerApi().get('/v1/conversations/externalId=order-3').reply(200, { data: orderThree });
		const result = await runWorkflow(batch(refs(5)));
		const posted = sent.filter((request) => request.method === 'POST' && request.path === '/v1/conversations');
		expect(posted.map((request) => (request.body as IDataObject).externalId)).toEqual(['order-0', 'order-1', 'order-2', 'order-4']);
		expect(result.output('Kustomer')[3].json.id).toBe(objectId(0xe003));
	});

	test('a customer record without conversationCounts settles nothing: its missed items are looked up', async () => {
		serveOrg();
		nock.cleanAll();
		kustomerApi().post('/v1/customers/search').query(true).reply(200, { data: [], links: { next: null } });
		kustomerApi().get(/^\/v1\/customers\/[0-9a-f]{24}$/).times(3).reply(200, { data: customerResource() });
		kustomerApi().get(/^\/v1\/conversations\/externalId=/).times(6).reply(404, '');
		kustomerApi().post('/v1/conversations').times(6).reply(201, { data: conversationResource() });
		await runWorkflow(batch(refs(6)));
		expect(sent.filter((request) => request.path.startsWith('/v1/conversations/externalId='))).toHaveLength(6);
	});

	test('the same External ID twice in one run creates one conversation; both items get it', async () => {
		serveOrg();
		const result = await runWorkflow(batch(['a', 'b', 'c', 'a', 'd', 'e', 'f']));
		// Items 0 and 3 belong to the same customer (0x1000).
		expect(sent.filter((request) => request.method === 'POST' && request.path === '/v1/conversations')).toHaveLength(6);
		const output = result.output('Kustomer');
		expect(output[3].json.id).toBe(output[0].json.id);
		expect(output[3].pairedItem).toEqual({ item: 3 });
	});

	test('the same External ID for two customers in one run: the later item fails, nothing is created for it', async () => {
		serveOrg();
		const result = await runWorkflow(batch(['a', 'a', 'b', 'c', 'd', 'e'], { onError: 'continueRegularOutput' }));
		const output = result.output('Kustomer');
		expect(output[1].json.error).toBe('External ID "a" already belongs to a conversation of another customer [item 1]');
		expect(output[1].json.description).toContain('Item 0');
		expect(sent.filter((request) => request.method === 'POST' && request.path === '/v1/conversations')).toHaveLength(5);
	});

	test('when Kustomer refuses the search (no search role), each External ID is looked up instead', async () => {
		kustomerApi().post('/v1/customers/search').query(true).reply(403, { errors: [{ title: 'Forbidden' }] });
		for (const ref of refs(5)) kustomerApi().get(`/v1/conversations/externalId=${ref}`).reply(404, '');
		kustomerApi().post('/v1/conversations').times(5).reply(201, { data: conversationResource() });
		const result = await runWorkflow(batch(refs(5)));
		expect(result.output('Kustomer')).toHaveLength(5);
		expect(sent.filter((request) => request.method === 'GET')).toHaveLength(5);
	});

	test('a search that would need more pages than it saves gives way to lookups', async () => {
		// 6 External IDs of one customer with thousands of conversations: at most 3 pages of 500 are worth reading.
		const many = Array.from({ length: 500 }, (_, index) => conversationResource(objectId(0xf000 + index), { createdAt: '2020-01-01T00:00:00Z' }, customerOf(0)));
		kustomerApi()
			.post('/v1/customers/search')
			.query(true)
			.times(3)
			.reply((uri) => [200, { data: many, links: { next: `/v1/customers/search?page=${Number(new URL(uri, 'https://x').searchParams.get('page')) + 1}` } }]);
		for (const ref of refs(6)) kustomerApi().get(`/v1/conversations/externalId=${ref}`).reply(404, '');
		kustomerApi().post('/v1/conversations').times(6).reply(201, { data: conversationResource() });
		const sameCustomer = itemsThenKustomer(
			refs(6).map((ref) => ({ ref })),
			{ resource: 'conversation', operation: 'create', customer: locator('id', customerOf(0)), additionalFields: { externalId: '={{ $json.ref }}' } },
		);
		const result = await runWorkflow(sameCustomer);
		expect(result.output('Kustomer')).toHaveLength(6);
		expect(sent.filter((request) => request.path.startsWith('/v1/customers/search'))).toHaveLength(3);
		expect(sent.filter((request) => request.method === 'GET')).toHaveLength(6);
	});

	test('a 5xx on a create after the batch check: looked up directly before sending again, so nothing is created twice', async () => {
		let conversations: IDataObject[] = [];
		// The first create lands but answers 500; the lookup finds it.
		kustomerApi()
			.post('/v1/conversations')
			.reply((_uri, body) => {
				const { customer, ...attributes } = body as IDataObject;
				conversations.push(conversationResource(objectId(0xd0ff), attributes, String(customer)));
				return [500, ''];
			});
		kustomerApi()
			.get(/\/v1\/conversations\/externalId=.*/)
			.reply((uri) => {
				const ref = decodeURIComponent(uri.split('=')[1]);
				const found = conversations.find((entry) => (entry.attributes as IDataObject).externalId === ref);
				return found ? [200, { data: found }] : [404, ''];
			});
		conversations = serveOrg();
		const result = await runWorkflow(batch(refs(5)));
		expect(sent.filter((request) => request.path.includes('/externalId='))).toHaveLength(1);
		expect(result.output('Kustomer').map((item) => item.json.externalId)).toEqual(refs(5));
		expect(conversations.map((entry) => (entry.attributes as IDataObject).externalId).sort()).toEqual(refs(5));
	});

	test('a 409 on create (the External ID was taken meanwhile) answers the conversation that holds it', async () => {
		kustomerApi().get('/v1/conversations/externalId=order-7').reply(404, '');
		kustomerApi().post('/v1/conversations').reply(409, { errors: [{ title: 'Conflict', detail: 'externalId exists' }] });
		kustomerApi().get('/v1/conversations/externalId=order-7').reply(200, { data: conversationResource(objectId(0xe007), { externalId: 'order-7' }) });
		const result = await runWorkflow(create({ additionalFields: { externalId: 'order-7' } }));
		expect(result.output('Kustomer')[0].json.id).toBe(objectId(0xe007));
	});
});

test('version 2: Subject is its own field (version 1 nodes keep it under Additional Fields), sent as the name', async () => {
	kustomerApi().post('/v1/conversations').times(2).reply(201, { data: conversationResource() });
	await runWorkflow(create({ subject: 'Order 1042 arrived damaged', additionalFields: { priority: 4 } }, [{}], { typeVersion: 2 }));
	await runWorkflow(create({ additionalFields: { name: 'Order 1042 arrived damaged', priority: 4 } }, [{}], { typeVersion: 1 }));
	expect(sent.map((request) => request.body)).toEqual([
		{ customer: CUSTOMER_ID, name: 'Order 1042 arrived damaged', priority: 4 },
		{ customer: CUSTOMER_ID, name: 'Order 1042 arrived damaged', priority: 4 },
	]);
});

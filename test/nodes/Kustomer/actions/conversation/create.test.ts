import type { IDataObject } from 'n8n-workflow';

import { runWorkflow } from '../../../../helpers/harness';
import {
	conversationResource,
	CONVERSATION_ID,
	customerResource,
	CUSTOMER_ID,
	kustomerApi,
	networkError,
	QUEUE_ID,
	resetApi,
	sent,
	TEAM_ID,
	USER_ID,
} from '../../../../helpers/kustomer';
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

test('with an External ID, a 5xx on create checks whether it landed, then sends it again', async () => {
	kustomerApi().get('/v1/conversations/externalId=order-9').times(2).reply(404, '');
	kustomerApi().post('/v1/conversations').reply(500, { errors: [{ title: 'Internal' }] });
	kustomerApi().post('/v1/conversations').reply(201, { data: conversationResource() });
	const result = await runWorkflow(create({ additionalFields: { externalId: 'order-9' } }));
	expect(sent.map((request) => request.method)).toEqual(['GET', 'POST', 'GET', 'POST']);
	expect(result.output('Kustomer')).toHaveLength(1);
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

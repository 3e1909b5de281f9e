/**
 * What every operation shares, run for each of them through real workflows: rate limits,
 * retries (only where a repeat cannot create a second record), error mapping with the
 * operation's own roles, and Continue On Fail with values arriving as expressions.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import type nock from 'nock';

import { runWorkflow } from '../../../helpers/harness';
import {
	CONVERSATION_ID,
	conversationResource,
	CUSTOMER_ID,
	customerResource,
	kustomerApi,
	messageResource,
	noteResource,
	page,
	resetApi,
	sent,
} from '../../../helpers/kustomer';
import { itemsThenKustomer, locator } from '../../../helpers/workflows';

afterEach(resetApi);

interface Operation {
	name: string;
	/** The node's parameters; the operation's key value comes from `{{ $json.value }}`. */
	parameters: INodeParameters;
	good: string;
	/** A value the node must refuse before sending anything. */
	bad: string;
	method: 'GET' | 'POST';
	path: string;
	success: { status: number; body: IDataObject };
	/** Whether a 5xx may be retried: reads yes, creates no. */
	repeatable: boolean;
	role: string;
	/** The 404 message: what was looked for. */
	notFound: string;
}

const byValue = '={{ $json.value }}';
const OPERATIONS: Operation[] = [
	{
		name: 'Customer → Search',
		parameters: { resource: 'customer', operation: 'search', searchBy: 'email', email: byValue },
		good: 'jane@example.com',
		bad: 'jane at example',
		method: 'POST',
		path: '/v1/customers/search',
		success: { status: 200, body: page([customerResource()], null) },
		repeatable: true,
		role: 'org.permission.search.read',
		notFound: 'Kustomer found nothing at POST /v1/customers/search (404)',
	},
	{
		name: 'Customer → Get',
		parameters: { resource: 'customer', operation: 'get', customer: locator('email', byValue) },
		good: 'jane@example.com',
		bad: 'jane at example',
		method: 'GET',
		path: '/v1/customers/email=jane%40example.com',
		success: { status: 200, body: { data: customerResource() } },
		repeatable: true,
		role: 'org.permission.customer.read',
		notFound: 'No Kustomer customer with email "jane@example.com"',
	},
	{
		name: 'Conversation → Create',
		parameters: { resource: 'conversation', operation: 'create', customer: locator('id', byValue) },
		good: CUSTOMER_ID,
		bad: 'not-an-id',
		method: 'POST',
		path: '/v1/conversations',
		success: { status: 201, body: { data: conversationResource() } },
		repeatable: false,
		role: 'org.permission.conversation.create',
		notFound: `Kustomer found no customer with ID ${CUSTOMER_ID}, or another record the conversation refers to (404)`,
	},
	{
		name: 'Conversation → Get',
		parameters: { resource: 'conversation', operation: 'get', conversation: locator('id', byValue) },
		good: CONVERSATION_ID,
		bad: 'not-an-id',
		method: 'GET',
		path: `/v1/conversations/${CONVERSATION_ID}`,
		success: { status: 200, body: { data: conversationResource() } },
		repeatable: true,
		role: 'org.permission.conversation.read',
		notFound: `No Kustomer conversation with ID ${CONVERSATION_ID}`,
	},
	{
		name: 'Message → Create',
		parameters: { resource: 'message', operation: 'create', conversation: locator('id', byValue), body: 'My order never arrived' },
		good: CONVERSATION_ID,
		bad: 'not-an-id',
		method: 'POST',
		path: `/v1/conversations/${CONVERSATION_ID}/messages`,
		success: { status: 201, body: { data: messageResource('0000000000000000000000aa') } },
		repeatable: false,
		role: 'org.permission.message.create',
		notFound: `No Kustomer conversation with ID ${CONVERSATION_ID}`,
	},
	{
		name: 'Note → Create',
		parameters: { resource: 'note', operation: 'create', conversation: locator('id', byValue), body: 'VIP customer' },
		good: CONVERSATION_ID,
		bad: 'not-an-id',
		method: 'POST',
		path: `/v1/conversations/${CONVERSATION_ID}/notes`,
		success: { status: 201, body: { data: noteResource('0000000000000000000000bb') } },
		repeatable: false,
		role: 'org.permission.note.create',
		notFound: `No Kustomer conversation with ID ${CONVERSATION_ID}`,
	},
];

type ErrorWithDetails = { message: string; description?: string; httpCode?: string };

describe.each(OPERATIONS)('$name', (operation) => {
	const request = (): nock.Interceptor => kustomerApi().intercept(operation.path, operation.method).query(true);
	const workflow = (values: string[], extra: IDataObject = {}) =>
		itemsThenKustomer(
			values.map((value) => ({ value })),
			operation.parameters,
			extra,
		);
	const failure = async () => (await runWorkflow(workflow([operation.good]))).error('Kustomer') as ErrorWithDetails | undefined;
	const succeed = () => request().reply(operation.success.status, operation.success.body);

	test('a 429 waits for x-ratelimit-reset, then the request succeeds', async () => {
		request().reply(429, '', { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1' });
		succeed();
		const result = await runWorkflow(workflow([operation.good]));
		expect(result.output('Kustomer')).toHaveLength(1);
		expect(sent.map((entry) => entry.method)).toEqual([operation.method, operation.method]);
		expect(sent[1].at - sent[0].at).toBeGreaterThanOrEqual(1000);
	});

	test('429 until the retry bound gives a "rate limited" error', async () => {
		request().times(7).reply(429, '', { 'x-ratelimit-reset': '0' });
		const error = await failure();
		expect(sent).toHaveLength(7);
		expect(error?.httpCode).toBe('429');
		expect(error?.message).toContain('rate limited');
	});

	if (operation.repeatable) {
		test('a 5xx is retried: reading twice is harmless', async () => {
			request().reply(503, '');
			succeed();
			const result = await runWorkflow(workflow([operation.good]));
			expect(result.output('Kustomer')).toHaveLength(1);
			expect(sent).toHaveLength(2);
		});
	} else {
		test('a 5xx is not retried: a repeat could create a second record', async () => {
			request().reply(503, '');
			const error = await failure();
			expect(sent).toHaveLength(1);
			expect(error?.httpCode).toBe('503');
			expect(error?.description).toContain('not retried automatically');
		});
	}

	test.each([
		[401, 'Kustomer refused the API key (401)', 'role'],
		[403, 'The API key is not allowed to do this (403)', 'role'],
		[404, 'notFound', 'The record may have been deleted'],
		[409, 'Kustomer reported a conflict (409)', 'as Kustomer said it'],
		[413, "The request is larger than Kustomer's 100 KB limit (413)", 'Shorten'],
	] as const)('%i is mapped to an error with its status and fix', async (status, message, hint) => {
		request().reply(status, { errors: [{ status, title: 'Refused', detail: 'as Kustomer said it' }] });
		const error = await failure();
		expect(error?.httpCode).toBe(String(status));
		// 404 names what was looked for; 401 and 403 name the roles this operation needs.
		expect(error?.message).toBe(message === 'notFound' ? operation.notFound : message);
		expect(error?.description).toContain(hint === 'role' ? operation.role : hint);
	});

	test('Continue On Fail: a bad item becomes an error item paired to it; values come from the previous node', async () => {
		succeed();
		succeed();
		const result = await runWorkflow(workflow([operation.good, operation.bad, operation.good], { onError: 'continueRegularOutput' }));
		const output = result.output('Kustomer');
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(output[1].json.error).toMatch(/\[item 1\]$/);
		expect(output[1].json.description).toContain(operation.bad);
		expect(output[0].json.id).toBeDefined();
		expect(output[2].json.id).toBeDefined();
		// The bad item was never sent.
		expect(sent).toHaveLength(2);
	});
});

/**
 * The transport's behaviour, observed through real workflow runs of the built node:
 * a GET (Customer → Get) and a create (Conversation → Create).
 */
import { networkErrorCode } from '../../../../nodes/Kustomer/transport/client';
import { runWorkflow, TEST_API_KEY } from '../../../helpers/harness';
import {
	conversationResource,
	customerResource,
	CUSTOMER_ID,
	kustomerApi,
	networkError,
	objectId,
	resetApi,
	sent,
	serveDeletedRecord,
} from '../../../helpers/kustomer';
import { clock } from '../../../helpers/virtualClock';
import { itemsThenKustomer, locator } from '../../../helpers/workflows';

afterEach(resetApi);

const CUSTOMER_PATH = `/v1/customers/${CUSTOMER_ID}`;
const getCustomer = () =>
	itemsThenKustomer([{}], { resource: 'customer', operation: 'get', customer: locator('id', CUSTOMER_ID) });
const createConversation = () =>
	itemsThenKustomer([{}], { resource: 'conversation', operation: 'create', customer: locator('id', CUSTOMER_ID) });

type ErrorWithDetails = { message: string; description?: string; httpCode?: string };
const failure = async (workflow: ReturnType<typeof getCustomer>) =>
	(await runWorkflow(workflow)).error('Kustomer') as ErrorWithDetails | undefined;

describe('rate limits (429)', () => {
	test('waits for x-ratelimit-reset given in seconds, then succeeds', async () => {
		kustomerApi().get(CUSTOMER_PATH).reply(429, '', { 'x-ratelimit-limit': '300', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1' });
		kustomerApi().get(CUSTOMER_PATH).reply(200, { data: customerResource() });
		const result = await runWorkflow(getCustomer());
		expect(result.output('Kustomer')).toHaveLength(1);
		expect(sent).toHaveLength(2);
		expect(sent[1].at - sent[0].at).toBeGreaterThanOrEqual(1000);
	});

	test('reads a reset above 10^9 as epoch seconds', async () => {
		const reset = clock.epochSeconds(1000);
		kustomerApi().get(CUSTOMER_PATH).reply(429, { errors: [{ title: 'Too Many Requests' }] }, { 'x-ratelimit-reset': reset });
		kustomerApi().get(CUSTOMER_PATH).reply(200, { data: customerResource() });
		const result = await runWorkflow(getCustomer());
		expect(result.output('Kustomer')).toHaveLength(1);
		expect(sent[1].at).toBeGreaterThanOrEqual(Number(reset) * 1000 - 50);
	});

	test('a create answered 429 is sent again: Kustomer did not process it', async () => {
		kustomerApi().post('/v1/conversations').reply(429, '', { 'x-ratelimit-reset': '0' });
		kustomerApi().post('/v1/conversations').reply(201, { data: conversationResource() });
		const result = await runWorkflow(createConversation());
		expect(sent.map((request) => request.method)).toEqual(['POST', 'POST']);
		expect(result.output('Kustomer')).toHaveLength(1);
	});

	test('gives up after the retry bound with an error that says "rate limited" and what to do', async () => {
		kustomerApi().get(CUSTOMER_PATH).times(9).reply(429, 'Too Many Requests', { 'x-ratelimit-reset': '0' });
		const error = await failure(getCustomer());
		expect(sent).toHaveLength(9);
		expect(error?.httpCode).toBe('429');
		expect(error?.message).toBe('Kustomer rate limited this request (429) and it was still limited after 8 retries and 2 s of waiting');
		expect(error?.description).toContain('Loop Over Items with a smaller batch and a Wait node');
	});

	test('does not wait at all when Kustomer asks for longer than the wait bound, and says how long it asked', async () => {
		kustomerApi().get(CUSTOMER_PATH).reply(429, '', { 'x-ratelimit-reset': '600' });
		const error = await failure(getCustomer());
		expect(clock.sleeps).toEqual([]);
		expect(sent).toHaveLength(1);
		expect(error?.httpCode).toBe('429');
		expect(error?.message).toBe("Kustomer's rate limit asked this request to wait 600 s, longer than the node waits (300 s)");
		expect(error?.description).toContain('Loop Over Items with a smaller batch');
	});

	test('honours Retry-After when Kustomer sends it', async () => {
		kustomerApi().get(CUSTOMER_PATH).reply(429, '', { 'retry-after': '7', 'x-ratelimit-reset': '1' });
		kustomerApi().get(CUSTOMER_PATH).reply(200, { data: customerResource() });
		const result = await runWorkflow(getCustomer());
		expect(result.output('Kustomer')).toHaveLength(1);
		expect(sent[1].at - sent[0].at).toBeGreaterThanOrEqual(7000);
	});
});

describe("a 429 while the org's budget is not spent: one record's own limit (Kustomer's object rate limiting)", () => {
	const HOT = objectId(0xa1);
	const others = Array.from({ length: 8 }, (_, index) => objectId(0xb1 + index));
	const updateEach = (ids: string[]) =>
		itemsThenKustomer(
			ids.map((id) => ({ id })),
			{ resource: 'conversation', operation: 'update', conversation: locator('id', '={{ $json.id }}'), updateFields: { priority: 4 } },
		);
	/** Budget headers saying most of the org's window is left. */
	const unspent = { 'x-ratelimit-limit': '1000', 'x-ratelimit-remaining': '900', 'x-ratelimit-reset': '50' };

	test('later writes to that record wait; writes to the other records go on at once', async () => {
		let hot = 0;
		kustomerApi()
			.patch(/\/v1\/conversations\/[0-9a-f]{24}$/)
			.times(Infinity)
			.reply((uri) => {
				const id = uri.split('/').pop() as string;
				if (id === HOT && hot++ < 2) return [429, { errors: [{ title: 'Too Many Requests', detail: 'object rate limit' }] }, { ...unspent, 'retry-after': '10' }];
				return [200, { data: conversationResource(id) }, unspent];
			});
		const start = clock.now();
		const result = await runWorkflow(updateEach([HOT, ...others, HOT]));
		expect(result.error('Kustomer')).toBeUndefined();
		const at = (id: string) => sent.filter((request) => request.path.endsWith(id)).map((request) => request.at - start);
		// The other records were not held for the org window's reset (50 s). (On virtual time a request in
		// flight is stamped when nock sees it, which can be after the hot record's wait moved the clock.)
		for (const id of others) expect(at(id)[0]).toBeLessThan(25_000);
		// The hot record's writes waited as Kustomer asked, and got through well before the reset.
		const hotWrites = at(HOT);
		expect(hotWrites.length).toBe(4);
		expect(hotWrites[2]).toBeGreaterThanOrEqual(10_000);
		expect(hotWrites[hotWrites.length - 1]).toBeLessThan(40_000);
	});

	test('with the budget spent (remaining 0) a 429 still holds the whole run until the reset', async () => {
		kustomerApi().patch(`/v1/conversations/${HOT}`).reply(429, '', { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '5' });
		kustomerApi().patch(/\/v1\/conversations\/[0-9a-f]{24}$/).times(Infinity).reply((uri) => [200, { data: conversationResource(uri.split('/').pop() as string) }]);
		const start = clock.now();
		await runWorkflow(updateEach([HOT, ...Array.from({ length: 8 }, (_, index) => objectId(0xc0 + index))]));
		// Requests that started after the 429 waited for the reset.
		expect(sent[sent.length - 1].at - start).toBeGreaterThanOrEqual(5_000);
	});
});

describe('server errors and dropped connections', () => {
	test('a GET is retried after 5xx with jittered, doubling backoff', async () => {
		kustomerApi().get(CUSTOMER_PATH).reply(503, '');
		kustomerApi().get(CUSTOMER_PATH).reply(502, 'Bad Gateway');
		kustomerApi().get(CUSTOMER_PATH).reply(200, { data: customerResource() });
		const result = await runWorkflow(getCustomer());
		expect(result.output('Kustomer')).toHaveLength(1);
		expect(sent).toHaveLength(3);
		// Half of each step plus a random share of the other half: 0.5 s and 1 s steps at random 0.5.
		expect(sent[1].at - sent[0].at).toBe(375);
		expect(sent[2].at - sent[1].at).toBe(750);
	});

	test('a GET that keeps failing for about a minute reports the status after the retries', async () => {
		kustomerApi().get(CUSTOMER_PATH).times(10).reply(500, { errors: [{ title: 'Internal Server Error' }] });
		const error = await failure(getCustomer());
		expect(sent).toHaveLength(10);
		expect(sent[9].at - sent[0].at).toBeGreaterThan(50_000);
		expect(sent[9].at - sent[0].at).toBeLessThanOrEqual(60_000);
		expect(error?.message).toBe('Kustomer had a server error (500)');
		expect(error?.description).toContain('retried automatically and kept failing');
	});

	test('a create is not retried after 5xx', async () => {
		kustomerApi().post('/v1/conversations').reply(500, '');
		const error = await failure(createConversation());
		expect(sent).toHaveLength(1);
		expect(error?.description).toContain('not retried automatically');
	});

	test('a GET is retried after a dropped connection', async () => {
		kustomerApi().get(CUSTOMER_PATH).replyWithError(networkError('ECONNRESET', 'socket hang up'));
		kustomerApi().get(CUSTOMER_PATH).reply(200, { data: customerResource() });
		const result = await runWorkflow(getCustomer());
		expect(result.output('Kustomer')).toHaveLength(1);
	});

	test('a TLS failure names its reason and is not retried', async () => {
		kustomerApi().get(CUSTOMER_PATH).replyWithError(networkError('CERT_HAS_EXPIRED', 'certificate has expired'));
		const error = await failure(getCustomer());
		expect(sent).toHaveLength(1);
		expect(error?.message).toBe("Could not connect to Kustomer securely: the server's certificate has expired (CERT_HAS_EXPIRED)");
		expect(error?.description).toContain('NODE_EXTRA_CA_CERTS');
	});

	test('a create that could not connect at all is sent again', async () => {
		kustomerApi().post('/v1/conversations').replyWithError(networkError('ECONNREFUSED', 'connect ECONNREFUSED'));
		kustomerApi().post('/v1/conversations').reply(201, { data: conversationResource() });
		const result = await runWorkflow(createConversation());
		expect(result.output('Kustomer')).toHaveLength(1);
	});
});

describe('a DELETE retried after an attempt that may have landed', () => {
	const deleteCustomer = () => itemsThenKustomer([{}], { resource: 'customer', operation: 'delete', customer: locator('id', CUSTOMER_ID) });

	test.each([
		['a 5xx', (scope: ReturnType<typeof kustomerApi>) => scope.delete(CUSTOMER_PATH).reply(502, '')],
		['a dropped connection', (scope: ReturnType<typeof kustomerApi>) => scope.delete(CUSTOMER_PATH).replyWithError(networkError('ECONNRESET', 'socket hang up'))],
	])('after %s, a 404 on the retry means the first attempt deleted it: done, not an error', async (_what, firstAttempt) => {
		firstAttempt(kustomerApi());
		kustomerApi().delete(CUSTOMER_PATH).reply(404, { errors: [{ status: 404, title: 'Not Found' }] });
		const result = await runWorkflow(deleteCustomer());
		expect(sent.map((request) => request.method)).toEqual(['DELETE', 'DELETE']);
		expect(result.output('Kustomer')).toEqual([{ json: { id: CUSTOMER_ID, deleted: true }, pairedItem: { item: 0 } }]);
	});

	test('after a connection that was never made, a 404 on the retry is Kustomer\'s plain answer: it was gone already', async () => {
		kustomerApi().delete(CUSTOMER_PATH).replyWithError(networkError('ECONNREFUSED', 'connect ECONNREFUSED'));
		kustomerApi().delete(CUSTOMER_PATH).reply(404, '');
		serveDeletedRecord(CUSTOMER_ID);
		const result = await runWorkflow(deleteCustomer());
		expect(result.output('Kustomer')[0].json).toEqual({ id: CUSTOMER_ID, deleted: true, alreadyDeleted: true });
	});

	test('a read retried after a 5xx still reports its 404: only a delete is done by it', async () => {
		kustomerApi().get(CUSTOMER_PATH).reply(503, '');
		kustomerApi().get(CUSTOMER_PATH).reply(404, '');
		const error = await failure(getCustomer());
		expect(sent).toHaveLength(2);
		expect(error?.httpCode).toBe('404');
	});
});

describe('error mapping', () => {
	test.each([
		[400, { errors: [{ status: 400, title: 'Bad Request', detail: 'priority must be <= 5', source: { pointer: '/priority' } }] }, 'Kustomer rejected the request as invalid (400): priority must be <= 5', 'field: /priority'],
		[401, { errors: [{ status: 401, title: 'Unauthorized' }] }, 'Kustomer refused the API key (401)', 'org.permission.customer.read'],
		[401, { errors: [{ code: 'invalid_token', message: 'Auth token associated with pod prod2' }] }, 'Kustomer refused the API key (401)', 'another Kustomer region'],
		[401, 'Unauthorized', 'Kustomer refused the API key (401)', 'not revoked'],
		[403, { errors: [{ title: 'Forbidden' }] }, 'The API key is not allowed to do this (403)', 'org.permission.customer.read'],
		[404, '', 'No Kustomer customer with ID 5f1a2b3c4d5e6f7a8b9c0d1e', 'deleted'],
		[409, { errors: [{ title: 'Conflict', detail: 'rev mismatch' }] }, 'Kustomer reported a conflict (409)', 'rev mismatch'],
		[413, 'Payload Too Large', "The request is larger than Kustomer's 100 KB limit (413)", 'Shorten'],
		[418, { errors: [{ title: "I'm a teapot" }] }, "Kustomer answered 418: I'm a teapot", 'GET /v1/customers/'],
	])('%i %j', async (status, body, message, inDescription) => {
		kustomerApi().get(CUSTOMER_PATH).reply(status, body);
		const error = await failure(getCustomer());
		expect(error?.message).toBe(message);
		expect(error?.httpCode).toBe(String(status));
		expect(error?.description).toContain(inDescription);
	});
});

describe('the API key', () => {
	test('never appears in the run data, errors included', async () => {
		kustomerApi()
			.get(CUSTOMER_PATH)
			.reply(401, { errors: [{ title: 'Unauthorized', detail: `token ${TEST_API_KEY} is revoked` }] });
		const unauthorized = await runWorkflow(getCustomer());
		expect(unauthorized.error('Kustomer')?.description).toContain('token [redacted] is revoked');

		kustomerApi().post('/v1/conversations').replyWithError(networkError('ECONNRESET'));
		const dropped = await runWorkflow(createConversation());

		for (const run of [unauthorized.run, dropped.run]) {
			const serialized = JSON.stringify(run, (_key, value) =>
				value instanceof Error ? { ...value, message: value.message, stack: value.stack } : value,
			);
			expect(serialized).not.toContain(TEST_API_KEY);
			expect(serialized).not.toContain('Bearer');
		}
		// It was sent, where it belongs.
		expect(sent[0].headers.authorization).toBe(`Bearer ${TEST_API_KEY}`);
	});
});

describe('networkErrorCode', () => {


	test('finds the code as n8n 2.x wraps it (the axios error as cause)', () => {
		expect(networkErrorCode({ message: 'x', cause: { code: 'ECONNRESET' } })).toBe('ECONNRESET');
	});

	test('finds the code as n8n 1.x wraps it (cause lost, code kept as httpCode)', () => {
		expect(networkErrorCode({ message: 'The connection was closed', httpCode: 'ECONNRESET', cause: undefined })).toBe('ECONNRESET');
	});

	test('ignores HTTP status codes and unrelated strings', () => {
		expect(networkErrorCode({ httpCode: '502', code: 'invalid_token' })).toBeUndefined();
		expect(networkErrorCode(undefined)).toBeUndefined();
	});
});

/**
 * The sandbox's bulk endpoints and Kustomer's limits besides the org budget, as the benchmark
 * and the end-to-end tests rely on them.
 */
import nock from 'nock';

import type { Sandbox } from '../../sandbox/server';
import { createSandbox } from '../../sandbox/server';
import { SEED_IDS } from '../../sandbox/store';

let sandbox: Sandbox;
let base: string;

beforeAll(() => nock.enableNetConnect('127.0.0.1'));
afterEach(async () => await sandbox?.close());

async function start(config: Record<string, unknown> = {}) {
	sandbox = createSandbox({ config });
	base = await sandbox.listen(0);
}

async function call(method: string, path: string, body?: unknown) {
	const response = await fetch(`${base}${path}`, {
		method,
		headers: { 'Content-Type': 'application/json', Authorization: 'Bearer sandbox-key' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await response.text();
	return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

const sleep = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

describe('bulk', () => {
	/** The bulkClientRef reading of Kustomer's newer bulk pages (the OpenAPI file's closed schemas refuse it). */
	const ACCEPTING_REFS = { bulkClientRef: 'accepted' };

	test('as the OpenAPI file has it (the documented reading "refused"): a bulk carrying _clientRef is a 400 and writes nothing; without it, batches list objectIds in order', async () => {
		await start({ bulk: { queuedMs: 0, msPerItem: 0, batchSize: 2 } });
		const items = [
			{ customer: SEED_IDS.customers.jane, name: 'One' },
			{ customer: SEED_IDS.customers.omar, name: 'Two' },
			{ customer: SEED_IDS.customers.mei, name: 'Three' },
		];
		const refused = await call('POST', '/v1/conversations/bulk', items.map((item, index) => ({ ...item, _clientRef: String(index) })));
		expect(refused.status).toBe(400);
		expect(refused.body.errors[0].detail).toBe('/0 must NOT have additional properties "_clientRef"');
		await sleep(20);
		expect(sandbox.store.list('conversations')).toHaveLength(0);

		const id = (await call('POST', '/v1/conversations/bulk', items)).body.data.id;
		await sleep(30);
		const batches = (await call('GET', `/v1/bulk/${id}/batches`)).body.data.map((batch: { attributes: Record<string, unknown> }) => batch.attributes);
		const names = (ids: string[]) => ids.map((objectId) => sandbox.store.get('conversations', objectId)?.attributes.name);
		expect(batches.map((batch: { objectIds: string[] }) => names(batch.objectIds))).toEqual([['One', 'Two'], ['Three']]);
		expect(batches.every((batch: Record<string, unknown>) => !('results' in batch))).toBe(true);
	});

	test('a bulk create is queued, runs later, and its batches say what became of each item by _clientRef', async () => {
		await start({ bulk: { queuedMs: 60, msPerItem: 0, batchSize: 2 }, readings: ACCEPTING_REFS });
		const items = [
			{ customer: SEED_IDS.customers.jane, name: 'One', externalId: 'bulk-1', _clientRef: 'a' },
			{ customer: '0'.repeat(24), name: 'No such customer', _clientRef: 'b' },
			{ customer: SEED_IDS.customers.omar, name: 'Three', _clientRef: 'c' },
		];
		const submitted = await call('POST', '/v1/conversations/bulk', items);
		expect(submitted.status).toBe(201);
		expect(submitted.body.data).toMatchObject({ type: 'bulk', attributes: { status: 'queued', completed: false } });
		const id = submitted.body.data.id;
		expect(sandbox.store.list('conversations')).toHaveLength(0);

		await sleep(150);
		expect((await call('GET', `/v1/bulk/${id}`)).body.data.attributes).toMatchObject({ status: 'complete', batches: { complete: 2, total: 2 } });
		const batches = (await call('GET', `/v1/bulk/${id}/batches`)).body.data;
		expect(batches.map((batch: { attributes: object }) => batch.attributes)).toEqual([
			expect.objectContaining({
				status: 'complete',
				successCount: 1,
				failureCount: 1,
				results: [
					{ _clientRef: 'a', status: 'created', objectId: expect.stringMatching(/^[0-9a-f]{24}$/) },
					{ _clientRef: 'b', status: 'error', error: `customer ${'0'.repeat(24)} not found` },
				],
			}),
			expect.objectContaining({ successCount: 1, failureCount: 0, results: [expect.objectContaining({ _clientRef: 'c', status: 'created' })] }),
		]);
		expect(sandbox.store.list('conversations').map((entry) => entry.attributes.name).sort()).toEqual(['One', 'Three']);
	});

	test('running, then complete; messages answer 200; _clientRef must be on every item, unique', async () => {
		await start({ bulk: { queuedMs: 0, msPerItem: 60_000 }, readings: ACCEPTING_REFS });
		const conversation = (await call('POST', '/v1/conversations', { customer: SEED_IDS.customers.jane })).body.data.id;
		const message = { conversation, channel: 'chat', app: 'n8n', preview: 'hi' };
		const submitted = await call('POST', '/v1/messages/bulk', [{ ...message, _clientRef: '1' }]);
		expect(submitted.status).toBe(200);
		await sleep(20);
		expect((await call('GET', `/v1/bulk/${submitted.body.data.id}`)).body.data.attributes.status).toBe('running');
		expect((await call('POST', '/v1/messages/bulk', [{ ...message, _clientRef: '1' }, message])).body.errors[0].detail).toBe(
			'_clientRef must be on every item or on none',
		);
		expect((await call('POST', '/v1/messages/bulk', [{ ...message, _clientRef: '1' }, { ...message, _clientRef: '1' }])).status).toBe(400);
		expect((await call('POST', '/v1/conversations/bulk', Array.from({ length: 101 }, () => ({ customer: SEED_IDS.customers.jane })))).status).toBe(400);
	});

	test('bulk updates (PUT): 201, each record applied as a PATCH of its id, "updated" with the objectId; a record without company unlinks it', async () => {
		await start({ bulk: { queuedMs: 40, msPerItem: 0 }, readings: ACCEPTING_REFS });
		const { jane, omar } = SEED_IDS.customers;
		await call('PATCH', `/v1/customers/${jane}`, { company: SEED_IDS.companies.acme });
		await call('PATCH', `/v1/customers/${omar}`, { company: SEED_IDS.companies.acme });
		const customers = await call('PUT', '/v1/customers/bulk', [
			{ id: jane, locale: 'fr_FR', company: SEED_IDS.companies.acme, _clientRef: '0' },
			{ id: omar, locale: 'de_DE', _clientRef: '1' },
			{ id: '0'.repeat(24), locale: 'en_US', _clientRef: '2' },
		]);
		expect(customers.status).toBe(201);
		expect(customers.body.data.attributes).toMatchObject({ context: 'api.sobjects.customers.bulk-update', status: 'queued' });
		const conversation = (await call('POST', '/v1/conversations', { customer: jane })).body.data.id;
		const conversations = await call('PUT', '/v1/conversations/bulk', [{ id: conversation, status: 'done', queue: { id: SEED_IDS.queues.tier2 }, _clientRef: '0' }]);
		expect(conversations.status).toBe(201);
		await sleep(120);

		const results = async (id: string) => (await call('GET', `/v1/bulk/${id}/batches`)).body.data[0].attributes.results;
		expect(await results(customers.body.data.id)).toEqual([
			{ _clientRef: '0', status: 'updated', objectId: jane },
			{ _clientRef: '1', status: 'updated', objectId: omar },
			{ _clientRef: '2', status: 'error', error: expect.stringContaining('not found') },
		]);
		expect(await results(conversations.body.data.id)).toEqual([{ _clientRef: '0', status: 'updated', objectId: conversation }]);
		expect(sandbox.store.get('customers', jane)?.relationships.company).toEqual({ type: 'company', id: SEED_IDS.companies.acme });
		// Kustomer: "If you omit the company, the customer will no longer be linked to the company."
		expect(sandbox.store.get('customers', omar)?.relationships.company).toBeUndefined();
		expect(sandbox.store.get('conversations', conversation)?.attributes).toMatchObject({ status: 'done' });
	});

	test('bulk update bodies are checked as Kustomer\'s schema says: a record needs its id, and a conversation record needs a change', async () => {
		await start();
		const { jane } = SEED_IDS.customers;
		expect((await call('PUT', '/v1/customers/bulk', [{ locale: 'fr_FR' }])).status).toBe(400);
		expect((await call('PUT', '/v1/conversations/bulk', [{ id: jane }])).status).toBe(400);
		expect((await call('PUT', '/v1/conversations/bulk', [{ id: jane, status: 'open', customer: jane }])).status).toBe(400);
	});

	test('failureRate fails items at random', async () => {
		await start({ bulk: { queuedMs: 0, msPerItem: 0, failureRate: 1 }, readings: ACCEPTING_REFS });
		const id = (await call('POST', '/v1/notes/bulk', [{ conversation: '0'.repeat(24), body: 'x', _clientRef: '1' }])).body.data.id;
		await sleep(30);
		expect((await call('GET', `/v1/bulk/${id}/batches`)).body.data[0].attributes.results[0]).toEqual({ _clientRef: '1', status: 'error', error: 'injected failure' });
	});
});

describe("Kustomer's other limits", () => {
	test('120 conversation creates per minute per customer, then 429; another customer is not affected', async () => {
		await start({ limits: { createsPerCustomerPerMinute: 3 } });
		const create = async (customer: string) => (await call('POST', '/v1/conversations', { customer })).status;
		const jane = [];
		for (let index = 0; index < 4; index++) jane.push(await create(SEED_IDS.customers.jane));
		expect(jane).toEqual([201, 201, 201, 429]);
		expect(await create(SEED_IDS.customers.omar)).toBe(201);
		// Imports are exempt.
		expect((await call('POST', '/v1/conversations', { customer: SEED_IDS.customers.jane, importedAt: '2026-01-01T00:00:00Z' })).status).toBe(201);
	});

	test('100 searches per minute per API key, then 429', async () => {
		await start({ limits: { searchesPerMinute: 2 } });
		const statuses = [];
		for (let index = 0; index < 3; index++) statuses.push((await call('POST', '/v1/customers/search', { queryContext: 'customer' })).status);
		expect(statuses).toEqual([200, 200, 429]);
	});

	test('another client spending part of each window shows in x-ratelimit-remaining; windows start on a whole second', async () => {
		await start({ rateLimit: { limit: 10, windowMs: 2000, otherClientPerWindow: 6 } });
		const answer = await call('GET', '/v1/users/current');
		expect(answer.headers.get('x-ratelimit-remaining')).toBe('3');
		const reset = Number(answer.headers.get('x-ratelimit-reset'));
		expect(reset * 1000 - Date.now()).toBeLessThanOrEqual(2000);
	});

	test('searches serve pages of up to 500, and at most 10,000 records of one query', async () => {
		await start();
		for (let index = 0; index < 600; index++) sandbox.store.insert('customers', { name: `C${index}` });
		const first = await call('POST', '/v1/customers/search?page=1&pageSize=500', { queryContext: 'customer' });
		expect(first.body.data).toHaveLength(500);
		expect((await call('POST', '/v1/customers/search?page=21&pageSize=500', { queryContext: 'customer' })).status).toBe(400);
	});
});

describe("object rate limiting (Kustomer's, documented without numbers)", () => {
	test('updates to one record past the limit are a 429 while the org budget is not spent; other records go on', async () => {
		await start({ limits: { objectUpdatesPerMinute: 2 } });
		const conversation = async () => (await call('POST', '/v1/conversations', { customer: SEED_IDS.customers.jane, name: 'Hot' })).body.data.id as string;
		const [hot, cold] = [await conversation(), await conversation()];
		const statuses = [];
		for (const priority of [2, 3, 4]) statuses.push((await call('PATCH', `/v1/conversations/${hot}`, { priority })).status);
		expect(statuses).toEqual([200, 200, 429]);
		const refused = await call('POST', `/v1/conversations/${hot}/tags`, ['vip']);
		expect(refused.status).toBe(429);
		expect(Number(refused.headers.get('x-ratelimit-remaining'))).toBeGreaterThan(0);
		expect(refused.body.errors[0].detail).toContain('object rate limit');
		expect((await call('PATCH', `/v1/conversations/${cold}`, { priority: 5 })).status).toBe(200);
	});
});

describe('another client spending through each window (the fair-share benchmark)', () => {
	// The sandbox's windows follow Date.now, on whole seconds: on real time, 12 requests meant to
	// spend one window could straddle two (a start late in a second, a loaded machine) and see no
	// 429. Only Date is virtual here (timers, and so the HTTP between test and sandbox, are real).
	const REAL_TIMERS = ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] as const;
	beforeEach(() => jest.useFakeTimers({ doNotFake: [...REAL_TIMERS], now: Date.UTC(2026, 10, 22, 12, 0, 0) }));
	afterEach(() => jest.useRealTimers());
	const elapse = (ms: number) => jest.setSystemTime(Date.now() + ms);

	test('its requests come evenly through the window and are refused when the window is spent', async () => {
		await start({ rateLimit: { limit: 10, windowMs: 1000, otherClientPerWindow: 6, otherClientSpread: true } });
		// Spend the whole window at once: the other client's requests through the rest of it are refused.
		const statuses = [];
		for (let index = 0; index < 12; index++) statuses.push((await call('GET', '/v1/users/current')).status);
		expect(statuses.filter((status) => status === 429).length).toBeGreaterThan(0);
		elapse(1100);
		await call('GET', '/v1/users/current');
		const stats = (await call('GET', '/_sandbox/other-client')).body;
		expect(stats.refused).toBeGreaterThan(0);
		expect(stats.answered + stats.refused).toBeGreaterThanOrEqual(6);
		// A quiet window leaves it everything.
		await call('PATCH', '/_sandbox/config', { rateLimit: { limit: 10, windowMs: 1000, otherClientPerWindow: 6, otherClientSpread: true } });
		await call('GET', '/v1/users/current');
		elapse(1100);
		await call('GET', '/v1/users/current');
		const quiet = (await call('GET', '/_sandbox/other-client')).body;
		expect(quiet.refused).toBe(0);
		expect(quiet.answered).toBeGreaterThanOrEqual(6);
	});
});

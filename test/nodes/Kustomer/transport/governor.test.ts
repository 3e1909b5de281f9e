import {
	AUTOMATIC_MAX_PARALLEL,
	CREATES_PER_CUSTOMER_PER_MINUTE,
	MINUTE_LIMIT_MARGIN_MS,
	ownLimitOf,
	PROBE_REQUESTS,
	RateGovernor,
	costs,
	RateLimitWaitTooLong,
	SEARCHES_PER_MINUTE,
} from '../../../../nodes/Kustomer/transport/governor';
import { limitsOf, requestCost } from '../../../helpers/requestCosts';
import { VirtualClock } from '../../../helpers/virtualClock';

const CUSTOMER = '5f1a2b3c4d5e6f7a8b9c0d1e';
const CONVERSATION = '6a1b2c3d4e5f6a7b8c9d0e1f';

function budget(remaining: number, resetSeconds: number) {
	return { 'x-ratelimit-limit': '1000', 'x-ratelimit-remaining': String(remaining), 'x-ratelimit-reset': String(resetSeconds) };
}

/** Starts `count` acquires and answers how many got through before the clock moved. */
async function startable(governor: RateGovernor, count: number, cost = {}): Promise<number> {
	let started = 0;
	for (let index = 0; index < count; index++) void governor.acquire(cost).then(() => started++);
	await new Promise((resolve) => setImmediate(resolve));
	return started;
}

// The rules each request's declared cost follows (everyOperation.test.ts holds the node's requests to them).
describe('requestCost', () => {
	test('searches count against the search limit', () => {
		expect(requestCost('POST', '/v1/customers/search?page=2&pageSize=500', {})).toEqual({ search: true });
		expect(requestCost('POST', '/v1/customers/archive/search', {})).toEqual({ search: true });
	});

	test('creates count against their customer, or their conversation when the customer is not in the request', () => {
		expect(requestCost('POST', '/v1/conversations', { customer: CUSTOMER.toUpperCase() })).toEqual({ createFor: CUSTOMER });
		expect(requestCost('POST', `/v1/customers/${CUSTOMER}/drafts`, {})).toEqual({ createFor: CUSTOMER });
		expect(requestCost('POST', `/v1/conversations/${CONVERSATION}/messages`, {})).toEqual({ createFor: `conversation:${CONVERSATION}` });
		expect(requestCost('POST', `/v1/conversations/${CONVERSATION}/notes`, {})).toEqual({ createFor: `conversation:${CONVERSATION}` });
	});

	test('writes to one record count against that record (Kustomer\'s object rate limiting)', () => {
		expect(requestCost('PATCH', `/v1/conversations/${CONVERSATION}`, {})).toEqual({ record: `/v1/conversations/${CONVERSATION}` });
		expect(requestCost('POST', `/v1/conversations/${CONVERSATION}/tags`, ['vip'])).toEqual({ record: `/v1/conversations/${CONVERSATION}` });
		expect(requestCost('DELETE', `/v1/conversations/${CONVERSATION}/tags`, ['vip'])).toEqual({ record: `/v1/conversations/${CONVERSATION}` });
		expect(requestCost('PUT', `/v1/klasses/order/${CONVERSATION}`, {})).toEqual({ record: `/v1/klasses/order/${CONVERSATION}` });
		expect(ownLimitOf(requestCost('PATCH', `/v1/customers/${CUSTOMER}`, {}))).toBe(`record:/v1/customers/${CUSTOMER}`);
		expect(ownLimitOf(requestCost('POST', '/v1/customers/search', {}))).toBe('search');
		expect(ownLimitOf(requestCost('GET', `/v1/customers/${CUSTOMER}`, undefined))).toBeUndefined();
	});

	test('reads, imports (importedAt) and bulk requests count only against the org budget', () => {
		expect(requestCost('GET', `/v1/customers/${CUSTOMER}/conversations`, undefined)).toEqual({});
		expect(requestCost('POST', '/v1/conversations', { customer: CUSTOMER, importedAt: '2026-01-01T00:00:00Z' })).toEqual({});
		expect(requestCost('POST', '/v1/conversations/bulk', [{ customer: CUSTOMER }])).toEqual({});
	});
});

describe('costs, as requests declare them', () => {
	test('say what the rules say of the same requests', () => {
		expect(costs.search()).toEqual(requestCost('POST', '/v1/customers/search', {}));
		expect(costs.createUnder({ customer: CUSTOMER.toUpperCase() }, {})).toEqual(requestCost('POST', '/v1/conversations', { customer: CUSTOMER }));
		expect(costs.createUnder({ conversation: CONVERSATION }, {})).toEqual(requestCost('POST', `/v1/conversations/${CONVERSATION}/notes`, {}));
		expect(costs.createUnder({ customer: CUSTOMER }, { importedAt: '2026-01-01T00:00:00Z' })).toEqual({});
		expect(costs.recordWrite(`/v1/klasses/order/${CONVERSATION}`)).toEqual(requestCost('PUT', `/v1/klasses/order/${CONVERSATION}`, {}));
		expect(limitsOf(costs.bulk())).toEqual(requestCost('POST', '/v1/conversations/bulk', []));
		expect(ownLimitOf(costs.bulk())).toBeUndefined();
	});
});

describe('RateGovernor', () => {
	test('before Kustomer has told the budget, only a few probe requests go', async () => {
		const governor = new RateGovernor(new VirtualClock(), undefined, 300_000, 0);
		expect(await startable(governor, 10)).toBe(PROBE_REQUESTS);
	});

	test('with budget to spare, up to its own ceiling of requests are in flight', async () => {
		const clock = new VirtualClock();
		const governor = new RateGovernor(clock, undefined, 300_000, 0);
		await governor.acquire({});
		governor.release(budget(900, 60));
		expect(await startable(governor, 100)).toBe(AUTOMATIC_MAX_PARALLEL);
	});

	test("the user's Max Parallel Requests caps it", async () => {
		const governor = new RateGovernor(new VirtualClock(), 2, 300_000);
		await governor.acquire({});
		governor.release(budget(900, 60));
		expect(await startable(governor, 10)).toBe(2);
	});

	test('requests in flight count against what remains; at zero the next waits for the reset', async () => {
		const clock = new VirtualClock();
		const governor = new RateGovernor(clock, undefined, 300_000, 0);
		await governor.acquire({});
		governor.release(budget(3, 10));
		expect(await startable(governor, 5)).toBe(3);
		for (let index = 0; index < 3; index++) governor.release(budget(0, 10));
		const start = clock.now();
		await governor.acquire({});
		expect(clock.now() - start).toBeGreaterThanOrEqual(10_000);
		expect(clock.now() - start).toBeLessThan(11_000);
	});

	test('other clients spending the budget lower what this run may use (the lowest count of a window wins)', async () => {
		const clock = new VirtualClock();
		const governor = new RateGovernor(clock, undefined, 300_000, 0);
		await governor.acquire({});
		await governor.acquire({});
		governor.release(budget(100, 30));
		governor.release(budget(40, 30));
		expect(governor.parallelLimit()).toBe(AUTOMATIC_MAX_PARALLEL);
		await governor.acquire({});
		governor.release(budget(2, 30));
		const low = governor.parallelLimit();
		expect(low).toBeGreaterThan(0);
		expect(low).toBeLessThanOrEqual(2);
		// A late answer of the same window does not raise it again.
		await governor.acquire({});
		governor.release(budget(50, 30));
		expect(governor.parallelLimit()).toBeLessThanOrEqual(low);
	});

	test('a pause after a 429 holds every request of the run', async () => {
		const clock = new VirtualClock();
		const governor = new RateGovernor(clock, undefined, 300_000, 0);
		governor.pause(clock.now() + 5000);
		const start = clock.now();
		await Promise.all([governor.acquire({}), governor.acquire({})]);
		expect(clock.now() - start).toBeGreaterThanOrEqual(5000);
	});

	test(`at most ${SEARCHES_PER_MINUTE} searches start in any minute`, async () => {
		const clock = new VirtualClock();
		const governor = new RateGovernor(clock, 1000, 300_000);
		const start = clock.now();
		for (let index = 0; index < SEARCHES_PER_MINUTE; index++) {
			await governor.acquire({ search: true });
			governor.release();
			clock.advance(10);
		}
		await governor.acquire({ search: true });
		expect(clock.now() - start).toBeGreaterThanOrEqual(60_000);
		// Other requests are not held back by the search limit.
		governor.release();
		const before = clock.now();
		await governor.acquire({});
		expect(clock.now()).toBe(before);
	});

	test(`at most ${CREATES_PER_CUSTOMER_PER_MINUTE} creates per customer start in any minute; other customers go on`, async () => {
		const clock = new VirtualClock();
		const governor = new RateGovernor(clock, 1000, 300_000);
		for (let index = 0; index < CREATES_PER_CUSTOMER_PER_MINUTE; index++) {
			await governor.acquire({ createFor: CUSTOMER });
			governor.release();
		}
		const before = clock.now();
		await governor.acquire({ createFor: 'another' });
		expect(clock.now()).toBe(before);
		governor.release();
		await governor.acquire({ createFor: CUSTOMER });
		expect(clock.now() - before).toBeGreaterThanOrEqual(60_000);
	});

	test('the per-minute limits keep a second of margin: Kustomer counts arrivals, which latency can bunch', async () => {
		const clock = new VirtualClock();
		const governor = new RateGovernor(clock, 1000, 300_000);
		const first = clock.now();
		for (let index = 0; index < CREATES_PER_CUSTOMER_PER_MINUTE; index++) {
			await governor.acquire({ createFor: CUSTOMER });
			governor.release();
		}
		await governor.acquire({ createFor: CUSTOMER });
		expect(clock.now() - first).toBe(60_000 + MINUTE_LIMIT_MARGIN_MS);
	});

	test('a wait longer than its bound fails at once instead of holding the run', async () => {
		const clock = new VirtualClock();
		const governor = new RateGovernor(clock, undefined, 300_000, 0);
		governor.pause(clock.now() + 600_000);
		await expect(governor.acquire({})).rejects.toBeInstanceOf(RateLimitWaitTooLong);
		expect(clock.sleeps).toEqual([]);
	});
});

test('a limit of its own holds only the requests that share it', async () => {
	const clock = new VirtualClock();
	const governor = new RateGovernor(clock, 1000, 300_000);
	governor.hold('record:/v1/conversations/a', clock.now() + 4_000);
	const start = clock.now();
	await governor.acquire({ record: '/v1/conversations/b' });
	expect(clock.now()).toBe(start);
	governor.release();
	await governor.acquire({ record: '/v1/conversations/a' });
	expect(clock.now() - start).toBeGreaterThanOrEqual(4_000);
});

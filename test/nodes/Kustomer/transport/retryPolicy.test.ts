import {
	classifyNetworkFailure,
	failureBackoffMs,
	FAILURE_RETRY_BUDGET_MS,
	isRetryableMethod,
	MAX_RATE_LIMIT_RETRIES,
	nextStep,
	rateLimitWaitMs,
	readRateLimit,
	retryAfterTime,
	SETTLE_LOOK_AFTER_TIMEOUT_MS,
	SETTLE_LOOK_MS,
	settleWaitsMs,
} from '../../../../nodes/Kustomer/transport/retryPolicy';
import type { RetryState, RetryTraits } from '../../../../nodes/Kustomer/transport/retryPolicy';

const now = 1_763_900_000_000;
const reset = (value: unknown) => ({ 'x-ratelimit-reset': value });

describe('rateLimitWaitMs', () => {
	test('reads a small reset as seconds from now (plus a margin for clock skew)', () => {
		expect(rateLimitWaitMs(reset('7'), now, 0)).toBe(7100);
		expect(rateLimitWaitMs(reset(2), now, 0)).toBe(2100);
	});

	test('reads a reset above 10^9 as epoch seconds and above 10^12 as epoch milliseconds', () => {
		expect(rateLimitWaitMs(reset(String(now / 1000 + 30)), now, 0)).toBe(30_100);
		expect(rateLimitWaitMs(reset(String(now + 4500)), now, 0)).toBe(4600);
	});

	test('never waits less than a quarter second, even for a reset in the past', () => {
		expect(rateLimitWaitMs(reset(String(now / 1000 - 10)), now, 0)).toBe(250);
		expect(rateLimitWaitMs(reset('0'), now, 0)).toBe(250);
	});

	test('honours Retry-After (seconds or an HTTP date)', () => {
		expect(rateLimitWaitMs({ 'retry-after': '3' }, now, 0)).toBe(3100);
		expect(rateLimitWaitMs({ 'retry-after': new Date(now + 9000).toUTCString() }, now, 0)).toBe(9100);
	});

	test('a Retry-After that is neither whole seconds nor an HTTP date is ignored: "5, 10" is not a date in the past', () => {
		// Date.parse("5, 10") is a date in 2001: read as a date, it would retry at once, every 250 ms.
		expect(rateLimitWaitMs({ 'retry-after': '5, 10', ...reset('40') }, now, 0)).toBe(40_100);
		expect(rateLimitWaitMs({ 'retry-after': '1.5', ...reset('40') }, now, 0)).toBe(40_100);
		expect(rateLimitWaitMs({ 'retry-after': 'Tuesday', ...reset('40') }, now, 0)).toBe(40_100);
		expect(retryAfterTime('5, 10', now)).toBeUndefined();
		expect(retryAfterTime('Sun, 06 Nov 1994 08:49:37 GMT', now)).toBe(Date.UTC(1994, 10, 6, 8, 49, 37));
	});

	test('a valid Retry-After earlier than a valid x-ratelimit-reset does not win: the later of the two is waited for', () => {
		expect(rateLimitWaitMs({ 'retry-after': '3', ...reset('40') }, now, 0)).toBe(40_100);
		expect(rateLimitWaitMs({ 'retry-after': '50', ...reset('40') }, now, 0)).toBe(50_100);
		expect(rateLimitWaitMs({ 'retry-after': new Date(now - 60_000).toUTCString(), ...reset('40') }, now, 0)).toBe(40_100);
	});

	test('backs off exponentially without a usable header', () => {
		expect(rateLimitWaitMs({}, now, 0)).toBe(1000);
		expect(rateLimitWaitMs(reset(''), now, 1)).toBe(2000);
		expect(rateLimitWaitMs(reset('soon'), now, 2)).toBe(4000);
		expect(rateLimitWaitMs({}, now, 10)).toBe(30_000);
	});
});

test('readRateLimit reads limit, remaining and reset as an absolute time', () => {
	expect(readRateLimit({ 'x-ratelimit-limit': '1000', 'x-ratelimit-remaining': '12', 'x-ratelimit-reset': '30' }, now)).toEqual({
		limit: 1000,
		remaining: 12,
		resetAt: now + 30_000,
	});
	expect(readRateLimit({}, now)).toEqual({ limit: undefined, remaining: undefined, resetAt: undefined });
	expect(retryAfterTime('soon', now)).toBeUndefined();
});

test('failure backoff doubles from 0.5 s, is capped at 15 s, and is jittered within the upper half of each step', () => {
	expect([1, 2, 3, 4].map((failure) => failureBackoffMs(failure, 0))).toEqual([250, 500, 1000, 2000]);
	expect([1, 2, 3, 4].map((failure) => failureBackoffMs(failure, 0.999_999))).toEqual([500, 1000, 2000, 4000]);
	expect(failureBackoffMs(12, 0.999_999)).toBe(15_000);
});

test('network failures: before sending, ambiguous, or not worth retrying', () => {
	expect(classifyNetworkFailure('ECONNREFUSED')).toBe('notSent');
	expect(classifyNetworkFailure('ENOTFOUND')).toBe('notSent');
	expect(classifyNetworkFailure('ECONNRESET')).toBe('ambiguous');
	expect(classifyNetworkFailure('ETIMEDOUT')).toBe('ambiguous');
	expect(classifyNetworkFailure('CERT_HAS_EXPIRED')).toBe('fatal');
	expect(classifyNetworkFailure('ERR_CANCELED')).toBe('fatal');
	expect(classifyNetworkFailure(undefined)).toBe('fatal');
});

test('retryable methods: reads, PUT, PATCH and DELETE, not POST', () => {
	expect(['GET', 'delete', 'PUT', 'PATCH'].map(isRetryableMethod)).toEqual([true, true, true, true]);
	expect(isRetryableMethod('POST')).toBe(false);
});

describe('nextStep', () => {
	const fresh: RetryState = { rateLimited: 0, failures: 0, backoffMs: 0 };
	const read: RetryTraits = { retryable: true, canFindExisting: false };
	const create: RetryTraits = { retryable: false, canFindExisting: false };
	const createWithCheck: RetryTraits = { retryable: false, canFindExisting: true };
	const status = (code: number, headers = {}) => ({ status: code, headers });

	test('2xx is done; 4xx fails at once', () => {
		expect(nextStep(status(201), fresh, create, now, 0.5)).toEqual({ kind: 'done' });
		expect(nextStep(status(404), fresh, read, now, 0.5)).toEqual({ kind: 'fail', reason: 'http' });
	});

	test('a 429 holds the run back until the reset, up to the retry bound', () => {
		expect(nextStep(status(429, reset('2')), fresh, create, now, 0.5)).toEqual({ kind: 'rateLimited', waitMs: 2100, scope: 'org' });
		expect(nextStep(status(429, { 'x-ratelimit-remaining': '0', ...reset('2') }), fresh, create, now, 0.5)).toMatchObject({ scope: 'org' });
		// The org budget not spent: a limit of the request's own, waited on with backoff, not the window's reset.
		expect(nextStep(status(429, { 'x-ratelimit-remaining': '400', ...reset('40') }), fresh, create, now, 0.5)).toEqual({ kind: 'rateLimited', waitMs: 1000, scope: 'own' });
		expect(nextStep(status(429, { 'x-ratelimit-remaining': '400', 'retry-after': '3' }), { ...fresh, rateLimited: 2 }, create, now, 0.5)).toEqual({ kind: 'rateLimited', waitMs: 3100, scope: 'own' });
		expect(nextStep(status(429), { ...fresh, rateLimited: MAX_RATE_LIMIT_RETRIES }, read, now, 0.5)).toEqual({
			kind: 'fail',
			reason: 'rateLimitRetries',
		});
		expect(nextStep(status(429, reset('600')), fresh, read, now, 0.5)).toEqual({ kind: 'fail', reason: 'rateLimitWait' });
	});

	test('a 5xx is retried for reads, after two looks for checked creates, never for plain creates', () => {
		expect(nextStep(status(503), fresh, read, now, 0.5)).toEqual({ kind: 'retry', waitMs: 375 });
		expect(nextStep(status(502), fresh, createWithCheck, now, 0.5)).toEqual({ kind: 'settle', looksAfterMs: [SETTLE_LOOK_MS, SETTLE_LOOK_MS] });
		expect(nextStep(status(500), fresh, create, now, 0.5)).toEqual({ kind: 'fail', reason: 'http' });
	});

	test('a checked create waits longer before looking after a timeout (504, no answer in time), and longer with each try', () => {
		expect(settleWaitsMs(1, status(502))).toEqual([SETTLE_LOOK_MS, SETTLE_LOOK_MS]);
		expect(settleWaitsMs(2, status(502))).toEqual([2 * SETTLE_LOOK_MS, 2 * SETTLE_LOOK_MS]);
		expect(settleWaitsMs(1, status(504))).toEqual([SETTLE_LOOK_AFTER_TIMEOUT_MS, SETTLE_LOOK_AFTER_TIMEOUT_MS]);
		expect(settleWaitsMs(1, { networkCode: 'ETIMEDOUT' })).toEqual([SETTLE_LOOK_AFTER_TIMEOUT_MS, SETTLE_LOOK_AFTER_TIMEOUT_MS]);
		expect(settleWaitsMs(1, { networkCode: 'ECONNRESET' })).toEqual([SETTLE_LOOK_MS, SETTLE_LOOK_MS]);
		expect(SETTLE_LOOK_AFTER_TIMEOUT_MS).toBeGreaterThan(SETTLE_LOOK_MS);
	});

	test('retries stop once the backoff would pass about a minute', () => {
		expect(nextStep(status(503), { ...fresh, failures: 9, backoffMs: FAILURE_RETRY_BUDGET_MS - 5000 }, read, now, 0.5)).toEqual({
			kind: 'fail',
			reason: 'http',
		});
		// A checked create whose last attempt may have landed looks for its record once more before failing.
		const spent = { ...fresh, failures: 4, backoffMs: FAILURE_RETRY_BUDGET_MS - 5000 };
		expect(nextStep(status(502), spent, createWithCheck, now, 0.5)).toEqual({ kind: 'fail', reason: 'http', looksFirstMs: [SETTLE_LOOK_MS, SETTLE_LOOK_MS] });
		expect(nextStep({ networkCode: 'ETIMEDOUT' }, spent, createWithCheck, now, 0.5)).toEqual({
			kind: 'fail',
			reason: 'network',
			looksFirstMs: [SETTLE_LOOK_AFTER_TIMEOUT_MS, SETTLE_LOOK_AFTER_TIMEOUT_MS],
		});
	});

	test('a request that never left is always sent again; an ambiguous one only when that is safe', () => {
		expect(nextStep({ networkCode: 'ECONNREFUSED' }, fresh, create, now, 0.5)).toMatchObject({ kind: 'retry' });
		expect(nextStep({ networkCode: 'ECONNRESET' }, fresh, create, now, 0.5)).toEqual({ kind: 'fail', reason: 'network' });
		expect(nextStep({ networkCode: 'ECONNRESET' }, fresh, createWithCheck, now, 0.5)).toMatchObject({ kind: 'settle' });
		expect(nextStep({ networkCode: 'CERT_HAS_EXPIRED' }, fresh, read, now, 0.5)).toEqual({ kind: 'fail', reason: 'network' });
	});
});

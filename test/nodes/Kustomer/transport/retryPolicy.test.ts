import {
	classifyNetworkFailure,
	failureBackoffMs,
	isRepeatableMethod,
	rateLimitWaitMs,
} from '../../../../nodes/Kustomer/transport/retryPolicy';

describe('rateLimitWaitMs', () => {
	const now = Date.UTC(2026, 10, 21, 12, 0, 0);

	test('reads small values as seconds from now', () => {
		expect(rateLimitWaitMs('7', now, 0)).toBe(7100);
		expect(rateLimitWaitMs(2, now, 0)).toBe(2100);
	});

	test('reads values above 10^9 as epoch seconds', () => {
		expect(rateLimitWaitMs(String(now / 1000 + 30), now, 0)).toBe(30_100);
	});

	test('reads values above 10^12 as epoch milliseconds', () => {
		expect(rateLimitWaitMs(String(now + 4500), now, 0)).toBe(4600);
	});

	test('a reset in the past or at zero still waits a moment', () => {
		expect(rateLimitWaitMs(String(now / 1000 - 10), now, 0)).toBe(250);
		expect(rateLimitWaitMs('0', now, 0)).toBe(250);
	});

	test('without a usable header, backs off exponentially up to 30 s', () => {
		expect(rateLimitWaitMs(undefined, now, 0)).toBe(1000);
		expect(rateLimitWaitMs('', now, 1)).toBe(2000);
		expect(rateLimitWaitMs('soon', now, 2)).toBe(4000);
		expect(rateLimitWaitMs(undefined, now, 10)).toBe(30_000);
	});
});

test('failure backoff doubles from half a second', () => {
	expect([1, 2, 3].map(failureBackoffMs)).toEqual([500, 1000, 2000]);
});

test('network failures are classified by whether the request can have arrived', () => {
	expect(classifyNetworkFailure('ECONNREFUSED')).toBe('notSent');
	expect(classifyNetworkFailure('ENOTFOUND')).toBe('notSent');
	expect(classifyNetworkFailure('ECONNRESET')).toBe('ambiguous');
	expect(classifyNetworkFailure('ETIMEDOUT')).toBe('ambiguous');
	expect(classifyNetworkFailure('ERR_CANCELED')).toBe('fatal');
	expect(classifyNetworkFailure(undefined)).toBe('fatal');
});

test('only methods that cannot create a record are repeatable by default', () => {
	expect(isRepeatableMethod('GET')).toBe(true);
	expect(isRepeatableMethod('delete')).toBe(true);
	expect(isRepeatableMethod('POST')).toBe(false);
	expect(isRepeatableMethod('PATCH')).toBe(false);
});

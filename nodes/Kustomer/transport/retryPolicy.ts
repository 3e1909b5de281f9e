/**
 * When to wait and when to try again. Pure functions and the bounds they enforce, so the
 * request loop stays readable and the rules are testable on their own.
 */

/** Retries of a request answered 429, before giving up. */
export const MAX_RATE_LIMIT_RETRIES = 6;
/** Total time one request may spend waiting for Kustomer's rate limit window to reset. */
export const MAX_RATE_LIMIT_WAIT_MS = 120_000;
/** Retries after a 5xx or a dropped connection, where a repeat is safe. */
export const MAX_FAILURE_RETRIES = 3;

const MIN_RATE_LIMIT_WAIT_MS = 250;
/** Added to the reset time: Kustomer's clock and ours are not the same clock. */
const RESET_MARGIN_MS = 100;
const EPOCH_SECONDS_THRESHOLD = 1e9;
const EPOCH_MILLISECONDS_THRESHOLD = 1e12;

/**
 * How long to wait after a 429. `x-ratelimit-reset` is read as epoch seconds when it is
 * above 10^9 (epoch milliseconds above 10^12) and as seconds from now otherwise; Kustomer's
 * documentation and clients disagree on the unit. Without a usable header, back off
 * exponentially.
 */
export function rateLimitWaitMs(resetHeader: unknown, nowMs: number, retry: number): number {
	const reset = typeof resetHeader === 'string' || typeof resetHeader === 'number' ? Number(resetHeader) : NaN;
	if (resetHeader === '' || !Number.isFinite(reset) || reset < 0) {
		return Math.min(1000 * 2 ** retry, 30_000);
	}
	let waitMs: number;
	if (reset > EPOCH_MILLISECONDS_THRESHOLD) waitMs = reset - nowMs;
	else if (reset > EPOCH_SECONDS_THRESHOLD) waitMs = reset * 1000 - nowMs;
	else waitMs = reset * 1000;
	return Math.max(MIN_RATE_LIMIT_WAIT_MS, Math.ceil(waitMs) + RESET_MARGIN_MS);
}

/** Backoff after the n-th failure (1-based): 0.5 s, 1 s, 2 s. */
export function failureBackoffMs(failure: number): number {
	return 500 * 2 ** (failure - 1);
}

/** Network error codes raised before the request could reach Kustomer: always safe to repeat. */
const NOT_SENT_CODES = new Set([
	'ECONNREFUSED',
	'ENOTFOUND',
	'EAI_AGAIN',
	'EHOSTUNREACH',
	'ENETUNREACH',
	'EADDRNOTAVAIL',
]);

/** Codes after which the request may or may not have been processed. */
const AMBIGUOUS_CODES = new Set([
	'ECONNRESET',
	'ETIMEDOUT',
	'ECONNABORTED',
	'EPIPE',
	'ESOCKETTIMEDOUT',
	'ERR_SOCKET_CONNECTION_TIMEOUT',
	'UND_ERR_SOCKET',
]);

export type NetworkFailure = 'notSent' | 'ambiguous' | 'fatal';

/** Classifies an error code from a failed HTTP exchange (no response received). */
export function classifyNetworkFailure(code: string | undefined): NetworkFailure {
	if (code && NOT_SENT_CODES.has(code)) return 'notSent';
	if (code && AMBIGUOUS_CODES.has(code)) return 'ambiguous';
	return 'fatal';
}

/** Methods whose repetition cannot create a second record. */
export function isRepeatableMethod(method: string): boolean {
	return ['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE'].includes(method.toUpperCase());
}

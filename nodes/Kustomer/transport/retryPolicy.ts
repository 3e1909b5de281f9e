/**
 * When to wait and when to try again: pure functions and the bounds they enforce, so the
 * request loop stays small and the rules are testable on their own.
 */

/** 429 answers one request may get before it fails. */
export const MAX_RATE_LIMIT_RETRIES = 8;
/**
 * The longest one request waits for Kustomer's budget, in all. Kustomer's windows are a minute
 * long, so this covers a few windows of a budget shared with other integrations.
 */
export const MAX_RATE_LIMIT_WAIT_MS = 300_000;
/**
 * Retries of a retryable request after 5xx answers or dropped connections are spaced by
 * jittered exponential backoff (0.5 s doubling, at most 15 s apart) and stop once the waits
 * would pass about a minute: a bad minute at Kustomer is survived, a longer outage is reported.
 */
export const FAILURE_BACKOFF_BASE_MS = 500;
export const FAILURE_BACKOFF_CAP_MS = 15_000;
export const FAILURE_RETRY_BUDGET_MS = 60_000;

/**
 * A create whose outcome is unknown (a 5xx, a dropped connection, a timeout) may still be
 * landing: a gateway can answer 504 while Kustomer goes on writing, and the record appears a
 * second or two later. So the node waits before it looks (with Kustomer's direct lookup, which
 * reads the records, not the search index), looks once more after as long again, and only then
 * sends the create again. The wait doubles with each try, and starts longer after a timeout
 * (a 504, or no answer within the request timeout), when Kustomer was still busy with it.
 * Kustomer documents no write latency: these are the node's own margins.
 */
export const SETTLE_LOOK_MS = 2_000;
export const SETTLE_LOOK_AFTER_TIMEOUT_MS = 5_000;
const LOOKS_BEFORE_SENDING_AGAIN = 2;

const MIN_RATE_LIMIT_WAIT_MS = 250;
/** Added to the reset time: Kustomer's clock and ours are not the same clock. */
const RESET_MARGIN_MS = 100;
const EPOCH_SECONDS_THRESHOLD = 1e9;
const EPOCH_MILLISECONDS_THRESHOLD = 1e12;

function headerNumber(value: unknown): number | undefined {
	const text = Array.isArray(value) ? value[0] : value;
	if (typeof text !== 'string' && typeof text !== 'number') return undefined;
	if (typeof text === 'string' && text.trim() === '') return undefined;
	const number = Number(text);
	return Number.isFinite(number) && number >= 0 ? number : undefined;
}

/**
 * `x-ratelimit-reset` as an absolute time. It is read as epoch seconds above 10^9 (epoch
 * milliseconds above 10^12) and as seconds from now otherwise: Kustomer's documentation and
 * clients disagree on the unit, and both occur.
 */
export function resetTime(resetHeader: unknown, nowMs: number): number | undefined {
	const reset = headerNumber(resetHeader);
	if (reset === undefined) return undefined;
	if (reset > EPOCH_MILLISECONDS_THRESHOLD) return reset;
	if (reset > EPOCH_SECONDS_THRESHOLD) return reset * 1000;
	return nowMs + reset * 1000;
}

/**
 * The forms RFC 9110 (section 10.2.3) allows for `Retry-After`: delta-seconds (digits only), or
 * an HTTP-date (section 5.6.7: IMF-fixdate, and the obsolete RFC 850 and asctime forms).
 * Anything else is ignored: `Date.parse` alone reads "5, 10" as a date in 2001.
 */
const DELTA_SECONDS = /^\d+$/;
const HTTP_DATES = [
	/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/,
	/^(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), \d{2}-(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)-\d{2} \d{2}:\d{2}:\d{2} GMT$/,
	/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ \d]\d \d{2}:\d{2}:\d{2} \d{4}$/,
];

/** `Retry-After` (delta-seconds, or an HTTP date) as an absolute time; undefined when it is neither. */
export function retryAfterTime(header: unknown, nowMs: number): number | undefined {
	const text = String(Array.isArray(header) ? header[0] : (header ?? '')).trim();
	if (DELTA_SECONDS.test(text)) return nowMs + Number(text) * 1000;
	if (!HTTP_DATES.some((form) => form.test(text))) return undefined;
	const date = Date.parse(text.includes('GMT') ? text : `${text} GMT`);
	return Number.isFinite(date) ? date : undefined;
}

export interface RateLimitReading {
	limit?: number;
	remaining?: number;
	resetAt?: number;
}

/** What Kustomer's x-ratelimit-limit, -remaining and -reset headers say. */
export function readRateLimit(headers: Record<string, unknown>, nowMs: number): RateLimitReading {
	return {
		limit: headerNumber(headers['x-ratelimit-limit']),
		remaining: headerNumber(headers['x-ratelimit-remaining']),
		resetAt: resetTime(headers['x-ratelimit-reset'], nowMs),
	};
}

/**
 * How long to hold the run back after a 429: until the later of a valid `Retry-After` and the
 * window's reset (either alone when only one is sent; an earlier Retry-After must not send
 * requests into a window Kustomer says is spent); without either, exponentially longer each time.
 */
export function rateLimitWaitMs(headers: Record<string, unknown>, nowMs: number, retry: number): number {
	const times = [retryAfterTime(headers['retry-after'], nowMs), resetTime(headers['x-ratelimit-reset'], nowMs)].filter(
		(time): time is number => time !== undefined,
	);
	if (!times.length) return Math.min(1000 * 2 ** retry, 30_000);
	const until = Math.max(...times);
	return Math.max(MIN_RATE_LIMIT_WAIT_MS, Math.ceil(until - nowMs) + RESET_MARGIN_MS);
}

/**
 * Whether a 429's headers show the org's budget not spent: then the refusal is another limit
 * than the org window, one of Kustomer's own per record (OpenAPI: PATCH /customers/{id},
 * PATCH /conversations/{id}, the conversation tag endpoints, PUT /klasses/{name}/{id} and
 * PATCH /messages/{id} are "subject to Object Rate Limiting, which limits how many updates a
 * single user can make to a single" record; no numbers are published), per customer or for
 * searches. Waiting for the org window's reset would hold everything else for nothing.
 */
export function budgetLeft(headers: Record<string, unknown>): boolean {
	const { remaining } = readRateLimit(headers, 0);
	return remaining !== undefined && remaining > 0;
}

/** How long a request held by its own limit waits: a valid Retry-After, else 1 s doubling to 30 s (the limit's window is undocumented). */
export function ownLimitWaitMs(headers: Record<string, unknown>, nowMs: number, retry: number): number {
	const until = retryAfterTime(headers['retry-after'], nowMs);
	if (until !== undefined && until > nowMs) return Math.ceil(until - nowMs) + RESET_MARGIN_MS;
	return Math.min(1000 * 2 ** retry, 30_000);
}

/**
 * Backoff before the n-th retry (1-based) after a failure: half the exponential step plus a
 * random share of the other half, so parallel requests that failed together do not return
 * together. `random` is in [0, 1).
 */
export function failureBackoffMs(failure: number, random: number): number {
	const step = Math.min(FAILURE_BACKOFF_CAP_MS, FAILURE_BACKOFF_BASE_MS * 2 ** (failure - 1));
	return Math.round(step / 2 + (step / 2) * random);
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

/** Codes of a request that got no answer in time: Kustomer may still be working on it. */
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ECONNABORTED', 'ESOCKETTIMEDOUT', 'ERR_SOCKET_CONNECTION_TIMEOUT']);

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

/** Whether a failed attempt may have been processed by Kustomer: a 5xx, or a connection dropped after sending. */
export function mayHaveLanded(outcome: AttemptOutcome): boolean {
	return 'networkCode' in outcome ? classifyNetworkFailure(outcome.networkCode) === 'ambiguous' : outcome.status >= 500;
}

/** Methods whose repetition cannot create a second record (PATCH sets the fields it names). */
export function isRetryableMethod(method: string): boolean {
	return ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'DELETE'].includes(method.toUpperCase());
}

/** What one attempt came back with: an HTTP status, or a network failure's code. */
export type AttemptOutcome = { status: number; headers: Record<string, unknown> } | { networkCode: string | undefined };

/** What a request may do when an attempt failed. */
export interface RetryTraits {
	/** A repeat cannot create a second record. */
	retryable: boolean;
	/** The request can look for what an earlier attempt may have created. */
	canFindExisting: boolean;
}

/** How a request has fared so far. */
export interface RetryState {
	rateLimited: number;
	failures: number;
	/** Time spent in backoff after failures. */
	backoffMs: number;
}

export type NextStep =
	| { kind: 'done' }
	/** Hold back the whole run (the org budget), or only what shares this request's own limit, then send again. */
	| { kind: 'rateLimited'; waitMs: number; scope: 'org' | 'own' }
	/** Wait, then send again. */
	| { kind: 'retry'; waitMs: number }
	/** A create that may have landed: look for its record after each wait; send again only when none looked finds it. */
	| { kind: 'settle'; looksAfterMs: number[] }
	/** Give up; a create whose last attempt may have landed looks for its record after these waits first. */
	| { kind: 'fail'; reason: 'http' | 'network' | 'rateLimitRetries' | 'rateLimitWait'; looksFirstMs?: number[] };

/** Whether an outcome means Kustomer got no answer out in time (a 504, or a timeout): it may still be writing. */
export function timedOut(outcome: AttemptOutcome): boolean {
	return 'networkCode' in outcome ? TIMEOUT_CODES.has(outcome.networkCode ?? '') : outcome.status === 504;
}

/** The waits before each look for a create whose outcome is unknown, on its n-th failure (1-based). */
export function settleWaitsMs(failure: number, outcome: AttemptOutcome): number[] {
	const wait = (timedOut(outcome) ? SETTLE_LOOK_AFTER_TIMEOUT_MS : SETTLE_LOOK_MS) * 2 ** (failure - 1);
	return Array.from({ length: LOOKS_BEFORE_SENDING_AGAIN }, () => wait);
}

function failureStep(state: RetryState, traits: RetryTraits, outcome: AttemptOutcome, random: number): NextStep {
	const settle = !traits.retryable;
	const waits = settle ? settleWaitsMs(state.failures + 1, outcome) : [failureBackoffMs(state.failures + 1, random)];
	const total = waits.reduce((sum, wait) => sum + wait, 0);
	if (state.backoffMs + total > FAILURE_RETRY_BUDGET_MS) {
		const reason = 'networkCode' in outcome ? 'network' : 'http';
		// The retries are spent, but this attempt may have written the record: a failure reported
		// for a record that exists invites a re-run, so it is looked for (as after the first failure) before giving up.
		return settle ? { kind: 'fail', reason, looksFirstMs: settleWaitsMs(1, outcome) } : { kind: 'fail', reason };
	}
	return settle ? { kind: 'settle', looksAfterMs: waits } : { kind: 'retry', waitMs: total };
}

/**
 * Decides what follows an attempt. 2xx is done. A 429 holds the run back until the reset.
 * A 5xx or an ambiguous network failure is retried when a repeat is harmless, or after
 * checking that the first attempt did not land; a request that never left is always retried.
 */
export function nextStep(
	outcome: AttemptOutcome,
	state: RetryState,
	traits: RetryTraits,
	nowMs: number,
	random: number,
): NextStep {
	if ('networkCode' in outcome) {
		const failure = classifyNetworkFailure(outcome.networkCode);
		if (failure === 'notSent') return failureStep(state, { ...traits, retryable: true }, outcome, random);
		if (failure === 'ambiguous' && (traits.retryable || traits.canFindExisting)) return failureStep(state, traits, outcome, random);
		return { kind: 'fail', reason: 'network' };
	}
	const { status, headers } = outcome;
	if (status >= 200 && status < 300) return { kind: 'done' };
	if (status === 429) {
		if (state.rateLimited >= MAX_RATE_LIMIT_RETRIES) return { kind: 'fail', reason: 'rateLimitRetries' };
		const own = budgetLeft(headers);
		const waitMs = own ? ownLimitWaitMs(headers, nowMs, state.rateLimited) : rateLimitWaitMs(headers, nowMs, state.rateLimited);
		if (waitMs > MAX_RATE_LIMIT_WAIT_MS) return { kind: 'fail', reason: 'rateLimitWait' };
		return { kind: 'rateLimited', waitMs, scope: own ? 'own' : 'org' };
	}
	if (status >= 500 && (traits.retryable || traits.canFindExisting)) return failureStep(state, traits, outcome, random);
	return { kind: 'fail', reason: 'http' };
}

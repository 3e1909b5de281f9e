import type { Clock } from './clock';
import { OrgBudget } from './orgBudget';

/**
 * Kustomer's limits besides the org budget, per minute (Kustomer's API documentation, "Rate
 * limiting"): searches by API keys, and creates of conversations, messages, notes, drafts and
 * custom objects per customer (bodies carrying `importedAt` are exempt).
 */
export const SEARCHES_PER_MINUTE = 100;
export const CREATES_PER_CUSTOMER_PER_MINUTE = 120;
const MINUTE_MS = 60_000;
/**
 * Kept on top of a minute for these limits: Kustomer counts requests as they arrive, the
 * governor as they start, and latency that varies could put 121 arrivals in one minute. A 429
 * for one customer would hold the whole run until the org window resets.
 */
export const MINUTE_LIMIT_MARGIN_MS = 1_000;

/**
 * Requests in flight before Kustomer's headers say how much budget is left (at the start of a
 * run, and again after each window resets): a first few, whose answers tell the rest.
 */
export const PROBE_REQUESTS = 4;
/**
 * The most requests in flight the governor allows by itself. Kustomer's largest budget (2,000
 * per minute) needs about 33 per second: 32 in flight reach that at up to a second of latency.
 */
export const AUTOMATIC_MAX_PARALLEL = 32;
/** The share of the org budget a run leaves to other integrations when Request Options says nothing. */
export const DEFAULT_RESERVE_SHARE = 0.05;

/**
 * What a request counts against besides the org budget every request counts against, as the
 * request itself declares it (KustomerRequest.cost; none: the org budget only). Build one with
 * `costs`.
 */
export interface RequestCost {
	search?: boolean;
	/** Customer (or conversation, when the customer is not known) whose create limit it uses. */
	createFor?: string;
	/** The record a write changes (its path), whose own limit (Kustomer's object rate limiting) it uses. */
	record?: string;
	/** A bulk request: one request of the org budget for up to 100 records, and no limit of its own. */
	bulk?: boolean;
}

/** The costs requests declare. */
export const costs = {
	/** POST /v1/customers/search: Kustomer's searches per minute. */
	search: (): RequestCost => ({ search: true }),
	/**
	 * A create under a customer (a conversation, draft or custom object), or under a
	 * conversation for a message or note, whose customer is not known without a lookup: the
	 * owner's creates per minute. Imports (a body carrying `importedAt`) are exempt.
	 */
	createUnder: (owner: { customer: string } | { conversation: string }, body?: unknown): RequestCost => {
		if (body && typeof body === 'object' && (body as { importedAt?: unknown }).importedAt !== undefined) return {};
		return { createFor: 'customer' in owner ? owner.customer.toLowerCase() : `conversation:${owner.conversation.toLowerCase()}` };
	},
	/** A write to one record (PUT, PATCH, DELETE, its tags): the record's path, up to its ID (/v1/conversations/{id}). */
	recordWrite: (recordPath: string): RequestCost => ({ record: recordPath.toLowerCase() }),
	/** A bulk of records (POST or PUT /v1/<objects>/bulk). */
	bulk: (): RequestCost => ({ bulk: true }),
};

/** The limit a request shares with others besides the org budget, as a key: a 429 that is not the org's holds only these. */
export function ownLimitOf(cost: RequestCost): string | undefined {
	if (cost.search) return 'search';
	if (cost.createFor) return `create:${cost.createFor}`;
	return cost.record ? `record:${cost.record}` : undefined;
}

/** The governor could not let a request go within the longest wait allowed. */
export class RateLimitWaitTooLong extends Error {
	constructor(readonly waitMs: number, readonly boundMs: number) {
		super(`Kustomer's rate limit would need a wait of ${Math.round(waitMs / 1000)} s`);
		this.name = 'RateLimitWaitTooLong';
	}
}

/** Start times within the last minute, for a per-minute limit kept on this side. */
class MinuteLog {
	private readonly starts = new Map<string, number[]>();

	/** When the next start under `key` may happen (now, or when the oldest leaves the minute). */
	nextStart(key: string, perMinute: number, now: number): number {
		const recent = (this.starts.get(key) ?? []).filter((at) => at > now - MINUTE_MS - MINUTE_LIMIT_MARGIN_MS);
		this.starts.set(key, recent);
		return recent.length < perMinute ? now : recent[recent.length - perMinute] + MINUTE_MS + MINUTE_LIMIT_MARGIN_MS;
	}

	record(key: string, now: number): void {
		this.starts.set(key, [...(this.starts.get(key) ?? []), now]);
	}
}

/**
 * One per run: decides when each request may go, from what Kustomer's x-ratelimit-* headers
 * say about the org's shared budget (see OrgBudget: this run's fair share of it). Requests go
 * as fast as that share allows (up to a number in flight), stop when it is spoken for, and
 * resume when the window resets, so a 429 is the exception; when one comes, every request of the
 * run waits for the reset (or, for a limit of the request's own, the requests sharing it).
 * Nothing is shared between runs or processes: Kustomer's headers are the shared truth.
 */
export class RateGovernor {
	private inFlight = 0;
	private readonly budget: OrgBudget;
	private pausedUntil = 0;
	private readonly log = new MinuteLog();
	private releaseWaiters: Array<() => void> = [];
	/** Limits of their own (a record's, a customer's creates, searches) that refused a request: held until then. */
	private readonly heldLimits = new Map<string, number>();

	constructor(
		private readonly clock: Clock,
		/** The user's cap (Max Parallel Requests); undefined lets the governor decide. */
		private readonly maxParallel: number | undefined,
		/** The longest one request may be held back before it fails with a rate-limit error. */
		private readonly maxWaitMs: number,
		/** The share of the org budget left to other integrations (Request Options). */
		reserveShare = DEFAULT_RESERVE_SHARE,
	) {
		this.budget = new OrgBudget(reserveShare);
	}

	/** Waits until a request of this cost may go, and counts it as in flight. */
	async acquire(cost: RequestCost, signal?: AbortSignal): Promise<void> {
		const started = this.clock.now();
		for (;;) {
			const now = this.clock.now();
			const wakeAt = this.blockedUntil(cost, now);
			if (wakeAt === undefined) break;
			if (wakeAt === 'release') {
				await new Promise<void>((resolve) => this.releaseWaiters.push(resolve));
				continue;
			}
			if (wakeAt - started > this.maxWaitMs) throw new RateLimitWaitTooLong(wakeAt - now, this.maxWaitMs);
			await this.clock.sleep(wakeAt - now, signal);
		}
		this.inFlight++;
		const now = this.clock.now();
		if (cost.search) this.log.record('search', now);
		if (cost.createFor) this.log.record(`create:${cost.createFor}`, now);
	}

	/** Counts a request as finished and learns from its answer's headers (none after a network failure). */
	release(headers?: Record<string, unknown>): void {
		this.inFlight = Math.max(0, this.inFlight - 1);
		if (headers) this.budget.observe(headers, this.clock.now(), this.inFlight);
		const waiters = this.releaseWaiters;
		this.releaseWaiters = [];
		for (const wake of waiters) wake();
	}

	/** After a 429 from a limit of its own: requests sharing it wait until `until`; the rest go on. */
	hold(limit: string, until: number): void {
		this.heldLimits.set(limit, Math.max(this.heldLimits.get(limit) ?? 0, until));
	}

	/** After a 429: no request of this run goes before `until` (Kustomer's reset or Retry-After). */
	pause(until: number): void {
		this.pausedUntil = Math.max(this.pausedUntil, until);
		this.budget.exhaust();
	}

	/** The cap on requests in flight right now: the user's, or what the budget allows. */
	parallelLimit(now = this.clock.now()): number {
		const cap = this.maxParallel ?? AUTOMATIC_MAX_PARALLEL;
		const allowance = this.budget.allowance(now);
		return allowance === undefined ? Math.min(cap, PROBE_REQUESTS) : Math.min(cap, allowance);
	}

	/** Undefined when a request may go now; else the time to wait until, or 'release'. */
	private blockedUntil(cost: RequestCost, now: number): number | 'release' | undefined {
		if (this.pausedUntil > now) return this.pausedUntil;
		const limit = ownLimitOf(cost);
		const heldUntil = limit === undefined ? 0 : (this.heldLimits.get(limit) ?? 0);
		if (heldUntil > now) return heldUntil;
		// Answers still on their way may refresh the count; with none, wait for the pace or the reset.
		const gate = this.budget.gate(now, this.inFlight);
		if (gate !== undefined) return gate;
		const cap = this.maxParallel ?? AUTOMATIC_MAX_PARALLEL;
		if (this.inFlight >= (this.budget.known(now) ? cap : Math.min(cap, PROBE_REQUESTS))) return 'release';
		const limits = [
			cost.search ? this.log.nextStart('search', SEARCHES_PER_MINUTE, now) : now,
			cost.createFor ? this.log.nextStart(`create:${cost.createFor}`, CREATES_PER_CUSTOMER_PER_MINUTE, now) : now,
		];
		const at = Math.max(...limits);
		return at > now ? at : undefined;
	}
}

import { readRateLimit } from './retryPolicy';

/**
 * The org's shared request budget as one run sees it, from Kustomer's x-ratelimit-limit,
 * -remaining and -reset headers (help.kustomer.com api-rate-limits: one budget per org per
 * minute, shared by every API key and integration). It decides how many requests this run may
 * start, and leaves other integrations their part:
 *
 * - Other clients' use shows as the remaining count falling faster than this run spends: per
 *   window, (limit - remaining) less this run's requests. In the next window they are left what
 *   they used, up to half the budget.
 * - In the first window this run sees, it does not know yet what the others will need: it
 *   starts with a quarter of the budget, then paces the rest over the window while it watches
 *   their rate, and leaves them what that rate projects (up to half).
 * - A reserve (Request Options, a share of the budget) is never spent by this run, so an
 *   integration that appears mid-window has room at once.
 * - Alone on the budget, a window's requests start as soon as it opens: once a window's length
 *   and limit are known, the next window is taken to open with the whole budget at its reset,
 *   without waiting for its first answer.
 */

/** Two readings whose reset times are this close belong to the same window (resets are whole seconds). */
const SAME_WINDOW_MS = 1_500;
/** Waited past a window's reset time: Kustomer's clock and ours are not the same clock. */
export const RESET_MARGIN_MS = 100;
/** Share of the budget the first window starts with before it paces the rest, and the part of the window the pace takes. */
const FIRST_WINDOW_BURST = 0.25;
const FIRST_WINDOW_PACED_SHARE = 0.8;
/** Others' rate is read only over at least this long. */
const RATE_OBSERVED_MS = 500;
/** Window lengths believed when learned from two resets (Kustomer's is a minute). */
const PLAUSIBLE_WINDOW_MS = { min: 1_000, max: 10 * 60_000 };

interface Window {
	resetAt: number;
	remaining: number;
	limit?: number;
	/** This run's requests Kustomer counted in the window (answered with its reset). */
	ours: number;
	/** Other clients' requests in the window so far, as estimated from the remaining count. */
	others: number;
	/** When this run first heard of the window, and what the others had spent by then; when it last did. */
	firstAt: number;
	othersAtFirst: number;
	lastAt: number;
	/** Taken to have opened at its reset, before any answer of it. */
	assumed: boolean;
}

export class OrgBudget {
	private window?: Window;
	/** What other clients spent in the last full window this run saw. */
	private othersLast?: number;
	private lengthMs?: number;

	constructor(
		/** The share of the budget this run leaves unspent, 0 to 0.5. */
		private readonly reserveShare: number,
	) {}

	/** Learns from an answer's headers; `inFlight`: this run's other requests still unanswered. */
	observe(headers: Record<string, unknown>, now: number, inFlight: number): void {
		const reading = readRateLimit(headers, now);
		if (reading.remaining === undefined || reading.resetAt === undefined) return;
		const window = this.window;
		if (!window || reading.resetAt > window.resetAt + SAME_WINDOW_MS) {
			this.openWindow(reading.resetAt, reading.remaining, reading.limit, now);
		} else if (reading.resetAt >= window.resetAt - SAME_WINDOW_MS) {
			window.remaining = window.assumed ? reading.remaining : Math.min(window.remaining, reading.remaining);
			window.limit = reading.limit ?? window.limit;
			window.assumed = false;
		} else {
			return; // an answer of a window gone by
		}
		this.count(this.window as Window, inFlight, now);
	}

	/** After a 429 on the org budget: nothing is left in this window. */
	exhaust(): void {
		if (this.window) this.window.remaining = 0;
	}

	/** Whether a window is known now (else a run starts with a few probe requests). */
	known(now: number): boolean {
		return this.current(now) !== undefined;
	}

	/**
	 * Whether a request may start now besides `inFlight`: undefined when it may (or no window is
	 * known), a time to wait until, or 'release' to wait for an answer that may say more.
	 */
	gate(now: number, inFlight: number): number | 'release' | undefined {
		const window = this.current(now);
		if (!window) return undefined;
		const { budget, paced } = this.room(window, now, inFlight);
		if (budget > 0 && (paced === undefined || paced > 0)) return undefined;
		if (budget > 0) return now + this.paceStepMs(window);
		return inFlight > 0 ? 'release' : window.resetAt + RESET_MARGIN_MS;
	}

	/** How many more requests the budget allows now, in flight ones included (for the parallel cap). */
	allowance(now: number): number | undefined {
		const window = this.current(now);
		if (!window) return undefined;
		const { budget, paced } = this.room(window, now, 0);
		return Math.max(0, Math.min(budget, paced ?? budget));
	}

	private openWindow(resetAt: number, remaining: number, limit: number | undefined, now: number): void {
		const previous = this.window;
		if (previous && !previous.assumed) {
			this.closeWindow(previous);
			const length = resetAt - previous.resetAt;
			if (length >= PLAUSIBLE_WINDOW_MS.min && length <= PLAUSIBLE_WINDOW_MS.max) this.lengthMs = length;
		}
		this.window = { resetAt, remaining, limit, ours: 0, others: 0, firstAt: now, othersAtFirst: 0, lastAt: now, assumed: false };
	}

	/**
	 * What the others spent in a window that ended: what they had when this run last heard, and
	 * at the rate they spent while it listened, until the reset. A window this run stopped
	 * hearing of early (it spent its share at the opening) says little of the others' whole
	 * window: it can raise what they are left, not lower it.
	 */
	private closeWindow(window: Window): void {
		const listened = window.lastAt - window.firstAt;
		const rate = listened >= RATE_OBSERVED_MS ? (window.others - window.othersAtFirst) / listened : 0;
		const spent = window.others + rate * Math.max(0, window.resetAt - window.lastAt);
		const span = window.resetAt - (this.lengthMs ? window.resetAt - this.lengthMs : window.firstAt);
		const heardToTheEnd = window.lastAt >= window.resetAt - span / 4;
		this.othersLast = heardToTheEnd ? spent : Math.max(this.othersLast ?? 0, spent);
	}

	/** Counts the answered request as this run's, and updates the others' estimate. */
	private count(window: Window, inFlight: number, now: number): void {
		window.ours += 1;
		window.lastAt = now;
		if (window.limit === undefined) return;
		const estimate = window.limit - window.remaining - window.ours - inFlight;
		const first = window.ours === 1;
		window.others = Math.max(window.others, estimate, 0);
		if (first) window.othersAtFirst = window.others;
	}

	/** The window now: the one last heard of while it lasts, or (its length and limit known) the next one, taken to open whole. */
	private current(now: number): Window | undefined {
		const window = this.window;
		if (!window) return undefined;
		if (now < window.resetAt + RESET_MARGIN_MS) return window;
		if (!this.lengthMs || window.limit === undefined) return undefined;
		let resetAt = window.resetAt;
		while (now >= resetAt + RESET_MARGIN_MS) resetAt += this.lengthMs;
		if (!window.assumed) this.closeWindow(window);
		this.window = { resetAt, remaining: window.limit, limit: window.limit, ours: 0, others: 0, firstAt: now, othersAtFirst: 0, lastAt: now, assumed: true };
		return this.window;
	}

	/** What the others are expected to spend in the window: what they did last window, else what their rate projects; at most half the budget, at least what they spent. */
	private othersExpected(window: Window, now: number, limit: number): number {
		let expected = this.othersLast ?? window.others;
		const observed = now - window.firstAt;
		if (this.othersLast === undefined && observed >= RATE_OBSERVED_MS) {
			expected = window.others + ((window.others - window.othersAtFirst) / observed) * Math.max(0, window.resetAt - now);
		}
		return Math.max(window.others, Math.min(limit / 2, expected));
	}

	/** The budget left to this run now, and (first window only) what its pace allows. */
	private room(window: Window, now: number, inFlight: number): { budget: number; paced?: number } {
		if (window.limit === undefined) return { budget: window.remaining - inFlight };
		const limit = window.limit;
		const reserve = Math.ceil(limit * this.reserveShare);
		const expected = this.othersExpected(window, now, limit);
		const budget = window.remaining - inFlight - reserve - Math.max(0, expected - window.others);
		if (this.othersLast !== undefined) return { budget };
		const cap = limit - reserve - expected;
		const burst = Math.min(cap, Math.ceil(limit * FIRST_WINDOW_BURST));
		const share = Math.min(1, Math.max(0, (now - window.firstAt) / Math.max(1, (window.resetAt - window.firstAt) * FIRST_WINDOW_PACED_SHARE)));
		return { budget, paced: Math.floor(burst + (cap - burst) * share) - (window.ours + inFlight) };
	}

	/** Time until the first window's pace allows one more request. */
	private paceStepMs(window: Window): number {
		const limit = window.limit ?? 1;
		return Math.max(10, Math.ceil(((window.resetAt - window.firstAt) * FIRST_WINDOW_PACED_SHARE) / Math.max(1, limit * (1 - FIRST_WINDOW_BURST))));
	}
}

import type { IDataObject } from 'n8n-workflow';

import { clock } from './virtualClock';

/**
 * Kustomer's org budget on the test's virtual clock: `limit` requests per fixed window, with
 * x-ratelimit-* headers on every answer and 429 past the limit. `otherClient` requests of
 * each window (of the first `otherClientWindows` windows) are spent by another integration: as
 * the window opens, or (`spread`) evenly through it, each of them refused when the window is
 * spent (counted in `otherRefused`).
 */
export class BudgetSimulator {
	windowStart = clock.now();
	window = 0;
	count: number;
	answered = 0;
	limited = 0;
	otherAnswered = 0;
	otherRefused = 0;
	/** The spread client's requests already made in the current window. */
	private otherMade = 0;

	constructor(
		readonly limit: number,
		readonly windowMs: number,
		readonly otherClient = 0,
		readonly otherClientWindows = Infinity,
		readonly spread = false,
	) {
		this.count = spread ? 0 : otherClient;
	}

	/** The spread client's requests due by `until` in the current window. */
	private otherClientUntil(until: number): void {
		if (!this.spread || this.window >= this.otherClientWindows) return;
		const due = Math.min(this.otherClient, Math.floor((this.otherClient * (until - this.windowStart)) / this.windowMs));
		for (; this.otherMade < due; this.otherMade++) {
			if (this.count < this.limit) {
				this.count++;
				this.otherAnswered++;
			} else this.otherRefused++;
		}
	}

	/** The other client's share of 429s: refused of its attempts. */
	otherRefusedShare(): number {
		return this.otherRefused / Math.max(1, this.otherAnswered + this.otherRefused);
	}

	/** Counts one request and answers its status and headers. */
	take(): { limited: boolean; headers: Record<string, string> } {
		const now = clock.now();
		if (now >= this.windowStart + this.windowMs) {
			const passed = Math.floor((now - this.windowStart) / this.windowMs);
			this.otherClientUntil(this.windowStart + this.windowMs);
			this.windowStart += passed * this.windowMs;
			this.window += passed;
			this.otherMade = 0;
			this.count = this.window < this.otherClientWindows && !this.spread ? this.otherClient : 0;
		}
		this.otherClientUntil(now);
		this.count++;
		const limited = this.count > this.limit;
		if (limited) this.limited++;
		else this.answered++;
		return {
			limited,
			headers: {
				'x-ratelimit-limit': String(this.limit),
				'x-ratelimit-remaining': String(Math.max(0, this.limit - this.count)),
				'x-ratelimit-reset': String(Math.ceil((this.windowStart + this.windowMs) / 1000)),
			},
		};
	}

	/** A nock reply function: 429 past the budget, else `answer`. */
	reply(answer: (body: IDataObject) => IDataObject, status = 201) {
		return (_uri: string, body: unknown): [number, IDataObject, Record<string, string>] => {
			const { limited, headers } = this.take();
			return limited ? [429, { errors: [{ title: 'Too Many Requests' }] }, headers] : [status, answer(body as IDataObject), headers];
		};
	}

	/** The least time `requests` can take under this budget: whole windows until the last one opens. */
	floorMs(requests: number): number {
		return (Math.ceil(requests / (this.limit - this.otherClient)) - 1) * this.windowMs;
	}
}

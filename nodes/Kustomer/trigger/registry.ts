/**
 * What the trigger knows about its webhooks in Kustomer, held in the memory of one n8n process
 * and keyed by the trigger's own webhook URL. Nothing here is in the workflow's static data:
 * n8n saves an execution's copy of static data over the stored one when the execution ends
 * (packages/cli/src/execution-lifecycle/execution-lifecycle-hooks.ts, hookFunctionsSave and
 * hookFunctionsSaveWorker: saveStaticDataById with the execution's newStaticData), so an
 * execution that started before a publish could roll a registration kept there back. Process
 * memory is filled from Kustomer itself: on activation, and by looking the URL up in
 * Kustomer's list of webhooks after a restart or a delivery that fails verification, at most
 * once a minute per URL.
 */
import type { Hook } from './hooks';

/** The shortest time between two look-ups of one URL's webhooks in Kustomer. */
export const LOOKUP_INTERVAL_MS = 60_000;

export type VerifiedBy = 'signature' | 'secret header';

interface Known {
	hooks: Hook[];
	lookedUpAt?: number;
	verifiedBy?: VerifiedBy;
}

/** A removal waiting out its grace period; `cancelled` when the URL is activated again meanwhile. */
export interface PendingRemoval {
	ids: string[];
	cancelled: boolean;
}

export class HookRegistry {
	private readonly known = new Map<string, Known>();
	private readonly removals = new Map<string, PendingRemoval>();
	private readonly lookups = new Map<string, Promise<void>>();

	private entry(url: string): Known {
		let known = this.known.get(url);
		if (!known) {
			known = { hooks: [] };
			this.known.set(url, known);
		}
		return known;
	}

	/** Kustomer's webhooks for `url`, as just read or made. */
	remember(url: string, hooks: Hook[]): void {
		this.entry(url).hooks = hooks.filter((hook) => hook.url === url);
	}

	/** The signing tokens of every webhook Kustomer has for `url` (during a replacement, two). */
	tokens(url: string): string[] {
		return (this.known.get(url)?.hooks ?? []).map((hook) => hook.token).filter((token): token is string => !!token);
	}

	/**
	 * Reads `url`'s webhooks with `load` and remembers them, unless a look-up of it is under way
	 * (then waits for that one: deliveries arriving together share it) or one started less than
	 * LOOKUP_INTERVAL_MS ago. Answers whether the tokens are fresh from Kustomer.
	 */
	async lookUp(url: string, now: number, load: () => Promise<Hook[]>): Promise<boolean> {
		const running = this.lookups.get(url);
		if (running) {
			await running;
			return true;
		}
		const known = this.entry(url);
		if (known.lookedUpAt !== undefined && now - known.lookedUpAt < LOOKUP_INTERVAL_MS) return false;
		known.lookedUpAt = now;
		const lookup = (async () => this.remember(url, await load()))();
		this.lookups.set(url, lookup);
		try {
			await lookup;
		} finally {
			this.lookups.delete(url);
		}
		return true;
	}

	/** Notes how a delivery to `url` was verified; answers whether that differs from the last one. */
	noteVerifiedBy(url: string, by: VerifiedBy): boolean {
		const known = this.entry(url);
		const changed = known.verifiedBy !== by;
		known.verifiedBy = by;
		return changed;
	}

	/** Holds the removal of these webhooks of `url`; replaces one held before. */
	holdRemoval(url: string, ids: string[]): PendingRemoval {
		this.cancelRemoval(url);
		const removal = { ids, cancelled: false };
		this.removals.set(url, removal);
		return removal;
	}

	/** Cancels a held removal of `url`'s webhooks; answers whether one was held. */
	cancelRemoval(url: string): boolean {
		const removal = this.removals.get(url);
		if (!removal) return false;
		removal.cancelled = true;
		this.removals.delete(url);
		return true;
	}

	/** A held removal is being carried out: it can no longer be cancelled. */
	release(url: string, removal: PendingRemoval): void {
		if (this.removals.get(url) === removal) this.removals.delete(url);
	}

	/** Forgets everything, as a restarted process knows nothing. */
	clear(): void {
		for (const removal of this.removals.values()) removal.cancelled = true;
		this.removals.clear();
		this.known.clear();
		this.lookups.clear();
	}
}

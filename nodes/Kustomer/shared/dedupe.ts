/** How many recent event ids a trigger remembers in static data to recognize Kustomer's repeats. */
export const DEDUPE_WINDOW = 1000;

/**
 * How many event ids a trigger records in n8n's processed-data table. One row per trigger
 * node holds them (md5 hashes, ~30 bytes each) and every execution reads and rewrites it.
 */
export const PROCESSED_WINDOW = 5000;

/**
 * Records `id` in `recent` (oldest first, kept at most `window` long) and tells whether it
 * was new. The list lives in the workflow's static data, so it must stay small and bounded.
 */
export function rememberEvent(recent: string[], id: string, window = DEDUPE_WINDOW): boolean {
	if (recent.includes(id)) return false;
	recent.push(id);
	if (recent.length > window) recent.splice(0, recent.length - window);
	return true;
}

/** How long a claim waits for its execution to confirm it before a repeat may start another. */
const UNCONFIRMED_CLAIM_MS = 120_000;

/** The most triggers whose claims one process keeps (the least recently used go first). */
const MAX_TRIGGERS = 1000;

/**
 * Event ids this n8n process has accepted, per trigger. Claiming is synchronous, so two copies
 * of an event handled by one process at the same moment cannot both claim it, which static
 * data (read per request, saved whole, last writer wins) cannot guarantee. A claim is
 * confirmed when the execution it started runs; an unconfirmed one lapses after
 * `unconfirmedMs` (n8n may have failed to start the execution and Kustomer will send the
 * event again). Memory of one process only: after a restart, and across queue-mode
 * processes, the durable records (static data, n8n's processed-data table) take over.
 */
export class EventClaims {
	private readonly triggers = new Map<string, Map<string, number | 'confirmed'>>();

	constructor(
		private readonly window = DEDUPE_WINDOW,
		private readonly unconfirmedMs = UNCONFIRMED_CLAIM_MS,
	) {}

	private claimsOf(trigger: string): Map<string, number | 'confirmed'> {
		let claims = this.triggers.get(trigger);
		if (claims) this.triggers.delete(trigger);
		claims ??= new Map();
		this.triggers.set(trigger, claims);
		if (this.triggers.size > MAX_TRIGGERS) this.triggers.delete(this.triggers.keys().next().value as string);
		return claims;
	}

	/** Claims `id` for `trigger`; false when this process already accepted it. */
	claim(trigger: string, id: string, now = Date.now()): boolean {
		const claims = this.claimsOf(trigger);
		const existing = claims.get(id);
		if (existing === 'confirmed' || (existing !== undefined && now - existing < this.unconfirmedMs)) return false;
		claims.delete(id);
		claims.set(id, now);
		if (claims.size > this.window) claims.delete(claims.keys().next().value as string);
		return true;
	}

	/** Whether this process claimed `id` for `trigger` (its delivery was accepted here). */
	holds(trigger: string, id: string): boolean {
		return this.triggers.get(trigger)?.has(id) ?? false;
	}

	/** Marks ids whose execution runs, so their claims no longer lapse. */
	confirm(trigger: string, ids: string[]): void {
		const claims = this.claimsOf(trigger);
		for (const id of ids) {
			claims.delete(id);
			claims.set(id, 'confirmed');
		}
		while (claims.size > this.window) claims.delete(claims.keys().next().value as string);
	}

	/** The confirmed ids of a trigger, oldest first. */
	confirmed(trigger: string): string[] {
		return [...(this.triggers.get(trigger) ?? [])].filter(([, state]) => state === 'confirmed').map(([id]) => id);
	}

	/** Forgets every claim, as a restarted process would have none. */
	clear(): void {
		this.triggers.clear();
	}
}

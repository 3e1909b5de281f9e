/**
 * How the Kustomer Trigger recognizes a repeat of an event: in the memory of the n8n process
 * that took the delivery (EventClaims), and durably in n8n's processed-data table (see
 * trigger/recorder.ts). Kustomer delivers at least once and retries a failed delivery for
 * about an hour, 1, 1, 2, 5, 10, 15 and 30 minutes apart (developer.kustomer.com
 * docs/events and docs/events/delivery-and-retries).
 */

/** How many events the processed-data window holds per trigger. */
export const PROCESSED_WINDOW_EVENTS = 5_000;
/** Each event takes two entries there: its key, and its key with the delivery that took it. */
export const ENTRIES_PER_EVENT = 2;

/**
 * How old an event may be (by its own `createdAt`) and still run: twice Kustomer's retry span
 * of about 64 minutes. An older delivery, however well signed, is a replay.
 */
export const REPLAY_WINDOW_MS = 2 * 60 * 60_000;

/**
 * How long a claim holds while n8n has not answered its delivery yet: repeats meanwhile get a
 * retryable answer. n8n answers once the execution exists (2xx) or could not be started; a
 * claim whose answer never came lapses after this, and a repeat starts an execution again.
 */
export const UNCONFIRMED_CLAIM_MS = 30_000;

/** The most events one trigger's claims keep in one process, whatever their age. */
const MAX_CLAIMS_PER_TRIGGER = 50_000;
/** The most triggers whose claims one process keeps (the least recently used go first). */
const MAX_TRIGGERS = 1_000;

/** What a claim answers: run it, it ran here, or its execution has not run yet. */
export type ClaimOutcome = 'new' | 'duplicate' | 'pending';

interface Claim {
	at: number;
	confirmed: boolean;
}

/**
 * Event keys this n8n process accepted, per trigger. Claiming is synchronous, so two copies
 * of an event handled by one process at the same moment cannot both claim it. A claim is
 * confirmed when n8n answers its delivery 2xx (the execution exists: n8n 2.41 answers an
 * onReceived webhook after WorkflowRunner.run returned, webhook-helpers.ts) or when that
 * execution's first step runs here; it is released when n8n answers otherwise (it could not
 * start the execution, and Kustomer will send the event again); one never answered lapses
 * after UNCONFIRMED_CLAIM_MS. Confirmed claims are kept for REPLAY_WINDOW_MS (older events are
 * refused anyway), up to MAX_CLAIMS_PER_TRIGGER. Memory of one process only: after a restart,
 * and across queue-mode processes, the processed-data table takes over.
 */
export class EventClaims {
	private readonly triggers = new Map<string, Map<string, Claim>>();

	private claimsOf(trigger: string): Map<string, Claim> {
		let claims = this.triggers.get(trigger);
		if (claims) this.triggers.delete(trigger);
		claims ??= new Map();
		this.triggers.set(trigger, claims);
		if (this.triggers.size > MAX_TRIGGERS) this.triggers.delete(this.triggers.keys().next().value as string);
		return claims;
	}

	/** Drops claims past their time, oldest first (a Map keeps insertion order). */
	private prune(claims: Map<string, Claim>, now: number): void {
		for (const [key, claim] of claims) {
			const expired = now - claim.at >= (claim.confirmed ? REPLAY_WINDOW_MS : UNCONFIRMED_CLAIM_MS);
			if (!expired && claims.size <= MAX_CLAIMS_PER_TRIGGER) break;
			claims.delete(key);
		}
	}

	/** Claims `key` for `trigger` unless this process holds it. */
	claim(trigger: string, key: string, now: number): ClaimOutcome {
		const claims = this.claimsOf(trigger);
		const existing = claims.get(key);
		if (existing?.confirmed && now - existing.at < REPLAY_WINDOW_MS) return 'duplicate';
		if (existing && !existing.confirmed && now - existing.at < UNCONFIRMED_CLAIM_MS) return 'pending';
		claims.delete(key);
		claims.set(key, { at: now, confirmed: false });
		this.prune(claims, now);
		return 'new';
	}

	/** Whether this process claimed `key` for `trigger` (its delivery was accepted here). */
	holds(trigger: string, key: string): boolean {
		return this.triggers.get(trigger)?.has(key) ?? false;
	}

	/** Forgets a claim whose delivery n8n could not take, so that Kustomer's repeat runs. */
	release(trigger: string, key: string): void {
		const claim = this.triggers.get(trigger)?.get(key);
		if (claim && !claim.confirmed) this.triggers.get(trigger)?.delete(key);
	}

	/** Marks keys n8n took (or whose execution runs here): their claims answer "duplicate" from now on. */
	confirm(trigger: string, keys: string[], now: number): void {
		const claims = this.claimsOf(trigger);
		for (const key of keys) {
			claims.delete(key);
			claims.set(key, { at: now, confirmed: true });
		}
		this.prune(claims, now);
	}

	/** Forgets every claim, as a restarted process would have none. */
	clear(): void {
		this.triggers.clear();
	}
}

/**
 * Where a polling trigger has got to, as pure data and pure functions (kept in the workflow's
 * static data between polls).
 *
 * The trigger reads events by the instant they happened at (a conversation's createdAt, its
 * updatedAt, the time it was marked done) in windows `[since, until)`. A window is read
 * completely before the cursor moves past it, so nothing is skipped however Kustomer orders
 * or pages its search results, and however many records share one instant. The next window
 * starts OVERLAP_MS before the newest instant read, because Kustomer's search index can show a
 * record a little after its timestamp; what was already handled in that overlap is remembered
 * by id and timestamp, so it is not reported twice.
 */

/** How far back each window reaches into the previous one. */
export const OVERLAP_MS = 2 * 60_000;
/** The most ids remembered for the overlap (the overlap shrinks when more records fall in it). */
export const SEEN_LIMIT = 500;

export interface PollCursor {
	/** Inclusive lower bound of the next window, in ms since the epoch. */
	since: number;
	/** Records handled with an instant at or after `since`: id -> instant (ms). */
	seen: Record<string, number>;
}

/** A time range on the event's instant: `until` exclusive, open when undefined. */
export interface TimeWindow {
	since: number;
	until?: number;
}

/** Whether this record's event at `at` was handled by an earlier poll. */
export function alreadyHandled(cursor: PollCursor, id: string, at: number): boolean {
	const handledAt = cursor.seen[id];
	return handledAt !== undefined && handledAt >= at;
}

/** How many remembered records lie in the window below `until` (all of them when open). */
export function seenBefore(cursor: PollCursor, until?: number): number {
	return Object.values(cursor.seen).filter((at) => at >= cursor.since && (until === undefined || at < until)).length;
}

/**
 * The cursor after `window` was read completely and `handled` (id -> instant) were dealt with.
 * The next window starts OVERLAP_MS before the window's end (or the newest instant read, for
 * an open window; unchanged when nothing was read). Remembered ids older than that are dropped;
 * past SEEN_LIMIT the oldest instants go too, and the next window starts after them (they were
 * all read, so nothing is skipped; only the overlap is shorter).
 */
export function advance(cursor: PollCursor, window: TimeWindow, handled: Record<string, number>): PollCursor {
	const merged: Record<string, number> = { ...cursor.seen };
	for (const [id, at] of Object.entries(handled)) merged[id] = Math.max(merged[id] ?? at, at);
	const instants = Object.values(handled);
	const horizon = window.until ?? (instants.length ? Math.max(...instants) : undefined);
	let since = horizon === undefined ? cursor.since : Math.max(cursor.since, horizon - OVERLAP_MS);

	let kept = Object.entries(merged).filter(([, at]) => at >= since);
	if (kept.length > SEEN_LIMIT) {
		kept.sort(([, a], [, b]) => b - a);
		const cut = kept[SEEN_LIMIT][1];
		// All records at the cut instant go, so the next window starts strictly after it.
		kept = kept.filter(([, at]) => at > cut);
		since = Math.max(since, cut + 1);
	}
	return { since, seen: Object.fromEntries(kept) };
}

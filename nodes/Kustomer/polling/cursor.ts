/**
 * Where a polling trigger has got to, as pure data and pure functions (kept in the workflow's
 * static data between polls).
 *
 * The trigger reads events by the instant they happened at (a conversation's createdAt, its
 * updatedAt, the time it was marked done) in closed windows `[since, until)`, `until` at most
 * Kustomer's own "now" less WINDOW_MARGIN_MS. A window is read completely before the cursor
 * moves past it, so nothing is skipped however Kustomer orders or pages its search results,
 * and however many records share one instant. The next window starts OVERLAP_MS before the
 * window's end, because Kustomer's search index can show a record a little after its
 * timestamp; what was already handled from there on is remembered by id and instant, whatever
 * the volume, so it is not reported twice. A record dated in the future is reported once and
 * remembered until the cursor reaches its instant; it never moves the cursor.
 */

/** How far back each window reaches into the previous one. */
export const OVERLAP_MS = 2 * 60_000;
/** How far behind Kustomer's "now" (its Date header) a window closes. */
export const WINDOW_MARGIN_MS = 10_000;
/** How far ahead of Kustomer's "now" a record must be dated to count as future-dated. */
export const FUTURE_MS = 60_000;

export interface PollCursor {
	/** Inclusive lower bound of the next window, in ms since the epoch. */
	since: number;
	/** Records handled with an instant at or after `since`: id -> instant (ms). */
	seen: Record<string, number>;
	/**
	 * While one instant (`at`) holds more records than one search can serve, it is read in parts
	 * by a second attribute: the value of that attribute the next part starts from (`from`, ms).
	 */
	split?: { at: number; from: number };
}

/** A time range on the event's instant, `until` exclusive; optionally a part of one instant. */
export interface TimeWindow {
	since: number;
	until: number;
	/** Within the window, only records whose second attribute is in [since, until). */
	split?: { since: number; until: number };
}

/** Whether this record's event at `at` was handled by an earlier poll. */
export function alreadyHandled(cursor: PollCursor, id: string, at: number): boolean {
	const handledAt = cursor.seen[id];
	return handledAt !== undefined && handledAt >= at;
}

/** How many remembered records lie in the window. */
export function seenBefore(cursor: PollCursor, until: number): number {
	return Object.values(cursor.seen).filter((at) => at >= cursor.since && at < until).length;
}

/** `seen` with `handled` (id -> instant) added, the later instant of an id kept. */
export function remember(seen: Record<string, number>, handled: Record<string, number>): Record<string, number> {
	const merged: Record<string, number> = { ...seen };
	for (const [id, at] of Object.entries(handled)) merged[id] = Math.max(merged[id] ?? at, at);
	return merged;
}

/**
 * The cursor after `window` was read completely and `handled` (id -> instant) were dealt with:
 * the next window starts OVERLAP_MS before this one's end (never earlier than before), and
 * what was handled from there on is remembered. A window that was part of one instant (split)
 * keeps the cursor where it is, noting the instant and the part's end, until the last part.
 */
export function advance(cursor: PollCursor, window: TimeWindow, handled: Record<string, number>, lastPart = true): PollCursor {
	const merged = remember(cursor.seen, handled);
	if (window.split && !lastPart) return { since: cursor.since, seen: merged, split: { at: window.since, from: window.split.until } };
	const since = Math.max(cursor.since, window.until - OVERLAP_MS);
	return { since, seen: Object.fromEntries(Object.entries(merged).filter(([, at]) => at >= since)) };
}

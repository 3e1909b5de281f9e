/**
 * Reading one event's records by time window: how many a window holds, all of them, where to
 * cut a window to a bounded number of records, the parts of an instant too large for one
 * search, and the records dated in the future.
 */
import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { JsonApiResource, KustomerClient } from '../transport';
import { searchAll } from '../transport';
import { ROLES } from '../shared/roles';
import type { PollCursor, TimeWindow } from './cursor';
import { seenBefore } from './cursor';
import type { PollEvent, PollEventParameters } from './events';
import { sortSearchAttribute, timestampSearchAttribute } from './events';
import type { PollSettings } from './settings';
import type { Query } from './search';
import { bound, countMatches, readMatches } from './search';

/** Counting probes one poll may spend finding where to cut a window (ms precision over decades). */
const MAX_PROBES = 60;
/** The latest value a second attribute is searched up to when parting an instant. */
const SPLIT_END = Date.UTC(9999, 11, 31);

/** A record of the window with its event's instant. */
export interface Found {
	record: JsonApiResource;
	at: number;
	/**
	 * Matched by the search but not the event's (another custom object type, a record not
	 * deleted): handled, never reported. Remembered like the others, so the window's count
	 * can leave it out and the cursor moves past it.
	 */
	ignored?: boolean;
}

/** A range of the event's instant, open at the end when `until` is missing. */
export type Range = Omit<TimeWindow, 'until'> & { until?: number };

/** Counts and reads the records of one event by time. */
export interface WindowReader {
	/** How many records the range holds (at least `atMost + 1` is enough to say "too many"). */
	count(range: Range, atMost: number): Promise<number>;
	/** Every record of the range, each once, with its instant inside it, oldest first; `total` as Kustomer counted. */
	read(range: Range): Promise<{ found: Found[]; total?: number; complete: boolean }>;
}

function query(event: PollEvent, parameters: PollEventParameters, range: Range): Query {
	const attribute = timestampSearchAttribute(event);
	const and: IDataObject[] = [...event.criteria(parameters), bound(attribute, 'gte', range.since)];
	if (range.until !== undefined) and.push(bound(attribute, 'lt', range.until));
	if (range.split) {
		const split = `${event.queryContext}_${event.splitAttribute.search}`;
		and.push(bound(split, 'gte', range.split.since), bound(split, 'lt', range.split.until));
	}
	return { queryContext: event.queryContext, and, sortAttribute: sortSearchAttribute(event), includeDeleted: event.includeDeleted };
}

function date(record: JsonApiResource, read: (record: JsonApiResource) => string | undefined): number {
	const text = read(record);
	return text === undefined ? Number.NaN : Date.parse(text);
}

/** The instant of a record's event when it is inside the range (the index may hold an older copy). */
function instantIn(event: PollEvent, record: JsonApiResource, range: Range): number | undefined {
	const at = date(record, event.timestampOf);
	if (Number.isNaN(at) || at < range.since || (range.until !== undefined && at >= range.until)) return undefined;
	if (range.split) {
		const split = date(record, (entry) => entry.attributes?.[event.splitAttribute.record] as string | undefined);
		if (!(split >= range.split.since && split < range.split.until)) return undefined;
	}
	return at;
}

/** A WindowReader over Kustomer's search, through the poll's client (and its rate governor). */
export function searchReader(client: KustomerClient, event: PollEvent, parameters: PollEventParameters): WindowReader {
	return {
		count: async (range, atMost) => await countMatches(client, query(event, parameters, range), atMost),
		async read(range) {
			const { records, total, complete } = await readMatches(client, query(event, parameters, range));
			const found: Found[] = [];
			for (const record of records) {
				const ignored = event.keeps !== undefined && !event.keeps(record, parameters);
				const problem = ignored ? undefined : event.problemWith?.(record);
				if (problem) throw new NodeOperationError(client.node, problem, {
					description: `${event.name} is read by the records' updatedAt, which deletes in this Kustomer org leave as it was: the trigger stops rather than report only some deletions.`,
				});
				const at = instantIn(event, record, range);
				if (at !== undefined) found.push(ignored ? { record, at, ignored } : { record, at });
			}
			found.sort((a, b) => a.at - b.at || a.record.id.localeCompare(b.record.id));
			return { found, total, complete };
		},
	};
}

/** Of the `limit` most recently updated records the event's search finds, the ones it keeps, whatever their time: newest first. */
export async function recentRecords(client: KustomerClient, settings: PollSettings, limit: number): Promise<JsonApiResource[]> {
	const { event } = settings;
	const query = { queryContext: event.queryContext, and: event.criteria(settings), ...(event.includeDeleted ? { includeDeleted: true } : {}) };
	const records = await searchAll(client, query, { order: 'desc', limit, roles: ROLES.search });
	return event.keeps ? records.filter((record) => event.keeps!(record, settings)) : records;
}

/**
 * The end in (low, high] at which `count` first holds at most `maxRecords`, by halving: the
 * highest end found with a count at most that, stopping once it is half full or more (no
 * need to spend searches on the best cut). `high` when nothing fits before it.
 */
async function cutBelow(count: (end: number) => Promise<number>, low: number, high: number, maxRecords: number): Promise<number> {
	let lowCount = 0;
	for (let probe = 0; probe < MAX_PROBES && high - low > 1; probe++) {
		const middle = Math.floor((low + high) / 2);
		const found = await count(middle);
		if (found > maxRecords) {
			high = middle;
			continue;
		}
		[low, lowCount] = [middle, found];
		if (found * 2 >= maxRecords) break;
	}
	return lowCount > 0 ? low : high;
}

/**
 * The window to read next, up to `limit` (Kustomer's now less the margin): all of it when it
 * holds at most `maxRecords` records not handled yet (from `openCount`, the records from the
 * cursor on, and the ones remembered); else cut short at an instant found by halving. One
 * instant holding more is a window of its own (read whole when one search serves it, else in parts).
 */
export async function planWindow(reader: WindowReader, cursor: PollCursor, maxRecords: number, limit: number, openCount: number): Promise<TimeWindow> {
	const { since } = cursor;
	const until = Math.max(limit, since);
	if (cursor.split) return await planPart(reader, cursor.split, maxRecords);
	if (openCount - seenBefore(cursor, Number.MAX_SAFE_INTEGER) <= maxRecords) return { since, until };
	const fresh = async (end: number) => {
		const remembered = seenBefore(cursor, end);
		return (await reader.count({ since, until: end }, maxRecords + remembered)) - remembered;
	};
	if ((await fresh(until)) <= maxRecords) return { since, until };
	return { since, until: await cutBelow(fresh, since, until, maxRecords) };
}

/**
 * The next part of the instant `at` that holds more records than one search serves: by the
 * event's second attribute, from `from` (where the last part ended), at most `maxRecords`
 * records (or one millisecond of that attribute, whatever it holds).
 */
export async function planPart(reader: WindowReader, { at, from }: { at: number; from: number }, maxRecords: number): Promise<TimeWindow> {
	const part = (end: number) => ({ since: at, until: at + 1, split: { since: from, until: end } });
	const count = async (end: number) => await reader.count(part(end), maxRecords);
	if ((await count(SPLIT_END)) <= maxRecords) return part(SPLIT_END);
	return part(await cutBelow(count, from, SPLIT_END, maxRecords));
}

/** Whether a part reached the end of its instant. */
export function isLastPart(window: TimeWindow): boolean {
	return !window.split || window.split.until >= SPLIT_END;
}

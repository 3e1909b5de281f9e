import type { IDataObject } from 'n8n-workflow';

import { ROLES } from '../shared/roles';
import type { JsonApiResource, KustomerClient, SearchQuery } from '../transport';
import { searchAll, searchPage } from '../transport';
import type { PollCursor, TimeWindow } from './cursor';
import { seenBefore } from './cursor';
import type { PollEvent, PollEventParameters } from './events';
import { timestampSearchAttribute } from './events';
import type { PollSettings } from './settings';

/** Counting probes one poll may spend finding a window small enough (enough for ms precision over decades). */
const MAX_PROBES = 40;

/** Counts and reads the records of one event in a time window. */
export interface WindowReader {
	/** How many records the window holds (at least `atMost + 1` is enough to say "too many"). */
	count(window: TimeWindow, atMost: number): Promise<number>;
	/** Every record of the window, each with its instant, oldest first. */
	read(window: TimeWindow): Promise<Array<{ record: JsonApiResource; at: number }>>;
}

/** The search for an event's records in a window: its own criteria plus the time range. */
function windowQuery(event: PollEvent, parameters: PollEventParameters, window: TimeWindow): SearchQuery {
	const attribute = timestampSearchAttribute(event);
	const and: IDataObject[] = [...event.criteria(parameters), { [attribute]: { gte: new Date(window.since).toISOString() } }];
	if (window.until !== undefined) and.push({ [attribute]: { lt: new Date(window.until).toISOString() } });
	return { queryContext: event.queryContext, and };
}

/** The instant of a record's event, when it has one inside the window. */
function instantIn(event: PollEvent, record: JsonApiResource, window: TimeWindow): number | undefined {
	const text = event.timestampOf(record);
	const at = text === undefined ? Number.NaN : Date.parse(text);
	if (Number.isNaN(at) || at < window.since || (window.until !== undefined && at >= window.until)) return undefined;
	return at;
}

/** A WindowReader over Kustomer's search, through the poll's client (and its rate governor). */
export function searchReader(client: KustomerClient, event: PollEvent, parameters: PollEventParameters): WindowReader {
	return {
		async count(window, atMost) {
			const query = windowQuery(event, parameters, window);
			const document = await searchPage(client, query, 1, 1, { roles: ROLES.search });
			const total = document?.meta?.total;
			if (typeof total === 'number') return total;
			// An answer without a total: count by reading, as far as the answer matters.
			return (await searchAll(client, query, { limit: atMost + 1, roles: ROLES.search })).length;
		},
		async read(window) {
			const records = await searchAll(client, windowQuery(event, parameters, window), { roles: ROLES.search });
			const found: Array<{ record: JsonApiResource; at: number }> = [];
			for (const record of records) {
				// The index may still hold an older copy: only what is inside the window counts.
				const at = instantIn(event, record, window);
				if (at !== undefined) found.push({ record, at });
			}
			return found.sort((a, b) => a.at - b.at || a.record.id.localeCompare(b.record.id));
		},
	};
}

/** The `limit` most recently updated records the event watches, whatever their time: newest first. */
export async function recentRecords(client: KustomerClient, settings: PollSettings, limit: number): Promise<JsonApiResource[]> {
	const { event } = settings;
	return await searchAll(client, { queryContext: event.queryContext, and: event.criteria(settings) }, { order: 'desc', limit, roles: ROLES.search });
}

/**
 * The window to read next: from the cursor to now when it holds at most `maxRecords` records
 * not handled yet; else cut short at an instant found by halving, so one poll reads a bounded
 * number of records. A single instant holding more than `maxRecords` is read whole.
 */
export async function planWindow(reader: WindowReader, cursor: PollCursor, maxRecords: number, now: number): Promise<TimeWindow> {
	const { since } = cursor;
	const fresh = async (until?: number) => {
		const remembered = seenBefore(cursor, until);
		return (await reader.count({ since, until }, maxRecords + remembered)) - remembered;
	};
	if ((await fresh()) <= maxRecords) return { since };

	let low = since;
	let lowCount = 0;
	let high = Math.max(now, since + 1);
	if ((await fresh(high)) <= maxRecords) return { since, until: high };
	for (let probe = 0; probe < MAX_PROBES && high - low > 1; probe++) {
		const middle = Math.floor((low + high) / 2);
		const count = await fresh(middle);
		if (count > maxRecords) {
			high = middle;
			continue;
		}
		[low, lowCount] = [middle, count];
		// Half full or more is enough: no need to spend searches on the exact best cut.
		if (count * 2 >= maxRecords) break;
	}
	// Nothing new before `high`: the instant at `low` alone holds too many, and is read whole.
	return { since, until: lowCount > 0 ? low : high };
}

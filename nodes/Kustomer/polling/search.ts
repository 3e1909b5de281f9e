/**
 * Kustomer's search as the polling trigger uses it: counting a query, and reading a query
 * completely, each record once, while records change under it.
 *
 * A query is read page by page, and every page is asked for again from the last sort instant
 * read (`<object>_updated_at` gte that instant), the records at that instant already read
 * skipped: a record touched during the read moves to a later instant (it is read again, and
 * kept once, by id), and no other record shifts into a page already read, as it does when
 * pages are numbered over a moving index. The sort key is the one every public client uses
 * (events.ts, sortSearchAttribute). When fewer records came back than the first page's
 * `meta.total` (required in the OpenAPI file's answer to POST /customers/search), the query is
 * read again, by page number the second time, in case Kustomer ignored the sort.
 */
import type { IDataObject } from 'n8n-workflow';

import { ROLES } from '../shared/roles';
import type { JsonApiResource, KustomerClient } from '../transport';
import { recordsOf, SEARCH_MAX_PAGE_SIZE, SEARCH_MAX_PAGES, SEARCH_MAX_RECORDS, searchPage } from '../transport';

/** At most this many passes over one query to make it complete. */
const MAX_PASSES = 3;

/** Records sharing one sort instant beyond what one query serves (10,000): the caller parts them. */
export class TooManyAtOneInstant extends Error {}

export interface Query {
	queryContext: string;
	and: IDataObject[];
	/** `<object>_updated_at` */
	sortAttribute: string;
	/** Deleted records too (the search body's `includeDeleted`). */
	includeDeleted?: boolean;
}

/** The search body of a query, without paging or sort. */
function searchBody(query: Query, and: IDataObject[]): IDataObject {
	return { queryContext: query.queryContext, ...(query.includeDeleted ? { includeDeleted: true } : {}), and };
}

/** A criterion of one operator (Kustomer: "Each criterion maps one attribute to one operator and value"). */
export function bound(attribute: string, operator: 'gte' | 'lt', at: number): IDataObject {
	return { [attribute]: { [operator]: new Date(at).toISOString() } };
}

function sortValue(record: JsonApiResource, query: Query): string | undefined {
	const name = query.sortAttribute.endsWith('_updated_at') ? 'updatedAt' : 'createdAt';
	const value = record.attributes?.[name];
	return typeof value === 'string' ? value : undefined;
}

async function page(client: KustomerClient, query: Query, from: string | undefined, number: number, sorted: boolean) {
	const and = from ? [...query.and, { [query.sortAttribute]: { gte: from } }] : query.and;
	const body = searchBody(query, and);
	if (sorted) body.sort = [{ [query.sortAttribute]: 'asc' }];
	return await searchPage(client, body, number, SEARCH_MAX_PAGE_SIZE, { roles: ROLES.search });
}

/** How many records match (a page of one, its meta.total); without a total, by reading up to atMost + 1. */
export async function countMatches(client: KustomerClient, query: Query, atMost: number): Promise<number> {
	const document = await searchPage(client, searchBody(query, query.and), 1, 1, { roles: ROLES.search });
	const total = document?.meta?.total;
	if (typeof total === 'number') return total;
	const found = new Map<string, JsonApiResource>();
	for (let number = 1; found.size <= atMost && (number - 1) * SEARCH_MAX_PAGE_SIZE < SEARCH_MAX_RECORDS; number++) {
		const answer = await page(client, query, undefined, number, false);
		for (const record of recordsOf(answer)) found.set(record.id, record);
		if (!answer?.links?.next) break;
	}
	return found.size;
}

/** One pass over a query into `found`: re-queried from the last sort instant (keyset), or by page numbers. */
async function readPass(client: KustomerClient, query: Query, found: Map<string, JsonApiResource>, keyset: boolean): Promise<number | undefined> {
	let from: string | undefined;
	let number = 1;
	let total: number | undefined;
	for (let request = 0; ; request++) {
		const answer = await page(client, query, from, number, true);
		if (request === 0 && typeof answer?.meta?.total === 'number') total = answer.meta.total;
		const records = recordsOf(answer);
		for (const record of records) found.set(record.id, record);
		if (!answer?.links?.next || records.length < SEARCH_MAX_PAGE_SIZE) return total;
		const last = sortValue(records[records.length - 1], query);
		if (keyset && last !== undefined && last !== from) [from, number] = [last, 1];
		else if (number >= SEARCH_MAX_PAGES || number * SEARCH_MAX_PAGE_SIZE >= SEARCH_MAX_RECORDS) throw new TooManyAtOneInstant(`more than ${SEARCH_MAX_RECORDS} records share ${query.sortAttribute} ${from ?? ''}`);
		else number++;
	}
}

/** Every record the query matches, each once (the last copy read of a record wins). */
export async function readMatches(client: KustomerClient, query: Query): Promise<{ records: JsonApiResource[]; total?: number; complete: boolean }> {
	const found = new Map<string, JsonApiResource>();
	let total: number | undefined;
	for (let pass = 0; pass < MAX_PASSES; pass++) {
		const passTotal = await readPass(client, query, found, pass !== 1);
		total ??= passTotal;
		if (total === undefined || found.size >= total) return { records: [...found.values()], total, complete: true };
	}
	return { records: [...found.values()], total, complete: false };
}

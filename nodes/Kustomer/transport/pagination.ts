import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { KustomerClient, KustomerRequest } from './client';
import { costs } from './governor';
import type { JsonApiDocument, JsonApiResource } from './types';

/** Largest page most Kustomer lists accept. */
export const MAX_PAGE_SIZE = 100;
/**
 * Largest page a search accepts: "pageSize up to 500" (Kustomer's docs, developer.kustomer.com
 * docs/concepts/search and docs/concepts/pagination; the OpenAPI file lists no query parameters
 * for POST /customers/search, so it does not contradict them).
 */
export const SEARCH_MAX_PAGE_SIZE = 500;
/** Kustomer serves at most this many pages of one search query... */
export const SEARCH_MAX_PAGES = 100;
/**
 * ...and at most this many of its records, whatever the page size: whether 500 a page lifts
 * the cap is not documented, so a query is continued from its last updated_at at 10,000.
 */
export const SEARCH_MAX_RECORDS = 10_000;

export interface PageOptions {
	/** Stop once this many records are read; undefined reads everything. */
	limit?: number;
	/** Upper bound of pageSize for this endpoint (100 on most, 500 on users and teams). */
	maxPageSize?: number;
}

/** The records of a response, whether Kustomer sent one (`data: {}`) or a list (`data: []`). */
export function recordsOf(document: JsonApiDocument | undefined): JsonApiResource[] {
	const data = document?.data;
	if (Array.isArray(data)) return data;
	return data ? [data] : [];
}

/** links.next as a path from the API root (Kustomer sends /v1/..., tolerate a full URL). */
export function nextPath(next: string | null | undefined): string | undefined {
	if (!next) return undefined;
	if (/^https?:\/\//i.test(next)) {
		const url = new URL(next);
		return `${url.pathname}${url.search}`;
	}
	return next.startsWith('/') ? next : `/${next}`;
}

/**
 * Reads a GET list page by page, following links.next until it is null or `limit` records
 * are in. Asks for pages no larger than needed, so Limit costs as few requests as it can.
 */
export async function getAllPages(
	client: KustomerClient,
	request: Omit<KustomerRequest, 'method'>,
	{ limit, maxPageSize = MAX_PAGE_SIZE }: PageOptions = {},
): Promise<JsonApiResource[]> {
	const pageSize = Math.min(maxPageSize, limit ?? maxPageSize);
	const results: JsonApiResource[] = [];
	const visited = new Set<string>();
	let path: string | undefined = request.path;
	let qs: IDataObject | undefined = { ...request.qs, page: 1, pageSize };

	while (path) {
		const document: JsonApiDocument | undefined = await client.request({ ...request, method: 'GET', path, qs });
		const page = recordsOf(document);
		results.push(...page);
		if (limit !== undefined && results.length >= limit) return results.slice(0, limit);

		const next = nextPath(document?.links?.next);
		if (!next || page.length === 0 || visited.has(next)) break;
		visited.add(next);
		path = next;
		qs = undefined; // links.next carries page and pageSize
	}
	return results;
}

/** A Kustomer search body, without sort (searchAll owns the order). */
export interface SearchQuery extends IDataObject {
	queryContext: string;
	and?: IDataObject[];
	or?: IDataObject[];
	not?: IDataObject[];
}

export interface SearchOptions extends Omit<PageOptions, 'maxPageSize'> {
	/** Order by last update: oldest first (asc) or newest first (desc). */
	order?: 'asc' | 'desc';
	/** The date the order (and the re-query past the cap) follows: last update (default) or creation. */
	sortBy?: 'updatedAt' | 'createdAt';
	itemIndex?: number;
	roles?: readonly string[];
	/** The search endpoint: POST /v1/customers/search, or the archive's /v1/customers/archive/search (records last updated over two years ago). */
	path?: string;
}

function dateOf(resource: JsonApiResource, sortBy: 'updatedAt' | 'createdAt'): string | undefined {
	const value = resource.attributes?.[sortBy];
	return typeof value === 'string' ? value : undefined;
}

/** Where a search continues past Kustomer's cap: from this sort date on, without the records at it already returned. */
interface SearchPosition {
	boundary?: string;
	seenAtBoundary: Set<string>;
}

/** The body of one query: the criteria, sorted, from the position's date on when it continues past the cap. */
function searchBody(query: SearchQuery, sortAttribute: string, order: 'asc' | 'desc', boundary?: string): IDataObject {
	const and = [...(query.and ?? [])];
	if (boundary) and.push({ [sortAttribute]: { [order === 'asc' ? 'gte' : 'lte']: boundary } });
	const body: IDataObject = { ...query, sort: [{ [sortAttribute]: order }] };
	if (and.length) body.and = and;
	else delete body.and;
	return body;
}

/** One page of POST /v1/customers/search (a search changes nothing, so it may be sent again). */
export async function searchPage(
	client: KustomerClient,
	body: IDataObject,
	page: number,
	pageSize: number,
	{ itemIndex, roles, path = '/v1/customers/search' }: Pick<SearchOptions, 'itemIndex' | 'roles' | 'path'>,
): Promise<JsonApiDocument | undefined> {
	return await client.request<JsonApiDocument>({
		method: 'POST',
		path,
		qs: { page, pageSize },
		body,
		retryable: true,
		cost: costs.search(),
		itemIndex,
		roles,
	});
}

/**
 * Reads one query page by page into `results`, skipping `skip`. Answers true when it stopped
 * at Kustomer's cap (more may follow), false when the results or the limit ended it.
 */
async function readQuery(
	client: KustomerClient,
	body: IDataObject,
	pageSize: number,
	skip: Set<string>,
	results: JsonApiResource[],
	{ limit, itemIndex, roles, path }: SearchOptions,
): Promise<boolean> {
	for (let page = 1; ; page++) {
		const document = await searchPage(client, body, page, pageSize, { itemIndex, roles, path });
		const found = recordsOf(document);
		for (const resource of found) {
			if (skip.has(resource.id)) continue;
			results.push(resource);
			if (limit !== undefined && results.length >= limit) return false;
		}
		if (!document?.links?.next || found.length === 0) return false;
		if (page >= SEARCH_MAX_PAGES || page * pageSize >= SEARCH_MAX_RECORDS) return true;
	}
}

/**
 * Where to ask again after a query hit the cap: from the last sort date read (inclusive),
 * skipping the records at that instant already returned. Records at the boundary instant are
 * contiguous at the end, as results are sorted by it. An error when the query cannot move on.
 */
function positionAfterCap(
	client: KustomerClient,
	results: JsonApiResource[],
	countBefore: number,
	sortBy: 'updatedAt' | 'createdAt',
	position: SearchPosition,
	itemIndex?: number,
): SearchPosition {
	const sortDate = (resource: JsonApiResource) => dateOf(resource, sortBy);
	const last = results[results.length - 1];
	const lastSortDate = last ? sortDate(last) : undefined;
	if (!lastSortDate || results.length === countBefore) {
		throw new NodeOperationError(
			client.node,
			`The search matches more than ${SEARCH_MAX_RECORDS.toLocaleString('en-US')} records and could not be continued past Kustomer's cap`,
			{
				itemIndex,
				description: lastSortDate
					? `More records than one query can return share the same ${sortBy}. Narrow the criteria (for example by a date range) and run again.`
					: `The records carry no ${sortBy} to continue from. Narrow the criteria so fewer than 10,000 records match.`,
			},
		);
	}
	const seenAtBoundary = new Set(position.boundary === lastSortDate ? position.seenAtBoundary : []);
	for (let index = results.length - 1; index >= 0 && sortDate(results[index]) === lastSortDate; index--) {
		seenAtBoundary.add(results[index].id);
	}
	return { boundary: lastSortDate, seenAtBoundary };
}

/**
 * Sort keys Kustomer is known to honour: customer attributes, which its OpenAPI file lists
 * (POST /customers/search, "Sort on customer attributes"), and `<object>_updated_at`, which
 * public clients sort by (singer-io/tap-kustomer streams.py, MeltanoLabs/tap-kustomer
 * client.py). The same file says "Sorting based on other standard Object attributes is
 * unavailable", so another key (conversation_created_at) is never trusted blindly.
 */
export function isConfirmedSortKey(attribute: string): boolean {
	return /^(customer_[a-z_]+|[a-z]+_updated_at)$/.test(attribute);
}

/** An unconfirmed sort must come back in order: else the first records are not the ones asked for. */
function checkOrder(client: KustomerClient, results: JsonApiResource[], sortAttribute: string, { order = 'asc', sortBy = 'updatedAt', itemIndex }: SearchOptions): void {
	let previous: JsonApiResource | undefined;
	for (const record of results) {
		const at = Date.parse(dateOf(record, sortBy) ?? '');
		if (Number.isNaN(at)) continue;
		const before = previous ? Date.parse(dateOf(previous, sortBy) as string) : at;
		if (order === 'asc' ? at < before : at > before) {
			throw new NodeOperationError(client.node, `Kustomer did not sort the search by ${sortAttribute}${itemIndex === undefined ? '' : ` [item ${itemIndex}]`}`, {
				itemIndex,
				description: `Record ${record.id} (${sortBy} ${dateOf(record, sortBy)}) came after ${previous?.id} (${dateOf(previous as JsonApiResource, sortBy)}), so the records read are not the first in that order. Kustomer's OpenAPI file says sorting by other than customer attributes is unavailable, and public clients sort only by last update. Use Sort By: Last Update, or Return All (the node then orders the records itself).`,
			});
		}
		previous = record;
	}
}

/** Every record once (the last copy read), ordered by `sortBy` here; records without that date last. */
function orderedBy(records: JsonApiResource[], sortBy: 'updatedAt' | 'createdAt', order: 'asc' | 'desc'): JsonApiResource[] {
	const time = (record: JsonApiResource) => Date.parse(dateOf(record, sortBy) ?? '');
	const unique = [...new Map(records.map((record) => [record.id, record])).values()];
	const dated = unique.filter((record) => !Number.isNaN(time(record)));
	dated.sort((a, b) => (order === 'asc' ? time(a) - time(b) : time(b) - time(a)));
	return [...dated, ...unique.filter((record) => Number.isNaN(time(record)))];
}

/**
 * Runs POST /v1/customers/search to the end or to `limit`. Results are ordered by
 * `<context>_updated_at` (or `_created_at`), which lets this read past Kustomer's cap of 100
 * pages / 10,000 records per query: at the cap it asks again from the last date seen
 * (inclusive), skipping the records at that instant it already returned. A sort key not known
 * to work (isConfirmedSortKey) is checked as the pages come; with no limit, the records are
 * read by last update instead and ordered here, which needs no sort from Kustomer at all.
 */
export async function searchAll(client: KustomerClient, query: SearchQuery, options: SearchOptions): Promise<JsonApiResource[]> {
	const { limit, order = 'asc', sortBy = 'updatedAt' } = options;
	if (limit === undefined && !isConfirmedSortKey(sortAttributeOf(query, sortBy))) {
		return orderedBy(await searchSorted(client, query, { ...options, sortBy: 'updatedAt' }), sortBy, order);
	}
	return await searchSorted(client, query, options);
}

function sortAttributeOf(query: SearchQuery, sortBy: 'updatedAt' | 'createdAt'): string {
	return `${query.queryContext}_${sortBy === 'createdAt' ? 'created' : 'updated'}_at`;
}

/** searchAll, sorted by Kustomer on the options' key. */
async function searchSorted(client: KustomerClient, query: SearchQuery, options: SearchOptions): Promise<JsonApiResource[]> {
	const { limit, order = 'asc', sortBy = 'updatedAt', itemIndex } = options;
	const pageSize = Math.min(SEARCH_MAX_PAGE_SIZE, limit ?? SEARCH_MAX_PAGE_SIZE);
	const sortAttribute = sortAttributeOf(query, sortBy);
	const results: JsonApiResource[] = [];
	let position: SearchPosition = { seenAtBoundary: new Set() };
	for (;;) {
		const countBefore = results.length;
		const body = searchBody(query, sortAttribute, order, position.boundary);
		const atCap = await readQuery(client, body, pageSize, position.seenAtBoundary, results, options);
		if (!isConfirmedSortKey(sortAttribute)) checkOrder(client, results, sortAttribute, options);
		if (!atCap) return results;
		position = positionAfterCap(client, results, countBefore, sortBy, position, itemIndex);
	}
}

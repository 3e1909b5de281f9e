import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { ROLES } from '../shared/roles';
import type { JsonApiResource, KustomerClient, SearchQuery } from '../transport';
import { SEARCH_MAX_PAGE_SIZE, searchAll } from '../transport';
import { resolveOnce } from './batch';
import type { ItemFailures } from './types';

/**
 * Which items' External IDs already have a record, found before anything is created, so that
 * an idempotent create costs about one request: one Kustomer search covers up to 100 values
 * (customers whose conversations to read, or message external IDs), and only what the search
 * cannot settle is looked up one by one with Kustomer's direct lookup.
 *
 * Kustomer's search reads an index, which may lag a write by a few seconds (not documented
 * either way; its direct lookups read the record store). So a search hit is always believed,
 * and a miss only where the search shows no record of the same customer or conversation
 * created in the last minute: a run started right after another one checks those one by one.
 */

/** Fewer External IDs than this are looked up one by one (exact, and a search saves little). */
const SEARCH_CHECK_MIN_ITEMS = 5;
/** Values in one search's `in` criterion (the `in` operator: developer.kustomer.com docs/guides/search-recipes). */
const VALUES_PER_SEARCH = 100;
/** A record created this recently means the index may not have the newest ones yet. */
const INDEX_LAG_GUARD_MS = 60_000;

/** An item whose External ID is checked, and the customer or conversation its record must belong to. */
export interface WantedRecord {
	itemIndex: number;
	externalId: string;
	scope: string;
}

/** How one kind of record is found by External ID. */
export interface ExternalIdSource {
	/** The search that finds candidates for many items: its context, and the attribute whose values are listed. */
	search: { queryContext: string; attribute: string; valueOf(wanted: WantedRecord): string };
	/** Kustomer's direct lookup by External ID. */
	lookup(externalId: string, itemIndex: number): Promise<JsonApiResource | undefined>;
	/** The customer or conversation a record belongs to. */
	scopeOf(record: JsonApiResource): string | undefined;
	/** What the records and their scopes are called in errors: "conversation", "customer". */
	noun: string;
	scopeNoun: string;
}

/** Per External ID: its record, or null when Kustomer has none. Absent: not settled yet. */
type Settled = Map<string, JsonApiResource | null>;

function chunks<T>(values: T[], size: number): T[][] {
	return Array.from({ length: Math.ceil(values.length / size) }, (_, index) => values.slice(index * size, (index + 1) * size));
}

function externalIdOf(record: JsonApiResource): string | undefined {
	const value = record.attributes?.externalId;
	return typeof value === 'string' ? value : undefined;
}

/** A search's records, or undefined when it failed or needs more pages than it is worth. */
async function searchCandidates(client: KustomerClient, query: SearchQuery, maxRecords: number): Promise<JsonApiResource[] | undefined> {
	try {
		const records = await searchAll(client, query, { limit: maxRecords, roles: ROLES.search });
		return records.length < maxRecords ? records : undefined;
	} catch {
		// Kustomer refused the search (a key without the search role, say): look each one up.
		return undefined;
	}
}

/** Settles what searches can: hits always, misses unless the scope had a record created in the last minute. */
async function settleBySearch(client: KustomerClient, source: ExternalIdSource, wanted: WantedRecord[], settled: Settled) {
	const { queryContext, attribute, valueOf } = source.search;
	for (const values of chunks([...new Set(wanted.map(valueOf))], VALUES_PER_SEARCH)) {
		const mine = wanted.filter((entry) => values.includes(valueOf(entry)));
		// Worth paging while it stays well under one lookup per item.
		const maxRecords = SEARCH_MAX_PAGE_SIZE * Math.max(1, Math.floor(mine.length / 2));
		const records = await searchCandidates(client, { queryContext, and: [{ [attribute]: { in: values } } as IDataObject] }, maxRecords);
		if (!records) continue;
		const since = client.clock.now() - INDEX_LAG_GUARD_MS;
		const recent = new Set(records.filter((record) => Date.parse(String(record.attributes?.createdAt)) >= since).map(source.scopeOf));
		const holdersOf = new Map<string, JsonApiResource[]>();
		for (const record of records) {
			const externalId = externalIdOf(record);
			if (externalId !== undefined) holdersOf.set(externalId, [...(holdersOf.get(externalId) ?? []), record]);
		}
		for (const entry of mine) {
			// The item's own record first, should older data hold the External ID twice.
			const holders = holdersOf.get(entry.externalId) ?? [];
			const found = holders.find((record) => source.scopeOf(record) === entry.scope) ?? holders[0];
			if (found) settled.set(entry.externalId, found);
			else if (!recent.has(entry.scope)) settled.set(entry.externalId, null);
		}
	}
}

/** Looks up, one request each, the External IDs nothing settled; a failed lookup fails its items. */
async function settleByLookup(client: KustomerClient, source: ExternalIdSource, wanted: WantedRecord[], settled: Settled, failures: ItemFailures) {
	const items = wanted.map(({ itemIndex, externalId }) => ({ itemIndex, input: externalId }));
	const unsettled = (externalId: string) => (settled.has(externalId) ? undefined : externalId);
	const found = await resolveOnce(client, items, unsettled, async (externalId, itemIndex) => (await source.lookup(externalId, itemIndex)) ?? null, failures);
	for (const [externalId, record] of found) settled.set(externalId, record);
}

/** The error of an item whose External ID names a record of another customer or conversation. */
function conflict(client: KustomerClient, source: ExternalIdSource, entry: WantedRecord, holder: string): NodeOperationError {
	const { noun, scopeNoun } = source;
	return new NodeOperationError(
		client.node,
		`External ID "${entry.externalId}" already belongs to a ${noun} of another ${scopeNoun} [item ${entry.itemIndex}]`,
		{
			itemIndex: entry.itemIndex,
			description: `${holder} has it. An External ID names one ${noun} in Kustomer: use another one, or leave it empty.`,
		},
	);
}

/** Items repeating an External ID an earlier item uses for another customer or conversation. */
function conflictsWithinRun(client: KustomerClient, source: ExternalIdSource, wanted: WantedRecord[], failures: ItemFailures): WantedRecord[] {
	const firstOf = new Map<string, WantedRecord>();
	return wanted.filter((entry) => {
		const first = firstOf.get(entry.externalId) ?? entry;
		firstOf.set(entry.externalId, first);
		if (first.scope === entry.scope) return true;
		failures.set(entry.itemIndex, conflict(client, source, entry, `Item ${first.itemIndex} (for ${source.scopeNoun} ${first.scope})`));
		return false;
	});
}

/**
 * The existing record of each item's External ID (by item index), for the items whose record
 * belongs to their own customer or conversation; an External ID taken elsewhere fails its item.
 */
export async function findExistingRecords(
	client: KustomerClient,
	source: ExternalIdSource,
	wanted: WantedRecord[],
	failures: ItemFailures,
	{ lookupsOnly = false } = {},
): Promise<Map<number, JsonApiResource>> {
	const consistent = conflictsWithinRun(client, source, wanted, failures);
	const settled: Settled = new Map();
	if (!lookupsOnly && new Set(consistent.map((entry) => entry.externalId)).size >= SEARCH_CHECK_MIN_ITEMS) {
		await settleBySearch(client, source, consistent, settled);
	}
	await settleByLookup(client, source, consistent, settled, failures);
	const existing = new Map<number, JsonApiResource>();
	for (const entry of consistent) {
		const record = settled.get(entry.externalId);
		if (!record || failures.has(entry.itemIndex)) continue;
		if (source.scopeOf(record) === entry.scope) existing.set(entry.itemIndex, record);
		else {
			const holder = `${source.noun[0].toUpperCase()}${source.noun.slice(1)} ${record.id} (${source.scopeNoun} ${source.scopeOf(record) ?? 'unknown'})`;
			failures.set(entry.itemIndex, conflict(client, source, entry, holder));
		}
	}
	return existing;
}

/**
 * One item's existing record in its own scope, or undefined; its External ID taken elsewhere
 * throws. Always Kustomer's direct lookup: this settles whether a create landed, and a search
 * miss cannot say that (the index may not have the record yet).
 */
export async function findOwnRecord(client: KustomerClient, source: ExternalIdSource, wanted: WantedRecord): Promise<JsonApiResource | undefined> {
	const failures: ItemFailures = new Map();
	const found = await findExistingRecords(client, source, [wanted], failures, { lookupsOnly: true });
	if (failures.has(wanted.itemIndex)) throw failures.get(wanted.itemIndex);
	return found.get(wanted.itemIndex);
}

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
 * and a miss only where something other than the index shows the index is complete: the
 * scope's own record (the customer, or the conversation), read directly, counts exactly the
 * records the search returned for it (a customer's `conversationCounts.all`, a conversation's
 * `messageCount`: both in the OpenAPI file's GET /customers/{id} and GET /conversations/{id}
 * answers). A record the index does not have yet makes the counts differ, and its items are
 * looked up one by one; so does a count Kustomer leaves out.
 */

/** Fewer External IDs than this are looked up one by one (exact, and a search saves little). */
const SEARCH_CHECK_MIN_ITEMS = 5;
/** Values in one search's `in` criterion (the `in` operator: developer.kustomer.com docs/guides/search-recipes). */
const VALUES_PER_SEARCH = 100;

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
	/** How many records the scope holds, from the scope's own record read directly (not the index); undefined when it does not say. */
	countIn(scope: string, itemIndex: number): Promise<number | undefined>;
	/**
	 * How many records of these scopes the index holds, when the search by External ID does not
	 * return all of a scope's records (messages); without it, they are counted in the search's answer.
	 */
	indexedTotal?(scopes: string[], itemIndex: number): Promise<number | undefined>;
	/** What the records and their scopes are called in errors: "conversation", "customer". */
	noun: string;
	scopeNoun: string;
}

/** Per External ID: its record, or null when Kustomer has none. Absent: not settled yet. */
type Settled = Map<string, JsonApiResource | null>;

function chunks<T>(values: T[], size: number): T[][] {
	return Array.from({ length: Math.ceil(values.length / size) }, (_, index) => values.slice(index * size, (index + 1) * size));
}

/** A whole, non-negative count at `key` of an object from Kustomer's answer; undefined when it is not one. */
export function countOf(value: unknown, key: string): number | undefined {
	const count = value && typeof value === 'object' ? (value as IDataObject)[key] : undefined;
	return typeof count === 'number' && Number.isInteger(count) && count >= 0 ? count : undefined;
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

/** Settles what searches can: hits always, misses where the scopes' own records show the index complete. */
async function settleBySearch(client: KustomerClient, source: ExternalIdSource, wanted: WantedRecord[], settled: Settled) {
	const { queryContext, attribute, valueOf } = source.search;
	const missed: WantedRecord[] = [];
	const searched: JsonApiResource[] = [];
	for (const values of chunks([...new Set(wanted.map(valueOf))], VALUES_PER_SEARCH)) {
		const mine = wanted.filter((entry) => values.includes(valueOf(entry)));
		// Worth paging while it stays well under one lookup per item.
		const maxRecords = SEARCH_MAX_PAGE_SIZE * Math.max(1, Math.floor(mine.length / 2));
		const records = await searchCandidates(client, { queryContext, and: [{ [attribute]: { in: values } } as IDataObject] }, maxRecords);
		if (!records) continue;
		searched.push(...records);
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
			else missed.push(entry);
		}
	}
	for (const scope of await completeScopes(source, missed, searched)) {
		for (const entry of missed) if (entry.scope === scope) settled.set(entry.externalId, null);
	}
}

/**
 * The scopes whose search misses are answers: their own records, read directly, count exactly
 * what the index holds for them. Per scope where the search returned all the scope's records
 * (conversations by customer); where it did not (messages by External ID), the scopes' counts
 * together against the index's total for them. Reading each scope costs a request: when that
 * is no cheaper than looking each missed item up, none is read and the lookups do it.
 */
async function completeScopes(source: ExternalIdSource, missed: WantedRecord[], searched: JsonApiResource[]): Promise<string[]> {
	const scopes = [...new Set(missed.map((entry) => entry.scope))];
	if (!scopes.length || scopes.length >= missed.length) return [];
	const first = new Map(missed.map((entry) => [entry.scope, entry.itemIndex]));
	const counts = new Map<string, number | undefined>();
	await Promise.all(scopes.map(async (scope) => counts.set(scope, await source.countIn(scope, first.get(scope) as number).catch(() => undefined))));
	if (source.indexedTotal) {
		const total = await source.indexedTotal(scopes, missed[0].itemIndex).catch(() => undefined);
		const sum = scopes.reduce<number | undefined>((all, scope) => (all === undefined || counts.get(scope) === undefined ? undefined : all + (counts.get(scope) as number)), 0);
		return total !== undefined && sum === total ? scopes : [];
	}
	const indexed = new Map<string, number>();
	for (const record of searched) {
		const scope = source.scopeOf(record);
		if (scope !== undefined) indexed.set(scope, (indexed.get(scope) ?? 0) + 1);
	}
	return scopes.filter((scope) => counts.get(scope) !== undefined && counts.get(scope) === (indexed.get(scope) ?? 0));
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

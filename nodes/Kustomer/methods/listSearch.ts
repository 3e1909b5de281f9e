import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { RESOURCES } from '../actions';
import type { ListSearch } from '../actions/types';
import { customerName } from '../actions/customer/record';
import { ROLES } from '../shared/roles';
import { relatedId } from '../shared/simplify';
import type { JsonApiResource } from '../transport';
import { KustomerClient, recordsOf, searchPage } from '../transport';

const PAGE_SIZE = 25;
/** Criteria one search's `or` takes at most (OpenAPI POST /customers/search, request body: or.maxItems). */
const MAX_OR_CRITERIA = 20;

/**
 * The names of the customers of a page's records, by ID, from one customer search: `customer_id`
 * is among the customer search's filterable attributes (OpenAPI POST /customers/search, its
 * "Filterable attributes JSON Schema"), one `or` criterion per customer. Empty when the search
 * fails: the labels go without names rather than the picker failing.
 */
async function customerNames(client: KustomerClient, records: JsonApiResource[]): Promise<Map<string, string>> {
	const names = new Map<string, string>();
	const ids = [...new Set(records.map((record) => relatedId(record, 'customer')).filter((id): id is string => !!id))].slice(0, MAX_OR_CRITERIA);
	if (!ids.length) return names;
	try {
		const body = { queryContext: 'customer', or: ids.map((id) => ({ customer_id: { equals: id } })) };
		for (const customer of recordsOf(await searchPage(client, body, 1, ids.length, { roles: ROLES.search }))) {
			const name = customerName(customer);
			if (name) names.set(customer.id, name);
		}
	} catch {
		// A name is a convenience: the picker still lists the conversations.
	}
	return names;
}

/** A From List picker: one page of its Kustomer search, newest updates first, with Kustomer's paging as the token. */
function pickerSearch(search: ListSearch) {
	return async function (this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
		const client = new KustomerClient(this);
		const text = filter?.trim();
		const criteria = text ? search.criteria(text) : [];
		const page = Number(paginationToken) || 1;
		const body = {
			queryContext: search.queryContext,
			...(criteria.length ? { or: criteria } : {}),
			sort: [{ [`${search.queryContext}_updated_at`]: 'desc' }],
		};
		// A page whose customers are named holds as many records as one customer search can name.
		const document = await searchPage(client, body, page, search.namesCustomers ? MAX_OR_CRITERIA : PAGE_SIZE, { roles: ROLES.search });
		const records = recordsOf(document);
		const appBase = await client.appUrl();
		const names = search.namesCustomers ? await customerNames(client, records) : undefined;
		return {
			results: records.map((record) => search.entry(record, appBase, names)),
			paginationToken: document?.links?.next && records.length ? String(page + 1) : undefined,
		};
	};
}

/** The node's list search methods: one per kind of record the registry gives a picker. */
export const listSearchMethods = Object.fromEntries(
	RESOURCES.flatMap(({ record }) => (record.listSearch ? [[record.listSearch.method, pickerSearch(record.listSearch)]] : [])),
);

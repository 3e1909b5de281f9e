import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { RESOURCES } from '../actions';
import type { ListSearch } from '../actions/types';
import { ROLES } from '../shared/roles';
import { KustomerClient, recordsOf, searchPage } from '../transport';

const PAGE_SIZE = 25;

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
		const document = await searchPage(client, body, page, PAGE_SIZE, { roles: ROLES.search });
		const records = recordsOf(document);
		const appBase = await client.appUrl();
		return {
			results: records.map((record) => search.entry(record, appBase)),
			paginationToken: document?.links?.next && records.length ? String(page + 1) : undefined,
		};
	};
}

/** The node's list search methods: one per kind of record the registry gives a picker. */
export const listSearchMethods = Object.fromEntries(
	RESOURCES.flatMap(({ record }) => (record.listSearch ? [[record.listSearch.method, pickerSearch(record.listSearch)]] : [])),
);

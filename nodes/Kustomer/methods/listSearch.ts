import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { ROLES } from '../shared/roles';
import { relatedId, textAttribute } from '../shared/simplify';
import type { JsonApiResource } from '../transport';
import { KustomerClient, recordsOf, searchPage } from '../transport';

const PAGE_SIZE = 25;

/** One page of a picker search, newest updates first, with Kustomer's paging as the token. */
async function pickerPage(
	client: KustomerClient,
	queryContext: 'customer' | 'conversation',
	criteria: IDataObject[],
	paginationToken: string | undefined,
): Promise<{ records: JsonApiResource[]; nextToken?: string }> {
	const page = Number(paginationToken) || 1;
	const body = {
		queryContext,
		...(criteria.length ? { or: criteria } : {}),
		sort: [{ [`${queryContext}_updated_at`]: 'desc' }],
	};
	const document = await searchPage(client, body, page, PAGE_SIZE, { roles: ROLES.search });
	const records = recordsOf(document);
	return { records, nextToken: document?.links?.next && records.length ? String(page + 1) : undefined };
}

function firstEmail(record: JsonApiResource): string | undefined {
	const emails = record.attributes?.emails;
	const first = Array.isArray(emails) ? (emails[0] as IDataObject | undefined) : undefined;
	return typeof first?.email === 'string' ? first.email : undefined;
}

export async function searchCustomers(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const client = new KustomerClient(this);
	const text = filter?.trim();
	const criteria = text
		? [{ customer_name: { contains: text } }, { customer_email: { contains: text } }]
		: [];
	const { records, nextToken } = await pickerPage(client, 'customer', criteria, paginationToken);
	const appUrl = await client.appUrl();
	return {
		results: records.map((record) => {
			const email = firstEmail(record);
			const name = textAttribute(record, 'displayName', 'name') ?? email ?? record.id;
			return {
				name: email && email !== name ? `${name} <${email}>` : name,
				value: record.id,
				url: appUrl ? `${appUrl}/app/customers/${record.id}` : undefined,
			};
		}),
		paginationToken: nextToken,
	};
}

export async function searchConversations(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const client = new KustomerClient(this);
	const text = filter?.trim();
	const criteria = text ? [{ conversation_name: { contains: text } }] : [];
	const { records, nextToken } = await pickerPage(client, 'conversation', criteria, paginationToken);
	const appUrl = await client.appUrl();
	return {
		results: records.map((record) => {
			const customerId = relatedId(record, 'customer');
			const status = textAttribute(record, 'status');
			return {
				name: `${textAttribute(record, 'name') ?? '(no subject)'}${status ? ` · ${status}` : ''}`,
				value: record.id,
				url: appUrl && customerId ? `${appUrl}/app/customers/${customerId}/event/${record.id}` : undefined,
			};
		}),
		paginationToken: nextToken,
	};
}

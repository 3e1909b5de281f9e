import type { INodeListSearchResult } from 'n8n-workflow';

import { callMethod } from '../../../helpers/harness';
import { companyResource, COMPANY_ID, conversationResource, CONVERSATION_ID, customerResource, CUSTOMER_ID, kustomerApi, resetApi, sent } from '../../../helpers/kustomer';
import { kustomerNode } from '../../../helpers/workflows';

const OTHER_CUSTOMER_ID = '5f1a2b3c4d5e6f7a8b9c0d99';
const OTHER_CONVERSATION_ID = '5f1a2b3c4d5e6f7a8b9c0e99';

afterEach(resetApi);

const search = async (method: string, filter?: string, token?: string) =>
	await callMethod<INodeListSearchResult>('listSearch', method, kustomerNode({}), [filter, token]);

test('customers: newest first, filtered by name or email, with app links and a next-page token', async () => {
	kustomerApi()
		.post('/v1/customers/search')
		.query({ page: 1, pageSize: 25 })
		.reply(200, { data: [customerResource()], links: { next: '/v1/customers/search?page=2&pageSize=25' } });
	const result = await search('searchCustomers', ' jane ');
	expect(sent[0].body).toEqual({
		queryContext: 'customer',
		or: [{ customer_name: { contains: 'jane' } }, { customer_email: { contains: 'jane' } }],
		sort: [{ customer_updated_at: 'desc' }],
	});
	expect(result).toEqual({
		results: [
			{
				name: 'Jane Doe <jane@example.com>',
				value: CUSTOMER_ID,
				url: `https://acme.kustomerapp.com/app/customers/${CUSTOMER_ID}`,
			},
		],
		paginationToken: '2',
	});
});

test('customers: the token asks for the next page; no filter sends no criteria', async () => {
	kustomerApi().post('/v1/customers/search').query({ page: 2, pageSize: 25 }).reply(200, { data: [], links: { next: null } });
	const result = await search('searchCustomers', undefined, '2');
	expect(sent[0].body).toEqual({ queryContext: 'customer', sort: [{ customer_updated_at: 'desc' }] });
	expect(result).toEqual({ results: [], paginationToken: undefined });
});

test('conversations: subject, status, channel and last update (two customers\' conversations with one subject differ), linked to the conversation in the app', async () => {
	const other = conversationResource(OTHER_CONVERSATION_ID, { channels: ['chat'], updatedAt: '2026-11-03T08:30:00.000Z' }, OTHER_CUSTOMER_ID);
	kustomerApi().post('/v1/customers/search').query(true).reply(200, { data: [conversationResource(), other], links: { next: null } });
	const result = await search('searchConversations', 'refund');
	expect(sent[0].body).toEqual({
		queryContext: 'conversation',
		or: [{ conversation_name: { contains: 'refund' } }],
		sort: [{ conversation_updated_at: 'desc' }],
	});
	expect(result.results).toEqual([
		{
			name: 'Refund request · open · updated 2026-11-01 10:00 UTC',
			value: CONVERSATION_ID,
			url: `https://acme.kustomerapp.com/app/customers/${CUSTOMER_ID}/event/${CONVERSATION_ID}`,
		},
		{
			name: 'Refund request · open · chat · updated 2026-11-03 08:30 UTC',
			value: OTHER_CONVERSATION_ID,
			url: `https://acme.kustomerapp.com/app/customers/${OTHER_CUSTOMER_ID}/event/${OTHER_CONVERSATION_ID}`,
		},
	]);
});

test('companies: by part of the name (company_name, queryContext "company"), linked to the company in the app', async () => {
	kustomerApi().post('/v1/customers/search').query(true).reply(200, { data: [companyResource()], links: { next: null } });
	const result = await search('searchCompanies', 'acme');
	expect(sent[0].body).toEqual({ queryContext: 'company', or: [{ company_name: { contains: 'acme' } }], sort: [{ company_updated_at: 'desc' }] });
	expect(result.results).toEqual([{ name: 'Acme Inc', value: COMPANY_ID, url: `https://acme.kustomerapp.com/app/companies/${COMPANY_ID}` }]);
});

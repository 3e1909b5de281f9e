import type { IDataObject, INodeListSearchResult } from 'n8n-workflow';

import { validateRequestBody } from '../../../../sandbox/contract';
import { callMethod } from '../../../helpers/harness';
import { companyResource, COMPANY_ID, conversationResource, CONVERSATION_ID, customerResource, CUSTOMER_ID, kustomerApi, objectId, resetApi, sent } from '../../../helpers/kustomer';
import { kustomerNode } from '../../../helpers/workflows';

const OTHER_CUSTOMER_ID = '5f1a2b3c4d5e6f7a8b9c0d99';
const OTHER_CONVERSATION_ID = '5f1a2b3c4d5e6f7a8b9c0e99';
const THIRD_CONVERSATION_ID = '5f1a2b3c4d5e6f7a8b9c0e98';

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

test('conversations: subject, customer, status, channel and last update (two customers\' conversations with one subject differ), linked to the conversation in the app', async () => {
	const other = conversationResource(OTHER_CONVERSATION_ID, { channels: ['chat'], updatedAt: '2026-11-03T08:30:00.000Z' }, OTHER_CUSTOMER_ID);
	const again = conversationResource(THIRD_CONVERSATION_ID, {}, OTHER_CUSTOMER_ID);
	kustomerApi()
		.post('/v1/customers/search', (body: IDataObject) => body.queryContext === 'conversation')
		.query({ page: 1, pageSize: 20 })
		.reply(200, { data: [conversationResource(), other, again], links: { next: null } });
	const otherCustomer = customerResource(OTHER_CUSTOMER_ID, { name: 'Sam Roe', displayName: 'Sam Roe', emails: [{ email: 'sam@example.com' }] });
	kustomerApi()
		.post('/v1/customers/search', (body: IDataObject) => body.queryContext === 'customer')
		.query(true)
		.reply(200, { data: [customerResource(), otherCustomer], links: { next: null } });
	const result = await search('searchConversations', 'refund');
	expect(sent[0].body).toEqual({
		queryContext: 'conversation',
		or: [{ conversation_name: { contains: 'refund' } }],
		sort: [{ conversation_updated_at: 'desc' }],
	});
	// One customer search for the page, one criterion per customer.
	expect(sent).toHaveLength(2);
	expect(sent[1].body).toEqual({ queryContext: 'customer', or: [{ customer_id: { equals: CUSTOMER_ID } }, { customer_id: { equals: OTHER_CUSTOMER_ID } }] });
	expect(result.results).toEqual([
		{
			name: 'Refund request · Jane Doe · open · updated 2026-11-01 10:00 UTC',
			value: CONVERSATION_ID,
			url: `https://acme.kustomerapp.com/app/customers/${CUSTOMER_ID}/event/${CONVERSATION_ID}`,
		},
		{
			name: 'Refund request · Sam Roe · open · chat · updated 2026-11-03 08:30 UTC',
			value: OTHER_CONVERSATION_ID,
			url: `https://acme.kustomerapp.com/app/customers/${OTHER_CUSTOMER_ID}/event/${OTHER_CONVERSATION_ID}`,
		},
		{
			name: 'Refund request · Sam Roe · open · updated 2026-11-01 10:00 UTC',
			value: THIRD_CONVERSATION_ID,
			url: `https://acme.kustomerapp.com/app/customers/${OTHER_CUSTOMER_ID}/event/${THIRD_CONVERSATION_ID}`,
		},
	]);
});

test('conversations: a key whose customer search is refused still gets the list, without customer names', async () => {
	kustomerApi()
		.post('/v1/customers/search', (body: IDataObject) => body.queryContext === 'conversation')
		.query(true)
		.reply(200, { data: [conversationResource()], links: { next: null } });
	kustomerApi()
		.post('/v1/customers/search', (body: IDataObject) => body.queryContext === 'customer')
		.query(true)
		.reply(403, { errors: [{ status: '403', title: 'Forbidden' }] });
	const result = await search('searchConversations');
	expect(result.results.map((entry) => entry.name)).toEqual(['Refund request · open · updated 2026-11-01 10:00 UTC']);
});

test('conversations: a full page (20) of 20 customers is named by one customer search whose body Kustomer\'s contract accepts', async () => {
	const page = Array.from({ length: 20 }, (_, index) => conversationResource(objectId(0xc000 + index), {}, objectId(0xa000 + index)));
	kustomerApi()
		.post('/v1/customers/search', (body: IDataObject) => body.queryContext === 'conversation')
		.query({ page: 1, pageSize: 20 })
		.reply(200, { data: page, links: { next: '/v1/customers/search?page=2&pageSize=20' } });
	kustomerApi()
		.post('/v1/customers/search', (body: IDataObject) => body.queryContext === 'customer')
		.query({ page: 1, pageSize: 20 })
		.reply(200, { data: page.map((_, index) => customerResource(objectId(0xa000 + index), { displayName: `Customer ${index}` })), links: { next: null } });
	const result = await search('searchConversations');
	expect(result.results.map((entry) => entry.name.split(' · ')[1])).toEqual(page.map((_, index) => `Customer ${index}`));
	expect(result.paginationToken).toBe('2');
	expect(sent).toHaveLength(2);
	expect(((sent[1].body as IDataObject).or as IDataObject[]).length).toBe(20);
	for (const request of sent) expect(validateRequestBody(request.method, request.path, request.body).errors).toEqual([]);
});

test('companies: by part of the name (company_name, queryContext "company"), linked to the company in the app', async () => {
	kustomerApi().post('/v1/customers/search').query(true).reply(200, { data: [companyResource()], links: { next: null } });
	const result = await search('searchCompanies', 'acme');
	expect(sent[0].body).toEqual({ queryContext: 'company', or: [{ company_name: { contains: 'acme' } }], sort: [{ company_updated_at: 'desc' }] });
	expect(result.results).toEqual([{ name: 'Acme Inc', value: COMPANY_ID, url: `https://acme.kustomerapp.com/app/companies/${COMPANY_ID}` }]);
});

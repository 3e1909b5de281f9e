import type { IDataObject } from 'n8n-workflow';

import { runWorkflow } from '../../../../helpers/harness';
import { customerRange, customerResource, kustomerApi, objectId, resetApi, sent, serveSearchPastCap } from '../../../../helpers/kustomer';
import { itemsThenKustomer } from '../../../../helpers/workflows';

afterEach(resetApi);

const search = (parameters: IDataObject, items: IDataObject[] = [{}]) =>
	itemsThenKustomer(items, { resource: 'customer', operation: 'search', ...parameters });

const customers = customerRange;

/** Serves search pages from a list, Kustomer-style, honouring page and pageSize. */
function serveSearch(all: IDataObject[], times = 50) {
	return kustomerApi()
		.post('/v1/customers/search')
		.query(true)
		.times(times)
		.reply((uri) => {
			const query = new URL(uri, 'https://x').searchParams;
			const page = Number(query.get('page'));
			const pageSize = Number(query.get('pageSize'));
			const data = all.slice((page - 1) * pageSize, page * pageSize);
			const next = page * pageSize < all.length ? `/v1/customers/search?page=${page + 1}&pageSize=${pageSize}` : null;
			return [200, { data, meta: { page, pageSize, total: all.length }, links: { next } }];
		});
}

test('searches by email: POST /v1/customers/search with an equals criterion, ordered by update', async () => {
	serveSearch(customers(1, 2));
	const result = await runWorkflow(search({ searchBy: 'email', email: 'jane@example.com' }));
	expect(sent).toHaveLength(1);
	expect(sent[0].method).toBe('POST');
	expect(sent[0].path).toBe('/v1/customers/search?page=1&pageSize=50');
	expect(sent[0].body).toEqual({
		queryContext: 'customer',
		and: [{ customer_email: { equals: 'jane@example.com' } }],
		sort: [{ customer_updated_at: 'asc' }],
	});
	expect(result.output('Kustomer').map((item) => item.json.name)).toEqual(['Customer 1', 'Customer 2']);
	expect(result.output('Kustomer').every((item) => JSON.stringify(item.pairedItem) === '{"item":0}')).toBe(true);
});

test.each([
	[{ searchBy: 'phone', phone: '+1 415-555-0123' }, { customer_phone: { equals: '+14155550123' } }],
	// Kustomer spells it camelCase (openapi: POST /customers/search, standard attributes).
	[{ searchBy: 'externalId', externalId: 'crm-42' }, { customer_externalId: { equals: 'crm-42' } }],
])('searches by %j', async (parameters, criterion) => {
	serveSearch([]);
	const result = await runWorkflow(search(parameters));
	expect((sent[0].body as IDataObject).and).toEqual([criterion]);
	expect(result.output('Kustomer')).toEqual([]);
});

test('criteria rows become and / or criteria, with options', async () => {
	serveSearch([]);
	await runWorkflow(
		search({
			searchBy: 'criteria',
			match: 'any',
			criteria: {
				criterion: [
					{ field: 'custom.tierStr', operator: 'equals', value: 'gold' },
					{ field: 'updatedAt', operator: 'gte', value: '2026-01-01' },
				],
			},
			options: { includeDeleted: true, order: 'desc' },
		}),
	);
	expect(sent[0].body).toEqual({
		queryContext: 'customer',
		or: [{ customer_custom_tierStr: { equals: 'gold' } }, { customer_updated_at: { gte: '2026-01-01' } }],
		// The workflow's zone (n8n's default here), which makes 2026-01-01 a local date of the workflow.
		timeZone: 'America/New_York',
		includeDeleted: true,
		sort: [{ customer_updated_at: 'desc' }],
	});
});

test('a raw JSON query is sent as given, with sort added', async () => {
	serveSearch([]);
	await runWorkflow(search({ searchBy: 'json', queryJson: '{"not": [{"customer_name": {"contains": "test"}}]}' }));
	expect(sent[0].body).toEqual({
		queryContext: 'customer',
		not: [{ customer_name: { contains: 'test' } }],
		sort: [{ customer_updated_at: 'asc' }],
	});
});

test("Return All follows links.next over three pages of Kustomer's largest search page, 500", async () => {
	serveSearch(customers(1, 1250));
	const result = await runWorkflow(search({ searchBy: 'email', email: 'a@b.co', returnAll: true }));
	expect(sent.map((request) => request.path)).toEqual([
		'/v1/customers/search?page=1&pageSize=500',
		'/v1/customers/search?page=2&pageSize=500',
		'/v1/customers/search?page=3&pageSize=500',
	]);
	expect(result.output('Kustomer')).toHaveLength(1250);
	expect(result.output('Kustomer')[1249].json.name).toBe('Customer 1250');
});

test('Return All over 12,000 customers: 25 searches of 500, past the 10,000 cap, within the 100-per-minute search limit', async () => {
	const all = customers(1, 12_000);
	kustomerApi()
		.post('/v1/customers/search')
		.query(true)
		.times(30)
		.reply((uri, body) => {
			const query = new URL(uri, 'https://x').searchParams;
			const [page, pageSize] = [Number(query.get('page')), Number(query.get('pageSize'))];
			const bound = (body as { and: Array<{ customer_updated_at?: { gte: string } }> }).and.find((entry) => entry.customer_updated_at)?.customer_updated_at?.gte;
			const matching = bound ? all.filter((entry) => String((entry.attributes as IDataObject).updatedAt) >= bound) : all;
			const data = matching.slice((page - 1) * pageSize, page * pageSize);
			return [200, { data, links: { next: page * pageSize < matching.length ? `/v1/customers/search?page=${page + 1}&pageSize=${pageSize}` : null } }];
		});
	const result = await runWorkflow(search({ searchBy: 'email', email: 'a@b.co', returnAll: true }));
	expect(new Set(result.output('Kustomer').map((item) => item.json.id)).size).toBe(12_000);
	// 20 pages reach Kustomer's 10,000 records; the re-query from the last updated_at reads 2,001 more in 5.
	expect(sent).toHaveLength(25);
	expect(sent.every((request) => request.path.endsWith('pageSize=500'))).toBe(true);
	expect(sent[sent.length - 1].at - sent[0].at).toBe(0);
});

test('Limit asks for no more than it needs and stops paging once it has enough', async () => {
	serveSearch(customers(1, 250));
	const small = await runWorkflow(search({ searchBy: 'email', email: 'a@b.co', limit: 3 }));
	expect(sent.map((request) => request.path)).toEqual(['/v1/customers/search?page=1&pageSize=3']);
	expect(small.output('Kustomer')).toHaveLength(3);

	sent.length = 0;
	const large = await runWorkflow(search({ searchBy: 'email', email: 'a@b.co', limit: 150 }));
	expect(sent.map((request) => request.path)).toEqual(['/v1/customers/search?page=1&pageSize=150']);
	expect(large.output('Kustomer').map((item) => item.json.name)[149]).toBe('Customer 150');
});

test("reads past Kustomer's cap of 10,000 records (20 pages of 500) by searching again from the last updated_at", async () => {
	// Every page holds one record; page 20 still says there is more.
	const firstQuery = customers(1, 20);
	// Customers 20 and 21 share their update instant with the boundary record.
	const boundary = firstQuery[19].attributes as IDataObject;
	const secondQuery = [
		firstQuery[19],
		customerResource(objectId(1000), { name: 'Same instant', updatedAt: boundary.updatedAt }),
		...customers(21, 23),
	];
	serveSearchPastCap(firstQuery, secondQuery);

	const result = await runWorkflow(search({ searchBy: 'email', email: 'a@b.co', returnAll: true }), {});
	expect(sent).toHaveLength(21);
	expect(sent[19].path).toBe('/v1/customers/search?page=20&pageSize=500');
	expect(sent[20].path).toBe('/v1/customers/search?page=1&pageSize=500');
	expect(sent[20].body).toEqual({
		queryContext: 'customer',
		and: [{ customer_email: { equals: 'a@b.co' } }, { customer_updated_at: { gte: boundary.updatedAt } }],
		sort: [{ customer_updated_at: 'asc' }],
	});
	const names = result.output('Kustomer').map((item) => item.json.name);
	expect(names).toHaveLength(24);
	expect(new Set(result.output('Kustomer').map((item) => item.json.id)).size).toBe(24);
	expect(names.slice(18)).toEqual(['Customer 19', 'Customer 20', 'Same instant', 'Customer 21', 'Customer 22', 'Customer 23']);
});

test('newest-first order continues past the cap with lte', async () => {
	const firstQuery = customers(1, 20).reverse();
	serveSearchPastCap(firstQuery, [firstQuery[19], ...customers(0, 0)], 'lte');
	const result = await runWorkflow(search({ searchBy: 'email', email: 'a@b.co', returnAll: true, options: { order: 'desc' } }));
	expect((sent[20].body as IDataObject).and).toContainEqual({ customer_updated_at: { lte: '2026-01-01T00:00:01.000Z' } });
	expect(result.output('Kustomer')).toHaveLength(21);
});

test.each([
	['a malformed email', { searchBy: 'email', email: 'jane@' }, 'Email must be an email address such as jane@example.com [item 0]'],
	['a local phone number', { searchBy: 'phone', phone: '0415 555 0123' }, 'Phone must be a phone number in E.164 form'],
	['no criteria', { searchBy: 'criteria', criteria: {} }, 'Criteria needs at least one criterion [item 0]'],
	['a JSON query with sort', { searchBy: 'json', queryJson: '{"sort": []}' }, 'Query (JSON) has a field Kustomer search does not take here'],
	['a limit of 0', { searchBy: 'email', email: 'a@b.co', limit: 0 }, 'Limit must be at least 1'],
])('%s fails before any request', async (_label, parameters, message) => {
	const result = await runWorkflow(search(parameters));
	expect(result.error('Kustomer')?.message).toContain(message);
	expect(sent).toHaveLength(0);
});

test('Customer → Search keeps its operation value "search": workflows saved with it run unchanged', async () => {
	const { RESOURCES } = await import('../../../../../nodes/Kustomer/actions');
	const customer = RESOURCES.find((resource) => resource.value === 'customer');
	expect(customer?.operations.map((operation) => operation.option.value)).toContain('search');
	expect(customer?.defaultOperation).toBe('search');
	serveSearch(customers(1, 1));
	const saved = { resource: 'customer', operation: 'search', searchBy: 'email', email: 'jane@example.com' };
	const result = await runWorkflow(itemsThenKustomer([{}], saved));
	expect(result.output('Kustomer')).toHaveLength(1);
});

describe('issue 20 item 8', () => {
	test('a Criteria row added and left empty is left out, not an error; only empty rows ask for a criterion', async () => {
		serveSearch([]);
		const criterion = [{ field: 'email', operator: 'equals', value: 'jane@example.com' }, { field: '', operator: 'equals', value: '' }];
		const result = await runWorkflow(search({ searchBy: 'criteria', criteria: { criterion } }));
		expect(result.error('Kustomer')).toBeUndefined();
		expect((sent[0].body as IDataObject).and).toEqual([{ customer_email: { equals: 'jane@example.com' } }]);

		const empty = await runWorkflow(search({ searchBy: 'criteria', criteria: { criterion: [{ field: ' ', operator: 'equals', value: '' }] } }));
		expect(empty.error('Kustomer')?.message).toBe('Criteria needs at least one criterion [item 0]');
		expect(sent).toHaveLength(1);
	});

	test('version 2: newest update first by default, the order beside Return All; version 1 keeps oldest first from Options', async () => {
		serveSearch([], 3);
		await runWorkflow(itemsThenKustomer([{}], { resource: 'customer', operation: 'search', email: 'jane@example.com' }, { typeVersion: 2 }));
		await runWorkflow(itemsThenKustomer([{}], { resource: 'customer', operation: 'search', email: 'jane@example.com', order: 'asc' }, { typeVersion: 2 }));
		await runWorkflow(itemsThenKustomer([{}], { resource: 'customer', operation: 'search', email: 'jane@example.com' }, { typeVersion: 1 }));
		expect(sent.map((request) => (request.body as IDataObject).sort)).toEqual([
			[{ customer_updated_at: 'desc' }],
			[{ customer_updated_at: 'asc' }],
			[{ customer_updated_at: 'asc' }],
		]);
	});
});

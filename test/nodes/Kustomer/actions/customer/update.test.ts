import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { validateRequestBody } from '../../../../../sandbox/contract';
import { runWorkflow } from '../../../../helpers/harness';
import { CUSTOMER_ID, customerResource, kustomerApi, objectId, resetApi, sent, serveBulk } from '../../../../helpers/kustomer';
import { itemsThenKustomer, locator } from '../../../../helpers/workflows';

afterEach(resetApi);

const COMPANY_ID = objectId(0xc0);
const PATH = `/v1/customers/${CUSTOMER_ID}`;
const update = (updateFields: INodeParameters, customer = locator('id', CUSTOMER_ID), items: IDataObject[] = [{}]) =>
	itemsThenKustomer(items, { resource: 'customer', operation: 'update', customer, updateFields });

/** A customer linked to a company, as a JSON:API relationship. */
function linkedCustomer(attributes: IDataObject = {}) {
	const record = customerResource(CUSTOMER_ID, attributes) as IDataObject & { relationships: IDataObject };
	record.relationships.company = { data: { type: 'company', id: COMPANY_ID } };
	return record;
}

function servePatch() {
	return kustomerApi()
		.patch(PATH)
		.reply(200, (_uri, body) => ({ data: customerResource(CUSTOMER_ID, body as IDataObject) }));
}

test('PATCHes only the given fields, and re-sends the company so the link survives', async () => {
	kustomerApi().get(PATH).reply(200, { data: linkedCustomer() });
	servePatch();
	await runWorkflow(update({ name: 'Jane Q. Doe', customAttributes: { attribute: [{ name: 'tierStr', value: 'platinum' }] } }));
	expect(sent.map((request) => `${request.method} ${request.path}`)).toEqual([`GET ${PATH}`, `PATCH ${PATH}`]);
	// Kustomer documents that an update without company unlinks it (openapi: PATCH /customers/{id}).
	expect(sent[1].body).toEqual({ name: 'Jane Q. Doe', custom: { tierStr: 'platinum' }, company: COMPANY_ID });
});

test('a customer without a company gets no company in the body', async () => {
	kustomerApi().get(PATH).reply(200, { data: customerResource() });
	servePatch();
	await runWorkflow(update({ locale: 'fr_FR' }));
	expect(sent[1].body).toEqual({ locale: 'fr_FR' });
});

test('a company given is sent as given; emptied, it unlinks on purpose, without reading first', async () => {
	servePatch();
	await runWorkflow(update({ company: objectId(0xc1) }));
	expect(sent.map((request) => request.method)).toEqual(['PATCH']);
	expect(sent[0].body).toEqual({ company: objectId(0xc1) });
	sent.length = 0;
	servePatch();
	await runWorkflow(update({ company: '' }));
	expect(sent[0].body).toEqual({ company: null });
});

test('fields added but empty or null clear; lists given replace', async () => {
	kustomerApi().get(PATH).reply(200, { data: customerResource() });
	servePatch();
	await runWorkflow(
		update(
			{
				name: '={{ $json.name }}',
				externalId: '',
				timeZone: '={{ null }}',
				phones: { phone: [] },
				emails: { email: [{ address: 'jane@work.example', type: 'work' }] },
				tags: [],
			},
			locator('id', CUSTOMER_ID),
			[{ name: null }],
		),
	);
	expect(sent[1].body).toEqual({ name: null, externalId: null, timeZone: null, tags: [], emails: [{ email: 'jane@work.example', type: 'work' }], phones: [] });
});

test('by email: the lookup gives both the ID and the company to keep', async () => {
	kustomerApi().get('/v1/customers/email=jane%2Bvip%40example.com').reply(200, { data: linkedCustomer() });
	servePatch();
	await runWorkflow(update({ name: 'Jane' }, locator('email', 'jane+vip@example.com')));
	expect(sent.map((request) => `${request.method} ${request.path}`)).toEqual([
		'GET /v1/customers/email=jane%2Bvip%40example.com',
		`PATCH ${PATH}`,
	]);
	expect(sent[1].body).toEqual({ name: 'Jane', company: COMPANY_ID });
});

test('a company kept as attributes.company is re-sent too', async () => {
	kustomerApi().get(PATH).reply(200, { data: customerResource(CUSTOMER_ID, { company: COMPANY_ID }) });
	servePatch();
	await runWorkflow(update({ name: 'Jane' }));
	expect(sent[1].body).toEqual({ name: 'Jane', company: COMPANY_ID });
});

test('a unique value taken by another customer (409) says so', async () => {
	kustomerApi().get(PATH).reply(200, { data: customerResource() });
	kustomerApi().patch(PATH).reply(409, { errors: [{ status: 409, title: 'Conflict' }] });
	const result = await runWorkflow(update({ emails: { email: [{ address: 'omar@example.com', type: 'home' }] } }));
	expect(result.error('Kustomer')?.description).toContain('Another customer already has one of these emails, phones or external IDs');
});

test.each([
	['no fields', {}, 'Update Fields are empty: add the fields to change, such as Name, Emails or Custom Attributes [item 0]'],
	['a 257-emoji name', { name: '🙂'.repeat(257) }, 'Name must be at most 256 characters [item 0]'],
	['a 300-character email', { emails: { email: [{ address: `${'a'.repeat(290)}@example.com`, type: 'home' }] } }, 'Emails #1 must be at most 254 characters'],
	['a custom attribute without a suffix', { customAttributes: { attribute: [{ name: 'tier', value: 'gold' }] } }, 'Custom Attribute #1 name "tier"'],
])('%s fails before any request', async (_label, fields, message) => {
	const result = await runWorkflow(update(fields as INodeParameters));
	expect(result.error('Kustomer')?.message).toContain(message);
	expect(sent).toHaveLength(0);
});

test('a 256-emoji name is within Kustomer\'s 256 characters and is sent as is', async () => {
	kustomerApi().get(PATH).reply(200, { data: customerResource() });
	servePatch();
	await runWorkflow(update({ name: '🙂'.repeat(256) }));
	expect(sent[1].body).toEqual({ name: '🙂'.repeat(256) });
});

describe('Send in Bulk (PUT /v1/customers/bulk)', () => {
	const BULK_PATH = '/v1/customers/bulk';
	const OTHER_ID = objectId(0xd2);
	const bulkUpdate = (updateFields: INodeParameters, items: IDataObject[], customer = locator('id', '={{ $json.id }}'), node = {}) =>
		itemsThenKustomer(items, { resource: 'customer', operation: 'update', customer, updateFields, sendInBulk: true }, node);
	const reads = () => sent.filter((request) => request.method === 'GET' && !request.path.startsWith('/v1/bulk'));

	test('the company is kept: each customer is read once before the bulk, and its company goes in its record', async () => {
		kustomerApi().get(PATH).reply(200, { data: linkedCustomer() });
		kustomerApi().get(`/v1/customers/${OTHER_ID}`).reply(200, { data: customerResource(OTHER_ID) });
		const submitted = serveBulk(BULK_PATH, { method: 'PUT' });
		const result = await runWorkflow(bulkUpdate({ locale: '={{ $json.locale }}' }, [
			{ id: CUSTOMER_ID, locale: 'fr_FR' },
			{ id: OTHER_ID, locale: 'de_DE' },
			{ id: CUSTOMER_ID, locale: 'fr_CA' },
		]));
		// Two customers, two reads, then one bulk request for the three updates.
		expect(reads().map((request) => request.path)).toEqual([PATH, `/v1/customers/${OTHER_ID}`]);
		expect(sent.filter((request) => request.method === 'PUT').map((request) => request.path)).toEqual([BULK_PATH]);
		expect(submitted[0]).toEqual([
			{ id: CUSTOMER_ID, locale: 'fr_FR', company: COMPANY_ID, _clientRef: '0' },
			{ id: OTHER_ID, locale: 'de_DE', _clientRef: '1' },
			{ id: CUSTOMER_ID, locale: 'fr_CA', company: COMPANY_ID, _clientRef: '2' },
		]);
		expect(validateRequestBody('PUT', BULK_PATH, submitted[0])).toMatchObject({ schema: `PUT ${BULK_PATH}`, valid: true });
		expect(result.output('Kustomer').map((item) => item.json)).toEqual([CUSTOMER_ID, OTHER_ID, CUSTOMER_ID].map((id) => ({
			id,
			bulkResult: 'updated',
			bulkOperationId: objectId(0xa001),
		})));
	});

	test('with Company given (an ID, or empty to unlink) and customers by ID, nothing is read: one request per 100 updates', async () => {
		const submitted = serveBulk(BULK_PATH, { method: 'PUT' });
		await runWorkflow(bulkUpdate({ name: '={{ $json.name }}', company: '={{ $json.company }}' }, [
			{ id: CUSTOMER_ID, name: 'Jane', company: objectId(0xc1) },
			{ id: OTHER_ID, name: 'Joe', company: '' },
		]));
		expect(reads()).toEqual([]);
		expect(submitted[0]).toEqual([
			{ id: CUSTOMER_ID, name: 'Jane', company: objectId(0xc1), _clientRef: '0' },
			{ id: OTHER_ID, name: 'Joe', company: null, _clientRef: '1' },
		]);
	});

	test('by email: each customer looked up once, its ID and company in the record', async () => {
		kustomerApi().get('/v1/customers/email=jane%40example.com').reply(200, { data: linkedCustomer() });
		const submitted = serveBulk(BULK_PATH, { method: 'PUT' });
		await runWorkflow(bulkUpdate({ timeZone: 'Europe/Paris' }, [{ email: 'jane@example.com' }, { email: 'JANE@example.com' }], locator('email', '={{ $json.email }}')));
		expect(reads()).toHaveLength(1);
		expect(submitted[0].map(({ id, company }) => ({ id, company }))).toEqual([
			{ id: CUSTOMER_ID, company: COMPANY_ID },
			{ id: CUSTOMER_ID, company: COMPANY_ID },
		]);
	});

	test('a customer that cannot be found fails its item before the bulk (Continue On Fail); the others go', async () => {
		kustomerApi().get(PATH).reply(200, { data: customerResource() });
		kustomerApi().get(`/v1/customers/${OTHER_ID}`).reply(404, '');
		const submitted = serveBulk(BULK_PATH, { method: 'PUT' });
		const result = await runWorkflow(bulkUpdate({ locale: 'fr_FR' }, [{ id: OTHER_ID }, { id: CUSTOMER_ID }], undefined, { onError: 'continueRegularOutput' }));
		expect(submitted[0].map((record) => record._clientRef)).toEqual(['1']);
		const output = result.output('Kustomer');
		expect(output[0].json).toMatchObject({ error: `No Kustomer customer with ID ${OTHER_ID}`, httpCode: '404' });
		expect(output[1].json).toMatchObject({ id: CUSTOMER_ID, bulkResult: 'updated' });
	});

	test('without Continue On Fail, a customer not found stops the node before any bulk is sent', async () => {
		kustomerApi().get('/v1/customers/email=jane%40example.com').reply(200, { data: customerResource() });
		kustomerApi().get('/v1/customers/email=gone%40example.com').reply(404, '');
		const submitted = serveBulk(BULK_PATH, { method: 'PUT' });
		const result = await runWorkflow(bulkUpdate({ company: '' }, [{ email: 'jane@example.com' }, { email: 'gone@example.com' }], locator('email', '={{ $json.email }}')));
		expect(result.error('Kustomer')?.message).toBe('No Kustomer customer with email "gone@example.com"');
		expect(submitted).toEqual([]);
	});

	test('a record Kustomer rejects (a duplicate email) is an error item; the rest of the bulk stands', async () => {
		const submitted = serveBulk(BULK_PATH, {
			method: 'PUT',
			outcome: (record, index) => (index === 0 ? { status: 'error', error: 'duplicate detected' } : { status: 'updated', objectId: String(record.id) }),
		});
		const result = await runWorkflow(
			bulkUpdate({ company: '', emails: { email: [{ address: '={{ $json.email }}', type: 'work' }] } }, [{ id: CUSTOMER_ID, email: 'taken@example.com' }, { id: OTHER_ID, email: 'free@example.com' }], undefined, { onError: 'continueRegularOutput' }),
		);
		expect(submitted[0]).toHaveLength(2);
		const output = result.output('Kustomer');
		expect(output[0].json.error).toBe(`Kustomer rejected this item in bulk operation ${objectId(0xa001)}: duplicate detected [item 0]`);
		expect(output[1].json).toMatchObject({ id: OTHER_ID, bulkResult: 'updated' });
	});

	test('an update Kustomer reports without an objectId is the customer it named', async () => {
		serveBulk(BULK_PATH, { method: 'PUT', outcome: () => ({ status: 'updated' }) });
		const result = await runWorkflow(bulkUpdate({ company: '' }, [{ id: OTHER_ID }]));
		expect(result.output('Kustomer')[0].json).toMatchObject({ id: OTHER_ID, bulkResult: 'updated' });
	});
});

import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { runWorkflow } from '../../../../helpers/harness';
import { CUSTOMER_ID, customerResource, kustomerApi, objectId, resetApi, sent } from '../../../../helpers/kustomer';
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

import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { runWorkflow } from '../../../../helpers/harness';
import { CUSTOMER_ID, customerResource, kustomerApi, objectId, resetApi, sent } from '../../../../helpers/kustomer';
import { itemsThenKustomer } from '../../../../helpers/workflows';

afterEach(resetApi);

const OTHER_ID = objectId(0xe2);
const upsert = (customerFields: INodeParameters, items: IDataObject[] = [{}], matchBy: string[] = ['email', 'phone', 'externalId']) =>
	itemsThenKustomer(items, { resource: 'customer', operation: 'upsert', matchBy, customerFields });

const FIELDS: INodeParameters = {
	name: 'Jane Doe',
	emails: { email: [{ address: 'jane@example.com', type: 'home' }] },
	phones: { phone: [{ number: '+14155550123', type: 'mobile' }] },
	externalId: 'crm-42',
	customAttributes: { attribute: [{ name: 'tierStr', value: 'gold' }] },
};
const LOOKUPS = ['/v1/customers/email=jane%40example.com', '/v1/customers/phone=%2B14155550123', '/v1/customers/externalId=crm-42'];

function miss(paths = LOOKUPS) {
	for (const path of paths) kustomerApi().get(path).reply(404, '');
}

test('nobody matches: every identifier is looked up, then the customer is created with all fields', async () => {
	miss();
	kustomerApi().post('/v1/customers').reply(201, (_uri, body) => ({ data: customerResource(CUSTOMER_ID, body as IDataObject) }));
	const result = await runWorkflow(upsert(FIELDS));
	expect(sent.filter((request) => request.method === 'GET').map((request) => request.path).sort()).toEqual([...LOOKUPS].sort());
	expect(sent[3]).toMatchObject({ method: 'POST', path: '/v1/customers' });
	expect(sent[3].body).toEqual({
		name: 'Jane Doe',
		externalId: 'crm-42',
		emails: [{ email: 'jane@example.com', type: 'home' }],
		phones: [{ phone: '+14155550123', type: 'mobile' }],
		custom: { tierStr: 'gold' },
	});
	expect(result.output('Kustomer')[0].json.id).toBe(CUSTOMER_ID);
});

test('one match: only what differs is sent, new contacts are added to the existing ones, the company is kept', async () => {
	const existing = customerResource(CUSTOMER_ID, {
		name: 'Jane',
		externalId: 'crm-42',
		emails: [{ email: 'jane@old.example', type: 'work', verified: true, id: null }],
		phones: [{ phone: '+14155550123', type: 'mobile' }],
		custom: { tierStr: 'silver' },
		rev: 4,
	}) as IDataObject & { relationships: IDataObject };
	existing.relationships.company = { data: { type: 'company', id: objectId(0xc0) } };
	kustomerApi().get(LOOKUPS[0]).reply(404, '');
	kustomerApi().get(LOOKUPS[1]).reply(200, { data: existing });
	kustomerApi().get(LOOKUPS[2]).reply(200, { data: existing });
	kustomerApi().patch(`/v1/customers/${CUSTOMER_ID}`).reply(200, { data: customerResource() });
	await runWorkflow(upsert(FIELDS));
	const patch = sent.find((request) => request.method === 'PATCH');
	expect(patch?.body).toEqual({
		name: 'Jane Doe',
		emails: [
			{ email: 'jane@old.example', type: 'work', verified: true },
			{ email: 'jane@example.com', type: 'home' },
		],
		custom: { tierStr: 'gold' },
		// The lists were read to merge: the write carries the revision read.
		rev: 4,
		company: objectId(0xc0),
	});
	expect(sent.some((request) => request.method === 'POST')).toBe(false);
});

test('one match that already holds everything: nothing is written', async () => {
	kustomerApi()
		.get(LOOKUPS[0])
		.reply(200, { data: customerResource(CUSTOMER_ID, { name: 'Jane Doe', emails: [{ email: 'JANE@example.com' }] }) });
	const result = await runWorkflow(upsert({ name: 'Jane Doe', emails: { email: [{ address: 'jane@example.com', type: 'home' }] } }));
	expect(sent.map((request) => request.method)).toEqual(['GET']);
	expect(result.output('Kustomer')[0].json.id).toBe(CUSTOMER_ID);
});

test('identifiers of two different customers: an error naming both, nothing written', async () => {
	kustomerApi().get(LOOKUPS[0]).reply(200, { data: customerResource(CUSTOMER_ID, { displayName: 'Jane Doe' }) });
	kustomerApi().get(LOOKUPS[1]).reply(200, { data: customerResource(OTHER_ID, { displayName: 'Omar Haddad' }) });
	kustomerApi().get(LOOKUPS[2]).reply(404, '');
	const result = await runWorkflow(upsert(FIELDS));
	const error = result.error('Kustomer') as { message: string; description?: string };
	expect(error.message).toBe('The item matches 2 different Kustomer customers [item 0]');
	expect(error.description).toContain(`${CUSTOMER_ID} (Jane Doe) by jane@example.com`);
	expect(error.description).toContain(`${OTHER_ID} (Omar Haddad) by +14155550123`);
	expect(sent.every((request) => request.method === 'GET')).toBe(true);
});

test('Match By limits the lookups to the identifiers chosen', async () => {
	miss([LOOKUPS[2]]);
	kustomerApi().post('/v1/customers').reply(201, { data: customerResource() });
	await runWorkflow(upsert(FIELDS, [{}], ['externalId']));
	expect(sent.map((request) => `${request.method} ${request.path}`)).toEqual([`GET ${LOOKUPS[2]}`, 'POST /v1/customers']);
});

test('created by someone else since the lookup (409): the customer that appeared is updated instead', async () => {
	miss();
	kustomerApi().post('/v1/customers').reply(409, { errors: [{ status: 409, title: 'Conflict', detail: 'duplicate' }] });
	kustomerApi().get(LOOKUPS[0]).reply(200, { data: customerResource(CUSTOMER_ID, { name: 'Jane' }) });
	miss(LOOKUPS.slice(1));
	kustomerApi().patch(`/v1/customers/${CUSTOMER_ID}`).reply(200, { data: customerResource() });
	const result = await runWorkflow(upsert(FIELDS));
	expect(result.error('Kustomer')).toBeUndefined();
	expect(sent.filter((request) => request.method !== 'GET').map((request) => request.method)).toEqual(['POST', 'PATCH']);
});

test('a 409 with nobody matching says which identifier may be the cause', async () => {
	miss([LOOKUPS[0], LOOKUPS[0]]);
	kustomerApi().post('/v1/customers').reply(409, { errors: [{ status: 409, title: 'Conflict', detail: 'phone taken' }] });
	const result = await runWorkflow(upsert(FIELDS, [{}], ['email']));
	const error = result.error('Kustomer') as { message: string; description?: string };
	expect(error.message).toBe('Kustomer reported a conflict (409)');
	expect(error.description).toContain('If Match By leaves out the identifier the other customer has, add it.');
	expect(error.description).toContain('phone taken');
});

test('the customer changed between reading and writing (409 on the update): read and written again', async () => {
	const existing = customerResource(CUSTOMER_ID, { emails: [{ email: 'jane@old.example' }], rev: 1 });
	kustomerApi().get(LOOKUPS[0]).times(2).reply(200, { data: existing });
	kustomerApi().patch(`/v1/customers/${CUSTOMER_ID}`).reply(409, { errors: [{ status: 409 }] });
	kustomerApi().patch(`/v1/customers/${CUSTOMER_ID}`).reply(200, { data: customerResource() });
	const result = await runWorkflow(upsert({ emails: FIELDS.emails }, [{}], ['email']));
	expect(result.error('Kustomer')).toBeUndefined();
	expect(sent.map((request) => request.method)).toEqual(['GET', 'PATCH', 'GET', 'PATCH']);
});

/** A small Kustomer keeping customers unique by email, as Kustomer does. */
function statefulCustomers() {
	const customers = new Map<string, IDataObject>();
	const api = kustomerApi().persist();
	api.get(/\/v1\/customers\/email=.*/).reply((uri) => {
		const email = decodeURIComponent(uri.split('email=')[1]).toLowerCase();
		const found = customers.get(email);
		return found ? [200, { data: found }] : [404, ''];
	});
	api.post('/v1/customers').reply((_uri, body) => {
		const email = String(((body as IDataObject).emails as IDataObject[])[0].email).toLowerCase();
		if (customers.has(email)) return [409, { errors: [{ status: 409, detail: 'duplicate email' }] }];
		const record = customerResource(objectId(0x500 + customers.size), body as IDataObject);
		customers.set(email, record);
		return [201, { data: record }];
	});
	api.patch(/\/v1\/customers\/\w+/).reply((uri, body) => {
		const record = [...customers.values()].find((entry) => uri.endsWith(String(entry.id))) as IDataObject;
		record.attributes = { ...(record.attributes as IDataObject), ...(body as IDataObject) };
		return [200, { data: record }];
	});
	return customers;
}

test('safe to repeat: two runs of the same item leave one customer', async () => {
	const customers = statefulCustomers();
	const item = [{ email: 'new@example.com', name: 'New Person' }];
	const fields = { name: '={{ $json.name }}', emails: { email: [{ address: '={{ $json.email }}', type: 'home' }] } };
	const first = await runWorkflow(upsert(fields, item, ['email']));
	const second = await runWorkflow(upsert(fields, item, ['email']));
	expect(customers.size).toBe(1);
	expect(second.output('Kustomer')[0].json.id).toBe(first.output('Kustomer')[0].json.id);
	expect(sent.filter((request) => request.method === 'POST')).toHaveLength(1);
});

test('two items for the same person in one run, handled at once, leave one customer', async () => {
	const customers = statefulCustomers();
	const fields = { name: '={{ $json.name }}', emails: { email: [{ address: '={{ $json.email }}', type: 'home' }] } };
	const result = await runWorkflow(
		upsert(fields, [{ email: 'twin@example.com', name: 'First' }, { email: 'TWIN@example.com', name: 'Second' }], ['email']),
	);
	expect(result.error('Kustomer')).toBeUndefined();
	expect(customers.size).toBe(1);
	const ids = result.output('Kustomer').map((item) => item.json.id);
	expect(ids[0]).toBe(ids[1]);
});

test.each([
	['no identifier for Match By', { name: 'Only a name' }, ['email', 'phone', 'externalId'], 'Match By needs a value to match on'],
	['an email only while matching by phone', { emails: FIELDS.emails }, ['phone'], 'Match By needs a value to match on: give the customer phone in Customer Fields'],
	['an unknown Match By', FIELDS, ['name'], 'Match By #1 must hold only "email", "phone", "externalId"'],
	['a malformed email', { emails: { email: [{ address: 'jane@', type: 'home' }] } }, ['email'], 'Emails #1 must be an email address'],
])('%s fails before any request', async (_label, fields, matchBy, message) => {
	const result = await runWorkflow(upsert(fields as INodeParameters, [{}], matchBy));
	expect(result.error('Kustomer')?.message).toContain(message);
	expect(sent).toHaveLength(0);
});

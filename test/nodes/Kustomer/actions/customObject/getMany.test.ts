import type { IDataObject } from 'n8n-workflow';

import { runWorkflow } from '../../../../helpers/harness';
import { CUSTOMER_ID, customerResource, KLASS, kobjectResource, kustomerApi, objectId, page, resetApi, sent, serveKlasses } from '../../../../helpers/kustomer';
import { SEED_IDS } from '../../../../../sandbox/store';
import { useSandboxOrg } from '../../../../helpers/sandboxOrg';
import { itemsThenKustomer, locator } from '../../../../helpers/workflows';

afterEach(resetApi);
beforeEach(() => serveKlasses());

const getMany = (parameters: IDataObject) => itemsThenKustomer([{}], { resource: 'customObject', operation: 'getAll', klass: KLASS, ...parameters });
const objects = (from: number, count: number) => Array.from({ length: count }, (_, index) => kobjectResource(objectId(from + index)));

test('Limit asks for no bigger a page than needed', async () => {
	kustomerApi().get(`/v1/klasses/${KLASS}`).query({ page: 1, pageSize: 3 }).reply(200, page(objects(1, 3), `/v1/klasses/${KLASS}?page=2&pageSize=3`));
	const result = await runWorkflow(getMany({ limit: 3 }));
	expect(result.output('Kustomer')).toHaveLength(3);
	expect(sent).toHaveLength(1);
});

test('Return All follows links.next to the end', async () => {
	kustomerApi().get(`/v1/klasses/${KLASS}`).query({ page: 1, pageSize: 100 }).reply(200, page(objects(1, 100), `/v1/klasses/${KLASS}?page=2&pageSize=100`));
	kustomerApi().get(`/v1/klasses/${KLASS}`).query({ page: 2, pageSize: 100 }).reply(200, page(objects(101, 5), null, 2));
	expect((await runWorkflow(getMany({ returnAll: true }))).output('Kustomer')).toHaveLength(105);
});

test("a customer's objects, the customer found by phone first", async () => {
	kustomerApi().get('/v1/customers/phone=%2B14155550123').reply(200, { data: customerResource() });
	kustomerApi().get(`/v1/customers/${CUSTOMER_ID}/klasses/${KLASS}`).query(true).reply(200, page(objects(1, 2), null));
	const result = await runWorkflow(getMany({ of: 'customer', customer: locator('phone', '+1 415 555 0123'), returnAll: true }));
	expect(sent.map((request) => request.path.split('?')[0])).toEqual(['/v1/customers/phone=%2B14155550123', `/v1/customers/${CUSTOMER_ID}/klasses/${KLASS}`]);
	expect(result.output('Kustomer')).toHaveLength(2);
});

describe('against the sandbox: custom object types of every status, and the role Get Many takes', () => {
	const KLASS_ROLE_ONLY = 'sandbox-key-klass-read';
	const org = useSandboxOrg(() => ({}), { [KLASS_ROLE_ONLY]: ['org.permission.klass.read'], 'sandbox-key-no-roles': [] });
	const withRoles = (parameters: IDataObject) => itemsThenKustomer([{}], { resource: 'customObject', ...parameters });

	/** A klass of the status given, with one object: Kustomer's GET /v1/klasses lists only enabled ones unless asked. */
	function klassWithObject(name: string, status: string): string {
		org.sandbox.store.insert('klasses', { name, displayName: name, status, mixins: [] });
		return org.sandbox.store.insert('kobjects', { title: `${name} 1`, custom: {}, images: [], tags: [] }, { klass: { type: 'klass', id: name } }).id;
	}

	test.each([['existing_only'], ['disabled']])('objects of a %s type are read, listed, updated and deleted like any other', async (status) => {
		const id = klassWithObject('legacy-order', status);
		const get = await org.run(withRoles({ operation: 'get', klass: 'legacy-order', customObject: locator('id', id) }));
		expect(get.error('Kustomer')).toBeUndefined();
		expect(get.output('Kustomer')[0].json).toMatchObject({ id, title: 'legacy-order 1' });
		const list = await org.run(withRoles({ operation: 'getAll', klass: 'legacy-order', returnAll: true }));
		expect(list.output('Kustomer').map((item) => item.json.id)).toEqual([id]);
		const updated = await org.run(withRoles({ operation: 'update', klass: 'legacy-order', customObject: locator('id', id), updateFields: { title: 'Renamed' } }));
		expect(updated.output('Kustomer')[0].json).toMatchObject({ title: 'Renamed' });
		const deleted = await org.run(withRoles({ operation: 'delete', klass: 'legacy-order', customObject: locator('id', id) }));
		expect(deleted.output('Kustomer')[0].json).toMatchObject({ id, deleted: true });
	});

	test('a type the org does not have is refused naming every type, with its status, and nothing is sent', async () => {
		klassWithObject('legacy-order', 'existing_only');
		klassWithObject('retired', 'disabled');
		const result = await org.run(withRoles({ operation: 'get', klass: 'ordr', customObject: locator('id', '0'.repeat(24)) }));
		expect(result.error('Kustomer')?.message).toBe('Custom Object Type "ordr" does not exist in this Kustomer org [item 0]');
		expect(result.error('Kustomer')?.description).toBe(
			'Custom object types in this org: order, subscription, legacy-order (existing only), retired (disabled). Choose one from the list. Nothing was sent for this item.',
		);
		expect((await org.requests()).map((request) => `${request.method} ${request.path}`)).toEqual([
			'GET /v1/klasses?status=enabled&page=1&pageSize=100',
			'GET /v1/klasses?status=existing_only&page=1&pageSize=100',
			'GET /v1/klasses?status=disabled&page=1&pageSize=100',
		]);
	});

	test('an enabled type costs one list request', async () => {
		await org.run(withRoles({ operation: 'getAll', klass: 'order', limit: 1 }));
		expect((await org.requests()).map((request) => `${request.method} ${request.path}`)).toEqual([
			'GET /v1/klasses?status=enabled&page=1&pageSize=100',
			'GET /v1/klasses/order?page=1&pageSize=1',
		]);
	});

	test("Get Many takes the klass role (OpenAPI GET /klasses/{name}), so a key with only org.permission.klass.read lists a type's objects", async () => {
		const id = klassWithObject('legacy-order', 'enabled');
		const result = await org.run(withRoles({ operation: 'getAll', klass: 'legacy-order', returnAll: true }), KLASS_ROLE_ONLY);
		expect(result.error('Kustomer')).toBeUndefined();
		expect(result.output('Kustomer').map((item) => item.json.id)).toEqual([id]);
	});

	test('a key without it gets an error naming the klass roles', async () => {
		const result = await org.run(withRoles({ operation: 'getAll', klass: 'order', returnAll: true }), 'sandbox-key-no-roles');
		expect(result.error('Kustomer')?.description).toContain('org.permission.klass.read, org.user.klass.read, org.admin.klass.read');
		expect(result.error('Kustomer')?.description).not.toContain('kobject');
	});
});

describe('a company\'s objects, against the sandbox', () => {
	const org = useSandboxOrg();

	test('objects created linked to a company given by External ID are the ones listed Of One Company', async () => {
		await org.call('PUT', `/v1/companies/${SEED_IDS.companies.acme}`, { externalId: 'crm-acme' });
		const created = await org.run(
			itemsThenKustomer([{ n: 1 }, { n: 2 }], { resource: 'customObject', operation: 'create', klass: 'order', title: '=Order {{ $json.n }}', additionalFields: { company: locator('externalId', 'crm-acme') } }),
		);
		expect(created.error('Kustomer')).toBeUndefined();
		await org.call('POST', '/v1/klasses/order', { title: 'Unlinked order' });
		const listed = await org.run(
			itemsThenKustomer([{}], { resource: 'customObject', operation: 'getAll', klass: 'order', of: 'company', company: locator('externalId', 'crm-acme'), returnAll: true }),
		);
		expect(listed.output('Kustomer').map((item) => item.json.title).sort()).toEqual(['Order 1', 'Order 2']);
		expect((await org.requests()).filter((request) => request.path.startsWith('/v1/companies?')).length).toBe(2);
	});
});

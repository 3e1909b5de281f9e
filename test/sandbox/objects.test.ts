/** The sandbox's custom objects and attribute metadata. */
import { METADATA } from '../../sandbox/metadata';
import { SEED_IDS } from '../../sandbox/store';
import { underEachReading } from '../helpers/readings';
import { useSandbox } from '../helpers/sandbox';

const { call, state } = useSandbox();

test('klasses by name; objects typed kobject.<klass>, found by external ID, updated with custom merged', async () => {
	expect((await call('GET', '/v1/klasses')).body.data.map((klass: { attributes: { name: string } }) => klass.attributes.name)).toEqual(['order', 'subscription']);
	const created = await call('POST', `/v1/customers/${SEED_IDS.customers.jane}/klasses/order`, { title: 'Order 1', externalId: 'o/1', custom: { totalNum: 5, skuStr: 'A' } });
	expect(created.status).toBe(201);
	expect(created.body.data).toMatchObject({ type: 'kobject.order', relationships: { customer: { data: { id: SEED_IDS.customers.jane } } }, links: { self: `/v1/klasses/order/${created.body.data.id}` } });
	expect((await call('GET', '/v1/klasses/order/externalId=o%2F1')).body.data.id).toBe(created.body.data.id);
	const updated = await call('PUT', `/v1/klasses/order/${created.body.data.id}`, { title: 'Order 1 (shipped)', custom: { statusStr: 'shipped' } });
	expect(updated.body.data.attributes).toMatchObject({ title: 'Order 1 (shipped)', externalId: 'o/1', custom: { totalNum: 5, skuStr: 'A', statusStr: 'shipped' } });
	expect((await call('GET', `/v1/customers/${SEED_IDS.customers.jane}/klasses/order`)).body.data).toHaveLength(1);
	expect((await call('DELETE', `/v1/klasses/order/${created.body.data.id}`)).status).toBe(204);
	expect((await call('GET', `/v1/klasses/order/${created.body.data.id}`)).status).toBe(404);
	expect((await call('POST', '/v1/klasses/ordr', { title: 'x' })).status).toBe(404);
});

test('metadata per record type; writes check the attributes it defines by type, and let others through', async () => {
	const customer = await call('GET', '/v1/metadata/customer');
	expect(customer.body.data).toMatchObject({ type: 'metadata', id: 'customer', attributes: { properties: METADATA.customer } });
	expect((await call('GET', '/v1/metadata/kobject.subscription')).body.data.attributes.properties).toEqual({});
	expect((await call('GET', '/v1/metadata/kobject.nope')).status).toBe(404);

	const typed = await call('PATCH', `/v1/customers/${SEED_IDS.customers.jane}`, { custom: { seatsNum: '12' } });
	expect(typed.status).toBe(400);
	expect(typed.body.errors[0].detail).toBe('/custom/seatsNum must be number,null');
	expect((await call('PATCH', `/v1/customers/${SEED_IDS.customers.jane}`, { custom: { tierStr: 'Gold', regionTree: 'de', otherStr: 'kept' } })).status).toBe(200);
	expect((await call('PATCH', `/v1/customers/${SEED_IDS.customers.jane}`, { custom: { regionTree: 'emea' } })).status).toBe(400);
});

test('GET /v1/klasses lists enabled types unless asked for another status (OpenAPI GET /klasses); objects of any type are served', async () => {
	const { sandbox } = state;
	sandbox?.store.insert('klasses', { name: 'legacy-order', displayName: 'Legacy Order', status: 'existing_only', mixins: [] });
	sandbox?.store.insert('klasses', { name: 'retired', displayName: 'Retired', status: 'disabled', mixins: [] });
	const names = async (query: string) => (await call('GET', `/v1/klasses${query}`)).body.data.map((klass: { attributes: { name: string } }) => klass.attributes.name);
	expect(await names('')).toEqual(['order', 'subscription']);
	expect(await names('?status=enabled')).toEqual(['order', 'subscription']);
	expect(await names('?status=existing_only')).toEqual(['legacy-order']);
	expect(await names('?status=disabled')).toEqual(['retired']);
	expect((await call('GET', '/v1/klasses?status=archived')).status).toBe(400);
	expect((await call('POST', '/v1/klasses/legacy-order', { title: 'Old' })).status).toBe(201);
	expect((await call('GET', '/v1/klasses/legacy-order')).body.data).toHaveLength(1);
});

underEachReading('externalIdUniqueness', (value) => {
	test('a second object with the same External ID in one klass is refused only where Kustomer enforces it', async () => {
		await call('PATCH', '/_sandbox/config', { readings: { externalIdUniqueness: value } }, null);
		expect((await call('POST', '/v1/klasses/order', { title: 'One', externalId: 'o/2' })).status).toBe(201);
		expect((await call('POST', '/v1/klasses/order', { title: 'Again', externalId: 'o/2' })).status).toBe(value === 'enforced' ? 409 : 201);
		expect((await call('POST', '/v1/klasses/subscription', { title: 'Other klass', externalId: 'o/2' })).status).toBe(201);
	});
});

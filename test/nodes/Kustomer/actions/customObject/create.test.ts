import type { IDataObject } from 'n8n-workflow';

import { runWorkflow } from '../../../../helpers/harness';
import { CUSTOMER_ID, customerResource, KLASS, kobjectResource, kustomerApi, resetApi, sent, serveKlasses } from '../../../../helpers/kustomer';
import { attributeMapper, itemsThenKustomer, locator } from '../../../../helpers/workflows';

afterEach(resetApi);
beforeEach(() => serveKlasses());

const OBJECT = kobjectResource('0000000000000000000000b1');
const create = (parameters: IDataObject = {}, items: IDataObject[] = [{}]) =>
	itemsThenKustomer(items, { resource: 'customObject', operation: 'create', klass: KLASS, title: 'Order 1042', ...parameters });

test('POST /v1/klasses/{name} with the fields given, custom attributes typed from the metadata (values from expressions converted)', async () => {
	kustomerApi().post(`/v1/klasses/${KLASS}`).reply(201, { data: OBJECT });
	const result = await runWorkflow(
		create({
			customAttributesMapper: attributeMapper('kobject.order', { totalNum: '={{ "49.90" }}', statusStr: '={{ "Shipped" }}', placedAt: '2026-11-20T10:00:00Z', giftBool: '={{ "yes" }}' }),
			additionalFields: {
				externalId: 'order-1042',
				images: 'https://cdn.acme.test/1.png, https://cdn.acme.test/2.png',
				data: '{"sku": "A-1"}',
				customAttributes: { attribute: [{ name: 'skuStr', value: 'A-1' }] },
			},
		}),
	);
	expect(result.error('Kustomer')).toBeUndefined();
	expect(sent[0].body).toEqual({
		title: 'Order 1042',
		externalId: 'order-1042',
		images: ['https://cdn.acme.test/1.png', 'https://cdn.acme.test/2.png'],
		data: { sku: 'A-1' },
		custom: { totalNum: 49.9, statusStr: 'shipped', placedAt: '2026-11-20T10:00:00.000Z', giftBool: true, skuStr: 'A-1' },
	});
	expect(result.output('Kustomer')[0].json).toMatchObject({ id: OBJECT.id, title: 'Order 1042', klassId: KLASS });
});

test('linked to a customer found by email: created under the customer', async () => {
	kustomerApi().get('/v1/customers/email=jane%40example.com').reply(200, { data: customerResource() });
	kustomerApi().post(`/v1/customers/${CUSTOMER_ID}/klasses/${KLASS}`).reply(201, { data: kobjectResource('0000000000000000000000b1', {}, CUSTOMER_ID) });
	const result = await runWorkflow(create({ customer: locator('email', 'jane@example.com') }));
	expect(sent.map((request) => `${request.method} ${request.path}`)).toEqual(['GET /v1/customers/email=jane%40example.com', `POST /v1/customers/${CUSTOMER_ID}/klasses/${KLASS}`]);
	expect(sent[1].body).toEqual({ title: 'Order 1042' });
	expect(result.output('Kustomer')[0].json.customerId).toBe(CUSTOMER_ID);
});

test('items linked to one customer by email look the customer up once for the run', async () => {
	kustomerApi().get('/v1/customers/email=jane%40example.com').reply(200, { data: customerResource() });
	kustomerApi().post(`/v1/customers/${CUSTOMER_ID}/klasses/${KLASS}`).times(2).reply(201, { data: kobjectResource('0000000000000000000000b1', {}, CUSTOMER_ID) });
	const result = await runWorkflow(create({ customer: locator('email', 'jane@example.com') }, [{}, {}]));
	expect(result.error('Kustomer')).toBeUndefined();
	expect(sent.map((request) => `${request.method} ${request.path}`)).toEqual([
		'GET /v1/customers/email=jane%40example.com',
		`POST /v1/customers/${CUSTOMER_ID}/klasses/${KLASS}`,
		`POST /v1/customers/${CUSTOMER_ID}/klasses/${KLASS}`,
	]);
});

test('an unknown custom object type is an error naming the org\'s types, and nothing is written', async () => {
	const result = await runWorkflow(create({ klass: '={{ "ordr" }}' }));
	expect(result.error('Kustomer')?.message).toBe('Custom Object Type "ordr" does not exist in this Kustomer org [item 0]');
	expect(result.error('Kustomer')?.description).toContain('order, subscription');
	expect(sent).toHaveLength(0);
});

test('an unknown type on a later item stops the node before the good item before it is written', async () => {
	kustomerApi().post(`/v1/klasses/${KLASS}`).reply(201, { data: OBJECT });
	const result = await runWorkflow(create({ klass: '={{ $json.klass }}' }, [{ klass: KLASS }, { klass: 'ordr' }]));
	expect(result.error('Kustomer')?.message).toBe('Custom Object Type "ordr" does not exist in this Kustomer org [item 1]');
	expect(sent).toHaveLength(0);
});

test.each([
	['a klass ID instead of its name', { klass: '={{ "5f1a2b3c4d5e6f7a8b9c0d1e" }}' }, 'Custom Object Type must be the klass name (e.g. order), not its ID'],
	['an empty title', { title: '={{ "" }}' }, 'Title is required'],
	['a title over 256 characters', { title: 'x'.repeat(257) }, 'Title must be at most 256 characters'],
	['an image that is not a URL', { additionalFields: { images: 'cat.png' } }, 'Image URLs #1 must hold http(s) URLs'],
	// Kustomer shows these images in the agent's UI: a javascript:, data: or file: address is no image to show there.
	['an image URL with the javascript: scheme', { additionalFields: { images: 'javascript:alert(1)' } }, 'Image URLs #1 must hold http(s) URLs'],
	['an image URL with the data: scheme', { additionalFields: { images: 'https://cdn.acme.test/1.png, data:image/png;base64,iVBORw0KGgo=' } }, 'Image URLs #2 must hold http(s) URLs'],
	['an image URL with the file: scheme', { additionalFields: { images: 'file:///etc/passwd' } }, 'Image URLs #1 must hold http(s) URLs'],
	['data that is not a JSON object', { additionalFields: { data: '[1, 2]' } }, 'Data (JSON) must be a JSON object'],
	['a number attribute given text', { customAttributesMapper: attributeMapper('kobject.order', { totalNum: '={{ "a lot" }}' }) }, 'Custom attribute "Total (totalNum)" must be a number'],
	['a value the attribute does not allow', { customAttributesMapper: attributeMapper('kobject.order', { statusStr: '={{ "lost" }}' }) }, 'Custom attribute "Status (statusStr)" must be one of the values Kustomer allows: placed, shipped, delivered, returned'],
	['an attribute in the mapper and the rows', { customAttributesMapper: attributeMapper('kobject.order', { skuStr: 'A' }), additionalFields: { customAttributes: { attribute: [{ name: 'skuStr', value: 'B' }] } } }, 'Custom attribute "skuStr" is set twice'],
])('%s fails before any request', async (_label, parameters, message) => {
	const result = await runWorkflow(create(parameters));
	expect(result.error('Kustomer')?.message).toContain(message);
	expect(sent).toHaveLength(0);
});

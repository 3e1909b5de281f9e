import type { IDataObject } from 'n8n-workflow';

import { runWorkflow } from '../../../../helpers/harness';
import { CUSTOMER_ID, KLASS, kobjectResource, kustomerApi, resetApi, sent, serveKlasses } from '../../../../helpers/kustomer';
import { attributeMapper, itemsThenKustomer, locator } from '../../../../helpers/workflows';

afterEach(resetApi);
beforeEach(() => serveKlasses());

const ID = '0000000000000000000000b2';
const LOOKUP = `/v1/klasses/${KLASS}/externalId=order%2F1042`;
const upsert = (parameters: IDataObject = {}) =>
	itemsThenKustomer([{}], { resource: 'customObject', operation: 'upsert', klass: KLASS, externalId: 'order/1042', title: 'Order 1042', ...parameters });
const requests = () => sent.map((request) => `${request.method} ${request.path}`);

test('no object with the external ID: created with it', async () => {
	kustomerApi().get(LOOKUP).reply(404, '');
	kustomerApi().post(`/v1/klasses/${KLASS}`).reply(201, { data: kobjectResource(ID, { externalId: 'order/1042' }) });
	await runWorkflow(upsert({ customAttributesMapper: attributeMapper('kobject.order', { totalNum: 20 }) }));
	expect(requests()).toEqual([`GET ${LOOKUP}`, `POST /v1/klasses/${KLASS}`]);
	expect(sent[1].body).toEqual({ title: 'Order 1042', externalId: 'order/1042', custom: { totalNum: 20 } });
});

test('run twice, the second run updates the one object the first created', async () => {
	let stored: IDataObject | undefined;
	kustomerApi()
		.get(LOOKUP)
		.times(2)
		.reply(() => (stored ? [200, { data: stored }] : [404, '']));
	kustomerApi()
		.post(`/v1/klasses/${KLASS}`)
		.reply((_uri, body) => {
			stored = kobjectResource(ID, body as IDataObject);
			return [201, { data: stored }];
		});
	kustomerApi().put(`/v1/klasses/${KLASS}/${ID}`).reply(200, () => ({ data: stored }));
	await runWorkflow(upsert());
	await runWorkflow(upsert({ title: 'Order 1042 (shipped)' }));
	expect(requests()).toEqual([`GET ${LOOKUP}`, `POST /v1/klasses/${KLASS}`, `GET ${LOOKUP}`, `PUT /v1/klasses/${KLASS}/${ID}`]);
	expect(sent[3].body).toEqual({ title: 'Order 1042 (shipped)', externalId: 'order/1042' });
});

test('a create that failed ambiguously is looked for before it is sent again', async () => {
	kustomerApi().get(LOOKUP).reply(404, '');
	kustomerApi().post(`/v1/klasses/${KLASS}`).reply(502, '');
	kustomerApi().get(LOOKUP).reply(200, { data: kobjectResource(ID, { externalId: 'order/1042' }) });
	const result = await runWorkflow(upsert());
	expect(requests()).toEqual([`GET ${LOOKUP}`, `POST /v1/klasses/${KLASS}`, `GET ${LOOKUP}`]);
	expect(result.output('Kustomer')[0].json.id).toBe(ID);
});

test('an object linked to another customer is not changed: Kustomer cannot re-link one', async () => {
	kustomerApi().get(LOOKUP).reply(200, { data: kobjectResource(ID, {}, '5f1a2b3c4d5e6f7a8b9c0d99') });
	const result = await runWorkflow(upsert({ customer: locator('id', CUSTOMER_ID) }));
	expect(result.error('Kustomer')?.message).toBe(`The custom object with this external ID is linked to customer 5f1a2b3c4d5e6f7a8b9c0d99, not to ${CUSTOMER_ID} [item 0]`);
	expect(requests()).toEqual([`GET ${LOOKUP}`]);
});

test('an empty external ID fails before any request', async () => {
	const result = await runWorkflow(upsert({ externalId: '={{ "" }}' }));
	expect(result.error('Kustomer')?.message).toBe('External ID is required: the object is found by it [item 0]');
	expect(sent).toHaveLength(0);
});

test('found by external ID, the update sends no company (Kustomer\'s update has none); the same company is fine', async () => {
	const company = '5f1a2b3c4d5e6f7a8b9c0d77';
	const found = kobjectResource(ID);
	(found.relationships as IDataObject).company = { data: { type: 'company', id: company } };
	kustomerApi().get(LOOKUP).reply(200, { data: found });
	kustomerApi().put(`/v1/klasses/${KLASS}/${ID}`).reply(200, { data: found });
	await runWorkflow(upsert({ additionalFields: { company } }));
	expect(sent[1].body).toEqual({ title: 'Order 1042', externalId: 'order/1042' });
});

import type { IDataObject } from 'n8n-workflow';

import { runWorkflow } from '../../../../helpers/harness';
import { KLASS, kobjectResource, kustomerApi, resetApi, sent, serveKlasses } from '../../../../helpers/kustomer';
import { attributeMapper, itemsThenKustomer, locator } from '../../../../helpers/workflows';

afterEach(resetApi);
beforeEach(() => serveKlasses());

const ID = '0000000000000000000000b5';
const update = (parameters: IDataObject) =>
	itemsThenKustomer([{}], { resource: 'customObject', operation: 'update', klass: KLASS, customObject: locator('id', ID), ...parameters });

test('PUT with only the fields given; a date-time without offset is read in the workflow\'s time zone', async () => {
	kustomerApi().put(`/v1/klasses/${KLASS}/${ID}`).reply(200, { data: kobjectResource(ID) });
	await runWorkflow(update({ customAttributesMapper: attributeMapper('kobject.order', { placedAt: '2026-07-01T08:30:00', trackingUrl: 'https://track.acme.test/1' }), updateFields: { title: 'Shipped' } }));
	// America/New_York in July is UTC-4.
	expect(sent[0].body).toEqual({ title: 'Shipped', custom: { placedAt: '2026-07-01T12:30:00.000Z', trackingUrl: 'https://track.acme.test/1' } });
});

test('by external ID: looked up first, then updated by its ID', async () => {
	kustomerApi().get(`/v1/klasses/${KLASS}/externalId=order-1042`).reply(200, { data: kobjectResource(ID) });
	kustomerApi().put(`/v1/klasses/${KLASS}/${ID}`).reply(200, { data: kobjectResource(ID) });
	await runWorkflow(update({ customObject: locator('externalId', 'order-1042'), updateFields: { icon: 'gift' } }));
	expect(sent.map((request) => `${request.method} ${request.path}`)).toEqual([`GET /v1/klasses/${KLASS}/externalId=order-1042`, `PUT /v1/klasses/${KLASS}/${ID}`]);
});

test('an empty value clears an attribute (null)', async () => {
	kustomerApi().put(`/v1/klasses/${KLASS}/${ID}`).reply(200, { data: kobjectResource(ID) });
	await runWorkflow(update({ updateFields: { customAttributes: { attribute: [{ name: 'skuStr', value: '' }] } } }));
	expect(sent[0].body).toEqual({ custom: { skuStr: null } });
});

test('nothing to update fails before any request', async () => {
	const result = await runWorkflow(update({ updateFields: {} }));
	expect(result.error('Kustomer')?.message).toBe('Update Fields are empty: add at least one field or custom attribute to change [item 0]');
	expect(sent).toHaveLength(0);
});

import { BAD, SOME_ID } from '../../../../helpers/badInputs';
import { OBJECT_FIELDS, ORDER_ATTRIBUTES } from '../../../../helpers/bodyCases';
import { CUSTOMER_ID, KLASS, kobjectResource, objectId, serveKlasses, unrecordedApi } from '../../../../helpers/kustomer';
import { BY_VALUE } from '../../../../helpers/operationFixture';
import type { OperationFixture } from '../../../../helpers/operationFixture';
import { locator } from '../../../../helpers/workflows';

export const fixture: OperationFixture = {
	parameters: { resource: 'customObject', operation: 'upsert', klass: BY_VALUE, externalId: 'order-1042', title: 'Order 1042' },
	good: KLASS,
	bad: '5f1a2b3c4d5e6f7a8b9c0d1e',
	// No object has the external ID yet, so the main request is the create.
	method: 'POST',
	path: `/v1/klasses/${KLASS}`,
	success: { status: 201, body: { data: kobjectResource('0000000000000000000000b2', { externalId: 'order-1042' }) } },
	notFound: `No Kustomer custom object type "${KLASS}"`,
	background: () => {
		serveKlasses();
		unrecordedApi().persist().get(`/v1/klasses/${KLASS}/externalId=order-1042`).reply(404, '');
	},
	badInputs: [
		{ field: 'External ID', parameters: { klass: 'order', title: 'x', externalId: BY_VALUE }, good: 'order/1042?#%', bad: [...BAD.text256, '', null] },
		{ field: 'Custom Object Type', parameters: { klass: BY_VALUE, title: 'x', externalId: 'o-1' }, good: 'order', bad: ['', SOME_ID, ['order']] },
	],
	bodies: {
		'created (with a customer) and updated, every field and the typed mapper': [
			{ klass: KLASS, externalId: 'new-order', title: 'New', customer: locator('id', CUSTOMER_ID), customAttributesMapper: ORDER_ATTRIBUTES, additionalFields: { ...OBJECT_FIELDS, company: objectId(0x401) } },
			{ klass: KLASS, externalId: 'known-order', title: 'Known', customAttributesMapper: ORDER_ATTRIBUTES, additionalFields: OBJECT_FIELDS },
		],
	},
};

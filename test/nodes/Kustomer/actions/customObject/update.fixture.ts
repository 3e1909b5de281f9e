import { BAD, SOME_ID } from '../../../../helpers/badInputs';
import { inBulk, OBJECT_FIELDS, ORDER_ATTRIBUTES } from '../../../../helpers/bodyCases';
import { KLASS, kobjectResource, objectId, serveKlasses } from '../../../../helpers/kustomer';
import { BY_VALUE } from '../../../../helpers/operationFixture';
import type { OperationFixture } from '../../../../helpers/operationFixture';
import { locator } from '../../../../helpers/workflows';

const ID = '0000000000000000000000b5';

export const fixture: OperationFixture = {
	parameters: { resource: 'customObject', operation: 'update', klass: BY_VALUE, customObject: locator('id', ID), updateFields: { title: 'Order 1042 (refunded)' } },
	good: KLASS,
	bad: '5f1a2b3c4d5e6f7a8b9c0d1e',
	method: 'PUT',
	path: `/v1/klasses/${KLASS}/${ID}`,
	success: { status: 200, body: { data: kobjectResource(ID, { title: 'Order 1042 (refunded)' }) } },
	notFound: `No Kustomer ${KLASS} object with ID ${ID}`,
	background: () => serveKlasses(),
	badInputs: [
		{ field: 'Custom Object', parameters: { klass: 'order', customObject: locator('id', BY_VALUE), updateFields: { title: 'x' } }, good: SOME_ID, bad: BAD.id },
		{ field: 'Title', parameters: { klass: 'order', customObject: locator('id', SOME_ID), updateFields: { title: BY_VALUE } }, good: 'Shipped', bad: BAD.text256 },
		{ field: 'Update Fields', parameters: { klass: 'order', customObject: locator('id', SOME_ID), updateFields: { icon: BY_VALUE } }, good: 'gift', bad: ['', null, '   '] },
	],
	bodies: {
		'every field and the typed mapper': [{ klass: KLASS, customObject: locator('id', objectId(0xb1)), customAttributesMapper: ORDER_ATTRIBUTES, updateFields: { ...OBJECT_FIELDS, title: 'Order 1042', externalId: 'order-1042' } }],
		'Send in Bulk (PUT /v1/klasses/{name}/bulk, each record its id)': inBulk([
			{ klass: KLASS, customObject: locator('id', objectId(0xb1)), updateFields: { title: 'Order 1042' } },
			{ klass: KLASS, customObject: locator('id', objectId(0xb1)), customAttributesMapper: ORDER_ATTRIBUTES, updateFields: { ...OBJECT_FIELDS, title: 'Order 1042', externalId: 'order-1042' } },
		]),
	},
	bulkPath: `/v1/klasses/${KLASS}/bulk`,
};

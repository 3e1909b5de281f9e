import { BAD, byLocator, nonEmpty, SOME_ID } from '../../../../helpers/badInputs';
import { inBulk, OBJECT_FIELDS, ORDER_ATTRIBUTES } from '../../../../helpers/bodyCases';
import { CUSTOMER_ID, KLASS, kobjectResource, objectId, serveKlasses } from '../../../../helpers/kustomer';
import { BY_VALUE } from '../../../../helpers/operationFixture';
import type { OperationFixture } from '../../../../helpers/operationFixture';
import { attributeMapper, locator } from '../../../../helpers/workflows';

export const fixture: OperationFixture = {
	parameters: { resource: 'customObject', operation: 'create', klass: BY_VALUE, title: 'Order 1042' },
	good: KLASS,
	bad: '5f1a2b3c4d5e6f7a8b9c0d1e',
	method: 'POST',
	path: `/v1/klasses/${KLASS}`,
	success: { status: 201, body: { data: kobjectResource('0000000000000000000000b1') } },
	notFound: `No Kustomer custom object type "${KLASS}"`,
	background: () => serveKlasses(),
	badInputs: [
		{ field: 'Custom Object Type', parameters: { klass: BY_VALUE, title: 'Order' }, good: 'order', bad: ['', null, SOME_ID, 'order form', '-order', ['order'], { k: 'order' }, true] },
		{ field: 'Title', parameters: { klass: 'order', title: BY_VALUE }, good: 'Order 🚀', bad: [...BAD.text256, '', null, '   '] },
		{ field: 'Image URLs', parameters: { klass: 'order', title: 'x', additionalFields: { images: BY_VALUE } }, good: 'https://cdn.acme.test/1.png', bad: ['cat.png', 'https://a.test/1.png, nope', Array.from({ length: 21 }, (_, index) => `https://a.test/${index}.png`), 'javascript:alert(1)', 'data:image/png;base64,iVBORw0KGgo=', 'file:///etc/passwd', 'ftp://files.acme.test/1.png', 'https://a.test/1.png, javascript:alert(document.cookie)'] },
		{ field: 'Data (JSON)', parameters: { klass: 'order', title: 'x', additionalFields: { data: BY_VALUE } }, good: '{"sku": "A-1"}', bad: ['[1, 2]', '{nope', '"text"', 'true', 42] },
		{ field: 'Company', parameters: { klass: 'order', title: 'x', additionalFields: { company: BY_VALUE } }, good: SOME_ID, bad: BAD.optionalId },
		{ field: 'Company', parameters: { klass: 'order', title: 'x', additionalFields: { company: locator('externalId', BY_VALUE) } }, good: 'crm-acct-1', bad: nonEmpty(BAD.externalId) },
		...byLocator('customer', ['email', 'phone'], { klass: 'order', title: 'x' }).map((cases) => ({ ...cases, bad: nonEmpty(cases.bad) })),
		{ field: 'Custom attribute "Total (totalNum)"', parameters: { klass: 'order', title: 'x', customAttributesMapper: attributeMapper('kobject.order', { totalNum: BY_VALUE }) }, good: '49.90', bad: ['a lot', '12 seats', '0x10', '   ', [5], { n: 5 }, true] },
		{ field: 'Custom attribute "Status (statusStr)"', parameters: { klass: 'order', title: 'x', customAttributesMapper: attributeMapper('kobject.order', { statusStr: BY_VALUE }) }, good: 'Shipped', bad: ['lost', ['shipped'], { s: 1 }, 'ship'] },
		{ field: 'Custom attribute "Placed At (placedAt)"', parameters: { klass: 'order', title: 'x', customAttributesMapper: attributeMapper('kobject.order', { placedAt: BY_VALUE }) }, good: '2026-11-20 10:15', bad: BAD.date.filter((value) => value !== 1764000000000) },
		{ field: 'Custom attribute "Gift (giftBool)"', parameters: { klass: 'order', title: 'x', customAttributesMapper: attributeMapper('kobject.order', { giftBool: BY_VALUE }) }, good: 'yes', bad: ['maybe', 2, [true], { b: true }, '   '] },
		{ field: 'Custom attribute "Tracking Link (trackingUrl)"', parameters: { klass: 'order', title: 'x', customAttributesMapper: attributeMapper('kobject.order', { trackingUrl: BY_VALUE }) }, good: 'https://track.acme.test/1', bad: ['track.acme.test/1', 'ftp://x.test/1', ['https://x.test'], { u: 1 }] },
		{ field: 'Custom attribute "skuStr"', parameters: { klass: 'order', title: 'x', additionalFields: { customAttributes: { attribute: [{ name: 'skuStr', value: BY_VALUE }] } } }, good: 'A-1', bad: ['x'.repeat(1025), ['A-1', 'A-2'], { sku: 'A-1' }] },
		{ field: 'Custom Attribute #1 name', parameters: { klass: 'order', title: 'x', additionalFields: { customAttributes: { attribute: [{ name: BY_VALUE, value: 'x' }] } } }, good: 'skuStr', bad: ['sku', 'Str', 'sku str', '1skuStr', 42, ['skuStr']] },
	],
	bodies: {
		'the least, and every field with a customer and the typed mapper': [
			{ klass: KLASS, title: 'Order 1042' },
			{ klass: KLASS, title: 'Order 1042', customer: locator('id', CUSTOMER_ID), customAttributesMapper: ORDER_ATTRIBUTES, additionalFields: { ...OBJECT_FIELDS, company: objectId(0x401), externalId: 'order-1042' } },
			{ klass: KLASS, title: 'Order 1043', additionalFields: { company: locator('externalId', 'crm-acct-1') } },
		],
		'Send in Bulk (POST /v1/klasses/{name}/bulk, the customer in the record)': inBulk([
			{ klass: KLASS, title: 'Order 1042' },
			{ klass: KLASS, title: 'Order 1042', customer: locator('id', CUSTOMER_ID), customAttributesMapper: ORDER_ATTRIBUTES, additionalFields: { ...OBJECT_FIELDS, company: objectId(0x401), externalId: 'order-1042' } },
		]),
	},
	bulkPath: `/v1/klasses/${KLASS}/bulk`,
};

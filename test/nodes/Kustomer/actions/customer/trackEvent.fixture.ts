import type { INodeParameters } from 'n8n-workflow';

import { BAD, byLocator, nonEmpty } from '../../../../helpers/badInputs';
import { CUSTOMER_ID, objectId } from '../../../../helpers/kustomer';
import { BY_VALUE } from '../../../../helpers/operationFixture';
import type { OperationFixture } from '../../../../helpers/operationFixture';
import { locator } from '../../../../helpers/workflows';

/** Kustomer's answer to POST /v1/tracking/identityEvent (OpenAPI example shape). */
export const identityAnswer = (customerId = CUSTOMER_ID) => ({
	data: {
		type: 'identity',
		id: objectId(0x1d),
		attributes: { trackingId: objectId(0x1e), email: 'jane@example.com', status: 'updated', statusAt: '2026-11-01T10:00:00.000Z', createdAt: '2026-11-01T10:00:00.000Z', updatedAt: '2026-11-01T10:00:00.000Z' },
		relationships: { customer: { links: { self: `/v1/customers/${customerId}` }, data: { type: 'customer', id: customerId } } },
		links: { self: `/v1/tracking/identity/${objectId(0x1d)}` },
	},
});

/** One property of each type, names with and without their suffix (a boolean given as a real boolean). */
export const TYPED_PROPERTIES = [
	{ name: 'orderNumber', type: 'string', value: 'A-1042' },
	{ name: 'total', type: 'number', value: '64.67' },
	{ name: 'itemsNum', type: 'number', value: 3 },
	{ name: 'paid', type: 'dateTime', value: '2026-11-21T09:59:00Z' },
	{ name: 'gift', type: 'boolean', value: true },
];

const byIdentity: INodeParameters = { identifyBy: 'identity', identityEmail: 'jane@example.com', eventName: 'order.placed' };
const property = (name: string, type: string, value: string): INodeParameters => ({ eventProperties: { property: [{ name, type, value }] } });

export const fixture: OperationFixture = {
	parameters: { resource: 'customer', operation: 'trackEvent', identifyBy: 'identity', identityEmail: BY_VALUE, eventName: 'order.placed' },
	good: 'jane@example.com',
	bad: 'jane at example',
	method: 'POST',
	path: '/v1/tracking/identityEvent',
	success: { status: 201, body: identityAnswer() },
	notFound: 'Kustomer found nothing at POST /v1/tracking/identityEvent (404)',
	badInputs: [
		...byLocator('customer', ['id', 'email', 'phone', 'externalId'], { identifyBy: 'customer', eventName: 'order.placed' }),
		{ field: 'Email', parameters: { ...byIdentity, identityEmail: BY_VALUE }, good: 'jane@example.com', bad: BAD.email },
		{ field: 'Phone', parameters: { ...byIdentity, identityEmail: '', identityPhone: BY_VALUE }, good: '+14155550123', bad: nonEmpty(BAD.phone) },
		{ field: 'External ID', parameters: { ...byIdentity, identityEmail: '', identityExternalId: BY_VALUE }, good: 'crm-1', bad: nonEmpty(BAD.externalId) },
		{ field: 'Event Name', parameters: { ...byIdentity, eventName: BY_VALUE }, good: 'order.placed', bad: ['', 'o', '1order', 'order placed', 'ordér', 'x'.repeat(256), ['order'], { name: 'order' }, true] },
		{ field: 'Properties → Property #1 Name', parameters: { ...byIdentity, ...property(BY_VALUE, 'string', 'pro') }, good: 'plan', bad: ['', '1plan', 'plan name', 'x'.repeat(129), ['plan'], true] },
		{ field: 'Properties → Property #1 Value', parameters: { ...byIdentity, ...property('total', 'number', BY_VALUE) }, good: '42.5', bad: ['abc', '', '1e400', ['1'], { n: 1 }, true] },
		{ field: 'Properties → Property #1 Value', parameters: { ...byIdentity, ...property('paidAt', 'dateTime', BY_VALUE) }, good: '2026-11-21T10:00:00Z', bad: BAD.date },
		{ field: 'Properties → Property #1 Value', parameters: { ...byIdentity, ...property('gift', 'boolean', BY_VALUE) }, good: 'true', bad: ['yes', '', 1, ['true']] },
		{ field: 'Occurred At', parameters: { ...byIdentity, occurredAt: BY_VALUE }, good: '2026-11-21T10:00:00Z', bad: BAD.date },
	],
	bodies: {
		'by identity (each kind and all), by customer, typed properties and the time': [
			byIdentity,
			{ ...byIdentity, identityEmail: '', identityPhone: '+1 (415) 555-0123' },
			{ ...byIdentity, identityEmail: '', identityExternalId: 'crm/1?x#y%' },
			{ ...byIdentity, identityPhone: '+14155550123', identityExternalId: 'crm-1' },
			{ identifyBy: 'customer', customer: locator('id', CUSTOMER_ID), eventName: 'plan-changed' },
			{ identifyBy: 'customer', customer: locator('email', 'jane@example.com'), eventName: 'Checkout_Started' },
			{
				...byIdentity,
				eventName: 'order.placed',
				occurredAt: '2026-11-21T10:00:00',
				eventProperties: { property: TYPED_PROPERTIES },
			},
		],
	},
};

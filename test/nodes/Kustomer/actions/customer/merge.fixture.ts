import type { IDataObject } from 'n8n-workflow';

import { BAD } from '../../../../helpers/badInputs';
import { CUSTOMER_ID, objectId, ORG_ID, unrecordedApi } from '../../../../helpers/kustomer';
import { BY_VALUE } from '../../../../helpers/operationFixture';
import type { OperationFixture } from '../../../../helpers/operationFixture';
import { locator } from '../../../../helpers/workflows';

export const DUPLICATE_ID = objectId(0x42);
export const MERGE_ID = objectId(0x3e);

/** A customer merge as Kustomer answers it (OpenAPI POST /customers/merges, GET /customers/merges/{id}). */
export function mergeResource(status: string, source = DUPLICATE_ID, target = CUSTOMER_ID, id = MERGE_ID): IDataObject {
	const related = (type: string, value: string) => ({ links: { self: `/v1/${type}s/${value}` }, data: { type, id: value } });
	return {
		type: 'customer_merge',
		id,
		attributes: { status, createdAt: '2026-11-22T12:00:00.000Z', updatedAt: '2026-11-22T12:00:01.000Z' },
		relationships: { org: related('org', ORG_ID), source: related('customer', source), target: related('customer', target), createdBy: related('user', objectId(0x99)) },
		links: { self: `/v1/customers/merges/${id}` },
	};
}

const keep = locator('id', CUSTOMER_ID);

export const fixture: OperationFixture = {
	parameters: { resource: 'customer', operation: 'merge', customer: keep, duplicateCustomer: locator('id', BY_VALUE) },
	good: DUPLICATE_ID,
	bad: 'not-an-id',
	method: 'POST',
	path: '/v1/customers/merges',
	success: { status: 201, body: { data: mergeResource('success') } },
	notFound: `No Kustomer customer with ID ${DUPLICATE_ID} or ${CUSTOMER_ID}`,
	// After a refusal or a lost answer, the kept customer's merges are read: none from this duplicate.
	background: () => unrecordedApi().persist().get(`/v1/customers/${CUSTOMER_ID}/merges`).query(true).reply(200, { data: [], links: { next: null } }),
	badInputs: [
		{ field: 'Customer to Keep', parameters: { customer: locator('id', BY_VALUE), duplicateCustomer: locator('id', DUPLICATE_ID) }, good: CUSTOMER_ID, bad: BAD.id },
		{ field: 'Customer to Keep', parameters: { customer: locator('email', BY_VALUE), duplicateCustomer: locator('id', DUPLICATE_ID) }, good: 'jane@example.com', bad: BAD.email },
		{ field: 'Duplicate Customer', parameters: { customer: keep, duplicateCustomer: locator('externalId', BY_VALUE) }, good: 'crm-2', bad: BAD.externalId },
		{ field: 'Duplicate Customer', parameters: { customer: keep, duplicateCustomer: locator('phone', BY_VALUE) }, good: '+14155550123', bad: BAD.phone },
		// The same customer twice is refused before anything is sent: by the same ID (in any case) or the same email.
		{ field: 'Duplicate Customer', parameters: { customer: keep, duplicateCustomer: locator('id', BY_VALUE) }, good: DUPLICATE_ID, bad: [CUSTOMER_ID, CUSTOMER_ID.toUpperCase()] },
		{ field: 'Duplicate Customer', parameters: { customer: locator('email', 'jane@example.com'), duplicateCustomer: locator('email', BY_VALUE) }, good: 'jane@old.example', bad: ['jane@example.com', 'JANE@Example.com'] },
	],
	bodies: {
		'by ID, and the customer to keep by email': [
			{ customer: keep, duplicateCustomer: locator('id', DUPLICATE_ID) },
			{ customer: locator('email', 'jane@example.com'), duplicateCustomer: locator('id', DUPLICATE_ID) },
		],
	},
};

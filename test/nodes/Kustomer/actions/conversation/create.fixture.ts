import { BY_VALUE } from '../../../../helpers/operationFixture';
import type { OperationFixture } from '../../../../helpers/operationFixture';
import { conversationResource, CUSTOMER_ID } from '../../../../helpers/kustomer';
import { locator } from '../../../../helpers/workflows';

export const fixture: OperationFixture = {
	parameters: { resource: 'conversation', operation: 'create', customer: locator('id', BY_VALUE) },
	good: CUSTOMER_ID,
	bad: 'not-an-id',
	method: 'POST',
	path: '/v1/conversations',
	success: { status: 201, body: { data: conversationResource() } },
	notFound: `Kustomer found no customer with ID ${CUSTOMER_ID}, or another record the conversation refers to (404)`,
};

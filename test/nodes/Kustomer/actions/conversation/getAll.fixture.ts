import { BY_VALUE } from '../../../../helpers/operationFixture';
import type { OperationFixture } from '../../../../helpers/operationFixture';
import { conversationResource, CUSTOMER_ID, page } from '../../../../helpers/kustomer';
import { locator } from '../../../../helpers/workflows';

export const fixture: OperationFixture = {
	parameters: { resource: 'conversation', operation: 'getAll', customer: locator('id', BY_VALUE), filters: { status: ['open'] } },
	good: CUSTOMER_ID,
	bad: 'not-an-id',
	method: 'POST',
	path: '/v1/customers/search',
	success: { status: 200, body: page([conversationResource()], null) },
	notFound: 'Kustomer found nothing at POST /v1/customers/search (404)',
};

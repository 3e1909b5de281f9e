import { BY_VALUE } from '../../../../helpers/operationFixture';
import type { OperationFixture } from '../../../../helpers/operationFixture';
import { customerResource, page } from '../../../../helpers/kustomer';

export const fixture: OperationFixture = {
	parameters: { resource: 'customer', operation: 'search', searchBy: 'email', email: BY_VALUE },
	good: 'jane@example.com',
	bad: 'jane at example',
	method: 'POST',
	path: '/v1/customers/search',
	success: { status: 200, body: page([customerResource()], null) },
	notFound: 'Kustomer found nothing at POST /v1/customers/search (404)',
};

import { BY_VALUE } from '../../../../helpers/operationFixture';
import type { OperationFixture } from '../../../../helpers/operationFixture';
import { customerResource } from '../../../../helpers/kustomer';

export const fixture: OperationFixture = {
	parameters: { resource: 'customer', operation: 'create', customerFields: { emails: { email: [{ address: BY_VALUE, type: 'work' }] } } },
	good: 'new@example.com',
	bad: 'new at example.com',
	method: 'POST',
	path: '/v1/customers',
	success: { status: 201, body: { data: customerResource() } },
	notFound: 'Kustomer found nothing at POST /v1/customers (404)',
};

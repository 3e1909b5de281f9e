import { BY_VALUE } from '../../../../helpers/operationFixture';
import type { OperationFixture } from '../../../../helpers/operationFixture';
import { customerResource, unrecordedApi } from '../../../../helpers/kustomer';

export const fixture: OperationFixture = {
	parameters: {
		resource: 'customer',
		operation: 'upsert',
		matchBy: ['email'],
		customerFields: { name: 'New Person', emails: { email: [{ address: BY_VALUE, type: 'home' }] } },
	},
	good: 'new@example.com',
	bad: 'new@',
	method: 'POST',
	path: '/v1/customers',
	success: { status: 201, body: { data: customerResource() } },
	notFound: 'Kustomer found nothing at POST /v1/customers (404)',
	// Nobody has the email yet: the lookup misses, so the customer is created.
	background: () => unrecordedApi().persist().get(/\/v1\/customers\/email=/).reply(404, ''),
};

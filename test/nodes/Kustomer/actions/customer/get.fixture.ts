import { BAD, byLocator } from '../../../../helpers/badInputs';
import { CUSTOMER_ID, customerResource } from '../../../../helpers/kustomer';
import { BY_VALUE } from '../../../../helpers/operationFixture';
import type { OperationFixture } from '../../../../helpers/operationFixture';
import { locator } from '../../../../helpers/workflows';

export const fixture: OperationFixture = {
	parameters: { resource: 'customer', operation: 'get', customer: locator('email', BY_VALUE) },
	good: 'jane@example.com',
	bad: 'jane at example',
	method: 'GET',
	path: '/v1/customers/email=jane%40example.com',
	success: { status: 200, body: { data: customerResource() } },
	notFound: 'No Kustomer customer with email "jane@example.com"',
	badInputs: [
		...byLocator('customer', ['id', 'email', 'phone', 'externalId']),
		{ field: 'Customer', parameters: { customer: locator('url', BY_VALUE) }, good: `https://acme.kustomerapp.com/app/customers/${CUSTOMER_ID}`, bad: BAD.link },
	],
	bodies: 'none',
};

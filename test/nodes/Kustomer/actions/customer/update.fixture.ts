import { BY_VALUE } from '../../../../helpers/operationFixture';
import type { OperationFixture } from '../../../../helpers/operationFixture';
import { CUSTOMER_ID, customerResource, unrecordedApi } from '../../../../helpers/kustomer';
import { locator } from '../../../../helpers/workflows';

export const fixture: OperationFixture = {
	parameters: { resource: 'customer', operation: 'update', customer: locator('id', CUSTOMER_ID), updateFields: { timeZone: BY_VALUE } },
	good: 'Europe/Paris',
	bad: 'Mars/Olympus',
	method: 'PATCH',
	path: `/v1/customers/${CUSTOMER_ID}`,
	success: { status: 200, body: { data: customerResource() } },
	notFound: `No Kustomer customer with ID ${CUSTOMER_ID}`,
	// The update reads the customer first, to keep its company link.
	background: () => unrecordedApi().persist().get(`/v1/customers/${CUSTOMER_ID}`).reply(200, { data: customerResource() }),
};

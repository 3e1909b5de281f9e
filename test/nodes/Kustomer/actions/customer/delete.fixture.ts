import { byLocator } from '../../../../helpers/badInputs';
import { CUSTOMER_ID, objectId, serveDeletedRecord } from '../../../../helpers/kustomer';
import { BY_VALUE } from '../../../../helpers/operationFixture';
import type { OperationFixture } from '../../../../helpers/operationFixture';
import { locator } from '../../../../helpers/workflows';

export const fixture: OperationFixture = {
	parameters: { resource: 'customer', operation: 'delete', customer: locator('id', BY_VALUE) },
	good: CUSTOMER_ID,
	bad: 'not-an-id',
	method: 'DELETE',
	path: `/v1/customers/${CUSTOMER_ID}`,
	success: { status: 204 },
	// Already gone (Kustomer's search still knows it, deleted): a second run of the same Delete does not fail.
	notFoundOutput: { id: CUSTOMER_ID, deleted: true, alreadyDeleted: true },
	background: () => serveDeletedRecord(CUSTOMER_ID),
	badInputs: [
		...byLocator('customer', ['id', 'phone']),
	],
	bodies: 'none',
	bulkCase: { parameters: {}, values: [objectId(0xd000), objectId(0xd001), objectId(0xd003)], bad: 'not-an-id' },
};

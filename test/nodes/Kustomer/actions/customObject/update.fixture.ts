import { KLASS, kobjectResource, serveKlasses } from '../../../../helpers/kustomer';
import type { OperationFixture } from '../../../../helpers/operationFixture';
import { BY_VALUE } from '../../../../helpers/operationFixture';
import { locator } from '../../../../helpers/workflows';

const ID = '0000000000000000000000b5';

export const fixture: OperationFixture = {
	parameters: { resource: 'customObject', operation: 'update', klass: BY_VALUE, customObject: locator('id', ID), updateFields: { title: 'Order 1042 (refunded)' } },
	good: KLASS,
	bad: '5f1a2b3c4d5e6f7a8b9c0d1e',
	method: 'PUT',
	path: `/v1/klasses/${KLASS}/${ID}`,
	success: { status: 200, body: { data: kobjectResource(ID, { title: 'Order 1042 (refunded)' }) } },
	notFound: `No Kustomer ${KLASS} object with ID ${ID}`,
	background: () => serveKlasses(),
};

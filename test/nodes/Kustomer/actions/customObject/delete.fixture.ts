import { KLASS, serveKlasses } from '../../../../helpers/kustomer';
import type { OperationFixture } from '../../../../helpers/operationFixture';
import { BY_VALUE } from '../../../../helpers/operationFixture';
import { locator } from '../../../../helpers/workflows';

const ID = '0000000000000000000000b6';

export const fixture: OperationFixture = {
	parameters: { resource: 'customObject', operation: 'delete', klass: BY_VALUE, customObject: locator('id', ID) },
	good: KLASS,
	bad: '5f1a2b3c4d5e6f7a8b9c0d1e',
	method: 'DELETE',
	path: `/v1/klasses/${KLASS}/${ID}`,
	success: { status: 204 },
	notFound: `No Kustomer ${KLASS} object with ID ${ID}`,
	background: () => serveKlasses(),
};

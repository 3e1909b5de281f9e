import { KLASS, kobjectResource, serveKlasses } from '../../../../helpers/kustomer';
import type { OperationFixture } from '../../../../helpers/operationFixture';
import { BY_VALUE } from '../../../../helpers/operationFixture';

export const fixture: OperationFixture = {
	parameters: { resource: 'customObject', operation: 'create', klass: BY_VALUE, title: 'Order 1042' },
	good: KLASS,
	bad: '5f1a2b3c4d5e6f7a8b9c0d1e',
	method: 'POST',
	path: `/v1/klasses/${KLASS}`,
	success: { status: 201, body: { data: kobjectResource('0000000000000000000000b1') } },
	notFound: `No Kustomer custom object type "${KLASS}"`,
	background: () => serveKlasses(),
};

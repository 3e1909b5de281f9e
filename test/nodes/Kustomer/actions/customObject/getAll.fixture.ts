import { BAD, byLocator } from '../../../../helpers/badInputs';
import { KLASS, kobjectResource, page, serveKlasses } from '../../../../helpers/kustomer';
import { BY_VALUE } from '../../../../helpers/operationFixture';
import type { OperationFixture } from '../../../../helpers/operationFixture';

export const fixture: OperationFixture = {
	parameters: { resource: 'customObject', operation: 'getAll', klass: BY_VALUE, limit: 5 },
	good: KLASS,
	bad: '5f1a2b3c4d5e6f7a8b9c0d1e',
	method: 'GET',
	path: `/v1/klasses/${KLASS}`,
	success: { status: 200, body: page([kobjectResource('0000000000000000000000b4')], null) },
	notFound: `No Kustomer custom object type "${KLASS}"`,
	background: () => serveKlasses(),
	badInputs: [
		{ field: 'Limit', parameters: { klass: 'order', limit: BY_VALUE }, good: 5, bad: BAD.limit },
		...byLocator('customer', ['id', 'externalId'], { klass: 'order', of: 'customer' }),
		...byLocator('company', ['id', 'url', 'externalId'], { klass: 'order', of: 'company' }),
	],
	bodies: 'none',
};

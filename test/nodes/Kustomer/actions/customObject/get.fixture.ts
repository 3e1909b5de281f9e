import { BAD, SOME_ID } from '../../../../helpers/badInputs';
import { KLASS, kobjectResource, serveKlasses } from '../../../../helpers/kustomer';
import { BY_VALUE } from '../../../../helpers/operationFixture';
import type { OperationFixture } from '../../../../helpers/operationFixture';
import { locator } from '../../../../helpers/workflows';

const ID = '0000000000000000000000b3';

export const fixture: OperationFixture = {
	parameters: { resource: 'customObject', operation: 'get', klass: BY_VALUE, customObject: locator('id', ID) },
	good: KLASS,
	bad: '5f1a2b3c4d5e6f7a8b9c0d1e',
	method: 'GET',
	path: `/v1/klasses/${KLASS}/${ID}`,
	success: { status: 200, body: { data: kobjectResource(ID) } },
	notFound: `No Kustomer ${KLASS} object with ID ${ID}`,
	background: () => serveKlasses(),
	badInputs: [
		{ field: 'Custom Object', parameters: { klass: 'order', customObject: locator('id', BY_VALUE) }, good: SOME_ID, bad: BAD.id },
		{ field: 'Custom Object', parameters: { klass: 'order', customObject: locator('externalId', BY_VALUE) }, good: 'order-1', bad: BAD.externalId },
	],
	bodies: 'none',
};

import { BAD, SOME_ID } from '../../../../helpers/badInputs';
import { KLASS, objectId, serveDeletedRecord, serveKlasses } from '../../../../helpers/kustomer';
import { BY_VALUE } from '../../../../helpers/operationFixture';
import type { OperationFixture } from '../../../../helpers/operationFixture';
import { locator } from '../../../../helpers/workflows';

const ID = '0000000000000000000000b6';

export const fixture: OperationFixture = {
	parameters: { resource: 'customObject', operation: 'delete', klass: BY_VALUE, customObject: locator('id', ID) },
	good: KLASS,
	bad: '5f1a2b3c4d5e6f7a8b9c0d1e',
	method: 'DELETE',
	path: `/v1/klasses/${KLASS}/${ID}`,
	success: { status: 204 },
	// Already gone (Kustomer's search still knows it, deleted): a second run of the same Delete does not fail.
	notFoundOutput: { id: ID, klass: KLASS, deleted: true, alreadyDeleted: true },
	background: () => {
		serveKlasses();
		serveDeletedRecord(ID);
	},
	badInputs: [
		{ field: 'Custom Object', parameters: { klass: 'order', customObject: locator('id', BY_VALUE) }, good: SOME_ID, bad: BAD.id },
		{ field: 'Custom Object Type', parameters: { klass: BY_VALUE, customObject: locator('id', SOME_ID) }, good: 'order', bad: ['', SOME_ID, 'a b'] },
	],
	bodies: 'none',
	bulkPath: `/v1/klasses/${KLASS}/bulk`,
	bulkCase: { parameters: { klass: KLASS, customObject: locator('id', BY_VALUE) }, values: [objectId(0xd000), objectId(0xd001), objectId(0xd003)], bad: 'not-an-id' },
};

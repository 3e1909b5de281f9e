import { BAD } from '../../../../helpers/badInputs';
import { serveDeletedRecord } from '../../../../helpers/kustomer';
import { BY_VALUE } from '../../../../helpers/operationFixture';
import type { OperationFixture } from '../../../../helpers/operationFixture';
import { NOTE_ID } from './update.fixture';

export const fixture: OperationFixture = {
	parameters: { resource: 'note', operation: 'delete', noteId: BY_VALUE },
	good: NOTE_ID,
	bad: 'not-an-id',
	method: 'DELETE',
	path: `/v1/notes/${NOTE_ID}`,
	success: { status: 204 },
	// Already gone (Kustomer's search still knows it, deleted): a second run of the same Delete does not fail.
	notFoundOutput: { id: NOTE_ID, deleted: true, alreadyDeleted: true },
	background: () => serveDeletedRecord(NOTE_ID),
	badInputs: [{ field: 'Note ID', parameters: { noteId: BY_VALUE }, good: NOTE_ID, bad: BAD.id }],
	bodies: 'none',
};

import { byLocator } from '../../../../helpers/badInputs';
import { CONVERSATION_ID, serveDeletedRecord } from '../../../../helpers/kustomer';
import { BY_VALUE } from '../../../../helpers/operationFixture';
import type { OperationFixture } from '../../../../helpers/operationFixture';
import { locator } from '../../../../helpers/workflows';

export const fixture: OperationFixture = {
	parameters: { resource: 'conversation', operation: 'delete', conversation: locator('id', BY_VALUE) },
	good: CONVERSATION_ID,
	bad: 'not-an-id',
	method: 'DELETE',
	path: `/v1/conversations/${CONVERSATION_ID}`,
	success: { status: 204 },
	// Already gone (Kustomer's search still knows it, deleted): a second run of the same Delete does not fail.
	notFoundOutput: { id: CONVERSATION_ID, deleted: true, alreadyDeleted: true },
	background: () => serveDeletedRecord(CONVERSATION_ID),
	badInputs: [
		...byLocator('conversation', ['id', 'externalId']),
	],
	bodies: 'none',
};

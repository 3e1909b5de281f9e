import { BAD, byLocator } from '../../../../helpers/badInputs';
import { CONVERSATION_ID, messageResource, page } from '../../../../helpers/kustomer';
import { BY_VALUE } from '../../../../helpers/operationFixture';
import type { OperationFixture } from '../../../../helpers/operationFixture';
import { locator } from '../../../../helpers/workflows';

export const fixture: OperationFixture = {
	parameters: { resource: 'message', operation: 'getAll', conversation: locator('id', BY_VALUE), returnAll: true },
	good: CONVERSATION_ID,
	bad: 'not-an-id',
	method: 'GET',
	path: `/v1/conversations/${CONVERSATION_ID}/messages`,
	success: { status: 200, body: page([messageResource('0000000000000000000000a1')], null) },
	notFound: `No Kustomer conversation with ID ${CONVERSATION_ID}`,
	badInputs: [
		...byLocator('conversation', ['id', 'externalId']),
		{ field: 'Limit', parameters: { conversation: locator('id', CONVERSATION_ID), limit: BY_VALUE }, good: 5, bad: BAD.limit },
		{ field: 'Binary Property Prefix', parameters: { conversation: locator('id', CONVERSATION_ID), options: { binaryPropertyPrefix: BY_VALUE } }, good: 'file_', bad: ['has space', '1file', 'a/b', ['file_'], { p: 'x' }, true] },
	],
	bodies: 'none',
};

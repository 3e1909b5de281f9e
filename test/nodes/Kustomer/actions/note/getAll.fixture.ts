import { BAD, byLocator } from '../../../../helpers/badInputs';
import { CONVERSATION_ID, noteResource, page } from '../../../../helpers/kustomer';
import { BY_VALUE } from '../../../../helpers/operationFixture';
import type { OperationFixture } from '../../../../helpers/operationFixture';
import { locator } from '../../../../helpers/workflows';

export const fixture: OperationFixture = {
	parameters: { resource: 'note', operation: 'getAll', conversation: locator('id', BY_VALUE), returnAll: true },
	good: CONVERSATION_ID,
	bad: 'not-an-id',
	method: 'GET',
	path: `/v1/conversations/${CONVERSATION_ID}/notes`,
	success: { status: 200, body: page([noteResource('0000000000000000000000a2')], null) },
	notFound: `No Kustomer conversation with ID ${CONVERSATION_ID}`,
	badInputs: [
		...byLocator('conversation', ['id', 'url']),
		{ field: 'Limit', parameters: { conversation: locator('id', CONVERSATION_ID), limit: BY_VALUE }, good: 5, bad: BAD.limit },
	],
	bodies: 'none',
};

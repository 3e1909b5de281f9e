import { CONVERSATION_ID, messageResource, page } from '../../../../helpers/kustomer';
import type { OperationFixture } from '../../../../helpers/operationFixture';
import { BY_VALUE } from '../../../../helpers/operationFixture';
import { locator } from '../../../../helpers/workflows';

export const fixture: OperationFixture = {
	parameters: { resource: 'message', operation: 'getAll', conversation: locator('id', BY_VALUE), returnAll: true },
	good: CONVERSATION_ID,
	bad: 'not-an-id',
	method: 'GET',
	path: `/v1/conversations/${CONVERSATION_ID}/messages`,
	success: { status: 200, body: page([messageResource('0000000000000000000000a1')], null) },
	notFound: `No Kustomer conversation with ID ${CONVERSATION_ID}`,
};

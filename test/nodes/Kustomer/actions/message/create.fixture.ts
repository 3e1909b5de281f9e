import { BY_VALUE } from '../../../../helpers/operationFixture';
import type { OperationFixture } from '../../../../helpers/operationFixture';
import { CONVERSATION_ID, messageResource } from '../../../../helpers/kustomer';
import { locator } from '../../../../helpers/workflows';

export const fixture: OperationFixture = {
	parameters: { resource: 'message', operation: 'create', conversation: locator('id', BY_VALUE), body: 'My order never arrived' },
	good: CONVERSATION_ID,
	bad: 'not-an-id',
	method: 'POST',
	path: `/v1/conversations/${CONVERSATION_ID}/messages`,
	success: { status: 201, body: { data: messageResource('0000000000000000000000aa') } },
	notFound: `No Kustomer conversation with ID ${CONVERSATION_ID}`,
};

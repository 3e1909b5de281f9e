import { BY_VALUE } from '../../../../helpers/operationFixture';
import type { OperationFixture } from '../../../../helpers/operationFixture';
import { CONVERSATION_ID, conversationResource } from '../../../../helpers/kustomer';
import { locator } from '../../../../helpers/workflows';

export const fixture: OperationFixture = {
	parameters: { resource: 'conversation', operation: 'update', conversation: locator('id', BY_VALUE), updateFields: { priority: 4 } },
	good: CONVERSATION_ID,
	bad: 'not-an-id',
	method: 'PATCH',
	path: `/v1/conversations/${CONVERSATION_ID}`,
	success: { status: 200, body: { data: conversationResource(CONVERSATION_ID, { priority: 4 }) } },
	notFound: `No Kustomer conversation with ID ${CONVERSATION_ID}`,
};

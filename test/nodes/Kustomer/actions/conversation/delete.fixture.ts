import { BY_VALUE } from '../../../../helpers/operationFixture';
import type { OperationFixture } from '../../../../helpers/operationFixture';
import { CONVERSATION_ID } from '../../../../helpers/kustomer';
import { locator } from '../../../../helpers/workflows';

export const fixture: OperationFixture = {
	parameters: { resource: 'conversation', operation: 'delete', conversation: locator('id', BY_VALUE) },
	good: CONVERSATION_ID,
	bad: 'not-an-id',
	method: 'DELETE',
	path: `/v1/conversations/${CONVERSATION_ID}`,
	success: { status: 204 },
	notFound: `No Kustomer conversation with ID ${CONVERSATION_ID}`,
};

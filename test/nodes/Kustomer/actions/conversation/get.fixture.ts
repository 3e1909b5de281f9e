import { byLocator } from '../../../../helpers/badInputs';
import { CONVERSATION_ID, conversationResource } from '../../../../helpers/kustomer';
import { BY_VALUE } from '../../../../helpers/operationFixture';
import type { OperationFixture } from '../../../../helpers/operationFixture';
import { locator } from '../../../../helpers/workflows';

export const fixture: OperationFixture = {
	parameters: { resource: 'conversation', operation: 'get', conversation: locator('id', BY_VALUE) },
	good: CONVERSATION_ID,
	bad: 'not-an-id',
	method: 'GET',
	path: `/v1/conversations/${CONVERSATION_ID}`,
	success: { status: 200, body: { data: conversationResource() } },
	notFound: `No Kustomer conversation with ID ${CONVERSATION_ID}`,
	badInputs: [
		...byLocator('conversation', ['id', 'url', 'externalId']),
	],
	bodies: 'none',
};

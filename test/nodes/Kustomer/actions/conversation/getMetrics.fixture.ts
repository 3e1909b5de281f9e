import { byLocator } from '../../../../helpers/badInputs';
import { CONVERSATION_ID, conversationResource, page, unrecordedApi } from '../../../../helpers/kustomer';
import { BY_VALUE } from '../../../../helpers/operationFixture';
import type { OperationFixture } from '../../../../helpers/operationFixture';
import { locator } from '../../../../helpers/workflows';

export const fixture: OperationFixture = {
	parameters: { resource: 'conversation', operation: 'getMetrics', conversation: locator('id', BY_VALUE) },
	good: CONVERSATION_ID,
	bad: 'not-an-id',
	// Each item's handle times; the batch step's read of the conversations (several IDs per request) is served in the background.
	method: 'GET',
	path: `/v1/conversations/${CONVERSATION_ID}/times`,
	success: { status: 200, body: page([], null) },
	notFound: `No Kustomer conversation with ID ${CONVERSATION_ID}`,
	background: () => {
		unrecordedApi().get(`/v1/conversations/${CONVERSATION_ID}`).reply(200, { data: [conversationResource()] }).persist();
	},
	badInputs: [...byLocator('conversation', ['id', 'url', 'externalId'])],
	bodies: 'none',
};

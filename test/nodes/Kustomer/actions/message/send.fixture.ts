import { CONVERSATION_ID, conversationResource, CUSTOMER_ID, customerResource, draftResource, messageResource, unrecordedApi } from '../../../../helpers/kustomer';
import type { OperationFixture } from '../../../../helpers/operationFixture';
import { BY_VALUE } from '../../../../helpers/operationFixture';
import { locator } from '../../../../helpers/workflows';

const DRAFT_ID = '0000000000000000000000d1';

export const fixture: OperationFixture = {
	parameters: { resource: 'message', operation: 'send', conversation: locator('id', BY_VALUE), body: 'Your refund is on its way' },
	good: CONVERSATION_ID,
	bad: 'not-an-id',
	method: 'POST',
	path: `/v1/customers/${CUSTOMER_ID}/drafts`,
	success: { status: 200, body: { data: draftResource(DRAFT_ID) } },
	notFound: `No Kustomer customer with ID ${CUSTOMER_ID}`,
	background: () => {
		const api = unrecordedApi().persist();
		api.get(`/v1/conversations/${CONVERSATION_ID}`).reply(200, { data: conversationResource(CONVERSATION_ID, { channels: ['email'] }) });
		api.get(`/v1/customers/${CUSTOMER_ID}`).reply(200, { data: customerResource() });
		api.put(`/v1/drafts/${DRAFT_ID}`).reply(200, { data: draftResource(DRAFT_ID, { status: 'draft' }) });
		// Delivered: the draft has left the customer's drafts; each reply is an out message on the conversation.
		api.get(`/v1/customers/${CUSTOMER_ID}/drafts`).query(true).reply(200, { data: [], links: { next: null } });
		api
			.get(`/v1/conversations/${CONVERSATION_ID}/messages`)
			.query(true)
			.reply(200, { data: ['0000000000000000000000e1', '0000000000000000000000e2'].map((id) => messageResource(id, { channel: 'email', direction: 'out', preview: 'Your refund is on its way', status: 'sent' })), links: { next: null } });
	},
};

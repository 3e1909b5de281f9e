import { BY_VALUE } from '../../../../helpers/operationFixture';
import type { OperationFixture } from '../../../../helpers/operationFixture';
import { conversationResource, customerResource, CUSTOMER_ID, messageResource, objectId, QUEUE_ID, unrecordedApi } from '../../../../helpers/kustomer';

export const fixture: OperationFixture = {
	parameters: {
		resource: 'conversation',
		operation: 'escalate',
		customerEmail: BY_VALUE,
		subject: 'Order 1042 arrived damaged',
		queue: QUEUE_ID,
		message: 'The mug inside is broken.',
	},
	good: 'jane@example.com',
	bad: 'jane@',
	// The main request: opening the conversation (the customer is found first, the message recorded after).
	method: 'POST',
	path: '/v1/conversations',
	success: { status: 201, body: { data: conversationResource() } },
	notFound: `Kustomer found no customer with ID ${CUSTOMER_ID}, or another record the conversation refers to (404)`,
	background: () => {
		unrecordedApi().persist().get(/\/v1\/customers\/email=/).reply(200, { data: customerResource() });
		unrecordedApi().persist().post(/\/v1\/conversations\/\w+\/messages/).reply(201, { data: messageResource(objectId(0xaa)) });
	},
};

import { BAD, byLocator } from '../../../../helpers/badInputs';
import { CONVERSATION_ATTRIBUTES, CUSTOM_ATTRIBUTES, teams, users, variants } from '../../../../helpers/bodyCases';
import { conversationResource, CUSTOMER_ID, objectId, QUEUE_ID, USER_ID } from '../../../../helpers/kustomer';
import { BY_VALUE } from '../../../../helpers/operationFixture';
import type { OperationFixture } from '../../../../helpers/operationFixture';
import { attributeMapper, locator } from '../../../../helpers/workflows';

export const fixture: OperationFixture = {
	parameters: { resource: 'conversation', operation: 'create', customer: locator('id', BY_VALUE) },
	good: CUSTOMER_ID,
	bad: 'not-an-id',
	method: 'POST',
	path: '/v1/conversations',
	success: { status: 201, body: { data: conversationResource() } },
	notFound: `Kustomer found no customer with ID ${CUSTOMER_ID}, or another record the conversation refers to (404)`,
	badInputs: [
		...byLocator('customer', ['id', 'email', 'phone', 'externalId']),
		{ field: 'Subject', parameters: { customer: locator('id', CUSTOMER_ID), additionalFields: { name: BY_VALUE } }, good: 'Refund', bad: BAD.text256 },
		{ field: 'Priority', parameters: { customer: locator('id', CUSTOMER_ID), additionalFields: { priority: BY_VALUE } }, good: 3, bad: BAD.priority },
		{ field: 'Queue', parameters: { customer: locator('id', CUSTOMER_ID), additionalFields: { queue: BY_VALUE } }, good: QUEUE_ID, bad: BAD.optionalId },
		{ field: 'Assigned Users', parameters: { customer: locator('id', CUSTOMER_ID), additionalFields: { assignedUsers: BY_VALUE } }, good: [USER_ID], bad: BAD.idList },
		{ field: 'External ID', parameters: { customer: locator('id', CUSTOMER_ID), additionalFields: { externalId: BY_VALUE } }, good: 'ticket-1', bad: BAD.text256 },
		{ field: 'Direction', parameters: { customer: locator('id', CUSTOMER_ID), additionalFields: { direction: BY_VALUE } }, good: 'in', bad: ['inbound', 'IN', ['in'], { d: 'in' }, 1] },
		{ field: 'Custom attribute "Refund Amount (refundNum)"', parameters: { customer: locator('id', CUSTOMER_ID), customAttributesMapper: attributeMapper('conversation', { refundNum: BY_VALUE }) }, good: '49.90', bad: ['lots', [49.9], { n: 1 }, '   ', true] },
	],
	bodies: {
		'each option alone and all together; the customer by email or phone': variants(
			{ customer: locator('id', CUSTOMER_ID) },
			{
				name: 'Refund for order 1042',
				externalId: 'order-1042',
				status: 'done',
				priority: 5,
				direction: 'out',
				queue: QUEUE_ID,
				assignedUsers: users(10),
				assignedTeams: teams(10),
				tags: Array.from({ length: 20 }, (_, index) => objectId(0x300 + index)),
				customAttributes: CUSTOM_ATTRIBUTES,
			},
		).concat([
			{ customer: locator('email', 'jane@example.com') },
			{ customer: locator('phone', '+14155550123'), additionalFields: { priority: 1, status: 'open', direction: 'in' } },
		]),
		'every custom attribute of the metadata fixture through the typed mapper': [{ customer: locator('id', CUSTOMER_ID), customAttributesMapper: CONVERSATION_ATTRIBUTES }],
	},
};

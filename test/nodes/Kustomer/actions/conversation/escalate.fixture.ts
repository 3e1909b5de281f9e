import type { INodeParameters } from 'n8n-workflow';

import { BAD, nonEmpty, SOME_ID } from '../../../../helpers/badInputs';
import { CONVERSATION_ATTRIBUTES, CUSTOM_ATTRIBUTES, teams, users } from '../../../../helpers/bodyCases';
import { conversationResource, CUSTOMER_ID, customerResource, messageResource, objectId, QUEUE_ID, unrecordedApi, USER_ID } from '../../../../helpers/kustomer';
import { BY_VALUE } from '../../../../helpers/operationFixture';
import type { OperationFixture } from '../../../../helpers/operationFixture';
import { attributeMapper } from '../../../../helpers/workflows';

const escalateBase = { customerEmail: 'jane@example.com', subject: 'Order 1042 arrived damaged', queue: QUEUE_ID, message: 'The mug is broken' };

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
	badInputs: [
		{ field: 'Customer Email, Phone or External ID', parameters: { ...escalateBase, customerEmail: BY_VALUE }, good: 'jane@example.com', bad: ['', null, '   '] },
		{ field: 'Customer Email', parameters: { ...escalateBase, customerEmail: BY_VALUE }, good: 'jane+vip@example.com', bad: nonEmpty(BAD.email) },
		{ field: 'Customer Phone', parameters: { ...escalateBase, customerPhone: BY_VALUE }, good: '+1 (415) 555-0123', bad: nonEmpty(BAD.phone) },
		{ field: 'Customer External ID', parameters: { ...escalateBase, customerExternalId: BY_VALUE }, good: 'crm/42?#%', bad: BAD.text256 },
		{ field: 'Customer Name', parameters: { ...escalateBase, customerName: BY_VALUE }, good: 'Zoë 🚀', bad: BAD.text256 },
		{ field: 'Subject', parameters: { ...escalateBase, subject: BY_VALUE }, good: '🚀'.repeat(256), bad: ['', null, '   ', ...BAD.text256] },
		{ field: 'Queue', parameters: { ...escalateBase, queue: BY_VALUE }, good: QUEUE_ID, bad: BAD.id },
		{ field: 'External ID', parameters: { ...escalateBase, externalId: BY_VALUE }, good: 'x'.repeat(248), bad: ['x'.repeat(249), '🚀'.repeat(249), ['web-1'], { id: 'web-1' }, true] },
		{ field: 'Priority', parameters: { ...escalateBase, conversationFields: { priority: BY_VALUE } }, good: 5, bad: BAD.priority },
		{ field: 'Assigned Teams', parameters: { ...escalateBase, conversationFields: { assignedTeams: BY_VALUE } }, good: [SOME_ID], bad: BAD.idList },
		{ field: 'Tags', parameters: { ...escalateBase, conversationFields: { tags: BY_VALUE } }, good: [SOME_ID], bad: ['vip', [[SOME_ID]], Array.from({ length: 21 }, (_, index) => objectId(index + 1))] },
		{ field: 'Custom attribute "Refund Amount (refundNum)"', parameters: { ...escalateBase, customAttributesMapper: attributeMapper('conversation', { refundNum: BY_VALUE }) }, good: '49.90', bad: ['lots', [49.9], { n: 1 }, '   ', true] },
		{ field: 'Message or Internal Note', parameters: { ...escalateBase, message: BY_VALUE }, good: 'Broken', bad: ['', null, '   '] },
		{ field: 'Message', parameters: { ...escalateBase, message: BY_VALUE }, good: '👍🏽'.repeat(2000), bad: ['x'.repeat(10_241), ['hi'], { text: 'hi' }, true] },
		{ field: 'Channel', parameters: { ...escalateBase, channel: BY_VALUE }, good: 'sms', bad: ['fax', 'Email', ['email'], { c: 'email' }, 3] },
		{ field: 'Direction', parameters: { ...escalateBase, direction: BY_VALUE }, good: 'out', bad: ['inbound', 'OUT', ['out'], { d: 'out' }, 1] },
		{ field: 'Message Subject', parameters: { ...escalateBase, messageFields: { subject: BY_VALUE } }, good: 'Order 1042', bad: BAD.text256 },
		{ field: 'Sent At', parameters: { ...escalateBase, messageFields: { sentAt: BY_VALUE } }, good: '2026-11-21 09:30', bad: BAD.date },
		{ field: 'Attachments', parameters: { ...escalateBase, messageFields: { attachments: BY_VALUE } }, good: '', bad: ['data', 'data, photo', ['missing']] },
		{ field: 'Attachments', parameters: { ...escalateBase, message: '', note: 'Internal', messageFields: { attachments: BY_VALUE } }, good: '', bad: ['data'] },
		{ field: 'Internal Note', parameters: { ...escalateBase, note: BY_VALUE }, good: 'Replace it ✅', bad: ['x'.repeat(10_241), ['hi'], { text: 'hi' }, true] },
		{ field: 'Mention Users', parameters: { ...escalateBase, note: 'Internal', noteFields: { userMentions: BY_VALUE } }, good: [USER_ID], bad: BAD.idList.slice(0, 4) },
		{ field: 'Note Fields', parameters: { ...escalateBase, note: '', noteFields: { userMentions: BY_VALUE } }, good: [], bad: [[USER_ID]] },
	],
	bodies: {
		'a customer found or created; every conversation, message and note field; the typed mapper': (<INodeParameters[]>[
			{ customerEmail: 'jane@example.com', message: 'Where is my order?' },
			{ customerEmail: 'new@escalation.example', customerPhone: '+1 415 555 0199', customerExternalId: 'crm-new', customerName: 'Zoë 🚀 New', note: 'First contact' },
			{
				customerPhone: '+14155550123',
				externalId: 'web-form-1042',
				conversationFields: { priority: 5, assignedTeams: teams(10), assignedUsers: users(10), tags: Array.from({ length: 20 }, (_, index) => objectId(0x300 + index)), customAttributes: CUSTOM_ATTRIBUTES },
				message: 'y'.repeat(10_240),
				channel: 'sms',
				direction: 'out',
				messageFields: { app: 'web-form', subject: 'Order 1042', sentAt: '2026-11-21T10:15:00', attachments: 'invoice, photo' },
				note: 'z'.repeat(10_240),
				noteFields: { userMentions: users(10), teamMentions: teams(10), attachments: 'invoice' },
			},
			{ customerExternalId: 'crm-42', customAttributesMapper: CONVERSATION_ATTRIBUTES, message: 'Hi', channel: 'whatsapp', direction: 'in', note: 'Mapper', noteFields: { userMentions: [USER_ID] } },
		]).map((parameters) => ({ subject: '🚀'.repeat(256), queue: QUEUE_ID, ...parameters })),
	},
};

import type { INodeParameters } from 'n8n-workflow';

import { BAD, byLocator, nonEmpty } from '../../../../helpers/badInputs';
import { SEND_CHANNELS } from '../../../../helpers/bodyCases';
import { CONVERSATION_ID, conversationResource, CUSTOMER_ID, customerResource, draftResource, messageResource, unrecordedApi } from '../../../../helpers/kustomer';
import { BY_VALUE } from '../../../../helpers/operationFixture';
import type { OperationFixture } from '../../../../helpers/operationFixture';
import { locator } from '../../../../helpers/workflows';

const DRAFT_ID = '0000000000000000000000d1';

const sendBase = { conversation: locator('id', CONVERSATION_ID), body: 'Hi' };
const ID_A = '0000000000000000000000a1';
const ID_B = '0000000000000000000000a2';
const TEMPLATE_MESSAGE = { conversation: locator('id', CONVERSATION_ID), waitForDelivery: false, channel: 'whatsapp', whatsappMessage: 'template', whatsappTemplate: ID_A, additionalFields: { to: '+14155550124' } };

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
	badInputs: [
		...byLocator('conversation', ['id', 'externalId'], { body: 'Hi' }),
		{ field: 'Body', parameters: { ...sendBase, body: BY_VALUE }, good: 'Your refund is on its way 👍', bad: BAD.body },
		{ field: 'Body', parameters: { ...sendBase, channel: 'twitter-tweet', body: BY_VALUE }, good: '🚀'.repeat(280), bad: ['🚀'.repeat(281), 'x'.repeat(300)] },
		{ field: 'Channel', parameters: { ...sendBase, channel: BY_VALUE }, good: 'email', bad: ['fax', 'voice', 'note', 'Email', ['email'], { c: 'email' }, 3] },
		{ field: 'Send At', parameters: { ...sendBase, when: 'at', sendAt: BY_VALUE }, good: '2099-01-01T09:00', bad: [...BAD.date, '2001-01-01T09:00:00Z', ''] },
		{ field: 'To', parameters: { ...sendBase, channel: 'sms', additionalFields: { to: BY_VALUE } }, good: '+1 415 555 0123', bad: ['4155550123', 'jane@example.com', 'phone', [{ n: 1 }], { n: 1 }, 42] },
		{ field: 'To', parameters: { ...sendBase, channel: 'email', additionalFields: { to: BY_VALUE } }, good: 'jane@example.com, ops@acme.test', bad: ['jane', 'jane@example.com, nope', '@example.com'] },
		{ field: 'CC', parameters: { ...sendBase, additionalFields: { cc: BY_VALUE } }, good: 'a@b.co', bad: ['nope', 'a@b.co, nope', 'a@', ['a@b.co', 'nope'], [['a@b.co']], { e: 1 }] },
		{ field: 'App', parameters: { ...sendBase, channel: 'sms', additionalFields: { app: BY_VALUE } }, good: 'twilio', bad: ['postmark', 'whatsapp', 'Twilio', ['twilio'], 'x'.repeat(65)] },
		{ field: 'Attachments', parameters: { ...sendBase, additionalFields: { attachments: BY_VALUE } }, good: '', bad: ['data', 'invoice, data'] },
		{ field: 'HTML Body', parameters: { ...sendBase, channel: 'email', additionalFields: { htmlBody: BY_VALUE } }, good: '<p>Hi 👋</p>', bad: ['x'.repeat(10_241), ['<p>'], { p: 1 }] },
		{ field: 'Reply-To', parameters: { ...sendBase, channel: 'email', additionalFields: { replyTo: BY_VALUE } }, good: 'billing@acme.test', bad: ['billing', 'a@', ['billing@acme.test'], 42] },
		{ field: 'Email Template ID', parameters: { ...sendBase, channel: 'email', additionalFields: { emailTemplate: BY_VALUE } }, good: ID_A, bad: BAD.optionalId },
		{ field: 'Shortcut IDs', parameters: { ...sendBase, additionalFields: { shortcuts: BY_VALUE } }, good: `${ID_A}, ${ID_B}`, bad: ['nope', `${ID_A}, nope`, [{ id: ID_A }]] },
		{ field: 'Knowledge Base Article IDs', parameters: { ...sendBase, additionalFields: { kbArticles: BY_VALUE } }, good: ID_B, bad: ['nope', `${ID_B},x`, [42.5]] },
		{ field: 'Template ID', parameters: { ...TEMPLATE_MESSAGE, whatsappTemplate: BY_VALUE }, good: ID_A, bad: nonEmpty(BAD.id) },
		{
			field: 'Template Parameters #2',
			parameters: { ...TEMPLATE_MESSAGE, templateParameters: { parameter: [{ part: 'header', text: 'Order 1042' }, { part: 'body', text: BY_VALUE }] } },
			good: 'Jane',
			bad: ['', '  ', null, ['Jane'], { text: 'Jane' }, true],
		},
		{ field: 'App', parameters: { ...TEMPLATE_MESSAGE, additionalFields: { to: '+14155550124', app: BY_VALUE } }, good: 'whatsapp', bad: ['twilio_whatsapp', 'messagebird'] },
		{ field: 'Attachments', parameters: { ...TEMPLATE_MESSAGE, additionalFields: { to: '+14155550124', attachments: BY_VALUE } }, good: '', bad: ['data'] },
		{ field: 'Send', parameters: { ...TEMPLATE_MESSAGE, when: BY_VALUE, sendAt: '2099-01-01T09:00' }, good: 'now', bad: ['at'] },
	],
	bodies: {
		'every channel, now and scheduled; every email field; attachments; an External ID': SEND_CHANNELS.flatMap((channel): INodeParameters[] => [
			{ conversation: locator('id', CONVERSATION_ID), channel, body: 'Your refund is on its way', additionalFields: channel === 'whatsapp' ? { app: 'whatsapp', to: '+14155550124' } : {} },
			{ conversation: locator('id', CONVERSATION_ID), channel, body: 'Scheduled', when: 'at', sendAt: '2030-01-15T09:00:00', additionalFields: channel === 'whatsapp' ? { app: 'twilio_whatsapp', from: '+18005551213', to: '+14155550124' } : {} },
		]).concat([
			{
				conversation: locator('id', CONVERSATION_ID),
				channel: 'email',
				body: 'All the email fields',
				additionalFields: { app: 'postmark', from: 'support@acme.test', to: 'jane@example.com, ops@acme.test', cc: 'billing@acme.test', bcc: 'audit@acme.test', subject: 'Your refund', attachments: 'invoice, photo' },
			},
			{ conversation: locator('id', CONVERSATION_ID), channel: 'sms', body: 'Label attached', additionalFields: { app: 'twilio', from: '+18005551212', attachments: 'photo' } },
			// The External ID: in the draft's payload, and in the delivered message's meta.
			{ conversation: locator('id', CONVERSATION_ID), channel: 'chat', body: 'Your refund is on its way', additionalFields: { externalId: 'reply-1042' } },
			// HTML Body (only in the PUT), Reply-To, an email template, shortcuts and articles.
			{
				conversation: locator('id', CONVERSATION_ID),
				channel: 'email',
				body: 'Your refund is on its way',
				waitForDelivery: false,
				additionalFields: { htmlBody: '<p>Your refund is <b>on its way</b></p>', replyTo: 'billing@acme.test', emailTemplate: ID_A, shortcuts: ID_A, kbArticles: `${ID_A}, ${ID_B}` },
			},
			...SEND_CHANNELS.filter((channel) => channel !== 'email').map((channel) => ({
				conversation: locator('id', CONVERSATION_ID),
				channel,
				body: 'See the article',
				waitForDelivery: false,
				additionalFields: { shortcuts: ID_A, kbArticles: ID_B, ...(channel === 'whatsapp' ? { app: 'whatsapp', to: '+14155550124' } : {}) },
			})),
			// WhatsApp template messages: with body and header parameters, without any, with an External ID.
			{ ...TEMPLATE_MESSAGE, templateParameters: { parameter: [{ part: 'header', text: 'Order 1042' }, { part: 'body', text: 'Jane' }, { part: 'body', text: '1042' }, { part: 'button', buttonIndex: 0, text: 'orders/1042' }] } },
			{ ...TEMPLATE_MESSAGE, additionalFields: { to: '+14155550124', from: '+18005551213', externalId: 'reply-1043', shortcuts: ID_A, kbArticles: ID_B } },
		]),
	},
};

import type { INodeParameters } from 'n8n-workflow';

import { BAD, byLocator } from '../../../../helpers/badInputs';
import { variants } from '../../../../helpers/bodyCases';
import { CONVERSATION_ID, messageResource } from '../../../../helpers/kustomer';
import { BY_VALUE } from '../../../../helpers/operationFixture';
import type { OperationFixture } from '../../../../helpers/operationFixture';
import { locator } from '../../../../helpers/workflows';

const messageBase = { conversation: locator('id', CONVERSATION_ID), channel: 'email', direction: 'in', body: 'Hello' };

export const fixture: OperationFixture = {
	parameters: { resource: 'message', operation: 'create', conversation: locator('id', BY_VALUE), body: 'My order never arrived' },
	good: CONVERSATION_ID,
	bad: 'not-an-id',
	method: 'POST',
	path: `/v1/conversations/${CONVERSATION_ID}/messages`,
	success: { status: 201, body: { data: messageResource('0000000000000000000000aa') } },
	notFound: `No Kustomer conversation with ID ${CONVERSATION_ID}`,
	badInputs: [
		...byLocator('conversation', ['id'], { channel: 'email', direction: 'in', body: 'Hi' }),
		{ field: 'Body', parameters: { ...messageBase, body: BY_VALUE }, good: '👍🏽'.repeat(2000), bad: BAD.body },
		{ field: 'Channel', parameters: { ...messageBase, channel: BY_VALUE }, good: 'sms', bad: ['fax', 'Email', ['email'], { c: 'email' }, 3] },
		{ field: 'Sent At', parameters: { ...messageBase, additionalFields: { sentAt: BY_VALUE } }, good: '2026-11-21 09:30', bad: BAD.date },
		{ field: 'Subject', parameters: { ...messageBase, additionalFields: { subject: BY_VALUE } }, good: 'Re: order', bad: BAD.text256 },
	],
	bodies: {
		'every channel and direction; each option alone and all together': ['chat', 'email', 'facebook', 'instagram', 'sms', 'twitter-dm', 'twitter-tweet', 'voice', 'whatsapp']
			.flatMap((channel) => ['in', 'out'].map((direction): INodeParameters => ({ conversation: locator('id', CONVERSATION_ID), channel, direction, body: 'Where is my order?' })))
			.concat(
				variants(
					{ conversation: locator('id', CONVERSATION_ID), channel: 'email', direction: 'in', body: 'y'.repeat(10_240) },
					{ app: 'order-portal', subject: 'Order 1042', externalId: 'msg-1', sentAt: '2026-11-21T10:15:00Z' },
				),
			),
		'with attachments': [{ conversation: locator('id', CONVERSATION_ID), channel: 'email', direction: 'out', body: 'See attached', additionalFields: { attachments: 'invoice, photo' } }],
	},
};

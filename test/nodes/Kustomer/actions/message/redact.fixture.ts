import type { IDataObject } from 'n8n-workflow';

import { BAD } from '../../../../helpers/badInputs';
import { CONVERSATION_ID, CUSTOMER_ID, objectId } from '../../../../helpers/kustomer';
import { BY_VALUE } from '../../../../helpers/operationFixture';
import type { OperationFixture } from '../../../../helpers/operationFixture';
import { MESSAGE_ID } from './update.fixture';

/** POST /v1/messages/{id}/redactions' answer (OpenAPI: 201, the redaction with its message, conversation and customer). */
export function redactionResource(messageId: string, attributes: IDataObject = {}, seed = 0x7e1): IDataObject {
	const related = (type: string, id: string) => ({ links: { self: `/v1/${type}s/${id}` }, data: { type, id } });
	return {
		type: 'message_redaction',
		id: objectId(seed),
		attributes: { preview: '[redacted]', ...attributes },
		relationships: { message: related('message', messageId), conversation: related('conversation', CONVERSATION_ID), customer: related('customer', CUSTOMER_ID) },
	};
}

/** A message with `count` files, as GET /v1/messages/{id} answers it. */
export function messageWithFiles(id: string, count: number): IDataObject {
	return {
		type: 'message',
		id,
		attributes: { channel: 'email', direction: 'in', preview: 'My card is 4111 1111 1111 1111' },
		relationships: {
			conversation: { data: { type: 'conversation', id: CONVERSATION_ID } },
			customer: { data: { type: 'customer', id: CUSTOMER_ID } },
			attachments: { data: Array.from({ length: count }, (_, index) => ({ type: 'attachment', id: objectId(0xa700 + index) })) },
		},
	};
}

const base = { messageId: MESSAGE_ID };

export const fixture: OperationFixture = {
	parameters: { resource: 'message', operation: 'redact', messageId: BY_VALUE, replacementText: 'My card is [redacted]' },
	good: MESSAGE_ID,
	bad: 'not-an-id',
	method: 'POST',
	path: `/v1/messages/${MESSAGE_ID}/redactions`,
	success: { status: 201, body: { data: redactionResource(MESSAGE_ID, { preview: 'My card is [redacted]' }) } },
	notFound: `No Kustomer message with ID ${MESSAGE_ID}`,
	badInputs: [
		{ field: 'Message ID', parameters: { messageId: BY_VALUE }, good: MESSAGE_ID, bad: BAD.id },
		{ field: 'Replacement Text', parameters: { ...base, replacementText: BY_VALUE }, good: '[redacted]', bad: ['', null, 'x'.repeat(10_241), ['x'], { text: 'x' }] },
		{ field: 'Attachment IDs', parameters: { ...base, redactAttachments: 'chosen', attachmentIds: BY_VALUE }, good: objectId(0xa700), bad: ['', 'nope', ['nope'], `${objectId(1)},nope`] },
		{ field: 'Redact Attachments', parameters: { ...base, redactAttachments: BY_VALUE }, good: 'all', bad: ['some', 'ALL', ''] },
		// Nothing chosen to redact is refused, not sent as an empty redaction.
		{ field: 'Redact Text', parameters: { ...base, redactText: BY_VALUE, redactAttachments: 'none' }, good: true, bad: [false] },
	],
	bodies: {
		'the text alone, chosen files alone, both': [
			{ ...base, replacementText: 'My card is [redacted]' },
			{ ...base, redactText: false, redactAttachments: 'chosen', attachmentIds: [objectId(0xa700), objectId(0xa701)] },
			{ ...base, replacementText: 'x'.repeat(10_240), redactAttachments: 'chosen', attachmentIds: `${objectId(0xa700)}, ${objectId(0xa701)}` },
		],
		"all of a message's 12 files (two requests of at most 10)": [{ ...base, redactText: false, redactAttachments: 'all' }, { ...base, redactAttachments: 'all' }],
	},
};

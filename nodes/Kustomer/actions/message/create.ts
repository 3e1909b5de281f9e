import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import type { FileInput } from '../../shared/attachments';
import { attachmentsField, readFiles } from '../../shared/attachments';
import { bodyField, directionField, externalIdField, fieldLabels, labelOf, simplifyField } from '../../shared/fields';
import type { RecordRef } from '../../shared/locators';
import { optionalDateTime, optionalText, parseInput, requiredText } from '../../shared/validation';
import { ROLES } from '../../shared/roles';
import { relatedId } from '../../shared/simplify';
import type { KustomerClient } from '../../transport';
import { searchPage } from '../../transport';
import type { ExternalIdSource } from '../externalIds';
import { countOf, findExistingRecords } from '../externalIds';
import { fetchRecord, findMessageByExternalId, withConversationIds } from '../lookups';
import { createWithFiles, timelineBulk } from '../withFiles';
import type { ItemFailures } from '../types';
import { defineOperation, RERUN_CREATE_BY_EXTERNAL_ID } from '../types';
import { CHANNEL_NAMES, MESSAGE_CHANNELS } from './sendChannels';
import { conversationLocator, CONVERSATION } from '../conversation/record';
import { doneWith, inputsOf } from '../batch';

const conversationField = conversationLocator('The conversation the message is recorded on');

const description: INodeProperties[] = [
	{
		displayName:
			'This records a message on the conversation\'s timeline, as if it had arrived or been sent on the channel. It does not deliver anything to the customer.',
		name: 'recordsOnlyNotice',
		type: 'notice',
		default: '',
	},
	conversationField.property,
	{
		displayName: 'Channel',
		name: 'channel',
		type: 'options',
		default: 'email',
		options: MESSAGE_CHANNELS.map((channel) => ({ name: CHANNEL_NAMES[channel], value: channel })),
	},
	directionField(),
	bodyField('The message text (at most 10,240 characters)'),
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'App',
				name: 'app',
				type: 'string',
				default: 'n8n',
				description: 'A stable name for the integration that recorded the message',
			},
			attachmentsField,
			externalIdField('Your own unique ID for the message'),
			{
				displayName: 'Sent At',
				name: 'sentAt',
				type: 'dateTime',
				default: '',
				description: "When the message was sent; Kustomer uses now when empty. A time without a UTC offset is read in the workflow's time zone.",
			},
			{
				displayName: 'Subject',
				name: 'subject',
				type: 'string',
				default: '',
			},
		],
	},
	simplifyField(),
];

const schema = z.object({
	channel: z.enum(MESSAGE_CHANNELS, {
		errorMap: () => ({ message: `must be one of ${MESSAGE_CHANNELS.join(', ')}` }),
	}),
	direction: z.enum(['in', 'out'], { errorMap: () => ({ message: 'must be "in" or "out"' }) }),
	preview: requiredText(10_240),
	app: requiredText(256),
	subject: optionalText(256),
	externalId: optionalText(256),
	sentAt: optionalDateTime(),
});

/** Kustomer's `preview` is the Body field. */
const FIELD_LABELS = { ...fieldLabels(description), preview: labelOf(description, 'body') };

/**
 * A message's body as Kustomer's schema takes it, checked, blanks left out. A Sent At without a
 * UTC offset is a time in `timeZone` (the workflow's). `labels` rename fields in errors.
 */
export function readMessageBody(values: Record<string, unknown>, timeZone: string, labels: Record<string, string> = {}): IDataObject {
	const parsed = parseInput(schema.extend({ sentAt: optionalDateTime(timeZone) }), values, { ...FIELD_LABELS, ...labels });
	const body: IDataObject = {};
	for (const [key, value] of Object.entries(parsed)) {
		if (value !== undefined) body[key] = value as IDataObject[string];
	}
	return body;
}

interface Input {
	conversation: RecordRef;
	body: IDataObject;
	/** The conversation's ID: given, or found by the batch step. */
	conversationId?: string;
	files: FileInput[];
}

/**
 * Messages by External ID: Kustomer's search has `message_external_id` (OpenAPI: POST
 * /customers/search, "Standard attributes JSON Schema"), so one search checks up to 100 of
 * them; the direct lookup is GET /v1/messages/externalid=… ("Unique external ID of the
 * message", OpenAPI: GET /messages/externalid=:externalId).
 */
export function messagesByExternalId(client: KustomerClient): ExternalIdSource {
	return {
		search: { queryContext: 'message', attribute: 'message_external_id', valueOf: ({ externalId }) => externalId },
		lookup: async (externalId, itemIndex) => await findMessageByExternalId(client, externalId, itemIndex),
		scopeOf: (record) => relatedId(record, 'conversation'),
		// OpenAPI GET /conversations/{id}: messageCount.
		countIn: async (conversationId, itemIndex) => countOf((await fetchRecord(client, CONVERSATION, { by: 'id', id: conversationId }, itemIndex)).attributes, 'messageCount'),
		// The index's messages of these conversations: one search's meta.total (required in its answer by the OpenAPI file).
		indexedTotal: async (conversationIds, itemIndex) =>
			countOf((await searchPage(client, { queryContext: 'message', and: [{ message_conversation_id: { in: conversationIds } }] }, 1, 1, { itemIndex, roles: ROLES.search }))?.meta, 'total'),
		noun: 'message',
		scopeNoun: 'conversation',
	};
}

export const createMessage = defineOperation<Input>({
	option: {
		name: 'Create',
		value: 'create',
		action: 'Record a message on a conversation',
		description: 'Record a message on a conversation timeline (it is not delivered to the customer)',
	},
	roles: ROLES.messageCreate,
	// With an External ID: an existing message is returned instead of a second one.
	effect: 'write',
	rerun: RERUN_CREATE_BY_EXTERNAL_ID,
	idempotent: false,
	docs: {
		moreRoles: '+ `conversation.read` to find the conversation by external ID; with an External ID + `message.read`, a search role and `conversation.read` to check five or more in one search, and a search role to confirm a lookup that finds none',
		runTwice: 'With an External ID, the existing message is returned (its attachments not uploaded again); without one, a second message.',
	},
	description,
	async prepare(itemIndex) {
		const additional = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
		const body = readMessageBody(
			{
				channel: this.getNodeParameter('channel', itemIndex),
				direction: this.getNodeParameter('direction', itemIndex),
				preview: this.getNodeParameter('body', itemIndex, ''),
				app: additional.app ?? 'n8n',
				subject: additional.subject,
				externalId: additional.externalId,
				sentAt: additional.sentAt,
			},
			this.getTimezone(),
		);
		const conversation = conversationField.read(this, itemIndex);
		return {
			conversation,
			body,
			conversationId: conversation.by === 'id' ? conversation.id : undefined,
			files: await readFiles(this, itemIndex, additional.attachments),
		};
	},
	/** Finds each conversation once, then which External IDs already have their message. */
	async batch(client, items) {
		const failures: ItemFailures = new Map();
		const resolved = await withConversationIds(client, items, failures);
		const wanted = resolved
			.filter(({ input, itemIndex }) => input.body.externalId && input.conversationId && !failures.has(itemIndex))
			.map(({ input, itemIndex }) => ({ itemIndex, externalId: input.body.externalId as string, scope: input.conversationId as string }));
		const existing = await findExistingRecords(client, messagesByExternalId(client), wanted, failures);
		return { inputs: inputsOf(resolved), failures, done: doneWith(existing) };
	},
	idempotencyKey: (input) => input.body.externalId as string | undefined,
	async execute(client, input, itemIndex) {
		const externalId = input.body.externalId as string | undefined;
		const once = externalId ? { source: messagesByExternalId(client), externalId } : undefined;
		return [await createWithFiles(this, client, input, 'messages', itemIndex, once)];
	},
	bulk: timelineBulk('messages'),
});

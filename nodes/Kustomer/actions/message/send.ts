import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import { attachmentsField, readFiles, uploadDraftAttachments } from '../../shared/attachments';
import { bodyField, conversationLocator, fieldCollection, showFor, simplifyField } from '../../shared/fields';
import type { RecordRef } from '../../shared/locators';
import { parseConversationRef } from '../../shared/locators';
import { ROLES } from '../../shared/roles';
import { relatedId } from '../../shared/simplify';
import { email, InputProblem, optionalText, parseInput, readDateTime, requiredText } from '../../shared/validation';
import type { JsonApiResource, KustomerClient } from '../../transport';
import { asNodeError, idFromAnswer } from '../../transport';
import { fetchConversation, fetchCustomer, singleRecord } from '../lookups';
import { defineOperation } from '../types';
import type { ReplyInput, SendChannel } from './sendChannels';
import { CHANNEL_NAMES, CHANNEL_RULES, checkForChannel, draftBody, recipient, replyChannel, SEND_CHANNELS } from './sendChannels';

const show = showFor('message', 'send');
const MODES = ['list', 'id', 'url', 'externalId'] as const;
const FROM_CONVERSATION = 'conversation';

const description: INodeProperties[] = [
	{
		displayName:
			'This delivers the reply to the customer through Kustomer (as a draft Kustomer sends on the channel). To only record a message on the timeline without sending anything, use Message → Create.',
		name: 'deliversNotice',
		type: 'notice',
		default: '',
		displayOptions: show,
	},
	conversationLocator([...MODES], show, 'The conversation to reply in'),
	{
		displayName: 'Channel',
		name: 'channel',
		type: 'options',
		default: FROM_CONVERSATION,
		options: [
			{ name: "The Conversation's Channel", value: FROM_CONVERSATION, description: 'Where the customer last wrote' },
			...SEND_CHANNELS.map((channel) => ({ name: CHANNEL_NAMES[channel], value: channel })),
		],
		displayOptions: show,
	},
	bodyField(
		'The reply. At most 10,240 characters by email, 1,600 by SMS or WhatsApp, 1,024 in chat, 2,000 on Facebook, 1,000 on Instagram, 280 in a tweet.',
		show,
	),
	{
		displayName: 'Send',
		name: 'when',
		type: 'options',
		default: 'now',
		options: [
			{ name: 'Now', value: 'now' },
			{ name: 'At a Set Time', value: 'at' },
		],
		displayOptions: show,
	},
	{
		displayName: 'Send At',
		name: 'sendAt',
		type: 'dateTime',
		default: '',
		required: true,
		description: "When Kustomer sends the reply. Without an offset it is read in the workflow's time zone. Must be in the future.",
		displayOptions: showFor('message', 'send', { when: ['at'] }),
	},
	fieldCollection('additionalFields', 'Additional Fields', show, [
			{
				displayName: 'App',
				name: 'app',
				type: 'string',
				default: '',
				placeholder: 'e.g. postmark',
				description:
					'The sending integration: gmail or postmark (email), twilio or zipwhip (SMS), twilio_whatsapp, messagebird or whatsapp (WhatsApp, required there). Kustomer picks one when empty.',
			},
			attachmentsField,
			{ displayName: 'BCC', name: 'bcc', type: 'string', default: '', description: 'Email only: addresses, comma-separated' },
			{ displayName: 'CC', name: 'cc', type: 'string', default: '', description: 'Email only: addresses, comma-separated' },
			{
				displayName: 'From Name or ID',
				name: 'from',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getOutboundAccounts', loadOptionsDependsOn: ['channel'] },
				default: '',
				description:
					'The org\'s connected account to send from (email address or number); Kustomer\'s default when empty. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{ displayName: 'Subject', name: 'subject', type: 'string', default: '', description: 'Email only; Kustomer keeps the thread\'s subject when empty' },
			{
				displayName: 'To',
				name: 'to',
				type: 'string',
				default: '',
				description:
					"Email addresses (comma-separated) or a phone number in E.164 form. Empty: the customer's first email address, phone or WhatsApp number in Kustomer.",
			},
	]),
	simplifyField(show),
];

interface Input extends ReplyInput {
	conversation: RecordRef;
	channel: SendChannel | typeof FROM_CONVERSATION;
	/** A time in the future; undefined sends now. */
	sendAt?: string;
}

/** Addresses from comma-separated text or a list of texts (anything else is left for the schema to refuse). */
function list(value: unknown): unknown {
	if (value === undefined || value === null || value === '') return [];
	if (Array.isArray(value)) return value.map((entry) => (typeof entry === 'string' ? entry.trim() : entry)).filter((entry) => entry !== '');
	return typeof value === 'string' ? value.split(',').map((entry) => entry.trim()).filter(Boolean) : value;
}

const schema = z.object({
	channel: z.enum([FROM_CONVERSATION, ...SEND_CHANNELS], { errorMap: () => ({ message: `must be ${FROM_CONVERSATION} or one of ${SEND_CHANNELS.join(', ')}` }) }),
	body: requiredText(10_240),
	subject: optionalText(998),
	app: optionalText(64),
	from: optionalText(256),
	to: z.preprocess(list, z.array(z.string({ invalid_type_error: 'must hold addresses as text' }), { invalid_type_error: 'must be addresses, comma-separated' })),
	cc: z.preprocess(list, z.array(email, { invalid_type_error: 'must be email addresses, comma-separated' })),
	bcc: z.preprocess(list, z.array(email, { invalid_type_error: 'must be email addresses, comma-separated' })),
});

const LABELS = { channel: 'Channel', body: 'Body', subject: 'Subject', app: 'App', from: 'From', to: 'To', cc: 'CC', bcc: 'BCC' };

/** A future send time, read in the workflow's time zone when it has no offset. */
function readSendAt(context: IExecuteFunctions, itemIndex: number): string | undefined {
	if (context.getNodeParameter('when', itemIndex, 'now') !== 'at') return undefined;
	const value = context.getNodeParameter('sendAt', itemIndex, '');
	const result = readDateTime(value, context.getTimezone());
	if ('problem' in result) throw new InputProblem('Send At', result.problem, value);
	const { date } = result;
	if (date.getTime() <= Date.now()) throw new InputProblem('Send At', `is in the past (${date.toISOString()}); choose a future time or Send: Now`, value);
	return date.toISOString();
}

/**
 * Removes a draft whose files or send failed, so no half-made or unsent reply waits in
 * Kustomer. A draft the send did deliver is gone already (404, ignored).
 */
async function discardDraft(client: KustomerClient, draftId: string, itemIndex: number): Promise<void> {
	try {
		await client.request({ method: 'DELETE', path: `/v1/drafts/${draftId}`, itemIndex, notFoundAsUndefined: true });
	} catch {
		// The item fails with the original error either way.
	}
}

/**
 * Sends (or schedules) the draft. Kustomer's docs and OpenAPI disagree on POST: the docs
 * (developer.kustomer.com/api/core-resources/create-draft-for-customer) want `scheduled: true`
 * beside `sendAt` and otherwise override sendAt and deliver at once, while the OpenAPI POST
 * schema has no `scheduled` (unknown fields are a 400). Both agree on PUT /v1/drafts/{id}
 * (update-draft): "If the sendAt property is set to a valid timestamp, the draft will be
 * scheduled to be sent", and the PUT schema has `scheduled`. So the draft is created without
 * either, then PUT with sendAt = now to send, or sendAt = the future time and scheduled: true
 * to schedule. (The PUT schema requires the channel, and on WhatsApp the app.) A sent draft
 * leaves Kustomer's drafts (it becomes an outbound message), so a repeated PUT that finds it
 * gone answers the draft as created.
 */
async function sendDraft(
	client: KustomerClient,
	draft: JsonApiResource,
	which: { channel: SendChannel; app?: string },
	sendAt: string | undefined,
	itemIndex: number,
): Promise<JsonApiResource> {
	const fixed: IDataObject = which.app ? { ...which } : { channel: which.channel };
	const document = await client.request({
		method: 'PUT',
		path: `/v1/drafts/${draft.id}`,
		body: sendAt ? { ...fixed, sendAt, scheduled: true } : { ...fixed, sendAt: new Date(client.clock.now()).toISOString() },
		itemIndex,
		roles: ROLES.draftCreate,
		notFoundAsUndefined: true,
	});
	return document ? singleRecord(client, document, itemIndex) : draft;
}

export const sendMessage = defineOperation<Input>({
	option: {
		name: 'Send',
		value: 'send',
		action: 'Send a reply to the customer',
		description: 'Deliver a reply to the customer on the conversation\'s channel (email, SMS, chat, WhatsApp…), now or at a set time',
	},
	roles: ROLES.draftCreate,
	effect: 'deliver',
	rerun: 'Running again delivers the done replies again unless they carry an External ID (then it finds them).',
	repeatable: false,
	description,
	async prepare(itemIndex) {
		const additional = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
		const parsed = parseInput(schema, { ...additional, channel: this.getNodeParameter('channel', itemIndex), body: this.getNodeParameter('body', itemIndex, '') }, LABELS);
		const channel = parsed.channel as Input['channel'];
		const check = channel === FROM_CONVERSATION ? undefined : CHANNEL_RULES[channel].file;
		const input: Input = {
			conversation: parseConversationRef(this.getNodeParameter('conversation', itemIndex), MODES),
			channel,
			body: parsed.body as string,
			to: parsed.to,
			from: parsed.from as string | undefined,
			app: parsed.app as string | undefined,
			subject: parsed.subject as string | undefined,
			cc: parsed.cc as string[],
			bcc: parsed.bcc as string[],
			sendAt: readSendAt(this, itemIndex),
			files: await readFiles(this, itemIndex, additional.attachments, check),
		};
		if (channel !== FROM_CONVERSATION) checkForChannel(channel, input);
		return input;
	},
	async execute(client, input, itemIndex) {
		const conversation = await fetchConversation(client, input.conversation, itemIndex);
		const channel = replyChannel(client, conversation, input.channel, itemIndex);
		checkForChannel(channel, input);
		const customerId = idFromAnswer(client.node, relatedId(conversation, 'customer'), 'customer', itemIndex);
		const needsAddress = CHANNEL_RULES[channel].address !== 'thread' && !input.to.length;
		const customer = needsAddress ? await fetchCustomer(client, { by: 'id', id: customerId }, itemIndex) : undefined;
		const to = recipient(client, channel, input.to, customer, conversation, itemIndex);
		const created = await client.request({
			method: 'POST',
			path: `/v1/customers/${customerId}/drafts`,
			body: draftBody(channel, conversation.id, input, to),
			itemIndex,
			roles: ROLES.draftCreate,
			notFoundMessage: `No Kustomer customer with ID ${customerId}`,
		});
		const draft = singleRecord(client, created, itemIndex);
		try {
			await uploadDraftAttachments(this, client, draft.id, input.files, itemIndex);
			return [await sendDraft(client, draft, { channel, app: input.app }, input.sendAt, itemIndex)];
		} catch (error) {
			await discardDraft(client, draft.id, itemIndex);
			throw asNodeError(client.node, error, itemIndex);
		}
	},
});

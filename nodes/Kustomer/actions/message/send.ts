import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import { attachmentsField, readFiles, uploadDraftAttachments } from '../../shared/attachments';
import { bodyField, fieldCollection, fieldLabels, simplifyField } from '../../shared/fields';
import type { RecordRef } from '../../shared/locators';
import { ROLES } from '../../shared/roles';
import { relatedId } from '../../shared/simplify';
import { email, InputProblem, optionalInteger, optionalText, parseInput, readDateTime, requiredText } from '../../shared/validation';
import type { JsonApiResource, KustomerClient } from '../../transport';
import { asNodeError, costs, idFromAnswer } from '../../transport';
import { appBaseUrl, formatResources } from '../appLinks';
import { fetchRecord, singleRecord } from '../lookups';
import type { OutputItem } from '../types';
import { defineOperation } from '../types';
import type { Reply } from './delivery';
import { awaitDelivery, DEFAULT_DELIVERY_TIMEOUT_S, EXTERNAL_ID_MARK, findEarlierReply, isUnsent, markDelivered, SEND_NOW_LEAD_MS } from './delivery';
import type { ReplyInput, SendChannel } from './sendChannels';
import { CHANNEL_NAMES, CHANNEL_RULES, checkForChannel, draftBody, recipient, replyChannel, SEND_CHANNELS } from './sendChannels';
import { conversationLocator, CONVERSATION } from '../conversation/record';
import { CUSTOMER } from '../customer/record';

const FROM_CONVERSATION = 'conversation';

const conversationField = conversationLocator('The conversation to reply in');

const description: INodeProperties[] = [
	{
		displayName:
			'This delivers the reply to the customer through Kustomer (as a draft Kustomer sends on the channel). To only record a message on the timeline without sending anything, use Message → Create.',
		name: 'deliversNotice',
		type: 'notice',
		default: '',
	},
	conversationField.property,
	{
		displayName: 'Channel',
		name: 'channel',
		type: 'options',
		default: FROM_CONVERSATION,
		options: [
			{ name: "The Conversation's Channel", value: FROM_CONVERSATION, description: 'Where the customer last wrote' },
			...SEND_CHANNELS.map((channel) => ({ name: CHANNEL_NAMES[channel], value: channel })),
		],
	},
	bodyField(
		'The reply. At most 10,240 characters by email, 1,600 by SMS or WhatsApp, 1,024 in chat, 2,000 on Facebook, 1,000 on Instagram, 280 in a tweet.',
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
	},
	{
		displayName: 'Send At',
		name: 'sendAt',
		type: 'dateTime',
		default: '',
		required: true,
		description: "When Kustomer sends the reply. Without an offset it is read in the workflow's time zone. Must be in the future.",
		displayOptions: { show: { when: ['at'] } },
	},
	{
		displayName: 'Wait for Delivery',
		name: 'waitForDelivery',
		type: 'boolean',
		default: true,
		description:
			'Whether to wait until Kustomer has delivered the reply and output the delivered message (a failed delivery fails the item with Kustomer\'s reason), rather than the draft as it goes out',
		displayOptions: { show: { when: ['now'] } },
	},
	fieldCollection('additionalFields', 'Additional Fields', [
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
				displayName: 'Delivery Timeout (Seconds)',
				name: 'deliveryTimeout',
				type: 'number',
				typeOptions: { minValue: 10, maxValue: 900 },
				default: DEFAULT_DELIVERY_TIMEOUT_S,
				description: 'With Wait for Delivery: how long to wait for Kustomer to deliver before the item fails (the reply may still go out then)',
			},
			{
				displayName: 'External ID',
				name: 'externalId',
				type: 'string',
				default: '',
				description:
					"Your own ID for this reply (a ticket's reply ID, say). Makes the send safe to run again: a reply with it already delivered, or on its way, is answered instead of sent twice.",
			},
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
	simplifyField(),
];

interface Input extends ReplyInput {
	conversation: RecordRef;
	channel: SendChannel | typeof FROM_CONVERSATION;
	/** A time in the future; undefined sends now. */
	sendAt?: string;
	/** Sending now: whether to wait for the delivery (Wait for Delivery), and how long (Delivery Timeout). */
	waitForDelivery: boolean;
	deliveryTimeout: number;
	externalId?: string;
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
	externalId: optionalText(256),
	deliveryTimeout: optionalInteger(10, 900),
	waitForDelivery: z.boolean({ invalid_type_error: 'must be true or false' }).default(true),
});

const FIELD_LABELS = fieldLabels(description);

/** A future send time, read in the workflow's time zone when it has no offset. */
function readSendAt(context: IExecuteFunctions, itemIndex: number): string | undefined {
	if (context.getNodeParameter('when', itemIndex, 'now') !== 'at') return undefined;
	const value = context.getNodeParameter('sendAt', itemIndex, '');
	const result = readDateTime(value, context.getTimezone());
	if ('problem' in result) throw new InputProblem(FIELD_LABELS.sendAt, result.problem, value);
	const { date } = result;
	if (date.getTime() <= Date.now()) throw new InputProblem(FIELD_LABELS.sendAt, `is in the past (${date.toISOString()}); choose a future time or Send: Now`, value);
	return date.toISOString();
}

/**
 * Removes a draft whose files or send failed, or an unsent one an earlier run left, so no
 * half-made or unsent reply waits in Kustomer. One gone already is fine (404, ignored).
 */
async function discardDraft(client: KustomerClient, draftId: string, itemIndex: number): Promise<void> {
	try {
		await client.request({ method: 'DELETE', path: `/v1/drafts/${draftId}`, cost: costs.recordWrite(`/v1/drafts/${draftId}`), itemIndex, notFoundAsUndefined: true });
	} catch {
		// The item fails with the original error either way.
	}
}

/** The reply's draft, as POST /v1/customers/{id}/drafts takes it and PUT takes it again: the External ID as the node's mark in its payload. */
function draftFields(channel: SendChannel, conversation: JsonApiResource, input: Input, to: IDataObject | undefined): IDataObject {
	const fields = draftBody(channel, conversation.id, input, to);
	return input.externalId ? { ...fields, payload: { [EXTERNAL_ID_MARK]: input.externalId } } : fields;
}

/**
 * Sends the draft in the form every Kustomer source describes (see delivery.ts): its own
 * fields again, sendAt (now: a few seconds ahead) and scheduled: true. A repeat after a 5xx
 * that finds the draft gone was delivered by the first attempt. Answers the time it goes.
 */
async function sendDraft(client: KustomerClient, draft: JsonApiResource, fields: IDataObject, sendAt: string | undefined, itemIndex: number): Promise<number> {
	const at = sendAt ?? new Date(client.clock.now() + SEND_NOW_LEAD_MS).toISOString();
	await client.request({
		method: 'PUT',
		path: `/v1/drafts/${draft.id}`,
		body: { ...fields, sendAt: at, scheduled: true },
		cost: costs.recordWrite(`/v1/drafts/${draft.id}`),
		itemIndex,
		roles: ROLES.draftCreate,
		notFoundMessage: `Kustomer found no draft ${draft.id} to send: it was removed before it went out`,
		notFoundAfterRetryMeansDone: true,
	});
	return Date.parse(at);
}

/** A new draft with the item's files, sent (or scheduled); removed again when a file or the send fails. */
async function newReply(context: IExecuteFunctions, client: KustomerClient, target: { channel: SendChannel; conversation: JsonApiResource }, reply: Reply, input: Input) {
	const { itemIndex } = reply;
	const needsAddress = CHANNEL_RULES[target.channel].address !== 'thread' && !input.to.length;
	const customer = needsAddress ? await fetchRecord(client, CUSTOMER, { by: 'id', id: reply.customerId }, itemIndex) : undefined;
	const fields = draftFields(target.channel, target.conversation, input, recipient(client, target.channel, input.to, customer, target.conversation, itemIndex));
	const created = await client.request({
		method: 'POST',
		path: `/v1/customers/${reply.customerId}/drafts`,
		body: fields,
		cost: costs.createUnder({ customer: reply.customerId }, fields),
		itemIndex,
		roles: ROLES.draftCreate,
		notFoundMessage: `No Kustomer customer with ID ${reply.customerId}`,
	});
	const draft = singleRecord(client, created, itemIndex);
	try {
		await uploadDraftAttachments(context, client, draft.id, input.files, itemIndex);
		return { draft, sendAt: await sendDraft(client, draft, fields, input.sendAt, itemIndex) };
	} catch (error) {
		await discardDraft(client, draft.id, itemIndex);
		throw asNodeError(client.node, error, itemIndex);
	}
}

/** The output: the delivered message, or the draft as it goes out (its status the truth: sending or scheduled). */
async function sentItem(client: KustomerClient, record: JsonApiResource, extra: IDataObject, simplify: boolean): Promise<OutputItem> {
	const status = extra.status as string | undefined;
	const shown = status ? { ...record, attributes: { ...record.attributes, status } } : record;
	const [json] = formatResources([shown], simplify, await appBaseUrl(client));
	return { json: { ...json, ...extra } };
}

export const sendMessage = defineOperation<Input>({
	option: {
		name: 'Send',
		value: 'send',
		action: 'Deliver a reply to the customer',
		description: 'Deliver a reply to the customer on the conversation\'s channel (email, SMS, chat, WhatsApp…), now or at a set time',
	},
	roles: ROLES.draftCreate,
	effect: 'deliver',
	rerun: 'Running again delivers the done replies again unless they carry an External ID (then it finds them).',
	idempotent: false,
	docs: {
		moreRoles: 'Kustomer documents no role for drafts ("any API key"). + `conversation.read` and `customer.read` to find the channel and the address; `apps.read` for the From list. Wait for Delivery: `message.read` (the delivered message) and, to see the draft leave, `draft.read`. With an External ID: `draft.read` (required), `message.read`, and `message.update` to mark the delivered reply (without it, a later run matches it by text)',
		runTwice: "With an External ID, an earlier run's reply still on its way is waited for and one delivered is returned (`alreadySent: true`): nothing is delivered twice. Without one, the reply is delivered again.",
	},
	description,
	async prepare(itemIndex) {
		const additional = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
		const parsed = parseInput(
			schema,
			{
				...additional,
				channel: this.getNodeParameter('channel', itemIndex),
				body: this.getNodeParameter('body', itemIndex, ''),
				waitForDelivery: this.getNodeParameter('waitForDelivery', itemIndex, true),
			},
			FIELD_LABELS,
		);
		const channel = parsed.channel as Input['channel'];
		const check = channel === FROM_CONVERSATION ? undefined : CHANNEL_RULES[channel].file;
		const input: Input = {
			conversation: conversationField.read(this, itemIndex),
			channel,
			body: parsed.body as string,
			to: parsed.to,
			from: parsed.from as string | undefined,
			app: parsed.app as string | undefined,
			subject: parsed.subject as string | undefined,
			cc: parsed.cc as string[],
			bcc: parsed.bcc as string[],
			sendAt: readSendAt(this, itemIndex),
			waitForDelivery: parsed.waitForDelivery as boolean,
			deliveryTimeout: (parsed.deliveryTimeout as number | undefined) ?? DEFAULT_DELIVERY_TIMEOUT_S,
			externalId: parsed.externalId as string | undefined,
			files: await readFiles(this, itemIndex, additional.attachments, check),
		};
		if (channel !== FROM_CONVERSATION) checkForChannel(channel, input, FIELD_LABELS);
		return input;
	},
	idempotencyKey: (input) => (input.externalId ? JSON.stringify([input.conversation, input.externalId]) : undefined),
	async execute(client, input, itemIndex) {
		const conversation = await fetchRecord(client, CONVERSATION, input.conversation, itemIndex);
		const channel = replyChannel(client, conversation, input.channel, itemIndex);
		checkForChannel(channel, input, FIELD_LABELS);
		const customerId = idFromAnswer(client.node, relatedId(conversation, 'customer'), 'customer', itemIndex);
		const reply: Reply = { customerId, conversationId: conversation.id, channel, body: input.body, externalId: input.externalId, itemIndex };
		const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
		const earlier = input.externalId ? await findEarlierReply(client, reply) : {};
		if (earlier.message) return [await sentItem(client, earlier.message, { alreadySent: true }, simplify)];
		// An earlier run's draft that will not go by itself is made again, files and all; one on its way is waited for.
		if (earlier.draft && isUnsent(earlier.draft)) await discardDraft(client, earlier.draft.id, itemIndex);
		const onItsWay = earlier.draft && !isUnsent(earlier.draft) ? earlier.draft : undefined;
		const pending = onItsWay && { draft: onItsWay, sendAt: Date.parse(String(onItsWay.attributes?.sendAt)) || client.clock.now() };
		const { draft, sendAt } = pending ?? (await newReply(this, client, { channel, conversation }, reply, input));
		if (input.sendAt || !input.waitForDelivery) {
			return [await sentItem(client, draft, { draftId: draft.id, status: input.sendAt ? 'scheduled' : 'sending', sendAt: new Date(sendAt).toISOString() }, simplify)];
		}
		const message = await awaitDelivery(client, reply, draft, input.deliveryTimeout);
		await markDelivered(client, message, reply);
		return [await sentItem(client, message, { draftId: draft.id }, simplify)];
	},
});

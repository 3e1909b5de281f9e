import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import { attachmentsField, readFiles, uploadDraftAttachments } from '../../shared/attachments';
import { bodyField, fieldCollection, fieldLabels, simplifyField } from '../../shared/fields';
import type { RecordRef } from '../../shared/locators';
import { ROLES } from '../../shared/roles';
import { relatedId } from '../../shared/simplify';
import { email, InputProblem, objectId, objectIdList, optionalInteger, optionalText, parseInput, readDateTime, requiredText } from '../../shared/validation';
import type { JsonApiResource, KustomerClient } from '../../transport';
import { asNodeError, costs, idFromAnswer } from '../../transport';
import { appBaseUrl, formatResources, recordAppUrl } from '../appLinks';
import { fetchRecord, singleRecord } from '../lookups';
import type { OutputItem } from '../types';
import { defineOperation } from '../types';
import type { Reply } from './delivery';
import { awaitDelivery, DEFAULT_DELIVERY_TIMEOUT_S, EXTERNAL_ID_MARK, findEarlierReply, isUnsent, markDelivered, SEND_NOW_LEAD_MS } from './delivery';
import type { ReplyInput, SendChannel, WhatsAppTemplate } from './sendChannels';
import { CHANNEL_NAMES, CHANNEL_RULES, checkForChannel, draftBody, MAX_TEMPLATE_PARAMETERS, recipient, replyChannel, SEND_CHANNELS, sendOnlyFields } from './sendChannels';
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
	{
		displayName: 'WhatsApp Message',
		name: 'whatsappMessage',
		type: 'options',
		default: 'text',
		options: [
			{ name: 'Text', value: 'text', description: 'A free-form reply: WhatsApp delivers it only within 24 hours of the customer\'s last message' },
			{ name: 'Template', value: 'template', description: 'An approved WhatsApp template with its parameters: the only message WhatsApp delivers outside the 24-hour window' },
		],
		displayOptions: { show: { channel: ['whatsapp'] } },
	},
	{
		displayName: 'Template ID',
		name: 'whatsappTemplate',
		type: 'string',
		default: '',
		// Checked when the item is read (not `required`): with Channel as an expression n8n would demand it of every reply.
		placeholder: 'e.g. 5f1a2b3c4d5e6f7a8b9c0d1e',
		description: "The approved template's Kustomer ID (listed at /v1/whatsapp/accounts/{accountId}/templates). Sent through Kustomer's native WhatsApp.",
		displayOptions: { show: { channel: ['whatsapp'], whatsappMessage: ['template'] } },
	},
	{
		displayName: 'Template Parameters',
		name: 'templateParameters',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add Parameter',
		default: {},
		description: "The template's numbered parameters, in order: {{1}}, {{2}}… (at most 9 in the body, a text header and one URL button each)",
		displayOptions: { show: { channel: ['whatsapp'], whatsappMessage: ['template'] } },
		options: [
			{
				displayName: 'Parameter',
				name: 'parameter',
				values: [
					{
						displayName: 'Part',
						name: 'part',
						type: 'options',
						default: 'body',
						options: [
							{ name: 'Body', value: 'body' },
							{ name: 'Header', value: 'header' },
							{ name: 'URL Button', value: 'button', description: "A parameter of the template's URL button (one button per message)" },
						],
					},
					{
						displayName: 'Button Index',
						name: 'buttonIndex',
						type: 'number',
						typeOptions: { minValue: 0, maxValue: 9 },
						default: 0,
						description: "The button's place among the template's buttons, from 0",
						displayOptions: { show: { part: ['button'] } },
					},
					{ displayName: 'Text', name: 'text', type: 'string', default: '', description: 'The text that replaces this parameter' },
				],
			},
		],
	},
	{
		...bodyField(
			'The reply. At most 10,240 characters by email, 1,600 by SMS or WhatsApp, 1,024 in chat, 2,000 on Facebook, 1,000 on Instagram, 280 in a tweet.',
		),
		displayOptions: { hide: { whatsappMessage: ['template'] } },
	},
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
				displayName: 'Email Template ID',
				name: 'emailTemplate',
				type: 'string',
				default: '',
				placeholder: 'e.g. 5f1a2b3c4d5e6f7a8b9c0d1e',
				description: "Email only: one of the org's email templates (Settings → Email Templates) to lay the reply out in; Kustomer's default when empty",
				displayOptions: { show: { '/channel': [FROM_CONVERSATION, 'email'] } },
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
			{
				displayName: 'HTML Body',
				name: 'htmlBody',
				type: 'string',
				typeOptions: { rows: 4 },
				default: '',
				description: 'Email only: the reply as HTML (at most 10,240 characters); Body stays the plain-text version',
				displayOptions: { show: { '/channel': [FROM_CONVERSATION, 'email'] } },
			},
			{
				displayName: 'Knowledge Base Article IDs',
				name: 'kbArticles',
				type: 'string',
				default: '',
				placeholder: 'e.g. 5f1a2b3c4d5e6f7a8b9c0d1e, 5f1a2b3c4d5e6f7a8b9c0d1f',
				description: "Knowledge-base articles the reply shares (IDs, comma-separated), sent as the draft's kbArticles. Kustomer's documents do not say it adds their links to the text: put the links in Body too.",
			},
			{
				displayName: 'Reply-To',
				name: 'replyTo',
				type: 'string',
				default: '',
				placeholder: 'e.g. billing@acme.com',
				description: "Email only: the address the customer's answer goes to, when not the sending address",
				displayOptions: { show: { '/channel': [FROM_CONVERSATION, 'email'] } },
			},
			{
				displayName: 'Shortcut IDs',
				name: 'shortcuts',
				type: 'string',
				default: '',
				placeholder: 'e.g. 5f1a2b3c4d5e6f7a8b9c0d1e',
				description: "Shortcuts the reply was written from (IDs, comma-separated), sent as the draft's shortcuts. Kustomer's documents do not say a draft takes a shortcut's text from it: Body is what the node sends, so put the shortcut's text there.",
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

/** One row of Template Parameters into its part's list; a URL button's rows must name one button. */
function addTemplateParameter(template: WhatsAppTemplate, entry: IDataObject, label: string): void {
	const text = typeof entry.text === 'number' ? String(entry.text) : entry.text;
	if (typeof text !== 'string' || !text.trim()) throw new InputProblem(label, 'needs a text (WhatsApp refuses an empty parameter)', entry.text);
	if (entry.part === 'button') {
		const index = entry.buttonIndex ?? 0;
		if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index > 9) throw new InputProblem(`${label} Button Index`, 'must be a whole number from 0 to 9', index);
		template.button ??= { index, parameters: [] };
		if (template.button.index !== index) throw new InputProblem(`${label} Button Index`, `is ${index}, another row's is ${template.button.index}: Kustomer takes parameters for one button per message`, index);
		template.button.parameters.push(text);
		return;
	}
	const list = entry.part === 'header' ? template.headerParameters : entry.part === 'body' || entry.part === undefined ? template.bodyParameters : undefined;
	if (!list) throw new InputProblem(label, 'Part must be body, header or button', entry.part);
	list.push(text);
}

/**
 * The item's WhatsApp template message, when WhatsApp Message is Template: its ID and its
 * parameters by part, in order (each part's keys "single digit, 1-indexed": at most 9).
 */
function readTemplate(context: IExecuteFunctions, itemIndex: number, channel: string, templateId: string | undefined): WhatsAppTemplate | undefined {
	if (channel !== 'whatsapp' || context.getNodeParameter('whatsappMessage', itemIndex, 'text') !== 'template') return undefined;
	if (!templateId) throw new InputProblem(FIELD_LABELS.whatsappTemplate, "is required for a template message: the approved template's Kustomer ID");
	const collection = context.getNodeParameter('templateParameters', itemIndex, {}) as IDataObject;
	const entries = collection.parameter ?? [];
	if (!Array.isArray(entries)) throw new InputProblem(FIELD_LABELS.templateParameters, 'must be a list of parameters', entries);
	const template: WhatsAppTemplate = { id: templateId, bodyParameters: [], headerParameters: [] };
	for (const [index, entry] of (entries as IDataObject[]).entries()) addTemplateParameter(template, entry ?? {}, `${FIELD_LABELS.templateParameters} #${index + 1}`);
	const parts = [['body', template.bodyParameters], ['header', template.headerParameters], ['button', template.button?.parameters ?? []]] as const;
	for (const [part, list] of parts) {
		if (list.length > MAX_TEMPLATE_PARAMETERS) {
			throw new InputProblem(FIELD_LABELS.templateParameters, `holds ${list.length} ${part} parameters; Kustomer takes at most ${MAX_TEMPLATE_PARAMETERS} per part ({{1}} to {{9}})`);
		}
	}
	return template;
}

/** Addresses from comma-separated text or a list of texts (anything else is left for the schema to refuse). */
function list(value: unknown): unknown {
	if (value === undefined || value === null || value === '') return [];
	if (Array.isArray(value)) return value.map((entry) => (typeof entry === 'string' ? entry.trim() : entry)).filter((entry) => entry !== '');
	return typeof value === 'string' ? value.split(',').map((entry) => entry.trim()).filter(Boolean) : value;
}

const commonSchema = z.object({
	channel: z.enum([FROM_CONVERSATION, ...SEND_CHANNELS], { errorMap: () => ({ message: `must be ${FROM_CONVERSATION} or one of ${SEND_CHANNELS.join(', ')}` }) }),
	htmlBody: optionalText(10_240),
	replyTo: z.preprocess((value) => (value === '' || value === null ? undefined : value), email.optional()),
	emailTemplate: z.preprocess((value) => (value === '' || value === null ? undefined : value), objectId.optional()),
	shortcuts: objectIdList(100),
	kbArticles: objectIdList(100),
	whatsappTemplate: z.preprocess((value) => (value === '' || value === null ? undefined : value), objectId.optional()),
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
/** A text reply's fields; a WhatsApp template message has no Body (its draft schema has none). */
const textSchema = commonSchema.extend({ body: requiredText(10_240) });

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
	const at = sendAt ?? sendNowAt(client);
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

/** A send-now's time: a few seconds ahead (see delivery.ts). */
const sendNowAt = (client: KustomerClient) => new Date(client.clock.now() + SEND_NOW_LEAD_MS).toISOString();

/**
 * A WhatsApp template message goes with the POST that makes its draft: PUT /v1/drafts/{id}'s
 * WhatsApp form has no `meta`, so a PUT could drop the template (draftPut=replaces). A POST's
 * `sendAt` without `scheduled` sends the draft (create-draft-for-customer: scheduling needs both;
 * the sandbox's documented reading); a template carries no files, so nothing comes between.
 */
async function newTemplateReply(client: KustomerClient, reply: Reply, fields: IDataObject) {
	const at = sendNowAt(client);
	const body = { ...fields, sendAt: at };
	const created = await client.request({
		method: 'POST',
		path: `/v1/customers/${reply.customerId}/drafts`,
		body,
		cost: costs.createUnder({ customer: reply.customerId }, body),
		itemIndex: reply.itemIndex,
		roles: ROLES.draftCreate,
		notFoundMessage: `No Kustomer customer with ID ${reply.customerId}`,
	});
	return { draft: singleRecord(client, created, reply.itemIndex), sendAt: Date.parse(at) };
}

/** A new draft with the item's files, sent (or scheduled); removed again when a file or the send fails. */
async function newReply(context: IExecuteFunctions, client: KustomerClient, target: { channel: SendChannel; conversation: JsonApiResource }, reply: Reply, input: Input) {
	const { itemIndex } = reply;
	const needsAddress = CHANNEL_RULES[target.channel].address !== 'thread' && !input.to.length;
	const customer = needsAddress ? await fetchRecord(client, CUSTOMER, { by: 'id', id: reply.customerId }, itemIndex) : undefined;
	const fields = draftFields(target.channel, target.conversation, input, recipient(client, target.channel, input.to, customer, target.conversation, itemIndex));
	if (input.whatsappTemplate) return await newTemplateReply(client, reply, fields);
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
		return { draft, sendAt: await sendDraft(client, draft, { ...fields, ...sendOnlyFields(target.channel, input) }, input.sendAt, itemIndex) };
	} catch (error) {
		await discardDraft(client, draft.id, itemIndex);
		throw asNodeError(client.node, error, itemIndex);
	}
}

/**
 * The output: the delivered message, or the draft as it goes out (its status the truth: sending
 * or scheduled), with `appUrl` as every record has it: a reply has no page of its own in
 * Kustomer, so its conversation's (as a message's, MESSAGE's appPath), also for a draft.
 */
async function sentItem(client: KustomerClient, record: JsonApiResource, conversation: JsonApiResource, extra: IDataObject, simplify: boolean): Promise<OutputItem> {
	const status = extra.status as string | undefined;
	const shown = status ? { ...record, attributes: { ...record.attributes, status } } : record;
	const appBase = await appBaseUrl(client);
	const [json] = formatResources([shown], simplify, appBase);
	const appUrl = json.appUrl ?? (appBase ? recordAppUrl(conversation, appBase) : undefined);
	return { json: { ...json, ...(appUrl ? { appUrl } : {}), ...extra } };
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
		const askedChannel = this.getNodeParameter('channel', itemIndex);
		const templateMessage = askedChannel === 'whatsapp' && this.getNodeParameter('whatsappMessage', itemIndex, 'text') === 'template';
		const fields = {
			...additional,
			channel: askedChannel,
			whatsappTemplate: templateMessage ? this.getNodeParameter('whatsappTemplate', itemIndex, '') : undefined,
			waitForDelivery: this.getNodeParameter('waitForDelivery', itemIndex, true),
		};
		const parsed = templateMessage
			? parseInput(commonSchema, fields, FIELD_LABELS)
			: parseInput(textSchema, { ...fields, body: this.getNodeParameter('body', itemIndex, '') }, FIELD_LABELS);
		const channel = parsed.channel as Input['channel'];
		const whatsappTemplate = readTemplate(this, itemIndex, channel, parsed.whatsappTemplate as string | undefined);
		const check = channel === FROM_CONVERSATION ? undefined : CHANNEL_RULES[channel].file;
		const input: Input = {
			conversation: conversationField.read(this, itemIndex),
			channel,
			body: 'body' in parsed ? (parsed.body as string) : '',
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
			htmlBody: parsed.htmlBody as string | undefined,
			replyTo: parsed.replyTo as string | undefined,
			emailTemplate: parsed.emailTemplate as string | undefined,
			shortcuts: parsed.shortcuts,
			kbArticles: parsed.kbArticles,
			whatsappTemplate,
			files: await readFiles(this, itemIndex, additional.attachments, check),
		};
		if (channel !== FROM_CONVERSATION) checkForChannel(channel, input, FIELD_LABELS);
		if (whatsappTemplate && input.sendAt) {
			// PUT /v1/drafts/{id}, which schedules a draft, has no `meta` in its WhatsApp branch: a template cannot be scheduled under every reading of a PUT.
			throw new InputProblem(FIELD_LABELS.when, "must be Now for a WhatsApp template message: Kustomer schedules a draft with PUT /v1/drafts/{id}, whose WhatsApp form takes no template; schedule the workflow instead", 'at');
		}
		return input;
	},
	idempotencyKey: (input) => (input.externalId ? JSON.stringify([input.conversation, input.externalId]) : undefined),
	async execute(client, input, itemIndex) {
		const conversation = await fetchRecord(client, CONVERSATION, input.conversation, itemIndex);
		const channel = replyChannel(client, conversation, input.channel, itemIndex);
		checkForChannel(channel, input, FIELD_LABELS);
		const customerId = idFromAnswer(client.node, relatedId(conversation, 'customer'), 'customer', itemIndex);
		const reply: Reply = { customerId, conversationId: conversation.id, channel, body: input.body, externalId: input.externalId, itemIndex, template: !!input.whatsappTemplate };
		const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
		const earlier = input.externalId ? await findEarlierReply(client, reply) : {};
		if (earlier.message) return [await sentItem(client, earlier.message, conversation, { alreadySent: true }, simplify)];
		// An earlier run's draft that will not go by itself is made again, files and all; one on its way is waited for.
		if (earlier.draft && isUnsent(earlier.draft)) await discardDraft(client, earlier.draft.id, itemIndex);
		const onItsWay = earlier.draft && !isUnsent(earlier.draft) ? earlier.draft : undefined;
		const pending = onItsWay && { draft: onItsWay, sendAt: Date.parse(String(onItsWay.attributes?.sendAt)) || client.clock.now() };
		const { draft, sendAt } = pending ?? (await newReply(this, client, { channel, conversation }, reply, input));
		if (input.sendAt || !input.waitForDelivery) {
			return [await sentItem(client, draft, conversation, { draftId: draft.id, status: input.sendAt ? 'scheduled' : 'sending', sendAt: new Date(sendAt).toISOString() }, simplify)];
		}
		const message = await awaitDelivery(client, reply, draft, input.deliveryTimeout);
		await markDelivered(client, message, reply);
		return [await sentItem(client, message, conversation, { draftId: draft.id }, simplify)];
	},
});

import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { FileInput } from '../../shared/attachments';
import { attachmentsField } from '../../shared/attachments';
import { fieldLabel } from '../../shared/fields';
import { textAttribute } from '../../shared/simplify';
import { email, InputProblem, normalizePhone, phone } from '../../shared/validation';
import type { JsonApiResource, KustomerClient } from '../../transport';

/** The channels a message can be recorded on (Message → Create), in the order the editor lists them. */
export const MESSAGE_CHANNELS = ['chat', 'email', 'facebook', 'instagram', 'sms', 'twitter-dm', 'twitter-tweet', 'voice', 'whatsapp'] as const;

/** How the editor and errors name each channel. */
export const CHANNEL_NAMES: Record<(typeof MESSAGE_CHANNELS)[number], string> = {
	chat: 'Chat',
	email: 'Email',
	facebook: 'Facebook',
	instagram: 'Instagram',
	sms: 'SMS',
	'twitter-dm': 'Twitter DM',
	'twitter-tweet': 'Twitter Tweet',
	voice: 'Voice',
	whatsapp: 'WhatsApp',
};

/** The channels Kustomer's drafts deliver on (its draft schema; notes have their own operation). */
export const SEND_CHANNELS = ['email', 'sms', 'whatsapp', 'chat', 'facebook', 'instagram', 'twitter-dm', 'twitter-tweet'] as const;
export type SendChannel = (typeof SEND_CHANNELS)[number];

/** WhatsApp's media types, as Kustomer lists them for WhatsApp drafts (create-draft-for-customer). */
const WHATSAPP_EXTENSIONS = new Set('aac mp4 amr mpeg mp3 ogg m4a 3gp 3gpp txt pdf doc docx xls xlsx ppt pptx jpeg jpg png webp'.split(' '));
const MB = 1024 * 1024;

/** Bytes once base64-encoded, as email carries attachments. */
const base64Bytes = (bytes: number) => Math.ceil(bytes / 3) * 4;
const megabytes = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`;

/**
 * The most a whole reply with its files may weigh on a channel, when its provider sets one.
 * Email goes out through Postmark unless the App is gmail (OpenAPI POST /customers/{id}/drafts:
 * `app` is gmail or postmark; Postmark is Kustomer's default email provider): "Total message
 * size, including attachments, can be 10 MB", counted after base64 encoding
 * (postmarkapp.com/support/article/1056-what-are-the-attachment-and-email-size-limits). Gmail
 * takes up to 25 MB of attachments (support.google.com/mail/answer/6584). A picture message
 * (MMS) carries at most 5 MB at Twilio, Kustomer's SMS provider (support.twilio.com, "Accepted
 * content types for media").
 */
interface FilesLimit {
	maxBytes: number;
	/** The weight of the files (and body) as the provider counts them. */
	weigh(files: FileInput[], body: string): number;
	explain(files: FileInput[], weight: number): string;
}

const POSTMARK: FilesLimit = {
	maxBytes: 10 * MB,
	weigh: (files, body) => files.reduce((sum, file) => sum + base64Bytes(file.size), 0) + Buffer.byteLength(body),
	explain: (files, weight) =>
		`are ${megabytes(files.reduce((sum, file) => sum + file.size, 0))}, ${megabytes(weight)} once base64-encoded: Postmark, Kustomer's email provider unless the App is gmail, delivers at most 10 MB per email, files and text together`,
};
const GMAIL: FilesLimit = {
	maxBytes: 25 * MB,
	weigh: (files) => files.reduce((sum, file) => sum + file.size, 0),
	explain: (_files, weight) => `are ${megabytes(weight)}: Gmail sends at most 25 MB of attachments per email`,
};
const MMS: FilesLimit = {
	maxBytes: 5 * MB,
	weigh: (files) => files.reduce((sum, file) => sum + file.size, 0),
	explain: (_files, weight) => `are ${megabytes(weight)}: a picture message (MMS) carries at most 5 MB of files`,
};

interface ChannelRule {
	/** The longest body Kustomer's draft schema allows on the channel. */
	bodyMax: number;
	/** The sending integrations Kustomer's draft schema names for the channel. */
	apps?: string[];
	/** Where the reply goes: an address of the customer's, or the thread the customer wrote in. */
	address: 'email' | 'phone' | 'whatsapp' | 'thread';
	file?: (file: FileInput) => string | undefined;
	/** What the files of one reply may weigh, by the sending App (its provider). */
	filesLimit?: (app: string | undefined) => FilesLimit;
}

const extension = (name: string) => name.slice(name.lastIndexOf('.') + 1).toLowerCase();

export const CHANNEL_RULES: Record<SendChannel, ChannelRule> = {
	email: { bodyMax: 10_240, apps: ['gmail', 'postmark'], address: 'email', filesLimit: (app) => (app === 'gmail' ? GMAIL : POSTMARK) },
	sms: { bodyMax: 1_600, apps: ['twilio', 'zipwhip'], address: 'phone', filesLimit: () => MMS },
	whatsapp: {
		bodyMax: 1_600,
		apps: ['twilio_whatsapp', 'messagebird', 'whatsapp'],
		address: 'whatsapp',
		file: (file) => (WHATSAPP_EXTENSIONS.has(extension(file.name)) ? undefined : 'is not a type WhatsApp delivers (images jpg/png, audio, video mp4/3gp, documents pdf/docx/xlsx/pptx/txt, stickers webp)'),
	},
	chat: { bodyMax: 1_024, address: 'thread' },
	facebook: { bodyMax: 2_000, address: 'thread' },
	instagram: { bodyMax: 1_000, address: 'thread' },
	'twitter-dm': { bodyMax: 10_000, address: 'thread' },
	'twitter-tweet': { bodyMax: 280, address: 'thread' },
};

/**
 * A WhatsApp template message (OpenAPI POST /customers/{id}/drafts, "WhatsApp (Template
 * Message)": "the only way to initiate conversations with customers, or to reply to customers
 * who have not sent you a message in over 24-hours"): the approved template's ID and its
 * numbered text parameters, `{ "1": { type: "text", text } }`, "single digit, 1-indexed".
 */
export interface WhatsAppTemplate {
	id: string;
	bodyParameters: string[];
	headerParameters: string[];
	/**
	 * A URL button's parameters: "We currently only support parameterizing one button. The
	 * `index` and `sub_type` fields should be the same for all entries" (OpenAPI, meta.components.buttons).
	 */
	button?: { index: number; parameters: string[] };
}

/** Template parameters are keyed by one digit, 1-indexed (OpenAPI, WhatsApp (Template Message)): at most 9. */
export const MAX_TEMPLATE_PARAMETERS = 9;

/** What the item asks of the reply, before the channel is known. */
export interface ReplyInput {
	body: string;
	to: string[];
	from?: string;
	app?: string;
	subject?: string;
	cc: string[];
	bcc: string[];
	files: FileInput[];
	/** Email only: the HTML version of the body (OpenAPI PUT /drafts/{id} `htmlBody`; POST's schema lacks it). */
	htmlBody?: string;
	/** Email only: where the customer's answer goes (`replyTo`). */
	replyTo?: string;
	/** Email only: the ID of one of the org's email templates the reply is laid out in (`template`). */
	emailTemplate?: string;
	/** Shortcuts the reply uses and knowledge-base articles it links (`shortcuts`, `kbArticles`: IDs, every channel). */
	shortcuts: string[];
	kbArticles: string[];
	whatsappTemplate?: WhatsAppTemplate;
}

/** The fields only email drafts take (OpenAPI: the Email branch alone lists them), by their ReplyInput name. */
const EMAIL_ONLY = ['htmlBody', 'replyTo', 'emailTemplate'] as const;

function isSendChannel(value: unknown): value is SendChannel {
	return typeof value === 'string' && (SEND_CHANNELS as readonly string[]).includes(value);
}

/**
 * The channel a reply goes out on: the one asked for, or the conversation's own (its reply
 * channel, else the channel its customer last wrote on).
 */
export function replyChannel(client: KustomerClient, conversation: JsonApiResource, asked: string, itemIndex: number): SendChannel {
	if (isSendChannel(asked)) return asked;
	const a = conversation.attributes ?? {};
	const channels = Array.isArray(a.channels) ? (a.channels as unknown[]) : [];
	const candidates = [a.replyChannel, (a.lastMessageIn as IDataObject | undefined)?.channel, channels[channels.length - 1]];
	const found = candidates.find((candidate) => typeof candidate === 'string' && candidate);
	if (isSendChannel(found)) return found;
	throw new NodeOperationError(
		client.node,
		found ? `The conversation's channel is ${found}, which Kustomer does not send replies on [item ${itemIndex}]` : `The conversation has no channel yet [item ${itemIndex}]`,
		{ itemIndex, description: 'Choose the Channel to reply on. Nothing was sent.' },
	);
}

/** Checks To (or From) addresses against what the channel delivers to. */
function checkAddresses(channel: SendChannel, field: string, addresses: string[]): void {
	const { address } = CHANNEL_RULES[channel];
	if (!addresses.length) return;
	if (address === 'thread') {
		throw new InputProblem(field, `does not apply to ${CHANNEL_NAMES[channel]}: the reply goes to the thread the customer wrote in`, addresses[0]);
	}
	const schema = address === 'email' ? email : phone;
	const example = address === 'email' ? 'email addresses' : 'phone numbers in E.164 form, e.g. +14155550123';
	for (const value of addresses) {
		if (!schema.safeParse(value).success) throw new InputProblem(field, `must hold ${example}`, value);
	}
}

/**
 * Checks what only the channel decides: body length, app, recipients, sender and files. Throws
 * InputProblem naming the field by its label (`labels`: Send's, by field name).
 */
export function checkForChannel(channel: SendChannel, input: ReplyInput, labels: Record<string, string>): void {
	const rule = CHANNEL_RULES[channel];
	const name = CHANNEL_NAMES[channel];
	const emailOnly = channel === 'email' ? undefined : EMAIL_ONLY.find((field) => input[field] !== undefined);
	if (emailOnly) throw new InputProblem(labels[emailOnly], `applies to Email only, not ${name}; leave it empty or choose Channel: Email`, input[emailOnly]);
	if (input.whatsappTemplate) {
		checkTemplate(channel, input, labels);
		return;
	}
	if ([...input.body].length > rule.bodyMax) {
		throw new InputProblem(labels.body, `must be at most ${rule.bodyMax} characters on ${name}`);
	}
	if (input.app && !rule.apps?.includes(input.app)) {
		throw new InputProblem(labels.app, rule.apps ? `must be one of ${rule.apps.join(', ')} on ${name}` : `does not apply to ${name}; leave it empty`, input.app);
	}
	if (channel === 'whatsapp' && !input.app) {
		throw new InputProblem(labels.app, `is required on WhatsApp: the sending integration, one of ${rule.apps?.join(', ')}`);
	}
	checkAddresses(channel, labels.to, input.to);
	if (input.from && channel === 'sms' && normalizePhone(input.from).length > 32) throw new InputProblem(labels.from, 'must be at most 32 characters on SMS', input.from);
	if (input.from && (channel === 'email' || channel === 'whatsapp')) checkAddresses(channel, labels.from, [input.from]);
	for (const file of input.files) {
		const problem = rule.file?.(file);
		if (problem) throw new InputProblem(`${fieldLabel(attachmentsField)}: file "${file.name}"`, `${problem} (${name})`);
	}
	const limit = input.files.length ? rule.filesLimit?.(input.app) : undefined;
	const weight = limit?.weigh(input.files, input.body) ?? 0;
	if (limit && weight > limit.maxBytes) throw new InputProblem(fieldLabel(attachmentsField), limit.explain(input.files, weight));
}

/**
 * A template message: WhatsApp only, through Kustomer's native WhatsApp (`app` enum: whatsapp
 * alone, "WhatsApp templates are only officially supported for Kustomer native WhatsApp"), with
 * no files (the branch has no attachments) and no Body (its schema has none: the template is the text).
 */
function checkTemplate(channel: SendChannel, input: ReplyInput, labels: Record<string, string>): void {
	if (channel !== 'whatsapp') throw new InputProblem(labels.whatsappMessage, `applies to WhatsApp only, not ${CHANNEL_NAMES[channel]}`);
	if (input.app && input.app !== 'whatsapp') {
		throw new InputProblem(labels.app, "must be whatsapp (or empty) for a template message: Kustomer sends WhatsApp templates through its native WhatsApp only", input.app);
	}
	if (input.files.length) throw new InputProblem(fieldLabel(attachmentsField), 'cannot go with a WhatsApp template message (Kustomer\'s template drafts carry no files); send them in a text message');
	checkAddresses(channel, labels.to, input.to);
	if (input.from) checkAddresses(channel, labels.from, [input.from]);
}

/** `{ "1": { type: "text", text }, … }`: numbered parameters as Kustomer's template components take them. */
const numbered = (texts: string[]): IDataObject => Object.fromEntries(texts.map((text, index) => [String(index + 1), { type: 'text', text }]));

/** The draft's `meta` for a template message (OpenAPI: meta.template, meta.components.header/body). */
function templateMeta(template: WhatsAppTemplate): IDataObject {
	const components: IDataObject = {};
	if (template.headerParameters.length) components.header = { type: 'text', text: numbered(template.headerParameters) };
	if (template.bodyParameters.length) components.body = numbered(template.bodyParameters);
	if (template.button) components.buttons = [{ index: template.button.index, sub_type: 'url', ...numbered(template.button.parameters) }];
	return Object.keys(components).length ? { template: template.id, components } : { template: template.id };
}

function firstOf(customer: JsonApiResource, list: string, key: string): string | undefined {
	const entries = customer.attributes?.[list];
	const first = Array.isArray(entries) ? (entries as IDataObject[]).find((entry) => typeof entry?.[key] === 'string' && entry[key]) : undefined;
	return first ? String(first[key]) : undefined;
}

/** Where the customer can be reached on the channel, as the draft's `to`; undefined for threads. */
export function recipient(
	client: KustomerClient,
	channel: SendChannel,
	to: string[],
	customer: JsonApiResource | undefined,
	conversation: JsonApiResource,
	itemIndex: number,
): IDataObject | undefined {
	const rule = CHANNEL_RULES[channel];
	const unreachable = (what: string, fix: string) =>
		new NodeOperationError(client.node, `The customer cannot be reached on ${CHANNEL_NAMES[channel]}: ${what} [item ${itemIndex}]`, {
			itemIndex,
			description: `${fix} Nothing was sent.`,
		});
	if (rule.address === 'thread') {
		const channels = conversation.attributes?.channels;
		if (Array.isArray(channels) && (channels as unknown[]).includes(channel)) return undefined;
		throw unreachable(`the customer has not written on ${CHANNEL_NAMES[channel]} in this conversation`, 'Reply on a channel the conversation uses.');
	}
	if (rule.address === 'email') {
		const addresses = to.length ? to : [customer && firstOf(customer, 'emails', 'email')].filter((address): address is string => !!address);
		if (!addresses.length) throw unreachable('Kustomer has no email address for them', 'Add one to the customer in Kustomer, or give To.');
		const name = customer && !to.length ? textAttribute(customer, 'name', 'displayName') : undefined;
		return { to: addresses.map((email) => (name ? { email, name } : { email })) };
	}
	const number = to[0] ?? (customer && firstOf(customer, rule.address === 'phone' ? 'phones' : 'whatsapps', 'phone'));
	if (!number) {
		throw unreachable(`Kustomer has no ${rule.address === 'phone' ? 'phone number' : 'WhatsApp number'} for them`, 'Add one to the customer in Kustomer, or give To.');
	}
	if (!phone.safeParse(number).success) throw unreachable(`their number ${number} is not in E.164 form`, 'Fix it in Kustomer, or give To.');
	return { to: normalizePhone(number) };
}

/** What every channel's draft takes beside its text: shortcuts used and articles linked (OpenAPI: each branch lists both). */
function contentLinks(input: ReplyInput): IDataObject {
	const links: IDataObject = {};
	if (input.shortcuts.length) links.shortcuts = input.shortcuts;
	if (input.kbArticles.length) links.kbArticles = input.kbArticles;
	return links;
}

/**
 * The draft's body for the channel, as POST /v1/customers/{id}/drafts takes it: Kustomer's
 * schema differs per channel (AP:false on each). A template message has `meta` and no `body`.
 */
export function draftBody(channel: SendChannel, conversationId: string, input: ReplyInput, recipientFields: IDataObject | undefined): IDataObject {
	if (input.whatsappTemplate) {
		const fields: IDataObject = { channel, conversation: conversationId, ...recipientFields, app: 'whatsapp', meta: templateMeta(input.whatsappTemplate), ...contentLinks(input) };
		if (input.from) fields.from = normalizePhone(input.from);
		return fields;
	}
	const body: IDataObject = { channel, conversation: conversationId, body: input.body, ...recipientFields, ...contentLinks(input) };
	if (input.app) body.app = input.app;
	if (channel === 'email') {
		if (input.from) body.from = { email: input.from };
		if (input.subject) body.subject = input.subject;
		if (input.cc.length) body.cc = input.cc.map((email) => ({ email }));
		if (input.bcc.length) body.bcc = input.bcc.map((email) => ({ email }));
		if (input.replyTo) body.replyTo = input.replyTo;
		if (input.emailTemplate) body.template = input.emailTemplate;
	} else if (input.from && (channel === 'sms' || channel === 'whatsapp')) {
		body.from = channel === 'whatsapp' ? normalizePhone(input.from) : input.from;
	}
	return body;
}

/** What the PUT that sends the draft adds to its fields: `htmlBody`, which only PUT /v1/drafts/{id}'s Email branch lists. */
export function sendOnlyFields(channel: SendChannel, input: ReplyInput): IDataObject {
	return channel === 'email' && input.htmlBody ? { htmlBody: input.htmlBody } : {};
}

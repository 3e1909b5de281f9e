import type { IBinaryKeyData, IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import { downloadFile, maxDownloadSizeField } from '../../shared/attachments';
import { fieldCollection, returnAllFields, simplifyField } from '../../shared/fields';
import type { RecordRef } from '../../shared/locators';
import { ROLES } from '../../shared/roles';
import { optionalInteger, parseInput, readLimit } from '../../shared/validation';
import type { JsonApiResource, KustomerClient } from '../../transport';
import { asNodeError, getAllPages } from '../../transport';
import { appBaseUrl, formatResources } from '../appLinks';
import { singleRecord } from '../lookups';
import { conversationTimeline } from '../timeline';
import type { OutputItem } from '../types';
import { defineOperation } from '../types';
import { conversationLocator } from '../conversation/record';

const conversationField = conversationLocator('The conversation whose messages to read');

const description: INodeProperties[] = [
	conversationField.property,
	...returnAllFields(),
	fieldCollection(
		'options',
		'Options',
		[
			{
				displayName: 'Binary Property Prefix',
				name: 'binaryPropertyPrefix',
				type: 'string',
				default: 'attachment_',
				description: 'Downloaded files go into binary properties named with this prefix and a number: attachment_0, attachment_1, …',
			},
			{
				displayName: 'Download Attachments',
				name: 'downloadAttachments',
				type: 'boolean',
				default: false,
				description: "Whether to put each message's files into the output item's binary properties",
			},
			maxDownloadSizeField,
		],
		'Add Option',
	),
	simplifyField(),
];

interface Input {
	conversation: RecordRef;
	limit?: number;
	download: boolean;
	prefix: string;
	/** Max Download Size in bytes; the default when unset. */
	maxBytes?: number;
}

/** What the output says about one attachment of a message. */
interface AttachmentDetails extends IDataObject {
	id: string;
}

const optionsSchema = z.object({
	binaryPropertyPrefix: z.preprocess(
		(value) => (value === undefined || value === null || value === '' ? 'attachment_' : value),
		z.string({ invalid_type_error: 'must be text' }).regex(/^[A-Za-z_][A-Za-z0-9_-]{0,63}$/, 'must be a name of letters, digits, _ and -, e.g. attachment_'),
	),
	downloadAttachments: z.boolean({ invalid_type_error: 'must be true or false' }).default(false),
	maxDownloadSizeMb: optionalInteger(1, 1024),
});

function attachmentIds(message: JsonApiResource): string[] {
	const data = message.relationships?.attachments?.data;
	return Array.isArray(data) ? data.map((entry) => entry.id) : [];
}

/**
 * An attachment's ID in the conversation's list: `id`, which the OpenAPI schema of GET
 * /conversations/{id}/attachments requires, or else the last part of `links.self`, where its
 * example items carry it (/v1/messages/<message>/attachments/<attachment>).
 */
function attachmentId(attachment: JsonApiResource): string | undefined {
	if (attachment.id) return attachment.id;
	const self = attachment.links?.self;
	return typeof self === 'string' ? /\/attachments\/([0-9a-f]{24})(?:[/?#]|$)/i.exec(self)?.[1] : undefined;
}

/**
 * The attachments of a conversation by ID (GET /v1/conversations/{id}/attachments): name,
 * type, size and a download address valid for 10 minutes. A key that may not read attachments
 * gets their IDs only, unless files were asked for.
 */
async function conversationAttachments(
	client: KustomerClient,
	conversationId: string,
	itemIndex: number,
	required: boolean,
): Promise<Map<string, JsonApiResource>> {
	try {
		const list = await getAllPages(client, { path: `/v1/conversations/${conversationId}/attachments`, itemIndex, roles: ROLES.attachmentRead });
		return new Map(list.flatMap((attachment) => (attachmentId(attachment) ? [[attachmentId(attachment) as string, attachment]] : [])));
	} catch (error) {
		if (required || !['401', '403'].includes(String((error as { httpCode?: unknown }).httpCode))) throw asNodeError(client.node, error, itemIndex);
		return new Map();
	}
}

function details(id: string, attachment: JsonApiResource | undefined): AttachmentDetails {
	const { name, contentType, contentLength, redacted } = attachment?.attributes ?? {};
	return { id, name, contentType, contentLength, redacted };
}

/** The presigned download address of an attachment: from the list, or asked for on its own. */
async function downloadUrl(client: KustomerClient, messageId: string, id: string, known: JsonApiResource | undefined, itemIndex: number): Promise<string> {
	const listed = known?.links?.related;
	if (typeof listed === 'string') return listed;
	const document = await client.request({
		method: 'GET',
		path: `/v1/messages/${messageId}/attachments/${id}`,
		itemIndex,
		roles: ROLES.attachmentRead,
		notFoundMessage: `No Kustomer attachment ${id} on message ${messageId}`,
	});
	return String(singleRecord(client, document, itemIndex).links?.related ?? '');
}

async function downloadAll(
	context: IExecuteFunctions,
	client: KustomerClient,
	message: JsonApiResource,
	attachments: Map<string, JsonApiResource>,
	input: Input,
	itemIndex: number,
): Promise<IBinaryKeyData> {
	const binary: IBinaryKeyData = {};
	let index = 0;
	for (const id of attachmentIds(message)) {
		const { name, contentType, redacted } = details(id, attachments.get(id));
		if (redacted === true) continue;
		const url = await downloadUrl(client, message.id, id, attachments.get(id), itemIndex);
		binary[`${input.prefix}${index++}`] = await downloadFile(context, client, url, { name: String(name ?? id), contentType: contentType as string | undefined, maxBytes: input.maxBytes }, itemIndex);
	}
	return binary;
}

export const getManyMessages = defineOperation<Input>({
	option: {
		name: 'Get Many',
		value: 'getAll',
		action: 'Get many messages',
		description: "Read a conversation's messages oldest first, with their attachments (optionally as files)",
	},
	roles: ROLES.messageRead,
	effect: 'read',
	idempotent: true,
	docs: {
		moreRoles: '+ `attachment.read` for attachment names and Download Attachments',
	},
	description,
	prepare(itemIndex) {
		const options = parseInput(optionsSchema, this.getNodeParameter('options', itemIndex, {}) as IDataObject, {
			binaryPropertyPrefix: 'Binary Property Prefix',
			downloadAttachments: 'Download Attachments',
			maxDownloadSizeMb: 'Max Download Size (MB)',
		});
		return {
			conversation: conversationField.read(this, itemIndex),
			limit: readLimit(this.getNodeParameter('returnAll', itemIndex, false), this.getNodeParameter('limit', itemIndex, 50)),
			download: options.downloadAttachments,
			prefix: options.binaryPropertyPrefix as string,
			maxBytes: options.maxDownloadSizeMb === undefined ? undefined : options.maxDownloadSizeMb * 1024 * 1024,
		};
	},
	async execute(client, input, itemIndex) {
		const { conversationId, records } = await conversationTimeline(client, input.conversation, 'messages', itemIndex, input.limit);
		const withFiles = records.some((message) => attachmentIds(message).length > 0);
		const attachments = withFiles ? await conversationAttachments(client, conversationId, itemIndex, input.download) : new Map();
		const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
		const appBase = records.length ? await appBaseUrl(client) : undefined;
		const output: OutputItem[] = [];
		for (const message of records) {
			const [json] = formatResources([message], simplify, appBase);
			json.attachments = attachmentIds(message).map((id) => details(id, attachments.get(id)));
			const binary = input.download ? await downloadAll(this, client, message, attachments, input, itemIndex) : {};
			output.push(Object.keys(binary).length ? { json, binary } : { json });
		}
		return output;
	},
});

import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { z } from 'zod';

import { fieldLabels } from '../../shared/fields';
import { ROLES } from '../../shared/roles';
import { InputProblem, objectIdList, parseInput, requiredText } from '../../shared/validation';
import type { JsonApiResource, KustomerClient } from '../../transport';
import { singleRecord } from '../lookups';
import { readTimelineId, timelineIdField } from '../timelineEdit';
import { defineOperation } from '../types';

/** OpenAPI POST /messages/{id}/redactions: `attachments` holds at most 10 IDs per request. */
const MAX_ATTACHMENTS_PER_REDACTION = 10;

const messageIdField = timelineIdField('messages', "The message to redact: its ID, as a conversation's Get Many Messages outputs it");

const description: INodeProperties[] = [
	{
		displayName:
			"Redaction cannot be undone: Kustomer overwrites the message's text and removes the chosen files for every agent, report and export. The message itself stays on the timeline.",
		name: 'redactNotice',
		type: 'notice',
		default: '',
	},
	messageIdField,
	{
		displayName: 'Redact Text',
		name: 'redactText',
		type: 'boolean',
		default: true,
		description:
			"Whether to overwrite the message's text (Kustomer's preview of it, which agents, searches and exports read) with Replacement Text. The original text cannot be recovered afterwards.",
	},
	{
		displayName: 'Replacement Text',
		name: 'replacementText',
		type: 'string',
		default: '[redacted]',
		displayOptions: { show: { redactText: [true] } },
		description: 'What the message reads after redaction (at most 10,240 characters), e.g. the text with the card number masked, or [redacted] for all of it',
	},
	{
		displayName: 'Redact Attachments',
		name: 'redactAttachments',
		type: 'options',
		default: 'none',
		options: [
			{ name: 'None', value: 'none', description: "Keep the message's files" },
			{ name: 'All', value: 'all', description: "Remove every file of the message for good (the message is read first to list them)" },
			{ name: 'Chosen Files', value: 'chosen', description: 'Remove the files whose attachment IDs are given, for good' },
		],
		description: 'Which of the message\'s files to remove permanently; a redacted file cannot be downloaded again',
	},
	{
		displayName: 'Attachment IDs',
		name: 'attachmentIds',
		type: 'string',
		default: '',
		placeholder: 'e.g. 5f1a2b3c4d5e6f7a8b9c0d1e, 5f1a2b3c4d5e6f7a8b9c0d1f',
		displayOptions: { show: { redactAttachments: ['chosen'] } },
		description: 'The IDs of the files to redact, comma-separated (Get Many Messages with Download Attachments lists them)',
	},
];

const LABELS = fieldLabels(description);

const schema = z.object({
	replacementText: requiredText(10_240).optional(),
	attachmentIds: objectIdList(100),
});

interface Input {
	id: string;
	/** The message's new text, when the text is redacted. */
	preview?: string;
	attachments: 'none' | 'all' | string[];
}

function readInput(values: IDataObject, id: string): Input {
	const mode = values.redactAttachments;
	if (!['none', 'all', 'chosen'].includes(String(mode))) throw new InputProblem(LABELS.redactAttachments, 'must be one of none, all, chosen', mode);
	const parsed = parseInput(schema, { replacementText: values.redactText === false ? undefined : (values.replacementText ?? ''), attachmentIds: mode === 'chosen' ? values.attachmentIds : [] }, LABELS);
	if (values.redactText !== false && parsed.replacementText === undefined) throw new InputProblem(LABELS.replacementText, 'is required when Redact Text is on: give what the message should read, e.g. [redacted]');
	if (mode === 'chosen' && parsed.attachmentIds.length === 0) throw new InputProblem(LABELS.attachmentIds, 'are empty: give the IDs of the files to redact, or set Redact Attachments to All');
	if (values.redactText === false && mode === 'none') throw new InputProblem(LABELS.redactText, 'is off and Redact Attachments is None: there is nothing to redact; turn Redact Text on or choose the files');
	return { id, preview: parsed.replacementText, attachments: mode === 'chosen' ? parsed.attachmentIds : (mode as 'none' | 'all') };
}

/** The IDs of a message's files (GET /messages/{id}: `relationships.attachments.data`). */
async function attachmentIdsOf(client: KustomerClient, id: string, itemIndex: number): Promise<string[]> {
	const document = await client.request({ method: 'GET', path: `/v1/messages/${id}`, itemIndex, roles: ROLES.messageRead, notFoundMessage: `No Kustomer message with ID ${id}` });
	const data = singleRecord(client, document, itemIndex).relationships?.attachments?.data;
	return Array.isArray(data) ? data.map((entry) => entry.id) : [];
}

/** The redaction bodies: the text with the first files, then the other files 10 at a time. */
export function redactionBodies(preview: string | undefined, attachmentIds: string[]): IDataObject[] {
	const bodies: IDataObject[] = [];
	for (let start = 0; start < attachmentIds.length || (start === 0 && preview !== undefined); start += MAX_ATTACHMENTS_PER_REDACTION) {
		const body: IDataObject = start === 0 && preview !== undefined ? { preview } : {};
		const chunk = attachmentIds.slice(start, start + MAX_ATTACHMENTS_PER_REDACTION);
		if (chunk.length) body.attachments = chunk;
		bodies.push(body);
	}
	return bodies;
}

/**
 * Whether the message reads the Replacement Text after the redaction: what Kustomer answered
 * (its answer requires `preview`), else the message read back. The OpenAPI file says only
 * "Redacts a message" with a `preview` shaped as a message's text, which the node sends as the
 * text the message should read; were `preview` the text to remove instead, the answer would read
 * otherwise, and the item fails rather than reporting a redaction that may not have happened.
 */
async function checkText(client: KustomerClient, id: string, preview: string, answered: JsonApiResource, itemIndex: number): Promise<void> {
	let text = answered.attributes?.preview;
	if (typeof text !== 'string') {
		const document = await client.request({ method: 'GET', path: `/v1/messages/${id}`, itemIndex, roles: ROLES.messageRead });
		text = singleRecord(client, document, itemIndex).attributes?.preview;
	}
	if (text === preview) return;
	throw new NodeOperationError(client.node, `Kustomer's redaction of message ${id} left it reading something other than the Replacement Text [item ${itemIndex}]`, {
		itemIndex,
		description:
			"Kustomer documents its redaction's `preview` only as text (OpenAPI POST /messages/{id}/redactions); the node sends it as what the message should read, and this org answered otherwise, so it may read `preview` differently (as the text to remove, say). Look at the message in Kustomer: it may still hold what was to be redacted. `npm run conformance -- --write` checks this on your org. The text is not shown here, as it may be what was to be redacted.",
	});
}

async function redact(client: KustomerClient, id: string, body: IDataObject, itemIndex: number): Promise<JsonApiResource> {
	const path = `/v1/messages/${id}/redactions`;
	const document = await client.request({
		method: 'POST',
		path,
		body,
		// The same redaction again leaves the message as the first left it.
		retryable: true,
		itemIndex,
		roles: ROLES.messageRedact,
		notFoundMessage: `No Kustomer message with ID ${id}`,
	});
	return singleRecord(client, document, itemIndex);
}

export const redactMessage = defineOperation<Input>({
	option: {
		name: 'Redact',
		value: 'redact',
		action: 'Redact a message permanently',
		description: "Overwrite a message's text and remove its files for good, for privacy requests or data pasted by mistake",
	},
	roles: ROLES.messageRedact,
	// Content is destroyed for good; redacting again writes the same replacement.
	effect: 'delete',
	idempotent: true,
	docs: {
		moreRoles: '+ `message.read` with Redact Attachments: All (the message is read to list its files)',
		runTwice: 'The second run writes the same replacement text over the redacted text; files redacted already are sent again (Kustomer does not document whether it refuses them).',
	},
	description,
	prepare(itemIndex) {
		const defaults: IDataObject = { redactText: true, replacementText: '', redactAttachments: 'none', attachmentIds: '' };
		const values = Object.fromEntries(Object.entries(defaults).map(([name, fallback]) => [name, this.getNodeParameter(name, itemIndex, fallback)]));
		return readInput(values, readTimelineId(this, itemIndex, messageIdField));
	},
	async execute(client, input, itemIndex) {
		const attachmentIds = input.attachments === 'all' ? await attachmentIdsOf(client, input.id, itemIndex) : input.attachments === 'none' ? [] : input.attachments;
		const redactions: string[] = [];
		for (const body of redactionBodies(input.preview, attachmentIds)) {
			const redaction = await redact(client, input.id, body, itemIndex);
			if (body.preview !== undefined) await checkText(client, input.id, body.preview as string, redaction, itemIndex);
			redactions.push(redaction.id);
		}
		return [{ json: { id: input.id, redacted: redactions.length > 0, textRedacted: input.preview !== undefined, attachmentsRedacted: attachmentIds, redactionIds: redactions } }];
	},
});

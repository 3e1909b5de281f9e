import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { ROLES } from '../shared/roles';
import { formatResources } from '../actions/appLinks';
import type { NameSource } from '../shared/names';
import { namesOfOneRun, readableRecord } from '../shared/names';
import { relatedId } from '../shared/simplify';
import type { AttributeChanges } from '../shared/webhookEvents';
import type { JsonApiResource, KustomerClient } from '../transport';
import { asNodeError, getAllPages } from '../transport';
import { POLLING_TRIGGER_READABLE_VERSION } from '../versions';
import type { PollSettings } from './settings';

/** The most messages attached to one conversation's transcript. */
const TRANSCRIPT_LIMIT = 1_000;

/** One event the poll found: the record, when it happened, and what changed. */
export interface Occurrence {
	record: JsonApiResource;
	at: number;
	isCreate: boolean;
	changes: AttributeChanges | null;
}

function messageTime(message: IDataObject): string {
	return String(message.sentAt ?? message.createdAt ?? '');
}

/** One line per message: "<time> Customer (email): <text>". */
function transcriptText(messages: IDataObject[]): string {
	return messages
		.map((message) => {
			const who = message.direction === 'out' ? 'Agent' : 'Customer';
			const channel = message.channel ? ` (${String(message.channel)})` : '';
			return `${messageTime(message)} ${who}${channel}: ${String(message.preview ?? '')}`;
		})
		.join('\n');
}

/** Answers that will not change if asked again: the list is gone or the key may not read it. */
const FOR_GOOD = new Set([401, 403, 404]);

/**
 * A conversation's messages, oldest first, and a plain-text transcript of them. A list that
 * cannot be read for good gives `transcriptError` instead (the conversation is still reported,
 * and later polls move on); any other failure fails the poll, which then moves nothing on.
 */
async function conversationTranscript(client: KustomerClient, conversationId: string, names?: NameSource): Promise<IDataObject> {
	let resources;
	try {
		resources = await getAllPages(client, { path: `/v1/conversations/${conversationId}/messages`, roles: ROLES.messageRead }, { limit: TRANSCRIPT_LIMIT + 1 });
	} catch (error) {
		if (!(error instanceof NodeApiError && FOR_GOOD.has(Number(error.httpCode)))) throw asNodeError(client.node, error);
		return { messages: [], transcript: '', messagesTruncated: false, transcriptError: `${error.message}${error.description ? `: ${error.description}` : ''}` };
	}
	const simplified = formatResources(resources.slice(0, TRANSCRIPT_LIMIT), true);
	const readable = names ? await Promise.all(simplified.map(async (message) => await readableRecord(message, names))) : simplified;
	const messages = readable.sort((a, b) => messageTime(a).localeCompare(messageTime(b)));
	return { messages, transcript: transcriptText(messages), messagesTruncated: resources.length > TRANSCRIPT_LIMIT };
}

/**
 * Where version 3's records get their names beside IDs: the poll's client, each list read at
 * most once per poll (a poll is one run). Earlier versions keep their records without names.
 */
function pollNames(client: KustomerClient, settings: PollSettings): NameSource | undefined {
	return settings.version >= POLLING_TRIGGER_READABLE_VERSION ? namesOfOneRun(client) : undefined;
}

/**
 * The item a workflow gets: the shape of the webhook trigger's simplified events (event name,
 * id, time, org, the record, changes), so a workflow can switch between the two triggers. The
 * record carries `appUrl`, its page in Kustomer, as the action node's records do; from version
 * 3 it is the Kustomer node's Simplify record (shared/names.ts). The envelope's `orgId` is the
 * event's org, as Kustomer's webhook envelope has it (`org`), and stays.
 */
export async function occurrenceItem(
	client: KustomerClient,
	occurrence: Occurrence,
	settings: PollSettings,
	appBase?: string,
): Promise<INodeExecutionData> {
	const { record, at } = occurrence;
	const time = new Date(at).toISOString();
	const names = pollNames(client, settings);
	const [formatted] = formatResources([record], settings.simplify, appBase);
	const resource = names && settings.simplify ? await readableRecord(formatted, names) : formatted;
	const equivalent = settings.event.webhookEquivalent(occurrence.isCreate, settings.version);
	const json: IDataObject = {
		event: equivalent.name,
		eventId: `${settings.event.value}:${record.id}:${time}`,
		createdAt: time,
		orgId: relatedId(record, 'org') ?? null,
		resourceType: record.type,
		resource,
		changes: (occurrence.changes ?? equivalent.changes ?? null) as IDataObject | null,
	};
	if (settings.includeMessages) Object.assign(json, await conversationTranscript(client, record.id, names));
	return { json };
}

import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

/**
 * The fields a compact tool result keeps, by resource (Kustomer's attribute names, and the
 * `<name>Id(s)` the node's Simplify makes of relationships, and version 2's names beside IDs and
 * plain email and phone): what an agent acts on. Every
 * record keeps `id` and `appUrl`; output the node makes itself (a delete's confirmation, a
 * reply's delivery) keeps its own flags.
 */
const KEEP: Record<string, string[]> = {
	customer: ['name', 'displayName', 'email', 'phone', 'emails', 'phones', 'externalId', 'companyId', 'locale', 'tags', 'tagNames', 'createdAt', 'updatedAt'],
	conversation: [
		'name',
		'status',
		'priority',
		'channels',
		'customerId',
		'queueId',
		'queueName',
		'assignedUsers',
		'assignedTeams',
		'assignedTeamNames',
		'tags',
		'tagNames',
		'externalId',
		'preview',
		'messageCount',
		'createdAt',
		'updatedAt',
		'lastMessageAt',
		'customer',
	],
	message: ['conversationId', 'customerId', 'channel', 'direction', 'preview', 'subject', 'status', 'createdAt', 'sentAt', 'attachmentIds'],
	note: ['conversationId', 'body', 'userMentions', 'createdAt'],
	customObject: ['title', 'externalId', 'customerId', 'klassName', 'createdAt', 'updatedAt'],
	company: ['name', 'externalId', 'extenalId', 'domains', 'urls', 'tags', 'tagNames', 'custom', 'createdAt', 'updatedAt'],
};

const ALWAYS = ['id', 'appUrl', 'deleted', 'alreadyDeleted', 'alreadySent', 'draftId', 'sendAt', 'error', 'description', 'httpCode'];

/** A record as the node output it: simplified, or Kustomer's own shape (`attributes`) when Simplify is off. */
function flat(json: IDataObject): IDataObject {
	const attributes = json.attributes;
	if (attributes && typeof attributes === 'object' && !Array.isArray(attributes)) return { ...json, ...(attributes as IDataObject) };
	return json;
}

/** One output item's JSON cut to the fields that matter for `resource`. */
export function compactJson(resource: string, json: IDataObject): IDataObject {
	const source = flat(json);
	const compact: IDataObject = {};
	for (const key of [...ALWAYS, ...(KEEP[resource] ?? [])]) {
		const value = source[key];
		if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) continue;
		// Escalate nests the customer it found or created.
		compact[key] = key === 'customer' && typeof value === 'object' && !Array.isArray(value) ? compactJson('customer', value as IDataObject) : value;
	}
	return compact;
}

/** The node's output as a compact tool result: same items and pairing, fewer fields. */
export function compactOutput(resource: string, items: INodeExecutionData[]): INodeExecutionData[] {
	return items.map((item) => ({ ...item, json: compactJson(resource, item.json) }));
}

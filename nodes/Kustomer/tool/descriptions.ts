import type { INodeProperties } from 'n8n-workflow';

import type { KustomerOperation, ResourceDefinition } from '../actions/types';

/**
 * What each operation tells an AI agent (or an MCP client) when the node is used as a tool:
 * what it does, what a call needs, and what it costs from the org's shared rate budget (the
 * costs are the README's "As an AI agent's tool" figures). What it changes comes from the
 * operation's `effect` (EFFECT_TEXT), so Delete and Send are named destructive in one place.
 * Keyed `<resource>.<operation>`; a test holds one entry per registry operation.
 */
export const TOOL_TEXT: Record<string, { does: string; needs: string; cost: string }> = {
	'company.create': {
		does: 'Creates a Kustomer company (an account customers belong to) with name, External ID, domains, websites, tags and custom attributes.',
		needs: 'a name of 3 to 255 characters; an External ID makes a repeated call return the same company instead of a second one.',
		cost: '1 request (1 more with an External ID).',
	},
	'company.upsert': {
		does: 'Creates a company, or updates the one that already has the External ID (or the name) given.',
		needs: 'the name, and the External ID when matching by it, with the fields to set.',
		cost: '2-3 requests.',
	},
	'company.get': {
		does: "Reads one company: name, External ID, domains, tags and the company's Kustomer link.",
		needs: 'the company: its 24-character Kustomer ID, its app link, or its External ID.',
		cost: '1 request.',
	},
	'company.getAll': {
		does: 'Lists companies, or finds them by name, External ID or search criteria.',
		needs: 'the filters the tool was set up with (a name, an External ID); a limit keeps the answer short.',
		cost: '1 request per 100 companies (1 search per 500 with criteria).',
	},
	'company.update': {
		does: "Changes a company's fields: name, External ID, domains, websites, tags, custom attributes. Fields left empty stay as they are.",
		needs: 'the company (24-character Kustomer ID, app link or External ID) and the fields to change.',
		cost: '1-2 requests.',
	},
	'conversation.create': {
		does: 'Creates a Kustomer conversation (a support ticket) for a customer, with optional name, status, priority (1-5), queue, assignees and tags.',
		needs: 'the customer (24-character Kustomer ID, app link, or email); an External ID makes a repeated call return the same conversation instead of a second one.',
		cost: '1 request (1-2 more with an External ID or a customer given by email).',
	},
	'conversation.get': {
		does: 'Reads one conversation: status, priority, queue, assignees, tags, customer and its Kustomer link.',
		needs: 'the conversation: its 24-character Kustomer ID, its app link, or its External ID.',
		cost: '1 request.',
	},
	'conversation.getAll': {
		does: "Lists conversations, e.g. a customer's open ones, newest first.",
		needs: 'the filters the tool was set up with (a customer, a status); a limit keeps the answer short.',
		cost: '1 search per 500 conversations.',
	},
	'conversation.update': {
		does: "Changes a conversation's fields: status (open, snoozed, done), priority (1-5), queue, assignees, name, custom attributes. Fields left empty stay as they are.",
		needs: 'the conversation (24-character Kustomer ID, app link or External ID) and the fields to change.',
		cost: '1-2 requests.',
	},
	'conversation.addTags': {
		does: 'Adds tags to a conversation; tags it already has stay.',
		needs: 'the conversation (24-character Kustomer ID, app link or External ID) and the tag names or IDs.',
		cost: '1-2 requests.',
	},
	'conversation.removeTags': {
		does: 'Removes tags from a conversation; its other tags stay.',
		needs: 'the conversation (24-character Kustomer ID, app link or External ID) and the tag names or IDs.',
		cost: '1-2 requests.',
	},
	'conversation.delete': {
		does: 'Deletes a conversation with its messages and notes.',
		needs: 'the conversation (24-character Kustomer ID, app link or External ID).',
		cost: '1 request.',
	},
	'conversation.escalate': {
		does: 'Escalates a request in one call: finds or creates the customer, creates the conversation in the queue with priority and tags, records the customer message and adds an internal note for the team.',
		needs: "a subject and the customer's email, phone or External ID; an External ID makes a repeated call reuse the conversation.",
		cost: '3 to 6 requests.',
	},
	'conversation.getMetrics': {
		does: "Reads a conversation's times (first response, first and last done, in milliseconds with business-hours figures), its SLA status (none, breached, done, pending, paused) and policy, and agents' handle times in seconds.",
		needs: 'the conversation (24-character Kustomer ID, app link or External ID).',
		cost: '2-3 requests (one SLA read per policy, shared by a run).',
	},
	'customer.create': {
		does: 'Creates a Kustomer customer with name, emails, phones, External ID, company and custom attributes.',
		needs: 'at least an email, phone, name or External ID (emails like jane@example.com, phones in E.164 like +14155550123).',
		cost: '1 request.',
	},
	'customer.upsert': {
		does: 'Creates a customer, or updates the one that already has the email or External ID given.',
		needs: 'the email or External ID to match on, and the fields to set.',
		cost: '2-3 requests.',
	},
	'customer.get': {
		does: "Reads one customer: name, emails, phones, External ID, company and the customer's Kustomer link.",
		needs: 'the customer: 24-character Kustomer ID, app link, email, or External ID.',
		cost: '1 request.',
	},
	'customer.search': {
		does: 'Finds customers by email, phone or External ID (exact match).',
		needs: 'the value to search for, e.g. jane@example.com, +14155550123 or crm-1042.',
		cost: '1 search per 500 customers found.',
	},
	'customer.update': {
		does: "Changes a customer's fields: name, emails, phones, External ID, company, custom attributes. Fields left empty stay as they are.",
		needs: 'the customer (24-character Kustomer ID, app link, email or External ID) and the fields to change.',
		cost: '1-2 requests.',
	},
	'customer.delete': {
		does: 'Deletes a customer with their conversations, messages and notes.',
		needs: 'the customer (24-character Kustomer ID, app link, email or External ID).',
		cost: '1 request.',
	},
	'customer.merge': {
		does: 'Merges a duplicate customer into the customer to keep and waits until Kustomer has finished: emails, phones, tags and conversations move to the one kept, and the duplicate no longer exists.',
		needs: 'both customers (24-character Kustomer ID, app link, email, phone or External ID); they must be two different customers.',
		cost: '2-4 requests, then a look every few seconds until the merge is done.',
	},
	'customer.trackEvent': {
		does: "Records an event (an order placed, a plan changed) with typed properties on a customer's timeline; calling it twice records the event twice.",
		needs: 'an event name (a letter, then letters, digits, "-", "_" or ".") and the customer (24-character Kustomer ID, app link, email, phone or External ID), or an identity Kustomer finds or creates the customer by.',
		cost: '1-2 requests.',
	},
	'customObject.create': {
		does: 'Creates a custom object (an order, a subscription) of the configured type, optionally linked to a customer.',
		needs: 'a title; the customer to link it to and its fields, as the tool was set up.',
		cost: '1-2 requests.',
	},
	'customObject.upsert': {
		does: 'Creates a custom object, or updates the one with the same External ID.',
		needs: 'an External ID and a title; the customer and fields as the tool was set up.',
		cost: '2-3 requests.',
	},
	'customObject.get': {
		does: 'Reads one custom object of the configured type.',
		needs: 'the custom object: its 24-character Kustomer ID or External ID.',
		cost: '1 request.',
	},
	'customObject.getAll': {
		does: "Lists a customer's custom objects of the configured type (orders, say).",
		needs: 'the customer (24-character Kustomer ID, email, phone or External ID).',
		cost: '1 request per page of results.',
	},
	'customObject.update': {
		does: "Changes a custom object's title or fields; fields left empty stay as they are.",
		needs: 'the custom object (24-character Kustomer ID or External ID) and the fields to change.',
		cost: '1-2 requests.',
	},
	'customObject.delete': {
		does: 'Deletes a custom object.',
		needs: 'the custom object (24-character Kustomer ID or External ID).',
		cost: '1 request.',
	},
	'message.create': {
		does: 'Records a message on a conversation (what was said elsewhere, e.g. an inbound email). Records only: nothing is delivered to the customer.',
		needs: 'the conversation (24-character Kustomer ID, app link or External ID) and the message text.',
		cost: '1-2 requests.',
	},
	'message.getAll': {
		does: "Reads a conversation's messages: direction (in from the customer, out from the team), channel, text and time.",
		needs: 'the conversation (24-character Kustomer ID, app link or External ID); a limit keeps the answer short.',
		cost: '1 request per page of results.',
	},
	'message.send': {
		does: "Sends a reply to the customer on the conversation's channel (email, chat, SMS). Prefer Note → Create or a draft for anything a person should check first.",
		needs: 'the conversation (24-character Kustomer ID, app link or External ID) and the reply text; an External ID makes a repeated call send one reply.',
		cost: '4 requests, then a look every few seconds until it is delivered.',
	},
	'message.update': {
		does: "Corrects a recorded message's text, subject, status, sent time, language or External ID; fields left empty stay as they are.",
		needs: "the message's 24-character Kustomer ID (Get Many Messages outputs it) and the fields to change.",
		cost: '1 request.',
	},
	'message.redact': {
		does: "Overwrites a message's text with a replacement (e.g. a card number masked) and removes its files, for privacy requests; the message stays on the timeline.",
		needs: "the message's 24-character Kustomer ID (Get Many Messages outputs it), and the replacement text or which files to remove.",
		cost: '1 request (1 more to list all files, 1 per 10 files).',
	},
	'note.create': {
		does: 'Adds an internal note to a conversation: seen by the team, never by the customer; can mention users or teams.',
		needs: 'the conversation (24-character Kustomer ID, app link or External ID) and the note text.',
		cost: '1-2 requests.',
	},
	'note.getAll': {
		does: "Reads a conversation's internal notes.",
		needs: 'the conversation (24-character Kustomer ID, app link or External ID).',
		cost: '1 request per page of results.',
	},
	'note.update': {
		does: "Corrects an internal note's text, mentions or External ID; fields left empty stay as they are.",
		needs: "the note's 24-character Kustomer ID (Get Many Notes outputs it) and the fields to change.",
		cost: '1 request.',
	},
	'note.delete': {
		does: 'Deletes an internal note.',
		needs: "the note's 24-character Kustomer ID (Get Many Notes outputs it).",
		cost: '1 request.',
	},
	'satisfaction.getAll': {
		does: "Lists customers' satisfaction survey responses (rating 1-5, score, status, comment) with their conversation and customer, or the org's surveys.",
		needs: 'the filters the tool was set up with (dates, rating, score, status); a limit keeps the answer short.',
		cost: '1 search per 500 responses.',
	},
};

/** What a call changes, by the operation's declared effect: the part an agent must not miss. */
export const EFFECT_TEXT: Record<KustomerOperation<unknown>['effect'], string> = {
	read: 'Read-only: changes nothing in Kustomer.',
	write: 'Writes: creates or changes records in Kustomer.',
	delete: 'DESTRUCTIVE: deletes permanently; it cannot be undone.',
	deliver: 'DESTRUCTIVE: the customer receives it at once; it cannot be taken back.',
};

export function toolTextKey(resource: string, operation: string): string {
	return `${resource}.${operation}`;
}

/** The description an agent is given for one operation. */
export function toolDescriptionOf(resource: string, operation: KustomerOperation<unknown>): string {
	const text = TOOL_TEXT[toolTextKey(resource, operation.option.value)];
	const summary = `${operation.option.action} in Kustomer.`;
	if (!text) return `${summary} ${EFFECT_TEXT[operation.effect]}`;
	return `${summary} ${text.does} ${EFFECT_TEXT[operation.effect]} Needs: ${text.needs} Cost: ${text.cost}`;
}

/**
 * The tool variant's Description field, one per operation, shown only in the tool variant
 * (`'@tool'`: n8n's display option for a node type named `...Tool`) and defaulting to the
 * operation's agent text. n8n adds its own Description field (whose automatic value is only the
 * operation's action) unless the node declares `toolDescription`; n8n hands the field's value to
 * the agent or MCP client (n8n-workflow `getToolDescriptionForNode`). Users may edit it.
 */
export function toolDescriptionProperties(resources: ResourceDefinition[]): INodeProperties[] {
	return resources.flatMap(({ value: resource, operations }) =>
		operations.map((operation) => ({
			displayName: 'Description',
			name: 'toolDescription',
			type: 'string' as const,
			typeOptions: { rows: 4 },
			default: toolDescriptionOf(resource, operation),
			description: 'What the AI agent is told this tool does. The default states what it changes, what a call needs and what it costs.',
			displayOptions: { show: { '@tool': [true], resource: [resource], operation: [operation.option.value] } },
		})),
	);
}

/**
 * The tool variant's own description (n8n merges `replacements` into the description it makes
 * the `kustomerTool` type from): what the node picker shows under "Tools" and the fallback text
 * an agent gets.
 */
export const usableAsTool = {
	replacements: {
		description:
			'Lets an AI agent or MCP client read and, where you allow it, change Kustomer: customers, conversations, messages, notes and custom objects. Read-only unless Allowed Operations says more.',
	},
} as const;

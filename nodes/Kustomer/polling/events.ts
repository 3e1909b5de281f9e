import type { IDataObject } from 'n8n-workflow';

import type { AttributeChanges } from '../shared/webhookEvents';
import type { JsonApiResource } from '../transport';

/** What a polling trigger watches for. */
type PollEventName = 'conversationCreated' | 'conversationUpdated' | 'conversationDone' | 'customerChanged' | 'messageCreated';

/** The node parameters an event's search depends on. */
export interface PollEventParameters {
	messageDirection?: string;
}

/**
 * One kind of change the trigger finds with Kustomer's search. Each event has an instant it
 * happened at (its timestamp): the trigger reads the records whose timestamp falls in a window
 * and moves the window on, so the timestamp, not the search order, decides what is new.
 */
export interface PollEvent {
	value: PollEventName;
	name: string;
	description: string;
	queryContext: 'conversation' | 'customer' | 'message';
	/** The search attribute holding the event's instant, without the `<context>_` prefix. */
	timestampAttribute: string;
	/** The event's instant on a record, as Kustomer wrote it. */
	timestampOf(record: JsonApiResource): string | undefined;
	/**
	 * A second date attribute that parts the records of one instant when more share it than
	 * one search serves (search attribute without prefix, and the record's attribute).
	 */
	splitAttribute: { search: string; record: string };
	/** Criteria besides the time window. */
	criteria(parameters: PollEventParameters): IDataObject[];
	/** An update event: Only When Changed applies, and each new version of a record counts. */
	tracksUpdates: boolean;
	/** For update events: a record created since the last poll is reported (as a create). */
	reportsCreates: boolean;
	/**
	 * The webhook event this corresponds to, so workflows can switch triggers, and the changes
	 * the occurrence implies. Node version 1 named Conversation Done `kustomer.conversation.done`,
	 * which no webhook event is; version 2 names it as the webhook trigger reports it.
	 */
	webhookEquivalent(isCreate: boolean, version: number): { name: string; changes?: AttributeChanges };
}

function attribute(name: string): (record: JsonApiResource) => string | undefined {
	return (record) => {
		const value = record.attributes?.[name];
		return typeof value === 'string' && value !== '' ? value : undefined;
	};
}

/** lastDone.createdAt: when the conversation was last marked done (Kustomer's `conversation_last_done_created_at`). */
function lastDoneAt(record: JsonApiResource): string | undefined {
	const lastDone = record.attributes?.lastDone as IDataObject | undefined;
	return typeof lastDone?.createdAt === 'string' && lastDone.createdAt !== '' ? lastDone.createdAt : undefined;
}

const none = () => [];
const byCreation = { search: 'created_at', record: 'createdAt' };
const byUpdate = { search: 'updated_at', record: 'updatedAt' };

export const POLL_EVENTS: readonly PollEvent[] = [
	{
		value: 'conversationCreated',
		name: 'New Conversation',
		description: 'A conversation was created',
		queryContext: 'conversation',
		timestampAttribute: 'created_at',
		timestampOf: attribute('createdAt'),
		splitAttribute: byUpdate,
		criteria: none,
		tracksUpdates: false,
		reportsCreates: false,
		webhookEquivalent: () => ({ name: 'kustomer.conversation.create' }),
	},
	{
		value: 'conversationUpdated',
		name: 'Conversation Updated',
		description: 'A conversation changed (each new message changes it too: use Only When Changed)',
		queryContext: 'conversation',
		timestampAttribute: 'updated_at',
		timestampOf: attribute('updatedAt'),
		splitAttribute: byCreation,
		criteria: none,
		tracksUpdates: true,
		reportsCreates: false,
		webhookEquivalent: () => ({ name: 'kustomer.conversation.update' }),
	},
	{
		value: 'conversationDone',
		name: 'Conversation Done',
		description: 'A conversation was resolved (marked done), optionally with its messages',
		queryContext: 'conversation',
		timestampAttribute: 'last_done_created_at',
		timestampOf: lastDoneAt,
		splitAttribute: byUpdate,
		criteria: () => [{ conversation_status: { equals: 'done' } }],
		tracksUpdates: false,
		reportsCreates: false,
		// Kustomer has no done event: marking a conversation done is an update of its status.
		webhookEquivalent: (_isCreate, version) =>
			version >= 2 ? { name: 'kustomer.conversation.update', changes: { status: { before: undefined, after: 'done' } } } : { name: 'kustomer.conversation.done' },
	},
	{
		value: 'customerChanged',
		name: 'New or Updated Customer',
		description: 'A customer was created or changed',
		queryContext: 'customer',
		timestampAttribute: 'updated_at',
		timestampOf: attribute('updatedAt'),
		splitAttribute: byCreation,
		criteria: none,
		tracksUpdates: true,
		reportsCreates: true,
		webhookEquivalent: (isCreate) => ({ name: isCreate ? 'kustomer.customer.create' : 'kustomer.customer.update' }),
	},
	{
		value: 'messageCreated',
		name: 'New Message',
		description: 'A message was added to a conversation',
		queryContext: 'message',
		timestampAttribute: 'created_at',
		timestampOf: attribute('createdAt'),
		splitAttribute: byUpdate,
		criteria: ({ messageDirection }) =>
			messageDirection === 'in' || messageDirection === 'out' ? [{ message_direction: { equals: messageDirection } }] : [],
		tracksUpdates: false,
		reportsCreates: false,
		webhookEquivalent: () => ({ name: 'kustomer.message.create' }),
	},
];

export function findPollEvent(value: unknown): PollEvent | undefined {
	return POLL_EVENTS.find((event) => event.value === value);
}

/** The search attribute of an event's instant, e.g. conversation_last_done_created_at. */
export function timestampSearchAttribute(event: PollEvent): string {
	return `${event.queryContext}_${event.timestampAttribute}`;
}

/**
 * The one sort key every public client of Kustomer's search uses, `<object>_updated_at`
 * (singer-io/tap-kustomer streams.py, MeltanoLabs/tap-kustomer client.py). Kustomer's OpenAPI
 * file lists only customer_* sort keys, and no public source sorts by *_created_at.
 */
export function sortSearchAttribute(event: PollEvent): string {
	return `${event.queryContext}_updated_at`;
}

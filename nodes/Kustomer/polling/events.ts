import type { IDataObject } from 'n8n-workflow';

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
	/** Criteria besides the time window. */
	criteria(parameters: PollEventParameters): IDataObject[];
	/** An update event: Only When Changed applies, and each new version of a record counts. */
	tracksUpdates: boolean;
	/** For update events: a record created since the last poll is reported (as a create). */
	reportsCreates: boolean;
	/** The webhook event this corresponds to, so workflows can switch triggers. */
	eventName(isCreate: boolean): string;
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

export const POLL_EVENTS: readonly PollEvent[] = [
	{
		value: 'conversationCreated',
		name: 'New Conversation',
		description: 'A conversation was created',
		queryContext: 'conversation',
		timestampAttribute: 'created_at',
		timestampOf: attribute('createdAt'),
		criteria: none,
		tracksUpdates: false,
		reportsCreates: false,
		eventName: () => 'kustomer.conversation.create',
	},
	{
		value: 'conversationUpdated',
		name: 'Conversation Updated',
		description: 'A conversation changed (each new message changes it too: use Only When Changed)',
		queryContext: 'conversation',
		timestampAttribute: 'updated_at',
		timestampOf: attribute('updatedAt'),
		criteria: none,
		tracksUpdates: true,
		reportsCreates: false,
		eventName: () => 'kustomer.conversation.update',
	},
	{
		value: 'conversationDone',
		name: 'Conversation Done',
		description: 'A conversation was resolved (marked done), optionally with its messages',
		queryContext: 'conversation',
		timestampAttribute: 'last_done_created_at',
		timestampOf: lastDoneAt,
		criteria: () => [{ conversation_status: { equals: 'done' } }],
		tracksUpdates: false,
		reportsCreates: false,
		eventName: () => 'kustomer.conversation.done',
	},
	{
		value: 'customerChanged',
		name: 'New or Updated Customer',
		description: 'A customer was created or changed',
		queryContext: 'customer',
		timestampAttribute: 'updated_at',
		timestampOf: attribute('updatedAt'),
		criteria: none,
		tracksUpdates: true,
		reportsCreates: true,
		eventName: (isCreate) => (isCreate ? 'kustomer.customer.create' : 'kustomer.customer.update'),
	},
	{
		value: 'messageCreated',
		name: 'New Message',
		description: 'A message was added to a conversation',
		queryContext: 'message',
		timestampAttribute: 'created_at',
		timestampOf: attribute('createdAt'),
		criteria: ({ messageDirection }) =>
			messageDirection === 'in' || messageDirection === 'out' ? [{ message_direction: { equals: messageDirection } }] : [],
		tracksUpdates: false,
		reportsCreates: false,
		eventName: () => 'kustomer.message.create',
	},
];

export function findPollEvent(value: unknown): PollEvent | undefined {
	return POLL_EVENTS.find((event) => event.value === value);
}

/** The search attribute of an event's instant, e.g. conversation_last_done_created_at. */
export function timestampSearchAttribute(event: PollEvent): string {
	return `${event.queryContext}_${event.timestampAttribute}`;
}

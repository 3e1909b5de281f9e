import type { IDataObject } from 'n8n-workflow';

import type { AttributeChanges } from '../shared/webhookEvents';
import type { JsonApiResource } from '../transport';

/** What a polling trigger watches for. */
type PollEventName =
	| 'conversationCreated'
	| 'conversationUpdated'
	| 'conversationDone'
	| 'customerChanged'
	| 'messageCreated'
	| 'noteCreated'
	| 'kobjectCreated'
	| 'kobjectUpdated'
	| 'customerDeleted'
	| 'conversationDeleted'
	| 'kobjectDeleted';

/** The node parameters an event's search depends on. */
export interface PollEventParameters {
	messageDirection?: string;
	/** The custom object type (klass name) of a custom-object event. */
	klass?: string;
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
	queryContext: 'conversation' | 'customer' | 'message' | 'note' | 'kobject';
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
	/** The event watches one custom object type: the Custom Object Type field is required. */
	needsKlass?: boolean;
	/** Search deleted records too (the body's `includeDeleted`). */
	includeDeleted?: boolean;
	/**
	 * Whether a record the search answered is one of the event's, for what the search cannot
	 * say itself (its type, its deletion). Records it rejects are remembered as handled, never reported.
	 */
	keeps?(record: JsonApiResource, parameters: PollEventParameters): boolean;
	/** Why a record the event keeps cannot be trusted to be read without gaps, if so. */
	problemWith?(record: JsonApiResource): string | undefined;
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
/** An event at the record's creation, or at its last update (parted by the other date). */
const atCreation = { timestampAttribute: 'created_at', timestampOf: attribute('createdAt'), splitAttribute: byUpdate };
const atUpdate = { timestampAttribute: 'updated_at', timestampOf: attribute('updatedAt'), splitAttribute: byCreation };

/**
 * Custom objects of one type. Kustomer's search takes queryContext "kobject" (OpenAPI POST
 * /customers/search: its queryContext pattern, and kobject_created_at / kobject_updated_at
 * among the standard attributes; singer-io and MeltanoLabs tap-kustomer search "kobject" by
 * kobject_updated_at). No source says how to narrow a search to one klass (the pattern also
 * allows "kobject_.*", undocumented; no standard attribute names the klass), so the trigger
 * searches every custom object and keeps those typed `kobject.<klass>` (OpenAPI GET
 * /klasses/{name}/{id}: `"type": "kobject.order"`): right under any reading, at the cost of
 * reading other types' objects in the same windows.
 */
const kobjectSearch = {
	queryContext: 'kobject' as const,
	criteria: none,
	needsKlass: true,
	keeps: (record: JsonApiResource, { klass }: PollEventParameters) => record.type === `kobject.${klass ?? ''}`,
};

function isDeleted(record: JsonApiResource): boolean {
	return record.attributes?.deleted === true;
}

/**
 * A deletion, read from the search with `includeDeleted` (OpenAPI POST /customers/search,
 * request schema) at the record's updatedAt. That a delete stamps updatedAt is what Kustomer's
 * one documented deleted record shows (OpenAPI DELETE /schedules/{id}: `deleted: true`,
 * `deletedAt` equal to `updatedAt`); no source documents a search attribute for the deletion
 * time, and `<object>_deleted` is a standard attribute of notes only, so deleted records are
 * told apart by their `deleted` flag. A deleted record whose deletedAt is later than its
 * updatedAt shows an org where deletes leave updatedAt alone: windows on updatedAt would miss
 * deletions, so the trigger stops with an error rather than report some of them
 * (sandbox reading `deletionStamp`).
 */
function deletionEvent(
	value: PollEventName,
	name: string,
	queryContext: 'customer' | 'conversation' | 'kobject',
	description: string,
	search: Partial<Pick<PollEvent, 'keeps' | 'needsKlass'>>,
): PollEvent {
	const keeps = search.keeps;
	return {
		value,
		name,
		description,
		queryContext,
		...atUpdate,
		criteria: none,
		needsKlass: search.needsKlass,
		includeDeleted: true,
		keeps: (record, parameters) => isDeleted(record) && (!keeps || keeps(record, parameters)),
		problemWith(record) {
			const deletedAt = Date.parse(String(record.attributes?.deletedAt ?? ''));
			const updatedAt = Date.parse(String(record.attributes?.updatedAt ?? ''));
			if (!(deletedAt > updatedAt)) return undefined;
			return `Kustomer marked ${queryContext} ${record.id} deleted at ${String(record.attributes?.deletedAt)} but left its updatedAt at ${String(record.attributes?.updatedAt)}, so deletions cannot be found by time in this org`;
		},
		tracksUpdates: false,
		reportsCreates: false,
		webhookEquivalent: () => ({ name: `kustomer.${queryContext}.delete` }),
	};
}

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
	{
		value: 'noteCreated',
		name: 'New Note',
		description: 'An internal note was added to a conversation or customer',
		// OpenAPI POST /customers/search: queryContext "note", note_created_at and note_updated_at
		// among the standard attributes; singer-io and MeltanoLabs tap-kustomer page notes by note_updated_at.
		queryContext: 'note',
		...atCreation,
		criteria: none,
		tracksUpdates: false,
		reportsCreates: false,
		webhookEquivalent: () => ({ name: 'kustomer.note.create' }),
	},
	{
		value: 'kobjectCreated',
		name: 'Custom Object Created',
		description: 'A custom object of the chosen type was created',
		...kobjectSearch,
		...atCreation,
		tracksUpdates: false,
		reportsCreates: false,
		webhookEquivalent: () => ({ name: 'kustomer.kobject.create' }),
	},
	{
		value: 'kobjectUpdated',
		name: 'Custom Object Updated',
		description: 'A custom object of the chosen type changed (use Only When Changed for the attributes that matter)',
		...kobjectSearch,
		...atUpdate,
		tracksUpdates: true,
		reportsCreates: false,
		webhookEquivalent: () => ({ name: 'kustomer.kobject.update' }),
	},
	deletionEvent('customerDeleted', 'Customer Deleted', 'customer', 'A customer was deleted', {}),
	deletionEvent('conversationDeleted', 'Conversation Deleted', 'conversation', 'A conversation was deleted', {}),
	deletionEvent('kobjectDeleted', 'Custom Object Deleted', 'kobject', 'A custom object of the chosen type was deleted', kobjectSearch),
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

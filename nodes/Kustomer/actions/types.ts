import type { IBinaryKeyData, IDataObject, IExecuteFunctions, INodeListSearchItems, INodeProperties, NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { RecordRef } from '../shared/locators';
import type { InputProblem } from '../shared/validation';
import type { JsonApiResource, KustomerClient } from '../transport';

/** What re-running the done items of a create that finds an earlier record by External ID does. */
export const RERUN_CREATE_BY_EXTERNAL_ID = 'Running again creates the done items again unless they carry an External ID (then it finds them).';

/** An output item an operation makes itself (a delete's confirmation, a file), not a Kustomer record. */
export interface OutputItem {
	json: IDataObject;
	binary?: IBinaryKeyData;
}

/** What an item's work gives: Kustomer records (Simplify applies to them) or finished output items. */
export type OperationResult = JsonApiResource | OutputItem;

export function isOutputItem(result: OperationResult): result is OutputItem {
	return 'json' in result && typeof result.json === 'object';
}

/** An error as n8n shows it for one item. */
export type NodeError = NodeApiError | NodeOperationError;

/** What became of one input item: its results, or the error it failed with. */
export type ItemOutcome = { results: OperationResult[] } | { error: NodeError };

/** A checked item, ready for its requests. */
export interface PreparedItem<Input> {
	readonly itemIndex: number;
	readonly input: Input;
}

/**
 * An operation's Kustomer bulk endpoint (POST or PUT /v1/<objects>/bulk: up to 100 records in
 * one request, processed asynchronously; Kustomer's docs, developer.kustomer.com
 * docs/guides/bulk-operations). Declaring it is all an operation needs for Send in Bulk: the
 * runner chunks, submits, polls and maps the results back to the items.
 */
export interface BulkEndpoint<Input> {
	/** DELETE: the records' IDs go in the `ids` query (OpenAPI DELETE /customers/bulk, /klasses/{name}/bulk), no body. */
	method: 'POST' | 'PUT' | 'DELETE';
	/** The endpoint, or the item's (a custom object's klass is in the path): items go in bulks per path. */
	path: string | ((input: Input) => string);
	/** One item's record in the bulk body, as its own request would send it (without _clientRef); for DELETE, `{ id }`. */
	item(input: Input): IDataObject;
	/** Why this item cannot go in a bulk (a field naming what to change), checked before anything is sent. */
	refuse?(input: Input): InputProblem | undefined;
	/**
	 * A second look at an item the bulk did not do, keeping the guarantee the operation has
	 * without bulk (a delete: a record deleted before reads `alreadyDeleted`); undefined keeps
	 * the bulk's error.
	 */
	recheck?(client: KustomerClient, input: Input, itemIndex: number): Promise<OperationResult[] | undefined>;
}

/** Per-item failures, by item index: those items go no further. */
export type ItemFailures = Map<number, unknown>;

/**
 * What an operation's batch step found, by item index; items it does not name go on as they
 * were. It changes nothing it was given: new inputs replace the old ones.
 */
export interface BatchFindings<Input> {
	/** Inputs completed with what the step read (a record's ID looked up once, what an update must keep). */
	inputs?: Map<number, Input>;
	/** Items that fail with these errors, sent nothing. */
	failures?: ItemFailures;
	/** Items an earlier run did already (their record found by External ID): their results, nothing sent. */
	done?: Map<number, OperationResult[]>;
}

/** How the node sends the items this run (the batch step reads ahead what the bulk bodies need). */
export interface BatchMode {
	sendInBulk: boolean;
}

/** The Operation dropdown's entry for an operation. */
export interface OperationOption {
	name: string;
	value: string;
	/** The action text n8n shows in the node picker and to AI agents, e.g. "Create a conversation". */
	action: string;
	description: string;
}

/**
 * One operation of the Kustomer node. The node runs it over all input items in two passes:
 * `prepare` reads and checks every item's fields without sending anything, so a bad item stops
 * the node before any record is written; then `batch` (when present) does once what serves
 * many items, and `execute` does each good item's work, several items at once, every request
 * paced by the run's rate governor. Simplify applies to the records `execute` returns.
 */
export interface KustomerOperation<Input> {
	option: OperationOption;
	/** Roles any one of which allows the operation's main request (README table, 401/403 hints). */
	roles: readonly string[];
	/**
	 * What a call does to Kustomer: reads, writes (creates or changes records), deletes, or
	 * delivers something the customer receives. A failed run reports what a non-read wrote;
	 * the agent-tool section of the README lists them.
	 */
	effect: 'read' | 'write' | 'delete' | 'deliver';
	/**
	 * Whether running an item twice leaves Kustomer as running it once: reads, updates, deletes,
	 * and creates an existence check makes safe. Stated in the README; the tests hold it true.
	 * (Whether one request may be sent again is the request's own `retryable`.)
	 */
	idempotent: boolean;
	/** For an operation that is not idempotent: what running the done items of a failed run again does. */
	rerun?: string;
	/**
	 * What the generated roles and re-run tables (docs/roles-and-reruns.md, `npm run docs`) say
	 * beyond the fields above: the roles some inputs add to `roles` (finding a record by email,
	 * an External ID's checks), and what running an item twice does when `rerun` does not say
	 * it or says less. Documentation only: nothing at run time reads it.
	 */
	docs?: { moreRoles?: string; runTwice?: string };
	/** The editor fields of this operation. */
	description: INodeProperties[];
	/** Reads and checks one item's fields. Throws InputProblem naming the field. */
	prepare(this: IExecuteFunctions, itemIndex: number): Input | Promise<Input>;
	/**
	 * The batch step: runs once before any item's work, with every good item, and does what one
	 * request can do for many (each record looked up once, which External IDs exist already;
	 * with Send in Bulk, the reads the bulk bodies need). It only reads: nothing is written
	 * before it ends. It answers new inputs, per-item failures and the items already done.
	 */
	batch?(
		this: IExecuteFunctions,
		client: KustomerClient,
		items: ReadonlyArray<PreparedItem<Input>>,
		mode: BatchMode,
	): Promise<BatchFindings<Input>>;
	/**
	 * Items with the same key would make the same record (the same External ID): only the first
	 * is sent, and the others get its outcome, so a run never creates one twice.
	 */
	idempotencyKey?(input: Input): string | undefined;
	/**
	 * Items with the same key write the same record (Create or Update by External ID): they run
	 * one after the other in input order, so each finds what the one before it wrote.
	 */
	sequenceKey?(input: Input): string | undefined;
	/** Does the work for one prepared item. */
	execute(this: IExecuteFunctions, client: KustomerClient, input: Input, itemIndex: number): Promise<OperationResult[]>;
	/** Kustomer's bulk endpoint for this operation, when it has one: offers Send in Bulk. */
	bulk?: BulkEndpoint<Input>;
}

/** Erases an operation's input type so operations can sit in one registry. */
export function defineOperation<Input>(operation: KustomerOperation<Input>): KustomerOperation<unknown> {
	return operation as unknown as KustomerOperation<unknown>;
}

/** The editor's From List picker of a kind of record: one Kustomer search, newest updates first. */
export interface ListSearch {
	/** The method's name, as the locator's list mode names it (`searchListMethod`). */
	method: string;
	queryContext: 'customer' | 'conversation' | 'company';
	/** The search criteria (any of them) for what the user typed. */
	criteria(text: string): IDataObject[];
	/**
	 * A record as the picker lists it (`url` under the org's app, when known), with the names of
	 * the page's customers by ID when the picker reads them (`namesCustomers`).
	 */
	entry(record: JsonApiResource, appBase?: string, customerNames?: ReadonlyMap<string, string>): INodeListSearchItems;
	/** Whether a page's labels name each record's customer (one customer search per page of 20). */
	namesCustomers?: boolean;
}

/**
 * A kind of Kustomer record as the shared code reads it: where it is looked up, its page in
 * Kustomer's web app (`appUrl`), and its picker. Each resource folder's `record.ts` declares
 * its own, beside the locator (shared/locators.ts: `recordLocator`) that points at one.
 */
export interface RecordKind {
	/** Whether a record Kustomer answered (its JSON:API type) is of this kind. */
	isType(type: string): boolean;
	/** Its page in Kustomer's web app, from the app's root (/app/...); undefined when it has none. */
	appPath(record: JsonApiResource): string | undefined;
	/** Kustomer's lookups of one: GET /v1/<collection>/<id>, /v1/<collection>/email=…, … */
	lookup?: {
		collection: string;
		/** What errors call one: "customer". */
		noun: string;
		/** Roles any one of which allows the lookup. */
		roles: readonly string[];
		/**
		 * For a kind Kustomer does not look up by value in the path (companies: GET
		 * /v1/companies?externalId=…): the record a value names, or undefined for none.
		 */
		findByValue?(client: KustomerClient, ref: Exclude<RecordRef, { by: 'id' }>, itemIndex: number): Promise<JsonApiResource | undefined>;
	};
	listSearch?: ListSearch;
	/**
	 * Where Kustomer defines its custom attributes (GET /v1/metadata/{name}: customer,
	 * conversation, kobject.<klass>), for the typed Custom Attributes field; `parameter` reads
	 * the editor's current values. Undefined: it has none, or the editor does not say yet.
	 */
	metadataName?(parameter: (name: string) => unknown): string | undefined;
}

/** A kind of record Kustomer looks up by ID or by value. */
export type LookedUpKind = RecordKind & Required<Pick<RecordKind, 'lookup'>>;

/** A resource of the node (Conversation, Customer, ...): its kind of record and its operations. */
export interface ResourceDefinition {
	name: string;
	value: string;
	record: RecordKind;
	/** The operation the editor selects first. */
	defaultOperation: string;
	operations: Array<KustomerOperation<unknown>>;
}

import type { IBinaryKeyData, IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { JsonApiResource, KustomerClient } from '../transport';

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

/** A checked item, ready for its requests. */
export interface PreparedItem<Input> {
	itemIndex: number;
	input: Input;
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
 * the node before any record is written; then `beforeItems` (when present) does once what
 * serves many items, and `execute` does each good item's work, several items at once, every
 * request paced by the run's rate governor. Simplify applies to the records `execute` returns.
 */
export interface KustomerOperation<Input> {
	option: OperationOption;
	/** Roles any one of which allows the operation's main request (README table, 401/403 hints). */
	roles: readonly string[];
	/**
	 * Whether running an item twice leaves Kustomer as running it once: reads, updates, deletes,
	 * and creates an existence check makes safe. Stated in the README; the tests hold it true.
	 */
	repeatable: boolean;
	/** The editor fields of this operation. */
	description: INodeProperties[];
	/** Reads and checks one item's fields. Throws InputProblem naming the field. */
	prepare(this: IExecuteFunctions, itemIndex: number): Input | Promise<Input>;
	/**
	 * Runs once before any item's `execute`, with every good item: work one request can do for
	 * many items (finding which external IDs exist, say). It may record its findings in inputs.
	 */
	beforeItems?(this: IExecuteFunctions, client: KustomerClient, items: Array<PreparedItem<Input>>): Promise<void>;
	/** Does the work for one prepared item. */
	execute(this: IExecuteFunctions, client: KustomerClient, input: Input, itemIndex: number): Promise<OperationResult[]>;
}

/** Erases an operation's input type so operations can sit in one registry. */
export function defineOperation<Input>(operation: KustomerOperation<Input>): KustomerOperation<unknown> {
	return operation as unknown as KustomerOperation<unknown>;
}

/** A resource of the node (Conversation, Customer, ...) and its operations. */
export interface ResourceDefinition {
	name: string;
	value: string;
	/** The operation the editor selects first. */
	defaultOperation: string;
	operations: Array<KustomerOperation<unknown>>;
}

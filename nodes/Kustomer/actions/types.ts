import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { JsonApiResource, KustomerClient } from '../transport';

/**
 * One operation of the Kustomer node. Items run in two passes: `prepare` reads and checks
 * every item's fields without sending anything, so a bad item stops the node before any
 * record is written; `execute` then does each good item's work. Every operation has the
 * Simplify field (`simplifyField`); the node applies it to the records `execute` returns.
 */
export interface KustomerOperation<Input> {
	/** The editor fields of this operation. */
	description: INodeProperties[];
	/** Reads and checks one item's fields. Throws InputProblem naming the field. */
	prepare(this: IExecuteFunctions, itemIndex: number): Input;
	/** Does the work for one prepared item and returns the Kustomer records it produced. */
	execute(
		this: IExecuteFunctions,
		client: KustomerClient,
		input: Input,
		itemIndex: number,
	): Promise<JsonApiResource[]>;
}

/** Erases an operation's input type so operations can sit in one registry. */
export function defineOperation<Input>(operation: KustomerOperation<Input>): KustomerOperation<unknown> {
	return operation as unknown as KustomerOperation<unknown>;
}

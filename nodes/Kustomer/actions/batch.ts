import type { JsonApiResource, KustomerClient } from '../transport';
import { errorForItem } from '../transport';
import type { ItemFailures, OperationResult, PreparedItem } from './types';

/**
 * For a batch step: resolves what several items share once, each distinct key by one call
 * (in parallel, paced by the governor). Answers the values by key; each item whose key failed
 * gets its own copy of the error in `failures`.
 */
export async function resolveOnce<Input, Value>(
	client: KustomerClient,
	items: ReadonlyArray<PreparedItem<Input>>,
	keyOf: (input: Input) => string | undefined,
	resolve: (input: Input, itemIndex: number) => Promise<Value>,
	failures: ItemFailures,
): Promise<Map<string, Value>> {
	const firstOf = new Map<string, PreparedItem<Input>>();
	for (const item of items) {
		const key = keyOf(item.input);
		if (key !== undefined && !firstOf.has(key) && !failures.has(item.itemIndex)) firstOf.set(key, item);
	}
	const values = new Map<string, Value>();
	const errors = new Map<string, unknown>();
	await Promise.all(
		[...firstOf].map(async ([key, { input, itemIndex }]) => {
			try {
				values.set(key, await resolve(input, itemIndex));
			} catch (error) {
				errors.set(key, error);
			}
		}),
	);
	for (const { input, itemIndex } of items) {
		const key = keyOf(input);
		if (key !== undefined && errors.has(key)) failures.set(itemIndex, errorForItem(client.node, errors.get(key), itemIndex));
	}
	return values;
}

/** A batch step's new inputs, by item index. */
export function inputsOf<Input>(items: ReadonlyArray<PreparedItem<Input>>): Map<number, Input> {
	return new Map(items.map(({ itemIndex, input }) => [itemIndex, input]));
}

/** A batch step's items already done: each the one record an earlier run made. */
export function doneWith(records: Map<number, JsonApiResource>): Map<number, OperationResult[]> {
	return new Map([...records].map(([itemIndex, record]) => [itemIndex, [record]]));
}

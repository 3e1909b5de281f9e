import type { IDataObject } from 'n8n-workflow';

import type { JsonApiResource } from '../transport';
import type { ItemOutcome, KustomerOperation, NodeError, OperationResult } from './types';
import { isOutputItem } from './types';

/** Items named one by one in a failed run's report; more are counted. */
const LISTED = 20;

/** What running an idempotent write again does. */
const IDEMPOTENT_RERUN = 'Running again is safe for the done items: it leaves Kustomer as one run does.';

/** "item 3" or "items 3–7" for each run of consecutive item indexes. */
function ranges(indexes: number[]): string[] {
	const parts: string[] = [];
	for (let start = 0; start < indexes.length; ) {
		let end = start;
		while (end + 1 < indexes.length && indexes[end + 1] === indexes[end] + 1) end++;
		parts.push(start === end ? `item ${indexes[start]}` : `items ${indexes[start]}–${indexes[end]}`);
		start = end + 1;
	}
	return parts;
}

/** A result as the report names it: the record's type and ID. */
function named(result: OperationResult): string | undefined {
	if (!isOutputItem(result)) return `${(result as JsonApiResource).type} ${(result as JsonApiResource).id}`;
	const id = (result.json as IDataObject).id;
	return typeof id === 'string' ? id : undefined;
}

function listed(entries: string[]): string {
	const shown = entries.slice(0, LISTED).join(', ');
	return entries.length > LISTED ? `${shown} and ${entries.length - LISTED} more` : shown;
}

/**
 * A failed run's error (no Continue On Fail), for an operation that writes: before its own
 * explanation, the items it wrote and their IDs (not undone), the items not done, and what
 * running again does to the done ones. The first failed item's message and status stay.
 */
export function reportWrites(operation: KustomerOperation<unknown>, error: NodeError, outcomes: Map<number, ItemOutcome>, itemCount: number): NodeError {
	if (operation.effect === 'read') return error;
	const done: string[] = [];
	const failed: number[] = [];
	const notStarted: number[] = [];
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		const outcome = outcomes.get(itemIndex);
		if (!outcome) notStarted.push(itemIndex);
		else if ('error' in outcome) failed.push(itemIndex);
		else done.push(`item ${itemIndex} (${outcome.results.map(named).filter(Boolean).join(', ') || 'done'})`);
	}
	if (!done.length) return error;
	const failing = error.context.itemIndex;
	const notDone = [
		...ranges(failed).map((part) => `${part} (failed${part === `item ${failing}` ? ': this error' : ''})`),
		...ranges(notStarted).map((part) => `${part} (not started)`),
	];
	const report = [
		`Done before the failure (not undone): ${listed(done)}.`,
		`Not done: ${notDone.join('; ')}.`,
		operation.idempotent ? IDEMPOTENT_RERUN : (operation.rerun ?? IDEMPOTENT_RERUN),
	];
	error.description = [...report, error.description].filter(Boolean).join('\n');
	return error;
}

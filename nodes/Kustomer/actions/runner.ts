import type { IDataObject, IExecuteFunctions, INodeExecutionData, NodeApiError, NodeOperationError } from 'n8n-workflow';
import { z } from 'zod';

import { MAX_PARALLEL_REQUESTS } from '../shared/fields';
import { formatResources } from '../shared/simplify';
import { inputError, optionalInteger, parseInput } from '../shared/validation';
import type { JsonApiResource } from '../transport';
import { AUTOMATIC_MAX_PARALLEL, asNodeError, KustomerClient } from '../transport';
import { appBaseUrl } from './appLinks';
import type { KustomerOperation, OperationResult, PreparedItem } from './types';
import { isOutputItem } from './types';

type NodeError = NodeApiError | NodeOperationError;

interface GoodItem extends PreparedItem<unknown> {
	simplify: boolean;
}

/** What became of one input item: its results, or the error it failed with. */
type Outcome = { results: OperationResult[] } | { error: NodeError };

const requestOptionsSchema = z.object({ maxParallelRequests: optionalInteger(1, MAX_PARALLEL_REQUESTS) });

/** The run's Request Options, checked before anything is sent. */
function readRequestOptions(context: IExecuteFunctions): { maxParallel?: number } {
	const options = context.getNodeParameter('requestOptions', 0, {}) as IDataObject;
	try {
		const parsed = parseInput(requestOptionsSchema, options, { maxParallelRequests: 'Max Parallel Requests' });
		return { maxParallel: parsed.maxParallelRequests };
	} catch (error) {
		throw inputError(context.getNode(), error, 0) ?? error;
	}
}

function toNodeError(context: IExecuteFunctions, error: unknown, itemIndex?: number): NodeError {
	return (itemIndex === undefined ? undefined : inputError(context.getNode(), error, itemIndex)) ??
		asNodeError(context.getNode(), error, itemIndex);
}

/** The output item n8n shows for a failed input item under Continue On Fail. */
function errorItem(error: NodeError, itemIndex: number): INodeExecutionData {
	const json: IDataObject = { error: error.message };
	if (error.description) json.description = error.description;
	if ('httpCode' in error && error.httpCode) json.httpCode = error.httpCode;
	return { json, pairedItem: { item: itemIndex } };
}

/**
 * First pass: reads and checks every item. A bad item stops the node here, before any request,
 * unless Continue On Fail makes it an error item.
 */
async function prepareItems(
	context: IExecuteFunctions,
	operation: KustomerOperation<unknown>,
	outcomes: Map<number, Outcome>,
): Promise<GoodItem[]> {
	const good: GoodItem[] = [];
	for (let itemIndex = 0; itemIndex < context.getInputData().length; itemIndex++) {
		try {
			const input = await operation.prepare.call(context, itemIndex);
			good.push({ itemIndex, input, simplify: context.getNodeParameter('simplify', itemIndex, true) as boolean });
		} catch (error) {
			const nodeError = toNodeError(context, error, itemIndex);
			if (!context.continueOnFail()) throw nodeError;
			outcomes.set(itemIndex, { error: nodeError });
		}
	}
	return good;
}

/**
 * Second pass: the items' work, up to `width` items at once (their requests paced by the
 * client's governor). Without Continue On Fail the first failure stops new items from
 * starting; items already under way finish, so none is left half done, then the node fails.
 */
async function executeItems(
	context: IExecuteFunctions,
	operation: KustomerOperation<unknown>,
	client: KustomerClient,
	items: GoodItem[],
	width: number,
	outcomes: Map<number, Outcome>,
): Promise<void> {
	let next = 0;
	let stopped = false;
	const signal = context.getExecutionCancelSignal?.();
	const worker = async () => {
		while (!stopped && next < items.length && !signal?.aborted) {
			const { itemIndex, input } = items[next++];
			try {
				outcomes.set(itemIndex, { results: await operation.execute.call(context, client, input, itemIndex) });
			} catch (error) {
				outcomes.set(itemIndex, { error: toNodeError(context, error, itemIndex) });
				if (!context.continueOnFail()) stopped = true;
			}
		}
	};
	await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
}

/** The output items of one input item, paired with it; records carry their app link. */
function outputOf(results: OperationResult[], simplify: boolean, itemIndex: number, appBase?: string): INodeExecutionData[] {
	return results.map((result) => {
		if (isOutputItem(result)) return { ...result, pairedItem: { item: itemIndex } };
		const [json] = formatResources([result as JsonApiResource], simplify, appBase);
		return { json, pairedItem: { item: itemIndex } };
	});
}

/**
 * Runs one operation over every input item and answers the output in input order, each item
 * paired with its input.
 */
export async function runOperation(context: IExecuteFunctions, operation: KustomerOperation<unknown>): Promise<INodeExecutionData[]> {
	const { maxParallel } = readRequestOptions(context);
	const outcomes = new Map<number, Outcome>();
	const items = await prepareItems(context, operation, outcomes);
	const client = new KustomerClient(context, { maxParallel });

	if (operation.beforeItems && items.length) {
		try {
			await operation.beforeItems.call(context, client, items);
		} catch (error) {
			const nodeError = toNodeError(context, error);
			if (!context.continueOnFail()) throw nodeError;
			for (const { itemIndex } of items) outcomes.set(itemIndex, { error: nodeError });
		}
	}
	const pending = items.filter(({ itemIndex }) => !outcomes.has(itemIndex));
	await executeItems(context, operation, client, pending, maxParallel ?? AUTOMATIC_MAX_PARALLEL, outcomes);

	const failed = [...outcomes.entries()].filter(([, outcome]) => 'error' in outcome).sort(([a], [b]) => a - b)[0];
	if (failed && !context.continueOnFail()) throw (failed[1] as { error: NodeError }).error;

	const simplifyOf = new Map(items.map(({ itemIndex, simplify }) => [itemIndex, simplify]));
	const hasRecords = [...outcomes.values()].some((outcome) => 'results' in outcome && outcome.results.some((result) => !isOutputItem(result)));
	const appBase = hasRecords ? await appBaseUrl(client) : undefined;
	return [...outcomes.entries()]
		.sort(([a], [b]) => a - b)
		.flatMap(([itemIndex, outcome]) =>
			'error' in outcome
				? [errorItem(outcome.error, itemIndex)]
				: outputOf(outcome.results, simplifyOf.get(itemIndex) ?? true, itemIndex, appBase),
		);
}

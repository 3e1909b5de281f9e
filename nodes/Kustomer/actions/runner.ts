import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { z } from 'zod';

import { MAX_PARALLEL_REQUESTS } from '../shared/fields';
import { inputError, optionalInteger, parseInput } from '../shared/validation';
import type { JsonApiResource } from '../transport';
import { AUTOMATIC_MAX_PARALLEL, asNodeError, errorForItem, KustomerClient } from '../transport';
import { isReadableVersion } from '../versions';
import { appBaseUrl, formatResources } from './appLinks';
import { readableItems } from './readable';
import { oversizedItemError, runBulk } from './bulk';
import { reportWrites } from './runReport';
import type { BatchFindings, BatchMode, ItemOutcome, KustomerOperation, NodeError, OperationResult, PreparedItem } from './types';
import { isOutputItem } from './types';

interface GoodItem extends PreparedItem<unknown> {
	simplify: boolean;
}

type Outcomes = Map<number, ItemOutcome>;

const requestOptionsSchema = z.object({ maxParallelRequests: optionalInteger(1, MAX_PARALLEL_REQUESTS), budgetReservePercent: optionalInteger(0, 50) });

/** The run's Request Options, checked before anything is sent. */
function readRequestOptions(context: IExecuteFunctions): { maxParallel?: number; reserveShare?: number } {
	const options = context.getNodeParameter('requestOptions', 0, {}) as IDataObject;
	try {
		const parsed = parseInput(requestOptionsSchema, options, { maxParallelRequests: 'Max Parallel Requests', budgetReservePercent: 'Budget Reserve (%)' });
		const reserve = parsed.budgetReservePercent as number | undefined;
		return { maxParallel: parsed.maxParallelRequests, reserveShare: reserve === undefined ? undefined : reserve / 100 };
	} catch (error) {
		throw inputError(context.getNode(), error, 0) ?? error;
	}
}

/** Send in Bulk, refused before anything is sent for an operation Kustomer has no bulk endpoint for. */
function readSendInBulk(context: IExecuteFunctions, operation: KustomerOperation<unknown>): boolean {
	const sendInBulk = context.getNodeParameter('sendInBulk', 0, false) === true;
	if (sendInBulk && !operation.bulk) {
		throw new NodeOperationError(
			context.getNode(),
			`Send in Bulk is not available for ${operation.option.action.toLowerCase()}: Kustomer has no bulk endpoint for it`,
			{ description: 'Turn Send in Bulk off; the items are then sent one request each, several at once.' },
		);
	}
	return sendInBulk;
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

/** Records an item's failure; without Continue On Fail the node fails with it at once. */
function fail(context: IExecuteFunctions, outcomes: Outcomes, itemIndex: number, error: NodeError): void {
	if (!context.continueOnFail()) throw error;
	outcomes.set(itemIndex, { error });
}

/**
 * First pass: reads and checks every item (and, for Send in Bulk, that it fits a bulk
 * request). A bad item stops the node here, before any request, unless Continue On Fail makes
 * it an error item.
 */
async function prepareItems(
	context: IExecuteFunctions,
	operation: KustomerOperation<unknown>,
	sendInBulk: boolean,
	outcomes: Outcomes,
): Promise<GoodItem[]> {
	const good: GoodItem[] = [];
	for (let itemIndex = 0; itemIndex < context.getInputData().length; itemIndex++) {
		try {
			const input = await operation.prepare.call(context, itemIndex);
			const refused = sendInBulk ? operation.bulk?.refuse?.(input) : undefined;
			if (refused) throw refused;
			const item = { itemIndex, input, simplify: context.getNodeParameter('simplify', itemIndex, true) as boolean };
			const tooLarge = sendInBulk && operation.bulk ? oversizedItemError(context.getNode(), operation.bulk, item) : undefined;
			if (tooLarge) fail(context, outcomes, itemIndex, tooLarge);
			else good.push(item);
		} catch (error) {
			fail(context, outcomes, itemIndex, toNodeError(context, error, itemIndex));
		}
	}
	return good;
}

/**
 * The operation's batch step: nothing is written before it ends, so a failure there stops the
 * node cleanly. Its failures and the items it found done get their outcomes; the other items
 * go on, with the inputs it completed.
 */
async function runBatch(
	context: IExecuteFunctions,
	operation: KustomerOperation<unknown>,
	client: KustomerClient,
	items: GoodItem[],
	mode: BatchMode,
	outcomes: Outcomes,
): Promise<GoodItem[]> {
	if (!operation.batch || !items.length) return items;
	let findings: BatchFindings<unknown>;
	try {
		findings = await operation.batch.call(context, client, items, mode);
	} catch (error) {
		const nodeError = toNodeError(context, error);
		for (const { itemIndex } of items) fail(context, outcomes, itemIndex, errorForItem(context.getNode(), nodeError, itemIndex));
		return [];
	}
	const sorted = [...(findings.failures ?? new Map<number, unknown>()).entries()].sort(([a], [b]) => a - b);
	for (const [itemIndex, error] of sorted) fail(context, outcomes, itemIndex, toNodeError(context, error, itemIndex));
	for (const [itemIndex, results] of findings.done ?? []) if (!outcomes.has(itemIndex)) outcomes.set(itemIndex, { results });
	return items
		.filter(({ itemIndex }) => !outcomes.has(itemIndex))
		.map((item) => (findings.inputs?.has(item.itemIndex) ? { ...item, input: findings.inputs.get(item.itemIndex) } : item));
}

/**
 * The items as units of work: items with the same sequence key (one record that several items
 * write) form one unit, run one after the other in input order; every other item is a unit alone.
 */
function unitsOf(operation: KustomerOperation<unknown>, items: GoodItem[]): GoodItem[][] {
	const units: GoodItem[][] = [];
	const byKey = new Map<string, GoodItem[]>();
	for (const item of items) {
		const key = operation.sequenceKey?.(item.input);
		const unit = key === undefined ? undefined : byKey.get(key);
		if (unit) unit.push(item);
		else {
			units.push([item]);
			if (key !== undefined) byKey.set(key, units[units.length - 1]);
		}
	}
	return units;
}

/**
 * The items' work, up to `width` units at once (their requests paced by the client's
 * governor). Without Continue On Fail the first failure stops new items from starting; items
 * already under way finish, so none is left half done, then the node fails.
 */
async function executeItems(
	context: IExecuteFunctions,
	operation: KustomerOperation<unknown>,
	client: KustomerClient,
	items: GoodItem[],
	width: number,
	outcomes: Outcomes,
): Promise<void> {
	const units = unitsOf(operation, items);
	let next = 0;
	let stopped = false;
	const signal = context.getExecutionCancelSignal?.();
	const worker = async () => {
		while (!stopped && next < units.length && !signal?.aborted) {
			for (const { itemIndex, input } of units[next++]) {
				if (stopped || signal?.aborted) break;
				try {
					outcomes.set(itemIndex, { results: await operation.execute.call(context, client, input, itemIndex) });
				} catch (error) {
					outcomes.set(itemIndex, { error: toNodeError(context, error, itemIndex) });
					if (!context.continueOnFail()) stopped = true;
				}
			}
		}
	};
	await Promise.all(Array.from({ length: Math.min(width, units.length) }, worker));
}

/**
 * Items with the same idempotency key (External ID) would make the same record: the first
 * ("leader") is sent, each of the others follows it and gets its outcome.
 */
function leadersAndFollowers(operation: KustomerOperation<unknown>, items: GoodItem[]) {
	const leaders: GoodItem[] = [];
	const leaderOf = new Map<number, number>();
	const byKey = new Map<string, number>();
	for (const item of items) {
		const key = operation.idempotencyKey?.(item.input);
		const leader = key === undefined ? undefined : byKey.get(key);
		if (leader === undefined) {
			leaders.push(item);
			if (key !== undefined) byKey.set(key, item.itemIndex);
		} else {
			leaderOf.set(item.itemIndex, leader);
		}
	}
	return { leaders, leaderOf };
}

/** A follower's outcome: its leader's results, or an error naming the leader's failure. */
function followerOutcome(context: IExecuteFunctions, leader: number, outcome: ItemOutcome | undefined, itemIndex: number): ItemOutcome | undefined {
	if (!outcome) return undefined;
	if ('results' in outcome) return outcome;
	return {
		error: new NodeOperationError(context.getNode(), `Not sent: item ${leader} has the same External ID and failed [item ${itemIndex}]`, {
			itemIndex,
			description: `Item ${leader}: ${outcome.error.message}`,
		}),
	};
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
	const { maxParallel, reserveShare } = readRequestOptions(context);
	const sendInBulk = readSendInBulk(context, operation);
	const outcomes: Outcomes = new Map();
	const items = await prepareItems(context, operation, sendInBulk, outcomes);
	const client = new KustomerClient(context, { maxParallel, reserveShare });

	const toSend = await runBatch(context, operation, client, items, { sendInBulk }, outcomes);
	const { leaders, leaderOf } = leadersAndFollowers(operation, toSend);
	if (sendInBulk) await runBulk(client, operation, leaders, (itemIndex, outcome) => outcomes.set(itemIndex, outcome));
	else await executeItems(context, operation, client, leaders, maxParallel ?? AUTOMATIC_MAX_PARALLEL, outcomes);
	for (const [itemIndex, leader] of leaderOf) {
		const outcome = followerOutcome(context, leader, outcomes.get(leader), itemIndex);
		if (outcome) outcomes.set(itemIndex, outcome);
	}

	const failed = [...outcomes.entries()].filter(([, outcome]) => 'error' in outcome).sort(([a], [b]) => a - b)[0];
	if (failed && !context.continueOnFail()) {
		throw reportWrites(operation, (failed[1] as { error: NodeError }).error, outcomes, context.getInputData().length);
	}

	const hasRecords = [...outcomes.values()].some((outcome) => 'results' in outcome && outcome.results.some((result) => !isOutputItem(result)));
	const appBase = hasRecords ? await appBaseUrl(client) : undefined;
	const simplifyOf = new Map(items.map(({ itemIndex, simplify }) => [itemIndex, simplify]));
	const output = [...outcomes.entries()]
		.sort(([a], [b]) => a - b)
		.flatMap(([itemIndex, outcome]) =>
			'error' in outcome
				? [errorItem(outcome.error, itemIndex)]
				: outputOf(outcome.results, simplifyOf.get(itemIndex) ?? true, itemIndex, appBase),
		);
	if (!isReadableVersion(context.getNode().typeVersion)) return output;
	return await readableItems(client, output, (itemIndex) => simplifyOf.get(itemIndex) ?? true);
}

import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { BulkItemResult, KustomerClient } from '../transport';
import { BULK_MAX_WAIT_MS, BulkStillRunning, errorForItem, MAX_BULK_BODY_BYTES, MAX_BULK_ITEMS, readBulkResults, submitBulk, waitForBulk } from '../transport';
import type { BulkEndpoint, ItemOutcome, KustomerOperation, PreparedItem } from './types';

/**
 * Send in Bulk: the items' records go to Kustomer's bulk endpoint 100 at a time, each bulk
 * one request of the rate budget; the jobs are polled until complete and each item gets what
 * Kustomer's batch results say of it, matched by `_clientRef`.
 */

/** Room in a bulk body for each record's comma and `"_clientRef":"<index>"`. */
const PER_ITEM_OVERHEAD_BYTES = 32;

/**
 * `_clientRef` "so you can match results back to your source rows" (developer.kustomer.com
 * docs/guides/bulk-operations): on every item, unique in the request, 1 to 255 characters
 * (api/core-resources/bulk-create-customers). The item's index is all of that.
 */
const clientRefOf = (itemIndex: number) => String(itemIndex);

/** The bytes one item adds to a bulk body. */
function bytesOf<Input>(bulk: BulkEndpoint<Input>, input: Input): number {
	return Buffer.byteLength(JSON.stringify(bulk.item(input))) + PER_ITEM_OVERHEAD_BYTES;
}

/** Items whose record alone is over what one bulk request can carry, refused before anything is sent. */
export function oversizedItemError<Input>(node: INode, bulk: BulkEndpoint<Input>, item: PreparedItem<Input>): NodeOperationError | undefined {
	const bytes = bytesOf(bulk, item.input);
	if (bytes + 2 <= MAX_BULK_BODY_BYTES) return undefined;
	return new NodeOperationError(
		node,
		`Send in Bulk: this item's record is ${Math.ceil(bytes / 1024)} KB, over the ${MAX_BULK_BODY_BYTES / 1024} KB Kustomer accepts in one request [item ${item.itemIndex}]`,
		{ itemIndex: item.itemIndex, description: 'Shorten its longest field (a body or a custom attribute). Nothing was sent.' },
	);
}

/** The items in bulk requests of at most 100 records and 100 KB, in input order. */
function bulkChunks<Input>(bulk: BulkEndpoint<Input>, items: Array<PreparedItem<Input>>): Array<Array<PreparedItem<Input>>> {
	const chunks: Array<Array<PreparedItem<Input>>> = [];
	let bytes = 2;
	for (const item of items) {
		const size = bytesOf(bulk, item.input);
		const current = chunks[chunks.length - 1];
		if (!current || current.length >= MAX_BULK_ITEMS || bytes + size > MAX_BULK_BODY_BYTES) {
			chunks.push([item]);
			bytes = 2 + size;
		} else {
			current.push(item);
			bytes += size;
		}
	}
	return chunks;
}

type Method = BulkEndpoint<unknown>['method'];

interface Job<Input> {
	items: Array<PreparedItem<Input>>;
	bulkId?: string;
	submittedAt: number;
	error?: unknown;
}

async function submitChunk<Input>(
	client: KustomerClient,
	bulk: BulkEndpoint<Input>,
	roles: readonly string[],
	items: Array<PreparedItem<Input>>,
): Promise<Job<Input>> {
	const records = items.map(({ input, itemIndex }) => ({ ...bulk.item(input), _clientRef: clientRefOf(itemIndex) }));
	try {
		const bulkId = await submitBulk(client, { method: bulk.method, path: bulk.path, items: records, roles });
		return { items, bulkId, submittedAt: client.clock.now() };
	} catch (error) {
		return { items, submittedAt: client.clock.now(), error };
	}
}

/** Why running the batch again is safe: creates are checked by External ID, updates set the same values. */
const RUN_AGAIN = {
	POST: 'with External IDs, running the batch again creates only what is missing',
	PUT: 'running the batch again is safe, as an update sets the same values again',
};

const itemsOf = (job: Job<unknown>) => `items ${job.items[0].itemIndex}–${job.items[job.items.length - 1].itemIndex}`;

/** The error of an item whose bulk request failed: it may or may not have been accepted. */
function submitError(node: INode, method: Method, job: Job<unknown>, itemIndex: number) {
	const error = errorForItem(node, job.error, itemIndex);
	error.description = `${error.description ? `${error.description}\n` : ''}This item was in the bulk request of ${itemsOf(job)}${method === 'POST' ? ', which was not sent again' : ''}: ${RUN_AGAIN[method]}.`;
	return error;
}

/** The error of an item of a submitted job whose outcome could not be read. The job is never sent again. */
function unknownOutcome(node: INode, method: Method, job: Job<unknown>, cause: unknown, itemIndex: number): NodeOperationError {
	const what =
		cause instanceof BulkStillRunning
			? `was still "${cause.status}" after ${BULK_MAX_WAIT_MS / 60_000} minutes`
			: `was submitted, but its outcome could not be read: ${cause instanceof Error ? cause.message : String(cause)}`;
	return new NodeOperationError(node, `Kustomer's bulk operation ${job.bulkId} ${what} [item ${itemIndex}]`, {
		itemIndex,
		description: `It was not sent again${method === 'POST' ? ', so nothing was created twice' : ''}. Look for the records in Kustomer (bulk operation ${job.bulkId}, ${itemsOf(job)}); ${RUN_AGAIN[method]}.`,
	});
}

/**
 * One item's outcome from the job's results. An update's record is the one it named, should
 * Kustomer's result leave out the objectId (its docs show one only for creates).
 */
function outcomeOf<Input>(node: INode, bulk: BulkEndpoint<Input>, job: { bulkId: string; status: string }, result: BulkItemResult | undefined, item: PreparedItem<Input>): ItemOutcome {
	const { itemIndex } = item;
	const { bulkId, status } = job;
	const sentId = bulk.method === 'PUT' ? bulk.item(item.input).id : undefined;
	const id = result?.objectId ?? (typeof sentId === 'string' ? sentId : undefined);
	if (result && id && result.status !== 'error') {
		return { results: [{ json: { id, bulkResult: result.status, bulkOperationId: bulkId } }] };
	}
	if (!result && status !== 'complete') return { error: endedWithoutResult(node, bulk.method, job, itemIndex) };
	const message = result
		? `Kustomer rejected this item in bulk operation ${bulkId}: ${result.error ?? 'no reason given'} [item ${itemIndex}]`
		: `Kustomer's results for bulk operation ${bulkId} do not mention this item [item ${itemIndex}]`;
	return { error: new NodeOperationError(node, message, { itemIndex, description: `The other items of the bulk stand. Fix this item and run again; ${RUN_AGAIN[bulk.method]}.` }) };
}

/** The error of an item a job that ended without completing (failed, cancelled) gave no result for. */
function endedWithoutResult(node: INode, method: Method, job: { bulkId: string; status: string }, itemIndex: number): NodeOperationError {
	return new NodeOperationError(node, `Kustomer's bulk operation ${job.bulkId} ended "${job.status}" without a result for this item [item ${itemIndex}]`, {
		itemIndex,
		description: `It was not sent again${method === 'POST' ? ': it may or may not have been created, so look for it in Kustomer first' : ''}. The items the bulk reported on stand; ${RUN_AGAIN[method]}.`,
	});
}

async function settleJob<Input>(
	client: KustomerClient,
	bulk: BulkEndpoint<Input>,
	job: Job<Input>,
	settle: (itemIndex: number, outcome: ItemOutcome) => void,
) {
	const { node } = client;
	if (!job.bulkId) {
		for (const { itemIndex } of job.items) settle(itemIndex, { error: submitError(node, bulk.method, job, itemIndex) });
		return;
	}
	let results: BulkItemResult[];
	let status: string;
	try {
		status = await waitForBulk(client, job.bulkId, job.submittedAt);
		results = await readBulkResults(client, job.bulkId);
	} catch (cause) {
		for (const { itemIndex } of job.items) settle(itemIndex, { error: unknownOutcome(node, bulk.method, job, cause, itemIndex) });
		return;
	}
	const byRef = new Map(results.map((result) => [result.clientRef, result]));
	const ended = { bulkId: job.bulkId, status };
	for (const item of job.items) settle(item.itemIndex, outcomeOf(node, bulk, ended, byRef.get(clientRefOf(item.itemIndex)), item));
}

/**
 * Sends the items in bulk requests (all submitted at once, each paced by the governor), then
 * waits for the jobs in the order they were submitted and settles each item from the results.
 */
export async function runBulk<Input>(
	client: KustomerClient,
	operation: KustomerOperation<Input>,
	items: Array<PreparedItem<Input>>,
	settle: (itemIndex: number, outcome: ItemOutcome) => void,
): Promise<void> {
	const bulk = operation.bulk as BulkEndpoint<Input>;
	const jobs = await Promise.all(bulkChunks(bulk, items).map(async (chunk) => await submitChunk(client, bulk, operation.roles, chunk)));
	for (const job of jobs) await settleJob(client, bulk, job, settle);
}

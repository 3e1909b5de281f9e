import type { IDataObject, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { BulkBatch, BulkItemResult, KustomerClient } from '../transport';
import { BULK_MAX_WAIT_MS, BulkStillRunning, errorForItem, MAX_BULK_BODY_BYTES, MAX_BULK_ITEMS, readBulkBatches, submitBulk, waitForBulk } from '../transport';
import type { BulkEndpoint, ItemOutcome, KustomerOperation, PreparedItem } from './types';

/**
 * Send in Bulk: the items' records go to Kustomer's bulk endpoint 100 at a time, each bulk
 * one request of the rate budget; the jobs are polled until complete and each item gets what
 * Kustomer's batch results say of it, matched by `_clientRef`, or by its place in the bulk
 * where Kustomer takes no `_clientRef` (see submitChunk).
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

/** The bulk endpoint an item goes to (a custom object's klass is in the path). */
const pathOf = <Input>(bulk: BulkEndpoint<Input>, input: Input) => (typeof bulk.path === 'string' ? bulk.path : bulk.path(input));

interface Chunk<Input> {
	path: string;
	items: Array<PreparedItem<Input>>;
	bytes: number;
}

/** The items in bulk requests of at most 100 records and 100 KB, one endpoint each, in input order. */
function bulkChunks<Input>(bulk: BulkEndpoint<Input>, items: Array<PreparedItem<Input>>): Array<Chunk<Input>> {
	const chunks: Array<Chunk<Input>> = [];
	const open = new Map<string, Chunk<Input>>();
	for (const item of items) {
		const path = pathOf(bulk, item.input);
		const size = bytesOf(bulk, item.input);
		const current = open.get(path);
		if (!current || current.items.length >= MAX_BULK_ITEMS || current.bytes + size > MAX_BULK_BODY_BYTES) {
			const chunk = { path, items: [item], bytes: 2 + size };
			chunks.push(chunk);
			open.set(path, chunk);
		} else {
			current.items.push(item);
			current.bytes += size;
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
	/** Whether its records carried `_clientRef`: its results are then matched by it, else by position. */
	withClientRefs: boolean;
}

/** Whether the run's bulks carry `_clientRef`: yes, until Kustomer refuses a bulk for it. */
interface ClientRefs {
	send: boolean;
}

function bulkRecords<Input>(bulk: BulkEndpoint<Input>, items: Array<PreparedItem<Input>>, withClientRefs: boolean): IDataObject[] {
	return items.map(({ input, itemIndex }) => (withClientRefs ? { ...bulk.item(input), _clientRef: clientRefOf(itemIndex) } : bulk.item(input)));
}

const isBadRequest = (error: unknown) => String((error as { httpCode?: unknown })?.httpCode) === '400';

/**
 * Submits one bulk. Kustomer's sources disagree on `_clientRef`: its bulk pages document it
 * (api/core-resources/bulk-create-customers), while the OpenAPI file's bulk item schemas are
 * closed (additionalProperties: false) without it, and an unknown field is a 400. A bulk
 * answered 400 made no job, so nothing was written: it goes again without `_clientRef`, and
 * so do the run's later bulks; their results are then matched by position.
 */
async function submitChunk<Input>(
	client: KustomerClient,
	bulk: BulkEndpoint<Input>,
	roles: readonly string[],
	{ path, items }: Chunk<Input>,
	clientRefs: ClientRefs,
): Promise<Job<Input>> {
	const submit = async (withClientRefs: boolean): Promise<Job<Input>> => {
		const bulkId = await submitBulk(client, { method: bulk.method, path, items: bulkRecords(bulk, items, withClientRefs), roles });
		return { items, bulkId, submittedAt: client.clock.now(), withClientRefs };
	};
	const failed = (error: unknown, withClientRefs: boolean): Job<Input> => ({ items, submittedAt: client.clock.now(), error, withClientRefs });
	// A bulk delete has no body to carry `_clientRef`: its results are read by ID.
	const withClientRefs = clientRefs.send && bulk.method !== 'DELETE';
	try {
		return await submit(withClientRefs);
	} catch (error) {
		if (!withClientRefs || !isBadRequest(error)) return failed(error, withClientRefs);
	}
	try {
		const job = await submit(false);
		clientRefs.send = false;
		return job;
	} catch (error) {
		return failed(error, false);
	}
}

/** Why running the batch again is safe: creates are checked by External ID, updates set the same values. */
const RUN_AGAIN = {
	POST: 'with External IDs, running the batch again creates only what is missing',
	PUT: 'running the batch again is safe, as an update sets the same values again',
	DELETE: 'running the batch again is safe: a record deleted before reads alreadyDeleted',
};

/** What each kind of bulk does to a record, as an item's result says it. */
const DONE = { POST: 'created', PUT: 'updated', DELETE: 'deleted' } as const;

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

/** A job Kustomer has finished with: complete, or ended without completing (failed, cancelled). */
interface EndedJob {
	bulkId: string;
	status: string;
}

/**
 * One item's outcome from the job's results. An update's record is the one it named, should
 * Kustomer's result leave out the objectId (its docs show one only for creates).
 */
function outcomeOf<Input>(node: INode, bulk: BulkEndpoint<Input>, job: EndedJob, result: BulkItemResult | undefined, item: PreparedItem<Input>): ItemOutcome {
	const { itemIndex } = item;
	const { bulkId, status } = job;
	const sentId = bulk.method === 'POST' ? undefined : bulk.item(item.input).id;
	const id = result?.objectId ?? (typeof sentId === 'string' ? sentId : undefined);
	if (result && id && result.status !== 'error') {
		// A delete's item says so as it does without bulk (`deleted: true`).
		const deleted = bulk.method === 'DELETE' ? { deleted: true } : {};
		return { results: [{ json: { id, ...deleted, bulkResult: result.status, bulkOperationId: bulkId } }] };
	}
	if (!result && status !== 'complete') return { error: endedWithoutResult(node, bulk.method, job, itemIndex) };
	const message = result
		? `Kustomer rejected this item in bulk operation ${bulkId}: ${result.error ?? 'no reason given'} [item ${itemIndex}]`
		: `Kustomer's results for bulk operation ${bulkId} do not mention this item [item ${itemIndex}]`;
	return { error: new NodeOperationError(node, message, { itemIndex, description: `The other items of the bulk stand. Fix this item and run again; ${RUN_AGAIN[bulk.method]}.` }) };
}

/** The items of a job matched to their results by `_clientRef`. */
function byClientRef<Input>(node: INode, bulk: BulkEndpoint<Input>, ended: EndedJob, batches: BulkBatch[]): (item: PreparedItem<Input>) => ItemOutcome {
	const byRef = new Map(batches.flatMap((batch) => batch.results).map((result) => [result.clientRef, result]));
	return (item) => outcomeOf(node, bulk, ended, byRef.get(clientRefOf(item.itemIndex)), item);
}

/**
 * The item a bulk of updates (or deletes) named: done when Kustomer lists its ID among those it changed
 * (or lists none and counts no failure), failed when it lists others or counts failures, and
 * not mentioned when the batches say neither.
 */
function updatedById<Input>(node: INode, bulk: BulkEndpoint<Input>, ended: EndedJob, batches: BulkBatch[]): (item: PreparedItem<Input>) => ItemOutcome {
	const changed = new Set(batches.flatMap((batch) => batch.objectIds));
	const noFailures = batches.every((batch) => batch.failureCount === 0);
	const errors = batches.flatMap((batch) => batch.errors);
	const failuresSaid = changed.size > 0 || errors.length > 0 || batches.some((batch) => (batch.failureCount ?? 0) > 0);
	return (item) => {
		const id = String(bulk.item(item.input).id);
		if (changed.has(id) || (changed.size === 0 && noFailures)) return outcomeOf(node, bulk, ended, { clientRef: '', status: DONE[bulk.method], objectId: id }, item);
		const result = failuresSaid ? { clientRef: '', status: 'error', error: errors.join('; ') || undefined } : undefined;
		return outcomeOf(node, bulk, ended, result, item);
	};
}

/**
 * The items of each batch: Kustomer's batches take the records in the order sent, as many as
 * each counts. Undefined when the counts do not add up to the job's items.
 */
function itemsPerBatch<Input>(batches: BulkBatch[], items: Array<PreparedItem<Input>>): Array<{ batch: BulkBatch; items: Array<PreparedItem<Input>> }> | undefined {
	let offset = 0;
	const parts = batches.map((batch) => {
		const count = (batch.successCount ?? batch.objectIds.length) + (batch.failureCount ?? batch.errors.length);
		offset += count;
		return { batch, items: items.slice(offset - count, offset) };
	});
	return offset === items.length ? parts : undefined;
}

/** A batch that made some of its records and not others: without `_clientRef`, which is which is unknown. */
function unknownWhichFailed(node: INode, method: Method, bulkId: string, batch: BulkBatch, size: number, itemIndex: number): ItemOutcome {
	const message = `Kustomer's results for bulk operation ${bulkId} do not say which of its records failed: ${batch.objectIds.length} of ${size} were made [item ${itemIndex}]`;
	const description = `Kustomer took no _clientRef on this org, so its batch lists the records it made (${batch.objectIds.join(', ')}) and the errors (${batch.errors.join('; ') || 'none given'}), not which item each belongs to. Nothing was sent again. Look for the records in Kustomer; ${RUN_AGAIN[method]}.`;
	return { error: new NodeOperationError(node, message, { itemIndex, description }) };
}

/**
 * The items of a bulk of creates matched by position, as Kustomer's docs call "the standard
 * objectIds approach" (api/core-resources/bulk-create-customers): a batch that made all its
 * records gives each item its ID in order, one that made none fails them all; otherwise which
 * item failed is unknown, and said so.
 */
function createdByPosition<Input>(node: INode, bulk: BulkEndpoint<Input>, ended: EndedJob, batches: BulkBatch[], items: Array<PreparedItem<Input>>): Map<number, ItemOutcome> {
	const outcomes = new Map<number, ItemOutcome>();
	for (const { batch, items: part } of itemsPerBatch(batches, items) ?? []) {
		part.forEach((item, index) => {
			if (batch.objectIds.length === part.length) {
				outcomes.set(item.itemIndex, outcomeOf(node, bulk, ended, { clientRef: '', status: 'created', objectId: batch.objectIds[index] }, item));
			} else if (batch.objectIds.length === 0) {
				const error = batch.errors.length === part.length ? batch.errors[index] : batch.errors.join('; ') || undefined;
				outcomes.set(item.itemIndex, outcomeOf(node, bulk, ended, { clientRef: '', status: 'error', error }, item));
			} else outcomes.set(item.itemIndex, unknownWhichFailed(node, bulk.method, ended.bulkId, batch, part.length, item.itemIndex));
		});
	}
	return outcomes;
}

/** How each item of an ended job is told its outcome: by `_clientRef` when Kustomer answered by it, else by position. */
function outcomesOf<Input>(node: INode, bulk: BulkEndpoint<Input>, job: Job<Input>, status: string, batches: BulkBatch[]): (item: PreparedItem<Input>) => ItemOutcome {
	const ended: EndedJob = { bulkId: job.bulkId as string, status };
	if (job.withClientRefs && batches.some((batch) => batch.results.length)) return byClientRef(node, bulk, ended, batches);
	if (bulk.method !== 'POST') return updatedById(node, bulk, ended, batches);
	const byPosition = createdByPosition(node, bulk, ended, batches, job.items);
	return (item) => byPosition.get(item.itemIndex) ?? outcomeOf(node, bulk, ended, undefined, item);
}

/** The error of an item a job that ended without completing (failed, cancelled) gave no result for. */
function endedWithoutResult(node: INode, method: Method, job: EndedJob, itemIndex: number): NodeOperationError {
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
	let batches: BulkBatch[];
	let status: string;
	try {
		status = await waitForBulk(client, job.bulkId, job.submittedAt);
		batches = await readBulkBatches(client, job.bulkId);
	} catch (cause) {
		for (const { itemIndex } of job.items) settle(itemIndex, { error: unknownOutcome(node, bulk.method, job, cause, itemIndex) });
		return;
	}
	const outcome = outcomesOf(node, bulk, job, status, batches);
	for (const item of job.items) settle(item.itemIndex, await rechecked(client, bulk, item, outcome(item)));
}

/** An item the bulk did not do, looked at again where the operation says how (BulkEndpoint.recheck); its error stands otherwise. */
async function rechecked<Input>(client: KustomerClient, bulk: BulkEndpoint<Input>, item: PreparedItem<Input>, outcome: ItemOutcome): Promise<ItemOutcome> {
	if (!('error' in outcome) || !bulk.recheck) return outcome;
	try {
		const results = await bulk.recheck(client, item.input, item.itemIndex);
		return results ? { results } : outcome;
	} catch {
		return outcome;
	}
}

/**
 * Sends the items in bulk requests, each paced by the governor: the first alone, which tells
 * whether Kustomer takes `_clientRef`, then the others at once. Then waits for the jobs in the
 * order they were submitted and settles each item from the results.
 */
export async function runBulk<Input>(
	client: KustomerClient,
	operation: KustomerOperation<Input>,
	items: Array<PreparedItem<Input>>,
	settle: (itemIndex: number, outcome: ItemOutcome) => void,
): Promise<void> {
	const bulk = operation.bulk as BulkEndpoint<Input>;
	const [first, ...others] = bulkChunks(bulk, items);
	if (!first) return;
	const clientRefs: ClientRefs = { send: true };
	const jobs = [await submitChunk(client, bulk, operation.roles, first, clientRefs)];
	jobs.push(...(await Promise.all(others.map(async (chunk) => await submitChunk(client, bulk, operation.roles, chunk, clientRefs)))));
	for (const job of jobs) await settleJob(client, bulk, job, settle);
}

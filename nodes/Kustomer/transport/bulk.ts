import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { KustomerClient } from './client';
import { costs } from './governor';
import { nextPath, recordsOf } from './pagination';
import type { JsonApiDocument } from './types';

/**
 * Kustomer's bulk endpoints (developer.kustomer.com docs/guides/bulk-operations): up to 100
 * records per `POST|PUT /v1/<objects>/bulk` ("maxItems: 100" on every bulk body in the OpenAPI
 * file), one request of the rate budget, processed asynchronously. The job is polled at
 * `GET /v1/bulk/{id}` until `complete`, then `GET /v1/bulk/{id}/batches` tells each item's
 * outcome by the `_clientRef` it was sent with, or by its place when Kustomer took none.
 */
export const MAX_BULK_ITEMS = 100;
/** Kustomer refuses bodies over 100 KB (413), bulk bodies included. */
export const MAX_BULK_BODY_BYTES = 100 * 1024;
/** The first look at a job, after its submission; later looks double the wait up to the cap. */
const BULK_FIRST_POLL_MS = 1_000;
const BULK_POLL_CAP_MS = 15_000;
/** A job still not complete this long after its submission is reported, never sent again. */
export const BULK_MAX_WAIT_MS = 15 * 60_000;

/** Roles that may read bulk jobs (developer.kustomer.com api/core-resources/get-bulk-operation-by-id). */
export const BULK_READ_ROLES = ['org.permission.bulk.read', 'org.user.bulk.read'] as const;

/** What Kustomer says became of one item of a bulk job. */
export interface BulkItemResult {
	clientRef: string;
	/** "created", "updated" or "error" (api/core-resources/bulk-create-customers, "results[] Shape"). */
	status: string;
	objectId?: string;
	error?: string;
}

/** A job that did not complete within BULK_MAX_WAIT_MS. */
export class BulkStillRunning extends Error {
	constructor(
		readonly bulkId: string,
		readonly status: string,
	) {
		super(`Kustomer's bulk operation ${bulkId} was still "${status}" after ${BULK_MAX_WAIT_MS / 60_000} minutes`);
		this.name = 'BulkStillRunning';
	}
}

/** A bulk job's attributes, whether Kustomer wraps them in `data.attributes` (as documented) or not. */
function attributesOf(value: unknown): IDataObject {
	if (!value || typeof value !== 'object') return {};
	const record = value as IDataObject;
	const data = (record.data ?? record) as IDataObject;
	return (data.attributes ?? data) as IDataObject;
}

function stringOr(value: unknown): string | undefined {
	if (typeof value === 'string' && value !== '') return value;
	if (value && typeof value === 'object') return JSON.stringify(value);
	return undefined;
}

/**
 * Sends one bulk request and answers the job's id. A bulk of creates is not repeated after an
 * ambiguous failure; a bulk of updates or deletes is retried like any update or delete.
 */
export async function submitBulk(
	client: KustomerClient,
	request: { method: 'POST' | 'PUT' | 'DELETE'; path: string; items: IDataObject[]; roles: readonly string[] },
): Promise<string> {
	// A bulk delete names its records in the query: "ids: Comma-separated list of unique … IDs" (OpenAPI DELETE /customers/bulk, /klasses/{name}/bulk), no body.
	const deleting = request.method === 'DELETE';
	const document = await client.request<JsonApiDocument>({
		method: request.method,
		path: request.path,
		// "unique" IDs: items deleting the same record name it once (each reads the record's outcome).
		...(deleting ? { qs: { ids: [...new Set(request.items.map((item) => String(item.id)))].join(',') } } : { body: request.items }),
		roles: request.roles,
		// The job may run even when its answer is lost: a repeat would create its records twice (a repeated update or delete changes nothing more).
		retryable: request.method !== 'POST',
		cost: costs.bulk(),
	});
	const id = recordsOf(document)[0]?.id;
	if (!id) {
		throw new NodeOperationError(client.node, 'Kustomer accepted the bulk request without saying its id', {
			description: `${request.method} ${request.path} answered no data.id, so its outcome cannot be read. Check Kustomer for the records before running again.`,
		});
	}
	return id;
}

/**
 * Statuses after which a job will not move on. Kustomer documents queued, running and complete
 * (api/core-resources/get-bulk-operation-by-id, "Status Values"); a job that fails or is
 * cancelled is not documented, so these words end the wait too: polling one for 15 minutes
 * would only delay the items' errors. Any other unknown status is waited on.
 */
const ENDED_WITHOUT_COMPLETING = new Set(['failed', 'failure', 'error', 'errored', 'cancelled', 'canceled', 'aborted']);

/** One look at a job: its status ("queued", "running", "complete"; others are read as not done). */
async function bulkStatus(client: KustomerClient, bulkId: string): Promise<string> {
	const document = await client.request({
		method: 'GET',
		path: `/v1/bulk/${encodeURIComponent(bulkId)}`,
		roles: BULK_READ_ROLES,
	});
	const attributes = attributesOf(document);
	if (attributes.completed === true) return 'complete';
	return typeof attributes.status === 'string' ? attributes.status : 'unknown';
}

/**
 * Waits until a job is complete (or has ended without completing: failed, cancelled), looking
 * at it after BULK_FIRST_POLL_MS and then ever less often, and answers its final status. A
 * failed look is retried by the transport like any read; the job is never resent.
 */
export async function waitForBulk(client: KustomerClient, bulkId: string, submittedAt: number): Promise<string> {
	let interval = BULK_FIRST_POLL_MS;
	let nextLookAt = submittedAt + interval;
	for (;;) {
		await client.sleep(nextLookAt - client.clock.now());
		const status = await bulkStatus(client, bulkId);
		if (status === 'complete' || ENDED_WITHOUT_COMPLETING.has(status.toLowerCase())) return status;
		if (client.clock.now() - submittedAt >= BULK_MAX_WAIT_MS) throw new BulkStillRunning(bulkId, status);
		interval = Math.min(interval * 2, BULK_POLL_CAP_MS);
		nextLookAt = Math.min(client.clock.now() + interval, submittedAt + BULK_MAX_WAIT_MS);
	}
}

function resultOf(entry: unknown): BulkItemResult | undefined {
	if (!entry || typeof entry !== 'object') return undefined;
	const record = entry as IDataObject;
	if (typeof record._clientRef !== 'string') return undefined;
	return {
		clientRef: record._clientRef,
		status: typeof record.status === 'string' ? record.status : record.objectId ? 'created' : 'error',
		objectId: typeof record.objectId === 'string' ? record.objectId : undefined,
		error: stringOr(record.error),
	};
}

/**
 * What one batch of a complete job says (api/core-resources/get-bulk-operation-batches):
 * `results` by `_clientRef`, only when the items carried one; `objectIds` of the records made or
 * changed, in the order of the items ("the standard objectIds approach", bulk-create-customers);
 * the counts; and the errors of the failed items.
 */
export interface BulkBatch {
	results: BulkItemResult[];
	objectIds: string[];
	successCount?: number;
	failureCount?: number;
	errors: string[];
}

function countOf(value: unknown): number | undefined {
	return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
}

function batchOf(entry: unknown): BulkBatch {
	const attributes = attributesOf(entry);
	const list = (value: unknown) => (Array.isArray(value) ? value : []);
	return {
		results: list(attributes.results).map(resultOf).filter((result): result is BulkItemResult => !!result),
		objectIds: list(attributes.objectIds).filter((id): id is string => typeof id === 'string'),
		successCount: countOf(attributes.successCount),
		failureCount: countOf(attributes.failureCount),
		errors: list(attributes.errors).map((error) => stringOr((error as IDataObject)?.error ?? error) ?? 'no reason given'),
	};
}

/**
 * Every batch of a complete job, in the order Kustomer lists them: one request, unless Kustomer
 * pages them. Read as a JSON:API list or as the bare array the docs' diagram shows.
 */
export async function readBulkBatches(client: KustomerClient, bulkId: string): Promise<BulkBatch[]> {
	const batches: unknown[] = [];
	const visited = new Set<string>();
	let path: string | undefined = `/v1/bulk/${encodeURIComponent(bulkId)}/batches`;
	while (path && !visited.has(path)) {
		visited.add(path);
		const document: unknown = await client.request<unknown>({ method: 'GET', path, roles: BULK_READ_ROLES });
		batches.push(...(Array.isArray(document) ? document : recordsOf(document as JsonApiDocument)));
		path = Array.isArray(document) ? undefined : nextPath((document as JsonApiDocument | undefined)?.links?.next);
	}
	return batches.map(batchOf);
}

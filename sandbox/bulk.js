/**
 * Kustomer's bulk endpoints in the sandbox, in the documented shapes
 * (developer.kustomer.com docs/guides/bulk-operations, api/core-resources/bulk-create-customers,
 * get-bulk-operation-by-id, get-bulk-operation-batches):
 *
 * - POST|PUT /v1/<objects>/bulk takes up to 100 records and answers a bulk job, "queued";
 * - the job runs later (config.bulk.queuedMs, then msPerItem per record), each record as the
 *   single-record request it stands for, so the usual rules (unique values, missing records)
 *   fail items one by one; config.bulk.failureRate fails more at random;
 * - GET /v1/bulk/{id} says queued, running or complete; GET /v1/bulk/{id}/batches gives the
 *   batches (config.bulk.batchSize records each) with successCount, failureCount, objectIds and,
 *   when every item carried a _clientRef, results[] { _clientRef, objectId, status, error };
 * - under the bulkClientRef reading "refused" (the OpenAPI file's closed item schemas), a bulk
 *   carrying _clientRef is a 400 and no job is made;
 * - DELETE /v1/customers/bulk and /v1/klasses/{name}/bulk take the records' IDs in the `ids`
 *   query ("Comma-separated list of unique … IDs", OpenAPI), no body; a custom object endpoint's
 *   klass is in its path (the key's `([^/]+)`, given to `request` as the path's match).
 */
const { isoNow } = require('./clock');
const { reading } = require('./readings');

/** Each bulk endpoint: its role, its answer's status, and the single-record request an item stands for. */
const BULK_ENDPOINTS = {
	'POST /v1/conversations/bulk': { permission: 'conversation.create', status: 201, request: (item) => ['POST', '/v1/conversations', item] },
	'PUT /v1/conversations/bulk': { permission: 'conversation.update', status: 201, request: ({ id, ...rest }) => ['PATCH', `/v1/conversations/${id}`, rest] },
	'POST /v1/customers/bulk': { permission: 'customer.create', status: 201, request: (item) => ['POST', '/v1/customers', item] },
	'PUT /v1/customers/bulk': { permission: 'customer.update', status: 201, request: ({ id, ...rest }) => ['PATCH', `/v1/customers/${id}`, rest] },
	// Kustomer answers 200, not 201, to POST /v1/messages/bulk (OpenAPI).
	'POST /v1/messages/bulk': { permission: 'message.create', status: 200, request: ({ conversation, ...rest }) => ['POST', `/v1/conversations/${conversation}/messages`, rest] },
	// OpenAPI POST and PUT /companies/bulk: 201, items as POST /companies and PUT /companies/{id} take them.
	'POST /v1/companies/bulk': { permission: 'company.create', status: 201, request: (item) => ['POST', '/v1/companies', item] },
	'PUT /v1/companies/bulk': { permission: 'company.update', status: 201, request: ({ id, ...rest }) => ['PUT', `/v1/companies/${id}`, rest] },
	'POST /v1/notes/bulk': { permission: 'note.create', status: 201, request: ({ conversation, ...rest }) => ['POST', `/v1/conversations/${conversation}/notes`, rest] },
	// OpenAPI PUT /messages/bulk answers 200, PUT /notes/bulk 201.
	'PUT /v1/messages/bulk': { permission: 'message.update', status: 200, request: ({ id, ...rest }) => ['PATCH', `/v1/messages/${id}`, rest] },
	'PUT /v1/notes/bulk': { permission: 'note.update', status: 201, request: ({ id, ...rest }) => ['PATCH', `/v1/notes/${id}`, rest] },
	// OpenAPI: DELETE /customers/bulk and /klasses/{name}/bulk answer 201, PUT /klasses/{name}/bulk 200.
	'DELETE /v1/customers/bulk': { permission: 'customer.delete', status: 201, request: ({ id }) => ['DELETE', `/v1/customers/${id}`] },
	'POST /v1/klasses/([^/]+)/bulk': { permission: 'kobject.create', status: 201, request: (item, [, klass]) => ['POST', `/v1/klasses/${klass}`, item] },
	'PUT /v1/klasses/([^/]+)/bulk': { permission: 'kobject.update', status: 200, request: ({ id, ...rest }, [, klass]) => ['PUT', `/v1/klasses/${klass}/${id}`, rest] },
	'DELETE /v1/klasses/([^/]+)/bulk': { permission: 'kobject.delete', status: 201, request: ({ id }, [, klass]) => ['DELETE', `/v1/klasses/${klass}/${id}`] },
};

const DONE = { POST: 'created', PUT: 'updated', DELETE: 'deleted' };

const DEFAULT_BULK_CONFIG = { queuedMs: 200, msPerItem: 2, batchSize: 25, failureRate: 0 };

/**
 * The _clientRef rules: all items or none; non-empty strings of at most 255 characters; unique.
 * Under the bulkClientRef reading "refused", the OpenAPI file's closed item schemas: none at all.
 */
function clientRefProblem(items, bulkClientRef) {
	const refs = items.map((item) => item._clientRef);
	const carrying = refs.filter((ref) => ref !== undefined).length;
	if (carrying === 0) return undefined;
	if (bulkClientRef === 'refused') return `/${refs.findIndex((ref) => ref !== undefined)} must NOT have additional properties "_clientRef"`;
	if (carrying !== items.length) return '_clientRef must be on every item or on none';
	if (refs.some((ref) => typeof ref !== 'string' || ref.length === 0 || ref.length > 255)) return '_clientRef must be a string of 1 to 255 characters';
	if (new Set(refs).size !== refs.length) return '_clientRef must be unique within the request';
	return undefined;
}

/**
 * The bulk jobs of one sandbox. `apply(method, path, body, key)` runs one single-record request
 * through the sandbox's routes (throwing its HttpError); `config()` is the sandbox's config;
 * `store` its store (for IDs) and `clock` its clock (clock.js).
 */
class BulkService {
	constructor({ config, apply, store, clock }) {
		this.config = config;
		this.apply = apply;
		this.store = store;
		this.clock = clock;
		this.endpoints = BULK_ENDPOINTS;
		this.jobs = new Map();
		this.timers = new Set();
	}

	settings() {
		return { ...DEFAULT_BULK_CONFIG, ...(this.config().bulk ?? {}) };
	}

	/**
	 * A bulk request (its body already checked against the schema): answers the queued job, or
	 * the problem. `path` is the endpoint's key; `match` the request path's match of it.
	 */
	submit(method, path, items, key, match = [path]) {
		const problem = clientRefProblem(items, reading(this.config(), 'bulkClientRef'));
		if (problem) return { problem };
		const endpoint = BULK_ENDPOINTS[`${method} ${path}`];
		const { queuedMs, msPerItem } = this.settings();
		const now = this.clock.now();
		const job = {
			id: this.store.newId(),
			endpoint,
			key,
			method,
			path: match[0],
			match,
			context: `api.sobjects.${path.split('/')[2]}.bulk-${{ POST: 'create', PUT: 'update', DELETE: 'delete' }[method]}`,
			items,
			batches: [],
			done: false,
			startAt: now + queuedMs,
			createdAt: new Date(now).toISOString(),
			updatedAt: new Date(now).toISOString(),
		};
		this.jobs.set(job.id, job);
		const timer = this.clock.setTimeout(() => {
			this.timers.delete(timer);
			this.run(job);
		}, queuedMs + msPerItem * items.length);
		this.timers.add(timer);
		return { status: endpoint.status, body: { data: this.render(job) } };
	}

	/** GET /v1/bulk/{id}, or undefined for an unknown job. */
	job(id) {
		const job = this.jobs.get(id);
		return job && { status: 200, body: { data: this.render(job) } };
	}

	/** GET /v1/bulk/{id}/batches, or undefined for an unknown job. */
	batches(id) {
		const job = this.jobs.get(id);
		return job && { status: 200, body: { data: job.batches, meta: { page: 1, pageSize: job.batches.length }, links: { self: `/v1/bulk/${id}/batches`, next: null } } };
	}

	reset() {
		for (const timer of this.timers) this.clock.clearTimeout(timer);
		this.timers.clear();
		this.jobs.clear();
	}

	statusOf(job) {
		if (job.done) return 'complete';
		return this.clock.now() < job.startAt ? 'queued' : 'running';
	}

	runItem(job, item) {
		const { _clientRef: clientRef, ...record } = item;
		const result = clientRef === undefined ? {} : { _clientRef: clientRef };
		try {
			if (Math.random() < this.settings().failureRate) throw new Error('injected failure');
			const [method, path, body] = job.endpoint.request(record, job.match);
			const answer = this.apply(method, path, body, job.key);
			return { ...result, objectId: answer.body?.data?.id ?? record.id, status: DONE[job.method] };
		} catch (error) {
			return { ...result, status: 'error', error: error.message };
		}
	}

	/** Runs every record of a job, batch by batch, and marks it complete. */
	run(job) {
		const { batchSize } = this.settings();
		const withRefs = job.items.some((item) => item._clientRef !== undefined);
		for (let start = 0; start < job.items.length; start += batchSize) {
			const results = job.items.slice(start, start + batchSize).map((item) => this.runItem(job, item));
			const created = results.filter((result) => result.status !== 'error');
			job.batches.push({
				type: 'bulk_batch',
				id: this.store.newId(),
				attributes: {
					status: 'complete',
					successCount: created.length,
					failureCount: results.length - created.length,
					objectIds: created.map((result) => result.objectId),
					errors: results.filter((result) => result.status === 'error').map((result) => ({ error: result.error })),
					...(withRefs ? { results } : {}),
					completedAt: isoNow(this.clock),
				},
			});
		}
		job.done = true;
		job.updatedAt = isoNow(this.clock);
	}

	render(job) {
		const status = this.statusOf(job);
		return {
			type: 'bulk',
			id: job.id,
			attributes: {
				ids: [],
				context: job.context,
				status,
				completed: status === 'complete',
				v2: true,
				batches: { complete: job.done ? job.batches.length : 0, total: Math.ceil(job.items.length / this.settings().batchSize) },
				createdAt: job.createdAt,
				updatedAt: job.updatedAt,
				payload: { api: { data: job.items, path: job.path, method: job.method } },
			},
			links: { self: `/v1/bulk/${job.id}` },
		};
	}
}

module.exports = { BulkService, DEFAULT_BULK_CONFIG };

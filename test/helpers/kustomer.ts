import type { IDataObject } from 'n8n-workflow';
import nock from 'nock';

import { TEST_API_KEY, TEST_BASE_URL } from './constants';
import { clock } from './virtualClock';

/** 24-hex ids, as Kustomer's ObjectIds. */
export function objectId(seed: number): string {
	return seed.toString(16).padStart(24, '0');
}

export const CUSTOMER_ID = '5f1a2b3c4d5e6f7a8b9c0d1e';
export const CONVERSATION_ID = '6a1b2c3d4e5f6a7b8c9d0e1f';
export const QUEUE_ID = '7b2c3d4e5f6a7b8c9d0e1f2a';
export const USER_ID = '8c3d4e5f6a7b8c9d0e1f2a3b';
export const TEAM_ID = '9d4e5f6a7b8c9d0e1f2a3b4c';
export const ORG_ID = '1a1a1a1a1a1a1a1a1a1a1a1a';

export function customerResource(id = CUSTOMER_ID, attributes: IDataObject = {}): IDataObject {
	return {
		type: 'customer',
		id,
		attributes: {
			name: 'Jane Doe',
			displayName: 'Jane Doe',
			emails: [{ email: 'jane@example.com', type: 'home', verified: true }],
			updatedAt: '2026-11-01T10:00:00.000Z',
			...attributes,
		},
		relationships: {
			org: { links: { self: `/v1/orgs/${ORG_ID}` }, data: { type: 'org', id: ORG_ID } },
			messages: { links: { self: `/v1/customers/${id}/messages` } },
		},
		links: { self: `/v1/customers/${id}` },
	};
}

export const COMPANY_ID = '5c0c0c0c0c0c0c0c0c0c0c01';

/** A company as Kustomer answers it (OpenAPI GET /companies/{id}, with the fields POST /companies takes). */
export function companyResource(id = COMPANY_ID, attributes: IDataObject = {}): IDataObject {
	return {
		type: 'company',
		id,
		attributes: { name: 'Acme Inc', externalId: 'crm-acct-1', tags: [], domains: [{ domain: 'acme.com' }], updatedAt: '2026-11-01T10:00:00.000Z', rev: 4, ...attributes },
		relationships: { org: { links: { self: `/v1/orgs/${ORG_ID}` }, data: { type: 'org', id: ORG_ID } } },
		links: { self: `/v1/companies/${id}` },
	};
}

export function conversationResource(
	id = CONVERSATION_ID,
	attributes: IDataObject = {},
	customerId = CUSTOMER_ID,
): IDataObject {
	return {
		type: 'conversation',
		id,
		attributes: {
			name: 'Refund request',
			status: 'open',
			priority: 3,
			assignedUsers: [],
			assignedTeams: [],
			tags: [],
			updatedAt: '2026-11-01T10:00:00.000Z',
			...attributes,
		},
		relationships: {
			org: { data: { type: 'org', id: ORG_ID } },
			customer: { links: { self: `/v1/customers/${customerId}` }, data: { type: 'customer', id: customerId } },
			queue: { data: { type: 'queue', id: QUEUE_ID } },
			messages: { links: { self: `/v1/conversations/${id}/messages` } },
		},
		links: { self: `/v1/conversations/${id}` },
	};
}

export function messageResource(id: string, attributes: IDataObject = {}): IDataObject {
	return {
		type: 'message',
		id,
		attributes: { channel: 'email', direction: 'in', preview: 'Hello', ...attributes },
		relationships: {
			conversation: { data: { type: 'conversation', id: CONVERSATION_ID } },
			customer: { data: { type: 'customer', id: CUSTOMER_ID } },
		},
	};
}

export function noteResource(id: string, attributes: IDataObject = {}): IDataObject {
	return {
		type: 'note',
		id,
		attributes: { body: 'Internal', ...attributes },
		relationships: { conversation: { data: { type: 'conversation', id: CONVERSATION_ID } } },
	};
}

export function draftResource(id: string, attributes: IDataObject = {}): IDataObject {
	return {
		type: 'draft',
		id,
		attributes: { channel: 'email', status: 'draft', body: 'Your refund is on its way', createdAt: '2026-11-22T12:00:00.000Z', ...attributes },
		relationships: {
			org: { data: { type: 'org', id: ORG_ID } },
			customer: { data: { type: 'customer', id: CUSTOMER_ID } },
			conversation: { data: { type: 'conversation', id: CONVERSATION_ID } },
		},
	};
}

/** Where the tests' presigned uploads and downloads go: S3's, never Kustomer's API host. */
export const STORAGE_ORIGIN = 'https://kustomer-attachments.s3.amazonaws.com';

/** POST /v1/attachments' answer: the record and the presigned form to upload the bytes with. */
export function attachmentCreated(id: string, name: string, contentType: string, contentLength: number): IDataObject {
	return {
		data: {
			type: 'attachment',
			id,
			attributes: { name, contentType, contentLength, uploaded: false, redacted: false },
			links: { self: `/v1/attachments/${id}` },
		},
		meta: {
			upload: {
				url: `${STORAGE_ORIGIN}/`,
				fields: { key: `attachments/${id}/${name}`, acl: 'private', 'Content-Type': contentType, 'X-Amz-Meta-Attachment-Id': id, Policy: 'eyJjb25kaXRpb25zIjpbXX0=', 'X-Amz-Signature': 'c2lnbmF0dXJl' },
			},
		},
	};
}

/** A request body as nock hands it to a reply function: text, or hex for binary bodies. */
export function bodyBytes(body: unknown): Buffer {
	if (Buffer.isBuffer(body)) return body;
	const text = typeof body === 'string' ? body : JSON.stringify(body);
	return /^(?:[0-9a-f]{2})+$/i.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'utf8');
}

/** nock scope for the storage, refusing any request that carries an Authorization header. */
export function storageApi(): nock.Scope {
	return nock(STORAGE_ORIGIN, { badheaders: ['authorization'] });
}

/** Customers numbered from..to, updated one second apart in that order. */
export function customerRange(from: number, to: number): IDataObject[] {
	return Array.from({ length: to - from + 1 }, (_, index) =>
		customerResource(objectId(from + index), {
			name: `Customer ${from + index}`,
			updatedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, from + index)).toISOString(),
		}),
	);
}

/**
 * A search past Kustomer's cap: `pages` are served one record per page, each page saying
 * there is more; the re-query (recognised by its updated_at `bound` criterion) gets `afterCap`.
 */
export function serveSearchPastCap(pages: IDataObject[], afterCap: IDataObject[], bound: 'gte' | 'lte' = 'gte'): nock.Scope {
	return kustomerApi()
		.post('/v1/customers/search')
		.query(true)
		.times(pages.length + 1)
		.reply((uri, body) => {
			if (JSON.stringify(body).includes(`"${bound}"`)) return [200, { data: afterCap, links: { next: null } }];
			const page = Number(new URL(uri, 'https://x').searchParams.get('page'));
			return [200, { data: [pages[page - 1]], links: { next: `/v1/customers/search?page=${page + 1}` } }];
		});
}

/** A search that finds nothing, `times` times (a message lookup's 404 is confirmed by one: actions/lookups.ts). */
export function serveSearchMiss(times = 1): nock.Scope {
	return kustomerApi().post('/v1/customers/search').query(true).times(times).reply(200, { data: [], meta: { total: 0 }, links: { next: null } });
}

/** A list page with Kustomer's links.next. */
export function page(data: IDataObject[], next: string | null, pageNumber = 1): IDataObject {
	return {
		data,
		meta: { page: pageNumber, pageSize: data.length },
		links: { self: `/v1/x?page=${pageNumber}`, next },
	};
}

export interface SentRequest {
	method: string;
	path: string;
	body: unknown;
	headers: Record<string, unknown>;
	/** When it was sent, on the test's virtual clock. */
	at: number;
}

/** Every request the Kustomer API mock answered, in order. Cleared by resetApi(). */
export const sent: SentRequest[] = [];

/** nock scope for the test org, requiring the bearer key on every request and recording it. */
export function kustomerApi(): nock.Scope {
	const scope = nock(TEST_BASE_URL, { reqheaders: { authorization: `Bearer ${TEST_API_KEY}` } });
	scope.on('request', (request: { method: string; path: string; headers: Record<string, unknown> }, _interceptor: unknown, body: string) => {
		sent.push({
			method: request.method,
			path: request.path,
			body: body ? (JSON.parse(body) as unknown) : undefined,
			headers: { ...request.headers },
			at: clock.now(),
		});
	});
	return scope;
}

/** nock scope for the test org that does not record in `sent`: for requests a test does not count. */
export function unrecordedApi(): nock.Scope {
	return nock(TEST_BASE_URL, { reqheaders: { authorization: `Bearer ${TEST_API_KEY}` } });
}

export const KLASS = 'order';

export function kobjectResource(id: string, attributes: IDataObject = {}, customerId?: string): IDataObject {
	return {
		type: `kobject.${KLASS}`,
		id,
		attributes: { title: 'Order 1042', custom: {}, tags: [], images: [], updatedAt: '2026-11-01T10:00:00.000Z', ...attributes },
		relationships: {
			org: { data: { type: 'org', id: ORG_ID } },
			klass: { data: { type: 'klass', id: KLASS } },
			...(customerId ? { customer: { data: { type: 'customer', id: customerId } } } : {}),
		},
		links: { self: `/v1/klasses/${KLASS}/${id}` },
	};
}

/** The org's klasses, as GET /v1/klasses lists them (answered quietly, for every request). */
export function serveKlasses(names: string[] = [KLASS, 'subscription']): void {
	unrecordedApi()
		.persist()
		.get('/v1/klasses')
		.query(true)
		.reply(200, {
			data: names.map((name, index) => ({ type: 'klass', id: objectId(0xc1a55 + index), attributes: { name, displayName: name[0].toUpperCase() + name.slice(1) } })),
			links: { next: null },
		});
}

/**
 * Kustomer's search, deleted records included, knowing a deleted record with this ID (answered
 * quietly): what a Delete asks after a 404 to tell "deleted before" from "a wrong ID".
 */
export function serveDeletedRecord(id: string): void {
	unrecordedApi()
		.persist()
		.post('/v1/customers/search', (body: IDataObject) => body.includeDeleted === true)
		.query(true)
		.reply(200, { data: [{ type: 'record', id, attributes: { deleted: true } }], links: { next: null } });
}

/** Call in afterEach: forgets interceptors and recorded requests. */
export function resetApi(): void {
	nock.cleanAll();
	sent.length = 0;
}

/** A network failure as Node reports it (nock needs an Error instance). */
export function networkError(code: string, message = code): Error {
	return Object.assign(new Error(message), { code });
}

/** A bulk job as GET /v1/bulk/{id} (and the submit) answers it. */
export function bulkJob(id: string, status: 'queued' | 'running' | 'complete'): IDataObject {
	return {
		data: {
			type: 'bulk',
			id,
			attributes: { status, completed: status === 'complete', context: 'api.sobjects.conversations.bulk-create', ids: [] },
			links: { self: `/v1/bulk/${id}` },
		},
	};
}

export interface BulkResult {
	_clientRef: string;
	status: 'created' | 'updated' | 'deleted' | 'error';
	objectId?: string;
	error?: string;
}

/** GET /v1/bulk/{id}/batches: the results split into batches of `batchSize`, Kustomer's shape. */
export function bulkBatches(results: BulkResult[], batchSize = 25): IDataObject {
	const batches = Array.from({ length: Math.ceil(results.length / batchSize) }, (_, index) => {
		const part = results.slice(index * batchSize, (index + 1) * batchSize);
		const created = part.filter((result) => result.status !== 'error');
		return {
			type: 'bulk_batch',
			id: objectId(0xb000 + index),
			attributes: {
				status: 'complete',
				successCount: created.length,
				failureCount: part.length - created.length,
				objectIds: created.map((result) => result.objectId),
				results: part,
			},
		};
	});
	return { data: batches, links: { next: null } };
}

/**
 * Kustomer's bulk flow for `path`: each submit (`method`, POST by default) is a job whose status
 * goes through `statuses` (one per poll, the last repeating) and whose batches say
 * `outcome(record, index)` of each record sent: by default created with a new ID (POST), or
 * updated with the record's own (PUT). Answers the bodies submitted.
 */
export function serveBulk(
	path: string,
	{
		method = 'POST',
		statuses = ['complete'],
		outcome = (record: IDataObject, index: number) =>
			method === 'POST' ? { status: 'created' as const, objectId: objectId(0xc000 + index) } : { status: method === 'PUT' ? ('updated' as const) : ('deleted' as const), objectId: String(record.id) },
	}: {
		method?: 'POST' | 'PUT' | 'DELETE';
		statuses?: Array<'queued' | 'running' | 'complete'>;
		outcome?: (record: IDataObject, index: number) => Omit<BulkResult, '_clientRef'>;
	} = {},
): IDataObject[][] {
	const submitted: IDataObject[][] = [];
	const api = kustomerApi();
	// A bulk delete names its records in the `ids` query (OpenAPI DELETE /customers/bulk): they are recorded as `{ id }`.
	const recordsOf = (uri: string, body: unknown) =>
		method === 'DELETE' ? (new URL(uri, 'http://kustomer').searchParams.get('ids') ?? '').split(',').map((id) => ({ id })) : (body as IDataObject[]);
	api
		.intercept(path, method)
		.query(true)
		.times(Infinity)
		.reply((uri, body) => {
			submitted.push(recordsOf(uri, body));
			return [201, bulkJob(objectId(0xa000 + submitted.length), 'queued')];
		});
	const polls = new Map<string, number>();
	api
		.get(/^\/v1\/bulk\/[0-9a-f]{24}$/)
		.times(Infinity)
		.reply((uri) => {
			const id = uri.split('/').pop() as string;
			const count = polls.get(id) ?? 0;
			polls.set(id, count + 1);
			return [200, bulkJob(id, statuses[Math.min(count, statuses.length - 1)])];
		});
	api
		.get(/^\/v1\/bulk\/[0-9a-f]{24}\/batches/)
		.times(Infinity)
		.reply((uri) => {
			const job = Number.parseInt(uri.split('/')[3], 16) - 0xa000;
			const records = submitted[job - 1];
			let offset = submitted.slice(0, job - 1).reduce((sum, body) => sum + body.length, 0);
			if (method !== 'DELETE') return [200, bulkBatches(records.map((record) => ({ _clientRef: String(record._clientRef), ...outcome(record, offset++) })))];
			// A bulk delete's records carry no _clientRef: its batch lists the IDs deleted and the errors.
			const outcomes = records.map((record) => outcome(record, offset++));
			const done = outcomes.filter((entry) => entry.status !== 'error');
			const attributes = { status: 'complete', successCount: done.length, failureCount: outcomes.length - done.length, objectIds: done.map((entry) => entry.objectId), errors: outcomes.filter((entry) => entry.status === 'error').map((entry) => ({ error: entry.error })) };
			return [200, { data: [{ type: 'bulk_batch', id: objectId(0xb000), attributes }], links: { next: null } }];
		});
	return submitted;
}

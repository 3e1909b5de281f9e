#!/usr/bin/env node
/**
 * A local stand-in for Kustomer's REST API, for trying the nodes without an account and for
 * end-to-end tests. It serves, in memory, every endpoint the nodes call, with Kustomer's
 * documented shapes (JSON:API documents, links.next paging, the errors body, 201/200/204),
 * rejects write bodies that Kustomer's schemas reject, sends signed outbound-webhook events,
 * and can be made slow, rate limited or faulty. /_sandbox/* lets tests see what it received.
 *
 *   node sandbox/server.js [--port 4010] [--rpm 300] [--window-ms 60000] [--latency-ms 0]
 *     [--error-rate 0] [--error-after-write-rate 0] [--late-write-rate 0] [--late-write-ms 1500]
 *     [--search-index-lag-ms 0] [--drop-rate 0]
 *     [--burst-429-every 0] [--burst-429-length 0] [--reset-unit epoch|delta] [--other-client 0] [--other-client-spread 1]
 *     [--searches-per-minute 100] [--creates-per-customer-per-minute 120] [--object-updates-per-minute 60]
 *     [--bulk-queued-ms 200] [--bulk-ms-per-item 2] [--bulk-failure-rate 0]
 *     [--reading <name>=<value> ...]   (where Kustomer's sources disagree: sandbox/readings.js)
 *
 * API keys: "sandbox-key" has every role; "sandbox-key-no-webhooks" lacks the
 * outbound-webhook roles. SANDBOX_API_KEY adds another key with every role.
 */
const http = require('http');
const crypto = require('crypto');

const { BulkService, DEFAULT_BULK_CONFIG } = require('./bulk');
const { isoNow, systemClock } = require('./clock');
const { createCompanies } = require('./companies');
const { validateRequestBody } = require('./contract');
const { createDrafts } = require('./drafts');
const { createFiles } = require('./files');
const { createEdits } = require('./edits');
const { createMetrics } = require('./metrics');
const { createObjects } = require('./objects');
const { documentedReadings, parseReadingFlags, reading } = require('./readings');
const { ORG_ID, ORG_NAME, search, Store } = require('./store');
const { offeredEvents, WebhookDispatcher } = require('./webhooks');

const ALL_ROLES = '*';
const OUTBOUND_WEBHOOK_ROLES = ['read', 'create', 'update', 'delete'].map((action) => `org.permission.outbound_webhook.${action}`);
const MAX_BODY_BYTES = 100 * 1024;
const MAX_WEBHOOKS = 5;
const SEARCH_MAX_PAGES = 100;
/** Kustomer's search pages go up to 500 records; one query serves at most about 10,000 records. */
const SEARCH_MAX_PAGE_SIZE = 500;
const SEARCH_MAX_RECORDS = 10_000;
const MINUTE_MS = 60_000;
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/i;

const DEFAULT_CONFIG = {
	// otherClientPerWindow: requests another integration spends from each window as it opens, or
	// (otherClientSpread) evenly through it, each refused when the window is spent (counted: GET
	// /_sandbox/other-client).
	rateLimit: { limit: 1000, windowMs: 60_000, resetUnit: 'epoch', otherClientPerWindow: 0, otherClientSpread: false },
	// Kustomer's limits besides the org budget (0 turns one off): searches per minute per API
	// key, and creates of conversations, messages and notes per minute per customer.
	// objectUpdatesPerMinute: Kustomer's "Object Rate Limiting" of updates by one user to one record
	// (documented without numbers; 0 turns it off).
	limits: { searchesPerMinute: 100, createsPerCustomerPerMinute: 120, objectUpdatesPerMinute: 60 },
	bulk: DEFAULT_BULK_CONFIG,
	latencyMs: 0,
	// lateWriteRate: creates answered 504 at once while the write lands lateWriteMs later (a
	// gateway timing out while Kustomer goes on writing).
	// searchIndexLagMs: searches do not see records created less than this long ago.
	faults: { errorRate: 0, errorAfterWriteRate: 0, lateWriteRate: 0, lateWriteMs: 1500, searchIndexLagMs: 0, dropRate: 0, burst429Every: 0, burst429Length: 0 },
	// Where Kustomer's sources disagree: the documented reading unless switched (readings.js).
	readings: documentedReadings(),
	// Outbound webhook deliveries: Kustomer's retry schedule times retryScale (sandbox/webhooks.js).
	webhookDelivery: { retryScale: 1, timeoutMs: 5000 },
};

function merge(base, patch) {
	const result = { ...base };
	for (const [key, value] of Object.entries(patch ?? {})) {
		result[key] = value && typeof value === 'object' && !Array.isArray(value) ? merge(base[key] ?? {}, value) : value;
	}
	return result;
}

/** Kustomer's error document. */
function errors(status, title, detail, pointer) {
	const error = { status: String(status), code: title.toLowerCase().replace(/[^a-z]+/g, '_'), title };
	if (detail) error.detail = detail;
	if (pointer !== undefined) error.source = { pointer };
	return { errors: [error] };
}

/** Txt custom attributes hold 0 to 1,024 characters (OpenAPI naming-suffix table), under the txtLength reading "max1024". */
const MAX_TXT_LENGTH = 1024;

/** The pointer of the first Txt attribute over MAX_TXT_LENGTH characters in a body (or a bulk body's records), if any. */
function longTxtAttribute(body) {
	const records = Array.isArray(body) ? body.map((item, index) => [item, `/${index}`]) : [[body, '']];
	for (const [record, prefix] of records) {
		for (const [name, value] of Object.entries(record?.custom ?? {})) {
			if (/Txt$/.test(name) && typeof value === 'string' && [...value].length > MAX_TXT_LENGTH) return `${prefix}/custom/${name}`;
		}
	}
	return undefined;
}

class HttpError extends Error {
	constructor(status, title, detail, pointer) {
		super(detail ?? title);
		this.status = status;
		this.body = errors(status, title, detail, pointer);
	}
}

/**
 * A sandbox. `options.clock` (sandbox/clock.js; the system's when not given) is its time: what
 * it stamps, its rate windows, and when its scheduled drafts, bulk jobs, late writes and
 * webhook retries happen. Latency and a webhook's time-out stay the network's (real) time.
 */
function createSandbox(options = {}) {
	const clock = options.clock ?? systemClock;
	const store = new Store({ seed: options.seed !== false, readings: () => config.readings, clock });
	const dispatcher = new WebhookDispatcher(store, () => config);
	const keys = {
		'sandbox-key': ALL_ROLES,
		'sandbox-key-no-webhooks': { except: OUTBOUND_WEBHOOK_ROLES },
		...(process.env.SANDBOX_API_KEY ? { [process.env.SANDBOX_API_KEY]: ALL_ROLES } : {}),
		...(options.keys ?? {}),
	};
	let config = merge(DEFAULT_CONFIG, options.config);
	let requests = [];
	/** Tracking events received (sandbox/metrics.js), for GET /_sandbox/tracked. */
	const tracked = [];
	let sequence = 0;
	// A window starts with the first request after the last one ended (or after a reset or a
	// config change), on a whole second so that x-ratelimit-reset (whole seconds) is exact.
	const spread = () => config.rateLimit.otherClientSpread === true;
	const newWindow = (start = Math.floor(clock.now() / 1000) * 1000) => ({ start, count: spread() ? 0 : (config.rateLimit.otherClientPerWindow ?? 0), otherMade: 0 });
	let window;
	/** The spread other client's requests: served, and refused with 429 because the window was spent. */
	let otherClient = { answered: 0, refused: 0 };
	let served = 0;
	/** Request times in the last minute per limited thing (a key's searches, a customer's creates). */
	const minuteLogs = new Map();
	/** Writes answered 504 that have not landed yet (GET /_sandbox/late-writes): a test waits for none instead of sleeping. */
	let lateWritesPending = 0;
	const bulk = new BulkService({ config: () => config, apply: applyOne, store, clock });

	const render = (collection, record) => store.render(collection, record);
	const one = (collection, record, status = 200) => ({ status, body: { data: render(collection, record) } });

	/** One page of a list, as Kustomer pages it; `renderRecord` for records rendered otherwise than by their collection. */
	function page(collection, records, url, maxPageSize = 100, renderRecord = (record) => render(collection, record)) {
		const pageNumber = Math.max(1, Number(url.searchParams.get('page')) || 1);
		const pageSize = Math.min(maxPageSize, Math.max(1, Number(url.searchParams.get('pageSize')) || 100));
		const slice = records.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
		// Links keep the list's other query parameters (a klass `status` filter, say).
		const link = (number) => {
			const query = new URLSearchParams(url.searchParams);
			query.set('page', String(number));
			query.set('pageSize', String(pageSize));
			return `${url.pathname}?${query}`;
		};
		const totalPages = Math.max(1, Math.ceil(records.length / pageSize));
		return {
			status: 200,
			body: {
				data: slice.map((record) => renderRecord(record)),
				meta: { page: pageNumber, pageSize, total: records.length, totalPages },
				links: {
					self: link(pageNumber),
					first: link(1),
					prev: pageNumber > 1 ? link(pageNumber - 1) : null,
					next: pageNumber < totalPages ? link(pageNumber + 1) : null,
					last: link(totalPages),
				},
			},
		};
	}

	function requireRecord(collection, id, what) {
		const record = store.get(collection, id);
		if (!record) throw new HttpError(404, 'Not Found', `${what} ${id} not found`);
		return record;
	}

	/** A customer's company as the relationship Kustomer keeps it in; an unknown company is a 400. */
	function companyLink(companyId) {
		if (companyId === undefined || companyId === null) return {};
		if (!store.get('companies', companyId)) throw new HttpError(400, 'Bad Request', `company ${companyId} does not exist`, '/company');
		return { company: { type: 'company', id: companyId } };
	}

	function checkIds(collection, ids, pointer) {
		for (const [index, id] of (ids ?? []).entries()) {
			if (!store.get(collection, id)) throw new HttpError(400, 'Bad Request', `${collection.slice(0, -1)} ${id} does not exist`, `${pointer}/${index}`);
		}
	}

	function createConversation(customerId, body) {
		const customer = requireRecord('customers', customerId, 'customer');
		if (body.queue?.id && !store.get('queues', body.queue.id)) throw new HttpError(400, 'Bad Request', `queue ${body.queue.id} does not exist`, '/queue/id');
		checkIds('users', body.assignedUsers, '/assignedUsers');
		checkIds('teams', body.assignedTeams, '/assignedTeams');
		checkIds('tags', body.tags, '/tags');
		if (externalIdsUnique() && body.externalId && store.findConversationByExternalId(body.externalId)) {
			throw new HttpError(409, 'Conflict', `a conversation with externalId "${body.externalId}" already exists`, '/externalId');
		}
		const queueId = body.queue?.id ?? store.list('queues').find((queue) => queue.attributes.systemDefault)?.id;
		const { customer: _customer, queue: _queue, ...attributes } = body;
		const record = store.insert(
			'conversations',
			{
				name: '',
				status: 'open',
				priority: 3,
				direction: 'in',
				channels: [],
				messageCount: 0,
				noteCount: 0,
				assignedUsers: [],
				assignedTeams: [],
				tags: [],
				custom: {},
				...attributes,
			},
			{ customer: { type: 'customer', id: customer.id }, ...(queueId ? { queue: { type: 'queue', id: queueId } } : {}) },
		);
		if (record.attributes.status === 'done') record.attributes.lastDone = { createdAt: record.attributes.createdAt };
		dispatcher.emit('kustomer.conversation.create', 'conversations', record);
		return one('conversations', record, 201);
	}

	/** As Kustomer: a conversation marked done records when, in lastDone.createdAt (search: conversation_last_done_created_at). */
	function recordDone(record, changes) {
		if (changes?.attributes.status?.after !== 'done') return;
		const before = record.attributes.lastDone ?? null;
		record.attributes.lastDone = { ...(before ?? {}), createdAt: record.attributes.updatedAt };
		changes.attributes.lastDone = { op: before ? 'replace' : 'add', before, after: record.attributes.lastDone };
	}

	/** Kustomer's optimistic locking: a write carrying a `rev` other than the record's is a 409. */
	function checkRev(record, rev) {
		if (rev !== undefined && rev !== record.attributes.rev) {
			throw new HttpError(409, 'Conflict', `rev ${rev} is not the current revision ${record.attributes.rev}`, '/rev');
		}
	}

	function updateConversation(id, patch) {
		const current = requireRecord('conversations', id, 'conversation');
		const { queue, customer, rev, ...attributes } = patch;
		checkRev(current, rev);
		if (queue?.id && !store.get('queues', queue.id)) throw new HttpError(400, 'Bad Request', `queue ${queue.id} does not exist`, '/queue/id');
		checkIds('users', attributes.assignedUsers, '/assignedUsers');
		checkIds('teams', attributes.assignedTeams, '/assignedTeams');
		const { record, changes } = store.update('conversations', id, attributes);
		recordDone(record, changes);
		if (queue?.id) record.relationships.queue = { type: 'queue', id: queue.id };
		if (customer) record.relationships.customer = { type: 'customer', id: customer };
		if (changes) dispatcher.emit('kustomer.conversation.update', 'conversations', record, changes);
		return record;
	}

	/** Whether a second record with an External ID one already has is refused (a reading: readings.js). */
	function externalIdsUnique() {
		return reading(config, 'externalIdUniqueness') === 'enforced';
	}

	/** Records a message on a conversation (its files linked), as a create or a sent draft does. */
	function createMessage(conversationId, body, attachmentRefs = []) {
		const conversation = requireRecord('conversations', conversationId, 'conversation');
		if (externalIdsUnique() && body.externalId && store.list('messages').some((entry) => entry.attributes.externalId === body.externalId)) {
			throw new HttpError(409, 'Conflict', `a message with externalId "${body.externalId}" already exists`, '/externalId');
		}
		const sentAt = body.sentAt ?? isoNow(clock);
		const message = store.insert(
			'messages',
			{ direction: 'in', status: body.direction === 'out' ? 'sent' : 'received', sentAt, ...body },
			{ conversation: { type: 'conversation', id: conversation.id }, customer: { type: 'customer', id: conversation.relationships.customer.id } },
		);
		message.relationships.attachments = files.link(attachmentRefs, { type: 'message', id: message.id });
		dispatcher.emit('kustomer.message.create', 'messages', message);
		// As in Kustomer, every new message also updates its conversation.
		const a = conversation.attributes;
		updateConversation(conversation.id, {
			messageCount: a.messageCount + 1,
			channels: [...new Set([...a.channels, body.channel])],
			[message.attributes.direction === 'out' ? 'lastMessageOut' : 'lastMessageIn']: { sentAt, channel: body.channel },
		});
		return message;
	}

	const files = createFiles({ store, HttpError, readingOf: (name) => reading(config, name), clock });
	const drafts = createDrafts({ store, HttpError, requireRecord, page, createMessage, config: () => config, clock });

	const routes = [
		['GET', /^\/v1\/users\/current$/, 'user.read', ({ key }) => one('users', keyUser(key))],
		['GET', /^\/v1\/users$/, 'user.read', ({ url }) => page('users', store.list('users'), url, 500)],
		['GET', /^\/v1\/teams$/, 'team.read', ({ url }) => page('teams', store.list('teams'), url, 500)],
		['GET', /^\/v1\/routing\/queues$/, 'routing.read', ({ url }) => page('queues', store.list('queues'), url)],
		['GET', /^\/v1\/tags$/, 'tag.read', ({ url }) => page('tags', store.list('tags'), url)],
		['GET', /^\/v1\/orgs\/current$/, 'org.read', () => ({ status: 200, body: { data: { type: 'org', id: ORG_ID, attributes: { name: ORG_NAME } } } })],
		[
			'POST',
			/^\/v1\/customers\/search$/,
			'search.create',
			({ url, body }) => {
				const pageNumber = Number(url.searchParams.get('page')) || 1;
				if (pageNumber > SEARCH_MAX_PAGES) {
					throw new HttpError(400, 'Bad Request', `page must be at most ${SEARCH_MAX_PAGES}; search again with a narrower query`, undefined);
				}
				let found;
				try {
					found = search(store, body, { readings: config.readings, indexLagMs: config.faults.searchIndexLagMs });
				} catch (error) {
					throw new HttpError(400, 'Bad Request', error.message, '/');
				}
				const pageSize = Math.min(SEARCH_MAX_PAGE_SIZE, Number(url.searchParams.get('pageSize')) || 100);
				if ((pageNumber - 1) * pageSize >= SEARCH_MAX_RECORDS) {
					throw new HttpError(400, 'Bad Request', `a search serves at most ${SEARCH_MAX_RECORDS} records; search again with a narrower query`, undefined);
				}
				const result = page(found.collection, found.results, url, SEARCH_MAX_PAGE_SIZE);
				// Kustomer serves 100 pages or 10,000 records of one query at most; past that, next still says there is more.
				const atCap = pageNumber === SEARCH_MAX_PAGES || pageNumber * pageSize >= SEARCH_MAX_RECORDS;
				if (atCap && found.results.length > pageNumber * result.body.meta.pageSize) {
					result.body.links.next = `${url.pathname}?page=${pageNumber + 1}&pageSize=${result.body.meta.pageSize}`;
				}
				return result;
			},
		],
		[
			'GET',
			/^\/v1\/customers\/(email|phone|externalId)=(.+)$/,
			'customer.read',
			({ match }) => {
				const value = decodeURIComponent(match[2]);
				const customer = store.findCustomerBy(match[1], value);
				if (!customer) throw new HttpError(404, 'Not Found', `no customer with ${match[1]} ${value}`);
				return one('customers', customer);
			},
		],
		['GET', /^\/v1\/customers\/([0-9a-f]{24})$/, 'customer.read', ({ match }) => one('customers', requireRecord('customers', match[1], 'customer'))],
		[
			'POST',
			/^\/v1\/customers$/,
			'customer.create',
			({ body }) => {
				const conflict = store.customerConflict(body);
				if (conflict) throw new HttpError(409, 'Conflict', `another customer already has this ${conflict}`, `/${conflict}`);
				const { company, ...attributes } = body;
				const record = store.insert('customers', { name: '', emails: [], phones: [], tags: [], custom: {}, ...attributes }, companyLink(company));
				dispatcher.emit('kustomer.customer.create', 'customers', record);
				return one('customers', record, 201);
			},
		],
		[
			'PATCH',
			/^\/v1\/customers\/([0-9a-f]{24})$/,
			'customer.update',
			({ match, body }) => {
				const current = requireRecord('customers', match[1], 'customer');
				const conflict = store.customerConflict(body, match[1]);
				if (conflict) throw new HttpError(409, 'Conflict', `another customer already has this ${conflict}`, `/${conflict}`);
				const { company, rev, ...attributes } = body;
				checkRev(current, rev);
				// Kustomer documents for PATCH (and PUT): "If you omit the company, the customer will no longer
				// be linked to the company." The sandbox does exactly that, the worst reading of it.
				const { company: _unlinked, ...others } = current.relationships;
				current.relationships = { ...others, ...companyLink(company) };
				const { record, changes } = store.update('customers', match[1], attributes);
				if (changes) dispatcher.emit('kustomer.customer.update', 'customers', record, changes);
				return one('customers', record);
			},
		],
		[
			'DELETE',
			/^\/v1\/customers\/([0-9a-f]{24})$/,
			'customer.delete',
			({ match }) => {
				requireRecord('customers', match[1], 'customer');
				store.remove('customers', match[1]);
				return { status: 204 };
			},
		],
		['POST', /^\/v1\/customers\/([0-9a-f]{24})\/conversations$/, 'conversation.create', ({ match, body }) => createConversation(match[1], body)],
		[
			'GET',
			/^\/v1\/customers\/([0-9a-f]{24})\/conversations$/,
			'conversation.read',
			({ match, url }) =>
				page('conversations', store.list('conversations').filter((entry) => entry.relationships.customer.id === match[1]), url),
		],
		['POST', /^\/v1\/conversations$/, 'conversation.create', ({ body }) => createConversation(body.customer, body)],
		[
			'GET',
			/^\/v1\/conversations\/externalId=(.+)$/,
			'conversation.read',
			({ match }) => {
				const value = decodeURIComponent(match[1]);
				const conversation = store.findConversationByExternalId(value);
				if (!conversation) throw new HttpError(404, 'Not Found', `no conversation with externalId ${value}`);
				return one('conversations', conversation);
			},
		],
		['GET', /^\/v1\/conversations\/([0-9a-f]{24})$/, 'conversation.read', ({ match }) => one('conversations', requireRecord('conversations', match[1], 'conversation'))],
		['PATCH', /^\/v1\/conversations\/([0-9a-f]{24})$/, 'conversation.update', ({ match, body }) => one('conversations', updateConversation(match[1], body))],
		[
			'DELETE',
			/^\/v1\/conversations\/([0-9a-f]{24})$/,
			'conversation.delete',
			({ match }) => {
				requireRecord('conversations', match[1], 'conversation');
				store.remove('conversations', match[1]);
				return { status: 204 };
			},
		],
		[
			'POST',
			/^\/v1\/conversations\/([0-9a-f]{24})\/tags$/,
			'conversation.update',
			({ match, body }) => {
				const conversation = requireRecord('conversations', match[1], 'conversation');
				const ids = body.map((name) => {
					// Kustomer takes tag names or tag IDs here (openapi: POST /conversations/{id}/tags).
					const existing = store.get('tags', name) ?? store.list('tags').find((tag) => tag.attributes.name === name);
					if (existing) return existing.id;
					const tag = store.insert('tags', { name, color: '#999999', deleted: false });
					dispatcher.emit('kustomer.tag.create', 'tags', tag);
					return tag.id;
				});
				return one('conversations', updateConversation(match[1], { tags: [...new Set([...conversation.attributes.tags, ...ids])] }));
			},
		],
		[
			'DELETE',
			/^\/v1\/conversations\/([0-9a-f]{24})\/tags$/,
			// Kustomer asks for the delete role here, and answers the conversation (openapi: DELETE /conversations/{id}/tags).
			'conversation.delete',
			({ match, body }) => {
				const conversation = requireRecord('conversations', match[1], 'conversation');
				const names = new Set(body);
				const remaining = conversation.attributes.tags.filter((id) => !names.has(id) && !names.has(store.get('tags', id)?.attributes.name));
				return one('conversations', updateConversation(match[1], { tags: remaining }));
			},
		],
		[
			'POST',
			/^\/v1\/conversations\/([0-9a-f]{24})\/messages$/,
			'message.create',
			({ match, body }) => {
				const { attachments, ...attributes } = body;
				return one('messages', createMessage(match[1], attributes, attachments), 201);
			},
		],
		[
			'GET',
			/^\/v1\/conversations\/([0-9a-f]{24})\/messages$/,
			'message.read',
			({ match, url }) => page('messages', store.list('messages').filter((entry) => entry.relationships.conversation.id === match[1]), url),
		],
		[
			'POST',
			/^\/v1\/conversations\/([0-9a-f]{24})\/notes$/,
			'note.create',
			({ match, body }) => {
				const conversation = requireRecord('conversations', match[1], 'conversation');
				for (const [index, mention] of (body.userMentions ?? []).entries()) {
					if (mention.user && !store.get('users', mention.user)) throw new HttpError(400, 'Bad Request', `user ${mention.user} does not exist`, `/userMentions/${index}/user`);
					if (mention.team && !store.get('teams', mention.team)) throw new HttpError(400, 'Bad Request', `team ${mention.team} does not exist`, `/userMentions/${index}/team`);
				}
				const { attachments, ...attributes } = body;
				const note = store.insert('notes', { userMentions: [], ...attributes }, {
					conversation: { type: 'conversation', id: conversation.id },
					customer: { type: 'customer', id: conversation.relationships.customer.id },
				});
				note.relationships.attachments = files.link(attachments, { type: 'note', id: note.id });
				updateConversation(conversation.id, { noteCount: conversation.attributes.noteCount + 1 });
				return one('notes', note, 201);
			},
		],
		[
			'GET',
			/^\/v1\/conversations\/([0-9a-f]{24})\/notes$/,
			'note.read',
			({ match, url }) => page('notes', store.list('notes').filter((entry) => entry.relationships.conversation.id === match[1]), url),
		],
		[
			'PATCH',
			/^\/v1\/messages\/([0-9a-f]{24})$/,
			'message.update',
			({ match, body }) => {
				requireRecord('messages', match[1], 'message');
				return one('messages', store.update('messages', match[1], body).record);
			},
		],
		[
			'GET',
			/^\/v1\/messages\/(externalid|externalId)=(.+)$/,
			'message.read',
			({ match, url }) => {
				// Which spelling Kustomer serves is the messageExternalIdRoute reading; the other is an unknown route.
				if (match[1] !== (reading(config, 'messageExternalIdRoute') === 'lowercase' ? 'externalid' : 'externalId')) {
					throw new HttpError(404, 'Not Found', `no route GET ${url.pathname}`);
				}
				const value = decodeURIComponent(match[2]);
				const message = store.list('messages').find((entry) => entry.attributes.externalId === value);
				if (!message) throw new HttpError(404, 'Not Found', `no message with externalId ${value}`);
				return one('messages', message);
			},
		],
		['GET', /^\/v1\/outbound-webhooks\/events$/, 'outbound_webhook.read', () => ({ status: 200, body: { events: offeredEvents(config) } })],
		['GET', /^\/v1\/outbound-webhooks$/, 'outbound_webhook.read', ({ url }) => page('webhooks', store.list('webhooks'), url)],
		[
			'POST',
			/^\/v1\/outbound-webhooks$/,
			'outbound_webhook.create',
			({ body }) => {
				if (store.list('webhooks').length >= MAX_WEBHOOKS) {
					throw new HttpError(400, 'Bad Request', `an org can have at most ${MAX_WEBHOOKS} outbound webhooks`);
				}
				const target = new URL(body.url);
				if (target.protocol !== 'https:' && !LOOPBACK.test(target.hostname)) {
					throw new HttpError(400, 'Bad Request', 'url must use https', '/url');
				}
				const unknown = body.events.filter((event) => !offeredEvents(config).includes(event));
				if (unknown.length) throw new HttpError(400, 'Bad Request', `unknown events: ${unknown.join(', ')}`, '/events');
				const record = store.insert('webhooks', {
					headers: [],
					enabled: true,
					...body,
					token: crypto.randomBytes(24).toString('hex'),
				});
				return one('webhooks', record, 201);
			},
		],
		[
			'GET',
			/^\/v1\/outbound-webhooks\/([^/]+)$/,
			'outbound_webhook.read',
			({ match }) => one('webhooks', requireRecord('webhooks', decodeURIComponent(match[1]), 'outbound webhook')),
		],
		[
			'DELETE',
			/^\/v1\/outbound-webhooks\/([^/]+)$/,
			'outbound_webhook.delete',
			({ match }) => {
				const id = decodeURIComponent(match[1]);
				requireRecord('webhooks', id, 'outbound webhook');
				store.remove('webhooks', id);
				return { status: 204 };
			},
		],
		...createObjects({ store, HttpError, requireRecord, page, externalIdsUnique }),
		...createEdits({ store, HttpError, requireRecord, page, config: () => config, clock }),
		...createCompanies({ store, HttpError, requireRecord, page, externalIdsUnique }),
		...files.routes({ requireRecord, page }),
		...drafts.routes,
		...createMetrics({ store, HttpError, requireRecord, page, search: (body, options) => search(store, body, { readings: config.readings, ...options }), tracked, config: () => config }),
	];

	// Bulk jobs (sandbox/bulk.js): submit, status, batches.
	for (const [endpoint, { permission }] of Object.entries(bulk.endpoints)) {
		const [method, path] = endpoint.split(' ');
		// A bulk delete's records are the IDs of its `ids` query (sandbox/bulk.js).
		const itemsOf = ({ body, url }) => (method === 'DELETE' ? (url.searchParams.get('ids') ?? '').split(',').filter(Boolean).map((id) => ({ id })) : body);
		routes.push([method, new RegExp(`^${path}$`), permission, (context) => bulkSubmit(method, path, itemsOf(context), context.key, context.match)]);
	}
	routes.push(
		['GET', /^\/v1\/bulk\/([0-9a-f]{24})$/, 'bulk.read', ({ match }) => bulk.job(match[1]) ?? notFound('bulk operation', match[1])],
		['GET', /^\/v1\/bulk\/([0-9a-f]{24})\/batches$/, 'bulk.read', ({ match }) => bulk.batches(match[1]) ?? notFound('bulk operation', match[1])],
	);

	function notFound(what, id) {
		throw new HttpError(404, 'Not Found', `${what} ${id} not found`);
	}

	function bulkSubmit(method, path, items, key, match) {
		const submitted = bulk.submit(method, path, items, key, match);
		if (submitted.problem) throw new HttpError(400, 'Bad Request', submitted.problem, '/');
		return submitted;
	}

	/** One record of a bulk job, as the single-record request it stands for. */
	function applyOne(method, path, body, key) {
		const url = new URL(path, 'http://sandbox');
		for (const [routeMethod, pattern, , handler] of routes) {
			const match = pattern.exec(url.pathname);
			if (match && routeMethod === method) return handler({ url, match, body, key });
		}
		throw new HttpError(404, 'Not Found', `no route ${method} ${path}`);
	}

	/** A POST that writes a record (not a search). */
	function isCreate(method, pathname) {
		return method === 'POST' && !pathname.endsWith('/search');
	}

	/** The gateway gives up (504) while the write goes on and lands later; the client never learns it. */
	function lateWrite(handler, context, headers) {
		lateWritesPending += 1;
		const timer = clock.setTimeout(() => {
			lateWritesPending -= 1;
			try {
				handler(context);
			} catch {
				// A write that fails when it lands (a conflict, say) leaves nothing, as it would in Kustomer.
			}
		}, config.faults.lateWriteMs);
		timer.unref?.();
		return { status: 504, headers, body: errors(504, 'Gateway Timeout', 'injected fault: the write goes on and lands later') };
	}

	/** Counts a request under a per-minute limit; true when it is over. */
	function overMinuteLimit(name, perMinute) {
		if (!perMinute) return false;
		const now = clock.now();
		const recent = (minuteLogs.get(name) ?? []).filter((at) => at > now - MINUTE_MS);
		const over = recent.length >= perMinute;
		if (!over) recent.push(now);
		minuteLogs.set(name, recent);
		return over;
	}

	/** The customer whose create limit a request uses (bodies with importedAt are exempt, notes excepted). */
	function createLimitCustomer(method, pathname, body) {
		if (method !== 'POST' || !body || Array.isArray(body)) return undefined;
		if (pathname === '/v1/conversations') return body.importedAt ? undefined : body.customer;
		const forCustomer = /^\/v1\/customers\/([0-9a-f]{24})\/conversations$/.exec(pathname);
		if (forCustomer) return body.importedAt ? undefined : forCustomer[1];
		const onConversation = /^\/v1\/conversations\/([0-9a-f]{24})\/(messages|notes)$/.exec(pathname);
		if (!onConversation || (onConversation[2] === 'messages' && body.importedAt)) return undefined;
		return store.get('conversations', onConversation[1])?.relationships.customer.id;
	}

	/**
	 * The record an update counts against under Kustomer's Object Rate Limiting (OpenAPI: PATCH
	 * /customers/{id}, /conversations/{id}, /messages/{id}, /notes/{id}, POST and DELETE /conversations/{id}/tags,
	 * PUT /klasses/{name}/{id} "limits how many updates a single user can make to a single" record).
	 */
	function limitedObject(method, pathname) {
		if (method === 'PATCH' && /^\/v1\/(customers|conversations|messages|notes|companies)\/[0-9a-f]{24}$/.test(pathname)) return pathname;
		if ((method === 'POST' || method === 'DELETE') && /^\/v1\/conversations\/[0-9a-f]{24}\/tags$/.test(pathname)) return pathname.replace(/\/tags$/, '');
		if (method === 'PUT' && /^\/v1\/(klasses\/[^/]+|companies)\/[0-9a-f]{24}$/.test(pathname)) return pathname;
		return undefined;
	}

	/** Kustomer's limits besides the org budget: why this request is refused, or undefined. */
	function otherLimit(key, method, pathname, body) {
		const { searchesPerMinute, createsPerCustomerPerMinute, objectUpdatesPerMinute } = config.limits;
		const object = limitedObject(method, pathname);
		if (object && overMinuteLimit(`object:${key}:${object}`, objectUpdatesPerMinute)) {
			return `object rate limit: more than ${objectUpdatesPerMinute} updates per minute to ${object} by this user`;
		}
		if (method === 'POST' && pathname === '/v1/customers/search' && overMinuteLimit(`search:${key}`, searchesPerMinute)) {
			return `more than ${searchesPerMinute} searches per minute by this API key`;
		}
		const customer = createLimitCustomer(method, pathname, body);
		if (customer && overMinuteLimit(`create:${customer}`, createsPerCustomerPerMinute)) {
			return `more than ${createsPerCustomerPerMinute} creates per minute for customer ${customer}`;
		}
		return undefined;
	}

	function keyUser(key) {
		return store.machineUser ?? store.list('users')[0] ?? { id: '0'.repeat(24), attributes: { name: key } };
	}

	function allowed(key, permission) {
		const roles = keys[key];
		// Kustomer requires no role for some endpoints (drafts: "any API key").
		if (!permission) return true;
		const role = `org.permission.${permission}`;
		if (roles === ALL_ROLES) return true;
		if (roles && roles.except) return !roles.except.includes(role);
		return Array.isArray(roles) && roles.includes(role);
	}

	/** The spread other client's requests due by `until` in the current window, each taken or refused. */
	function otherClientUntil(until) {
		const { limit, windowMs, otherClientPerWindow } = config.rateLimit;
		const due = Math.min(otherClientPerWindow, Math.floor((otherClientPerWindow * (until - window.start)) / windowMs));
		for (; window.otherMade < due; window.otherMade++) {
			if (window.count < limit) {
				window.count += 1;
				otherClient.answered += 1;
			} else otherClient.refused += 1;
		}
	}

	/**
	 * The window `now` falls in. A window starts with the first request after the last one ended;
	 * with another client spending through every window, windows follow each other back to back.
	 */
	function currentWindow(now) {
		const { windowMs } = config.rateLimit;
		if (!window) window = newWindow();
		while (now >= window.start + windowMs) {
			if (!spread()) return (window = newWindow());
			otherClientUntil(window.start + windowMs);
			window = newWindow(window.start + windowMs);
		}
		if (spread()) otherClientUntil(now);
		return window;
	}

	/** Rate limit: one budget per window for the whole org, as Kustomer does. */
	function rateLimitHeaders() {
		const now = clock.now();
		const { limit, windowMs, resetUnit } = config.rateLimit;
		window = currentWindow(now);
		window.count += 1;
		const resetMs = window.start + windowMs;
		const reset = resetUnit === 'delta' ? Math.max(0, Math.ceil((resetMs - now) / 1000)) : Math.ceil(resetMs / 1000);
		return {
			limited: window.count > limit,
			headers: {
				'x-ratelimit-limit': String(limit),
				'x-ratelimit-remaining': String(Math.max(0, limit - window.count)),
				'x-ratelimit-reset': String(reset),
			},
		};
	}

	/** Whether the next request falls in a burst: `every` answered, then `length` 429s, repeating. */
	function in429Burst() {
		const { burst429Every, burst429Length } = config.faults;
		if (!burst429Every || !burst429Length) return false;
		return served % (burst429Every + burst429Length) >= burst429Every;
	}

	async function admin(method, url, body) {
		const [, , name, ...rest] = url.pathname.split('/');
		if (method === 'GET' && name === 'health') return { status: 200, body: { ok: true } };
		if (method === 'GET' && name === 'requests') {
			const since = Number(url.searchParams.get('since')) || 0;
			return { status: 200, body: { requests: requests.filter((entry) => entry.seq > since) } };
		}
		if (method === 'DELETE' && name === 'requests') {
			requests = [];
			return { status: 204 };
		}
		if (method === 'GET' && name === 'late-writes') return { status: 200, body: { pending: lateWritesPending } };
		if (method === 'GET' && name === 'tracked') return { status: 200, body: { tracked } };
		if (method === 'GET' && name === 'deliveries') return { status: 200, body: { deliveries: dispatcher.deliveries } };
		if (method === 'GET' && name === 'other-client') {
			if (window && spread()) currentWindow(clock.now());
			return { status: 200, body: otherClient };
		}
		if (method === 'GET' && name === 'events') {
			return { status: 200, body: { events: [...dispatcher.events.entries()].map(([id, event]) => ({ id, name: event.name })) } };
		}
		if (method === 'GET' && name === 'records' && rest[0] in store) {
			return { status: 200, body: { data: store.list(rest[0]).map((record) => render(rest[0], record)) } };
		}
		if (method === 'POST' && name === 'reset') {
			store.reset({ seed: body?.seed !== false });
			dispatcher.reset();
			drafts.reset();
			requests = [];
			tracked.length = 0;
			config = merge(DEFAULT_CONFIG, options.config);
			window = undefined;
			otherClient = { answered: 0, refused: 0 };
			served = 0;
			bulk.reset();
			minuteLogs.clear();
			return { status: 200, body: { ok: true } };
		}
		if (method === 'PATCH' && name === 'config') {
			config = merge(config, body);
			window = undefined;
			otherClient = { answered: 0, refused: 0 };
			return { status: 200, body: config };
		}
		if (method === 'GET' && name === 'config') return { status: 200, body: config };
		if (method === 'POST' && name === 'redeliver') return { status: 200, body: { redelivered: dispatcher.redeliver(body?.eventId) } };
		if (method === 'POST' && name === 'idle') {
			await dispatcher.idle();
			return { status: 200, body: { ok: true } };
		}
		return { status: 404, body: errors(404, 'Not Found', `no sandbox endpoint ${method} ${url.pathname}`) };
	}

	async function route(request, url, raw) {
		const method = request.method.toUpperCase();
		// The file storage is another service (S3 in Kustomer): no API key, no JSON.
		if (url.pathname.startsWith('/storage/')) return files.storage(method, url, request, raw);
		let body;
		if (raw.length) {
			try {
				body = JSON.parse(raw.toString('utf8'));
			} catch {
				throw new HttpError(400, 'Bad Request', 'the body is not JSON');
			}
		}
		if (url.pathname.startsWith('/_sandbox/')) return await admin(method, url, body);

		const auth = /^Bearer (.+)$/.exec(request.headers.authorization ?? '');
		const key = auth?.[1];
		if (!key || !(key in keys)) throw new HttpError(401, 'Unauthorized', 'Auth token is invalid or expired');

		const limit = rateLimitHeaders();
		const burst = in429Burst();
		served += 1;
		if (limit.limited || burst) {
			return { status: 429, headers: limit.headers, body: errors(429, 'Too Many Requests', 'Rate limit exceeded') };
		}
		const overOther = otherLimit(key, method, url.pathname, body);
		if (overOther) return { status: 429, headers: limit.headers, body: errors(429, 'Too Many Requests', overOther) };
		if (raw.length > MAX_BODY_BYTES) return { status: 413, headers: limit.headers, body: errors(413, 'Payload Too Large') };
		if (Math.random() < config.faults.errorRate) {
			return { status: 503, headers: limit.headers, body: errors(503, 'Service Unavailable', 'injected fault') };
		}

		for (const [routeMethod, pattern, permission, handler] of routes) {
			const match = pattern.exec(url.pathname);
			if (!match || routeMethod !== method) continue;
			if (!allowed(key, permission)) {
				throw new HttpError(403, 'Forbidden', `the API key lacks the org.permission.${permission} role`);
			}
			if (['POST', 'PUT', 'PATCH', 'DELETE'].includes(method) && body !== undefined) {
				const check = validateRequestBody(method, url.pathname, body, { metadata: store.metadata, strict: false });
				if (!check.valid) {
					const first = check.errors[0];
					const pointer = first.startsWith('/') ? first.split(' ')[0] : '';
					throw new HttpError(400, 'Bad Request', check.errors.join('; '), pointer);
				}
				const tooLong = reading(config, 'txtLength') === 'max1024' ? longTxtAttribute(body) : undefined;
				if (tooLong) throw new HttpError(400, 'Bad Request', `${tooLong} must NOT have more than ${MAX_TXT_LENGTH} characters`, tooLong);
			}
			const context = { url, match, body, key, origin: `http://${request.headers.host}` };
			if (isCreate(method, url.pathname) && Math.random() < config.faults.lateWriteRate) return lateWrite(handler, context, limit.headers);
			const result = handler(context);
			const written = method !== 'GET' && result.status < 300;
			if (written && Math.random() < config.faults.errorAfterWriteRate) {
				// The write happened; the client does not learn it.
				return { status: 502, headers: limit.headers, body: errors(502, 'Bad Gateway', 'injected fault after the write') };
			}
			return { ...result, headers: { ...limit.headers, ...result.headers } };
		}
		throw new HttpError(404, 'Not Found', `no route ${method} ${url.pathname}`);
	}

	const server = http.createServer(async (request, response) => {
		const chunks = [];
		for await (const chunk of request) chunks.push(chunk);
		const raw = Buffer.concat(chunks);
		const url = new URL(request.url, 'http://sandbox');
		const isAdmin = url.pathname.startsWith('/_sandbox/');
		if (!isAdmin && Math.random() < config.faults.dropRate) {
			request.socket.destroy();
			return;
		}
		// The network's time, not Kustomer's: real even on a virtual clock, which nothing moves while a client waits for its answer.
		if (!isAdmin && config.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, config.latencyMs));

		let result;
		try {
			result = await route(request, url, raw);
		} catch (error) {
			result = error instanceof HttpError ? { status: error.status, body: error.body } : { status: 500, body: errors(500, 'Internal Server Error', error.message) };
		}
		if (!isAdmin) {
			let parsed;
			try {
				parsed = raw.length ? JSON.parse(raw.toString('utf8')) : undefined;
			} catch {
				parsed = raw.toString('utf8');
			}
			const entry = { seq: ++sequence, at: isoNow(clock), method: request.method, path: `${url.pathname}${url.search}`, status: result.status, body: parsed };
			// Storage requests: the bytes' size, and whether a key came along (it must not).
			if (url.pathname.startsWith('/storage/')) Object.assign(entry, { path: url.pathname, body: { bytes: raw.length }, authorization: !!request.headers.authorization });
			requests.push(entry);
			if (requests.length > 20_000) requests.shift();
		}
		const headers = { ...(result.headers ?? {}) };
		if (result.raw !== undefined) {
			response.writeHead(result.status, headers);
			response.end(result.raw);
			return;
		}
		if (result.status === 204 || result.body === undefined) {
			response.writeHead(result.status, headers);
			response.end();
			return;
		}
		headers['Content-Type'] = 'application/json; charset=utf-8';
		response.writeHead(result.status, headers);
		response.end(JSON.stringify(result.body));
	});

	return {
		server,
		store,
		dispatcher,
		get config() {
			return config;
		},
		async listen(port = 4010, host = '127.0.0.1') {
			await new Promise((resolve, reject) => {
				server.once('error', reject);
				server.listen(port, host, resolve);
			});
			const address = server.address();
			return `http://${host}:${address.port}`;
		},
		async close() {
			bulk.reset();
			drafts.reset();
			dispatcher.stopRetries();
			await dispatcher.idle();
			server.closeAllConnections?.();
			await new Promise((resolve) => server.close(resolve));
		},
	};
}

function parseArguments(argv) {
	const flags = {};
	const readingFlags = [];
	for (let index = 0; index < argv.length; index++) {
		const [name, ...inline] = argv[index].replace(/^--/, '').split('=');
		const value = inline.length ? inline.join('=') : argv[++index];
		if (name === 'reading') readingFlags.push(value);
		else flags[name] = value;
	}
	const number = (name, fallback) => (flags[name] === undefined ? fallback : Number(flags[name]));
	return {
		port: number('port', 4010),
		host: flags.host ?? '127.0.0.1',
		config: {
			rateLimit: {
				limit: number('rpm', DEFAULT_CONFIG.rateLimit.limit),
				windowMs: number('window-ms', DEFAULT_CONFIG.rateLimit.windowMs),
				resetUnit: flags['reset-unit'] ?? DEFAULT_CONFIG.rateLimit.resetUnit,
				otherClientPerWindow: number('other-client', 0),
				otherClientSpread: flags['other-client-spread'] === 'true' || flags['other-client-spread'] === '1',
			},
			limits: {
				searchesPerMinute: number('searches-per-minute', DEFAULT_CONFIG.limits.searchesPerMinute),
				objectUpdatesPerMinute: number('object-updates-per-minute', DEFAULT_CONFIG.limits.objectUpdatesPerMinute),
				createsPerCustomerPerMinute: number('creates-per-customer-per-minute', DEFAULT_CONFIG.limits.createsPerCustomerPerMinute),
			},
			bulk: {
				queuedMs: number('bulk-queued-ms', DEFAULT_BULK_CONFIG.queuedMs),
				msPerItem: number('bulk-ms-per-item', DEFAULT_BULK_CONFIG.msPerItem),
				failureRate: number('bulk-failure-rate', DEFAULT_BULK_CONFIG.failureRate),
			},
			latencyMs: number('latency-ms', 0),
			faults: {
				errorRate: number('error-rate', 0),
				errorAfterWriteRate: number('error-after-write-rate', 0),
				lateWriteRate: number('late-write-rate', 0),
				lateWriteMs: number('late-write-ms', 1500),
				searchIndexLagMs: number('search-index-lag-ms', 0),
				dropRate: number('drop-rate', 0),
				burst429Every: number('burst-429-every', 0),
				burst429Length: number('burst-429-length', 0),
			},
			readings: { ...DEFAULT_CONFIG.readings, ...parseReadingFlags(readingFlags) },
		},
	};
}

if (require.main === module) {
	const { port, host, config } = parseArguments(process.argv.slice(2));
	const sandbox = createSandbox({ config });
	sandbox.listen(port, host).then((url) => {
		console.log(`Kustomer sandbox listening on ${url} (API key: sandbox-key; inspect at ${url}/_sandbox/requests)`);
	});
	const stop = () => sandbox.close().then(() => process.exit(0));
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

module.exports = { createSandbox, parseArguments, HttpError };

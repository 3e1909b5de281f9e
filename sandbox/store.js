/**
 * The sandbox's in-memory Kustomer org: records, their JSON:API rendering, uniqueness rules,
 * the changes an update makes (as outbound-webhook events report them) and search.
 */
const crypto = require('crypto');

const { systemClock } = require('./clock');
const { METADATA } = require('./metadata');
const { reading } = require('./readings');

const ORG_ID = '5a0000000000000000000001';
const ORG_NAME = 'sandbox';

/** Attributes Kustomer bumps on every write. */
const BOOKKEEPING = ['updatedAt', 'modifiedAt', 'rev'];

let idCounter = 0;
/** 24-hex ObjectIds: a timestamp prefix (of `at`, in ms) like MongoDB's, then a counter. */
function objectId(at) {
	idCounter += 1;
	const time = Math.floor(at / 1000).toString(16).padStart(8, '0');
	return `${time}${crypto.randomBytes(4).toString('hex')}${idCounter.toString(16).padStart(8, '0')}`;
}

/** IDs of the seeded records; the example workflows use some of them. */
const SEED_IDS = {
	users: { apiKey: '5a00000000000000000000a0', ana: '5a00000000000000000000a1', ben: '5a00000000000000000000a2' },
	teams: { tier1: '5a00000000000000000000b1', escalations: '5a00000000000000000000b2' },
	queues: { default: '5a00000000000000000000c0', tier2: '5a00000000000000000000c1', vip: '5a00000000000000000000c2' },
	tags: { vip: '5a00000000000000000000d1', refund: '5a00000000000000000000d2', escalated: '5a00000000000000000000d3', bug: '5a00000000000000000000d4' },
	companies: { acme: '5a00000000000000000000f1', globex: '5a00000000000000000000f2' },
	customers: {
		jane: '5a00000000000000000000e1',
		omar: '5a00000000000000000000e2',
		mei: '5a00000000000000000000e3',
		lukas: '5a00000000000000000000e4',
		priya: '5a00000000000000000000e5',
	},
};

/** Collections whose deleted records Kustomer's search still finds (includeDeleted). */
const SOFT_DELETED = ['customers', 'conversations', 'kobjects', 'notes'];

const COLLECTIONS = ['customers', 'conversations', 'messages', 'notes', 'users', 'teams', 'queues', 'tags', 'webhooks', 'companies', 'klasses', 'kobjects', 'attachments', 'drafts', 'merges'];

const TYPES = {
	customers: 'customer',
	conversations: 'conversation',
	messages: 'message',
	notes: 'note',
	users: 'user',
	teams: 'team',
	queues: 'queue',
	tags: 'tag',
	webhooks: 'outbound_webhook',
	companies: 'company',
	klasses: 'klass',
	kobjects: 'kobject',
	attachments: 'attachment',
	drafts: 'draft',
	merges: 'customer_merge',
};

function clone(value) {
	return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

class Store {
	/**
	 * `readings`: the sandbox's current readings (readings.js), for what a store operation does
	 * under each; `clock`: the sandbox's (clock.js), for IDs and stamps.
	 */
	constructor({ seed = true, readings = () => ({}), clock = systemClock } = {}) {
		this.readings = readings;
		this.clock = clock;
		this.lastStamp = 0;
		this.reset({ seed });
	}

	/** A new ObjectId, of the clock's now. */
	newId() {
		return objectId(this.clock.now());
	}

	/** A timestamp strictly later than the previous one, so ordering by update is total. */
	timestamp() {
		this.lastStamp = Math.max(this.clock.now(), this.lastStamp + 1);
		return new Date(this.lastStamp).toISOString();
	}

	reset({ seed = true } = {}) {
		for (const name of COLLECTIONS) this[name] = new Map();
		/** Deleted customers, conversations, custom objects and notes, by id, for searches with includeDeleted. */
		this.tombstones = new Map();
		/** Uploaded attachment bytes by attachment id; the org's custom attribute definitions. */
		this.files = new Map();
		this.metadata = seed ? clone(METADATA) : {};
		if (seed) this.seed();
	}

	/**
	 * A few of each, so the editor's dropdowns and the examples have something to show. Seeded
	 * records have fixed IDs (SEED_IDS), so example workflows can refer to them.
	 */
	seed() {
		const user = (id, name, email, userType = 'user') =>
			this.insert('users', { name, displayName: name, email, userType, deleted: false }, {}, id);
		this.machineUser = user(SEED_IDS.users.apiKey, 'n8n sandbox key', 'api-key@sandbox.kustomer.test', 'machine');
		user(SEED_IDS.users.ana, 'Ana Agent', 'ana@sandbox.kustomer.test');
		user(SEED_IDS.users.ben, 'Ben Lead', 'ben@sandbox.kustomer.test');
		const team = (id, name, members) => this.insert('teams', { name, displayName: name, members, deleted: false }, {}, id);
		team(SEED_IDS.teams.tier1, 'Tier 1 Support', [SEED_IDS.users.ana]);
		team(SEED_IDS.teams.escalations, 'Escalations', [SEED_IDS.users.ben]);
		const queue = (id, name, displayName, extra = {}) => this.insert('queues', { name, displayName, deleted: false, ...extra }, {}, id);
		queue(SEED_IDS.queues.default, 'default', 'Default Queue', { systemDefault: true });
		queue(SEED_IDS.queues.tier2, 'tier-2', 'Tier 2');
		queue(SEED_IDS.queues.vip, 'vip', 'VIP');
		for (const [name, id] of Object.entries(SEED_IDS.tags)) this.insert('tags', { name, color: '#5bd1c5', deleted: false }, {}, id);
		this.insert('companies', { name: 'Acme Inc', tags: [] }, {}, SEED_IDS.companies.acme);
		this.insert('companies', { name: 'Globex', tags: [] }, {}, SEED_IDS.companies.globex);
		const customers = [
			['jane', 'Jane Doe', 'jane@example.com', '+14155550101', 'crm-1001'],
			['omar', 'Omar Haddad', 'omar@example.com', '+14155550102', 'crm-1002'],
			['mei', 'Mei Lin', 'mei@example.com', '+442079460103', 'crm-1003'],
			['lukas', 'Lukas Weber', 'lukas@example.com', '+4930901820104', 'crm-1004'],
			['priya', 'Priya Nair', 'priya@example.com', '+919876500105', 'crm-1005'],
		];
		for (const [name, displayName, icon, color] of [
			['order', 'Order', 'cart', '#5bd1c5'],
			['subscription', 'Subscription', 'repeat', '#8c7ae6'],
		]) {
			this.insert('klasses', { name, displayName, icon, color, status: 'enabled', mixins: [] });
		}
		for (const [key, name, email, phone, externalId] of customers) {
			this.insert(
				'customers',
				{
					name,
					displayName: name,
					emails: [{ email, type: 'home', verified: true }],
					phones: [{ phone, type: 'mobile', verified: true }],
					externalId,
					externalIds: [{ externalId, verified: true }],
					tags: [],
					custom: {},
				},
				{},
				SEED_IDS.customers[key],
			);
		}
	}

	get(collection, id) {
		return this[collection].get(id);
	}

	list(collection) {
		return [...this[collection].values()];
	}

	/** Stores a new record and answers it. */
	insert(collection, attributes, relationships = {}, id = this.newId()) {
		const now = this.timestamp();
		const record = {
			id,
			attributes: { ...clone(attributes), createdAt: now, updatedAt: now, modifiedAt: now, rev: 1 },
			relationships,
		};
		this[collection].set(record.id, record);
		return record;
	}

	/**
	 * Applies a partial update and answers the changes as Kustomer's events report them:
	 * { attributes: { name: { op, before, after } } }, bookkeeping included.
	 */
	update(collection, id, patch) {
		const record = this[collection].get(id);
		const changes = {};
		for (const [name, after] of Object.entries(patch)) {
			const before = record.attributes[name];
			if (JSON.stringify(before) === JSON.stringify(after)) continue;
			changes[name] = { op: before === undefined ? 'add' : 'replace', before: clone(before) ?? null, after: clone(after) };
			record.attributes[name] = clone(after);
		}
		if (Object.keys(changes).length === 0) return { record, changes: null };
		const now = this.timestamp();
		const rev = record.attributes.rev;
		for (const [name, after] of [['updatedAt', now], ['modifiedAt', now], ['rev', rev + 1]]) {
			changes[name] = { op: 'replace', before: record.attributes[name], after };
			record.attributes[name] = after;
		}
		return { record, changes: { attributes: changes, relationships: {} } };
	}

	/**
	 * Deletes a record. Customers, conversations and custom objects stay known to searches with
	 * `includeDeleted`, flagged `deleted: true` (Kustomer's search has `includeDeleted` and
	 * `<object>_deleted` attributes; its API answers 404 for them), and stamped deletedAt and,
	 * under the documented deletionStamp reading, updatedAt and modifiedAt.
	 */
	remove(collection, id) {
		const record = this[collection].get(id);
		if (record && SOFT_DELETED.includes(collection)) {
			const now = this.timestamp();
			const stamps = reading({ readings: this.readings() }, 'deletionStamp') === 'updatedAt' ? { updatedAt: now, modifiedAt: now } : {};
			this.tombstones.set(id, { collection, record: { ...record, attributes: { ...record.attributes, deleted: true, deletedAt: now, ...stamps } } });
		}
		return this[collection].delete(id);
	}

	/** A collection's records, and with `includeDeleted` its deleted ones too (searches only). */
	searchable(collection, includeDeleted) {
		const deleted = includeDeleted ? [...this.tombstones.values()].filter((entry) => entry.collection === collection).map((entry) => entry.record) : [];
		return [...this.list(collection), ...deleted];
	}

	/** A record as Kustomer's API renders it. */
	render(collection, record) {
		// A custom object is typed by its klass (OpenAPI GET /klasses/{name}/{id}: "kobject.order").
		const type = collection === 'kobjects' && record.relationships?.klass ? `kobject.${record.relationships.klass.id}` : TYPES[collection];
		const relationships = { org: { links: { self: `/v1/orgs/${ORG_ID}` }, data: { type: 'org', id: ORG_ID } } };
		for (const [name, target] of Object.entries(record.relationships ?? {})) {
			const path = target.type === 'company' ? 'companies' : `${target.type}s`;
			relationships[name] = Array.isArray(target)
				? { data: target.map((entry) => ({ type: entry.type, id: entry.id })) }
				: { links: { self: `/v1/${path}/${target.id}` }, data: { type: target.type, id: target.id } };
		}
		if (collection === 'customers' || collection === 'conversations') {
			relationships.messages = { links: { self: `/v1/${collection}/${record.id}/messages` } };
		}
		const attributes = clone(record.attributes);
		// Kept by Kustomer on the customer (OpenAPI GET /customers/{id}: conversationCounts), here counted as it is read.
		if (collection === 'customers') attributes.conversationCounts = this.conversationCounts(record.id);
		if (collection === 'webhooks') {
			return { type, id: record.id, attributes, links: { self: `/v1/outbound-webhooks/${record.id}` } };
		}
		return { type, id: record.id, attributes, relationships, links: { self: `/v1/${collection}/${record.id}` } };
	}

	/** A customer's conversations by status, as Kustomer's customer record counts them. */
	conversationCounts(customerId) {
		const counts = { all: 0, open: 0, snoozed: 0, done: 0 };
		for (const conversation of this.conversations.values()) {
			if (conversation.relationships.customer?.id !== customerId) continue;
			counts.all += 1;
			if (conversation.attributes.status in counts) counts[conversation.attributes.status] += 1;
		}
		return counts;
	}

	/** Customers that already hold one of these emails, phones or external IDs (other than `exceptId`). */
	customerConflict(attributes, exceptId) {
		const emails = (attributes.emails ?? []).map((entry) => String(entry.email).toLowerCase());
		const phones = (attributes.phones ?? []).map((entry) => entry.phone);
		const externalIds = [attributes.externalId, ...(attributes.externalIds ?? []).map((entry) => entry.externalId)].filter(Boolean);
		for (const customer of this.customers.values()) {
			if (customer.id === exceptId) continue;
			const a = customer.attributes;
			if ((a.emails ?? []).some((entry) => emails.includes(String(entry.email).toLowerCase()))) return 'email';
			if ((a.phones ?? []).some((entry) => phones.includes(entry.phone))) return 'phone';
			const theirs = [a.externalId, ...(a.externalIds ?? []).map((entry) => entry.externalId)].filter(Boolean);
			if (theirs.some((value) => externalIds.includes(value))) return 'externalId';
		}
		return undefined;
	}

	findCustomerBy(field, value) {
		const wanted = String(value);
		return this.list('customers').find((customer) => {
			const a = customer.attributes;
			if (field === 'email') return (a.emails ?? []).some((entry) => String(entry.email).toLowerCase() === wanted.toLowerCase());
			if (field === 'phone') return (a.phones ?? []).some((entry) => entry.phone === wanted);
			if (field === 'externalId') return a.externalId === wanted || (a.externalIds ?? []).some((entry) => entry.externalId === wanted);
			return false;
		});
	}

	findConversationByExternalId(value) {
		return this.list('conversations').find((conversation) => conversation.attributes.externalId === String(value));
	}
}

const CAMEL_CASE = new Map();
/** "external_id" -> "externalId", remembered: a search of 10,000 records asks for the same few names each time. */
function camelCase(name) {
	let camel = CAMEL_CASE.get(name);
	if (camel === undefined) {
		camel = name.replace(/_([a-z])/g, (_, letter) => letter.toUpperCase());
		CAMEL_CASE.set(name, camel);
	}
	return camel;
}

/** "customer_external_id" -> values of that attribute on a record (arrays for emails and phones). */
function searchValues(context, record, key) {
	const name = key.slice(context.length + 1);
	const a = record.attributes;
	if (name.startsWith('custom_')) return [a.custom?.[name.slice('custom_'.length)]];
	if (context === 'customer' && name === 'email') return (a.emails ?? []).map((entry) => entry.email);
	if (context === 'customer' && name === 'phone') return (a.phones ?? []).map((entry) => entry.phone);
	if (context === 'conversation' && (name === 'customer' || name === 'customer_id')) return [record.relationships?.customer?.id];
	if (context === 'conversation' && name === 'queue') return [record.relationships?.queue?.id];
	// <object>_id: the record's own ID (Kustomer's standard attributes customer_id, conversation_id, kobject_id).
	if (name === 'id') return [record.id];
	// When the conversation was last marked done, as Kustomer's search calls it.
	if (context === 'conversation' && name === 'last_done_created_at') return [a.lastDone?.createdAt];
	// conversation_satisfaction_*: its satisfactionLevel (survey_id is its `form`), as OpenAPI POST /customers/search lists them.
	const satisfaction = context === 'conversation' && /^satisfaction_(.+)$/.exec(name);
	if (satisfaction) {
		const field = satisfaction[1] === 'survey_id' ? 'form' : satisfaction[1].replace(/_([a-z])/g, (_, letter) => letter.toUpperCase());
		return [a.satisfactionLevel?.[field]];
	}
	// <object>_customer_id, <object>_conversation_id of messages and notes: the record's relationships.
	const related = /^(customer|conversation)_id$/.exec(name);
	if (related) return [record.relationships?.[related[1]]?.id];
	const value = a[camelCase(name)];
	return Array.isArray(value) ? value : [value];
}

function compare(value, operator, operand) {
	if (value === undefined || value === null) return operator === 'not_set';
	const text = typeof value === 'string' ? value.toLowerCase() : value;
	const wanted = typeof operand === 'string' ? operand.toLowerCase() : operand;
	switch (operator) {
		case 'equals':
			return text === wanted;
		case 'contains':
			return String(text).includes(String(wanted));
		case 'gt':
			return value > operand;
		case 'gte':
			return value >= operand;
		case 'lt':
			return value < operand;
		case 'lte':
			return value <= operand;
		case 'in':
			return Array.isArray(operand) && operand.map((entry) => (typeof entry === 'string' ? entry.toLowerCase() : entry)).includes(text);
		case 'not_set':
			return false;
		default:
			throw new Error(`unsupported operator "${operator}"`);
	}
}

/**
 * "Each criterion maps one attribute to one operator and value" (developer.kustomer.com
 * docs/concepts/search): a criterion with two attributes or two operators is refused, as is a
 * not_set other than the documented "" unless the notSetForm reading says otherwise.
 */
function checkCriterion(criterion, notSetForm) {
	const keys = Object.keys(criterion);
	if (keys.length !== 1) throw new Error(`a criterion maps one attribute to one operator and value; this one has ${keys.length} attributes (${keys.join(', ')})`);
	if (['and', 'or', 'not'].includes(keys[0])) {
		for (const entry of [].concat(criterion[keys[0]])) checkCriterion(entry, notSetForm);
		return;
	}
	const condition = criterion[keys[0]] ?? {};
	const operators = Object.keys(condition);
	if (operators.length !== 1) {
		throw new Error(`a criterion maps one attribute to one operator and value; ${keys[0]} has ${operators.length} operators (${operators.join(', ')}): send each as its own criterion`);
	}
	if (operators[0] === 'not_set' && notSetForm === 'emptyString' && condition.not_set !== '') {
		throw new Error(`not_set takes "" (${keys[0]} has ${JSON.stringify(condition.not_set)})`);
	}
}

/**
 * A criterion `{ key: { operator: value } }` (nested and/or/not allowed) as a test of one record,
 * built once per search rather than read again for each record. A key of another object throws
 * when a record is tested, as before.
 */
function criterionTest(context, criterion, notSetForm) {
	const tests = Object.entries(criterion).map(([key, condition]) => {
		const nested = [].concat(condition).map((entry) => (key === 'and' || key === 'or' || key === 'not' ? criterionTest(context, entry, notSetForm) : undefined));
		if (key === 'and') return (record) => nested.every((test) => test(record));
		if (key === 'or') return (record) => nested.some((test) => test(record));
		if (key === 'not') return (record) => !nested.some((test) => test(record));
		if (!key.startsWith(`${context}_`)) {
			return () => {
				throw new Error(`"${key}" is not a ${context} attribute`);
			};
		}
		const operators = Object.entries(condition).map(([operator, operand]) =>
			operator === 'not_set'
				? (values) => values.every((value) => value === undefined || value === null || value === '')
				: (values) => values.some((value) => compare(value, operator, operand)),
		);
		return (record) => operators.every((test) => test(searchValues(context, record, key)));
	});
	return (record) => tests.every((test) => test(record));
}

/** The customer attributes Kustomer's OpenAPI file lists as sort keys (POST /customers/search, "Sort on customer attributes"). */
const CUSTOMER_SORT_KEYS = new Set(
	['name', 'gender', 'created_at', 'updated_at', 'modified_at', 'externalId', 'activity_at', 'last_seen_at', 'signed_up_at', 'lastmessage_preview', 'progressive_status', 'done', 'open', 'snoozed', 'last_message_sent_at', 'last_message_out_sent_at', 'last_message_unresponded_to_sent_at', 'last_message_at'].map((name) => `customer_${name}`),
);

/** Whether the searchSort reading has Kustomer honour a sort key (an ignored one leaves the store's order). */
function sortHonoured(key, searchSort) {
	return searchSort === 'anyDateAttribute' || CUSTOMER_SORT_KEYS.has(key) || /^[a-z]+_updated_at$/.test(key);
}

/**
 * Runs a search body; answers the matching records in the requested order. `readings`: the
 * sandbox's (readings.js). With `indexLagMs`, records created less than that long ago are not in
 * the index yet (Kustomer documents neither way how far its search trails a write; its direct
 * lookups read the records).
 */
function search(store, body, { readings = {}, indexLagMs = 0, archived = false } = {}) {
	const notSetForm = reading({ readings }, 'notSetForm');
	const context = body.queryContext ?? 'customer';
	const collection = { customer: 'customers', conversation: 'conversations', message: 'messages', note: 'notes', kobject: 'kobjects', company: 'companies' }[context];
	if (!collection) throw new Error(`the sandbox searches customers, conversations, messages, notes, custom objects and companies, not "${context}"`);
	const and = [].concat(body.and ?? []);
	const or = [].concat(body.or ?? []);
	const not = [].concat(body.not ?? []);
	for (const criterion of [...and, ...or, ...not]) checkCriterion(criterion, notSetForm);
	const indexedBefore = store.clock.now() - indexLagMs;
	const [andTests, orTests, notTests] = [and, or, not].map((criteria) => criteria.map((criterion) => criterionTest(context, criterion, notSetForm)));
	let results = store.searchable(collection, body.includeDeleted).filter(
		(record) =>
			(!indexLagMs || Date.parse(record.attributes.createdAt) <= indexedBefore) &&
			(body.includeDeleted || !record.attributes.deleted) &&
			// Records over two years old are in the archive only (POST /v1/customers/archive/search; sandbox/metrics.js).
			Boolean(record.attributes.archived) === archived &&
			andTests.every((test) => test(record)) &&
			(orTests.length === 0 || orTests.some((test) => test(record))) &&
			!notTests.some((test) => test(record)),
	);
	const [sort] = [].concat(body.sort ?? []);
	const [key, direction] = sort ? Object.entries(sort)[0] : [];
	if (key && sortHonoured(key, reading({ readings }, 'searchSort'))) {
		const sign = String(direction).toLowerCase() === 'desc' ? -1 : 1;
		// Each record's sort value read once, not once per comparison.
		results = results
			.map((record) => ({ record, value: searchValues(context, record, key)[0] }))
			.sort((a, b) => (a.value === b.value ? 0 : a.value > b.value ? sign : -sign))
			.map(({ record }) => record);
	}
	return { collection, results };
}

module.exports = { Store, search, ORG_ID, ORG_NAME, BOOKKEEPING, TYPES, SEED_IDS };

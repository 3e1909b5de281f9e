/**
 * Outbound webhooks of the sandbox org: builds Kustomer's event envelope, signs the exact
 * bytes it sends (X-Kustomer-Webhook-Signature: hex HMAC-SHA256 with the webhook's token),
 * sends each webhook's custom headers, retries a failed delivery on Kustomer's schedule and,
 * like Kustomer, switches a webhook off when a delivery still fails after its hour of
 * retries. Events can be re-sent to imitate at-least-once delivery. Where Kustomer's sources
 * disagree (which events exist, the signature header, modificationHistory in changes), the
 * sandbox's readings decide (readings.js).
 */
const crypto = require('crypto');
const http = require('http');
const https = require('https');

const { isoNow } = require('./clock');
const { reading } = require('./readings');
const { BOOKKEEPING, ORG_ID, ORG_NAME } = require('./store');

/** The ten events Kustomer's help center lists, and the two only its newer event catalog adds. */
const DOCUMENTED_EVENTS = [
	'kustomer.conversation.create',
	'kustomer.conversation.update',
	'kustomer.customer.create',
	'kustomer.customer.update',
	'kustomer.message.create',
	'kustomer.message.update',
	'kustomer.team.create',
	'kustomer.team.update',
	'kustomer.user.create',
	'kustomer.user.update',
];
const TAG_EVENTS = ['kustomer.tag.create', 'kustomer.tag.update'];
/** Every event the sandbox can emit, whatever the org offers. */
const EVENTS = [...DOCUMENTED_EVENTS, ...TAG_EVENTS].sort();

/** The events this org lets a webhook subscribe to (GET /v1/outbound-webhooks/events). */
function offeredEvents(config) {
	return reading(config, 'tagEvents') === 'listed' ? EVENTS : DOCUMENTED_EVENTS;
}

/**
 * Kustomer retries a failed delivery 1, 1, 2, 5, 10, 15 and 30 minutes apart, about an hour in
 * all (developer.kustomer.com docs/events: "the 1, 1, 2, 5, 10, 15 and 30 minute retry
 * schedule"); then it switches the webhook off. `retryScale` shrinks it for tests.
 */
const RETRY_SCHEDULE_MS = [1, 1, 2, 5, 10, 15, 30].map((minutes) => minutes * 60_000);
const DEFAULT_DELIVERY_CONFIG = { retryScale: 1, timeoutMs: 5000 };

function sign(bytes, token) {
	return crypto.createHmac('sha256', token).update(bytes).digest('hex');
}

function post(url, bytes, headers, timeoutMs) {
	return new Promise((resolve) => {
		const target = new URL(url);
		const transport = target.protocol === 'https:' ? https : http;
		const request = transport.request(
			target,
			{ method: 'POST', headers: { ...headers, 'Content-Length': bytes.length }, timeout: timeoutMs },
			(response) => {
				response.resume();
				response.on('end', () => resolve({ status: response.statusCode }));
			},
		);
		request.on('timeout', () => request.destroy(new Error('timeout')));
		request.on('error', (error) => resolve({ error: error.code || error.message }));
		request.end(bytes);
	});
}

class WebhookDispatcher {
	/**
	 * `config()` answers the sandbox's current config (its readings and `webhookDelivery`). Events
	 * are stamped, and retries wait, on the store's clock (Kustomer's); a delivery's own time-out is the network's.
	 */
	constructor(store, config = () => ({})) {
		this.store = store;
		this.config = config;
		this.reset();
	}

	delivery() {
		return { ...DEFAULT_DELIVERY_CONFIG, ...this.config().webhookDelivery };
	}

	reset() {
		this.stopRetries();
		/** Every delivery attempt, oldest first. */
		this.deliveries = [];
		/** Emitted events by id, for re-sending (the most recent 1000). */
		this.events = new Map();
		this.pending = new Set();
		this.sequence = 0;
	}

	/**
	 * Emits an event for a record; delivers it to every enabled webhook subscribed to it.
	 * `copies` > 1 sends that many identical deliveries at the same moment, as Kustomer's
	 * at-least-once delivery may.
	 */
	emit(name, collection, record, changes = null, { copies = 1 } = {}) {
		if (changes) changes = this.withModificationHistory(record, changes);
		const envelope = {
			id: `evt_${crypto.randomBytes(12).toString('hex')}`,
			name,
			org: ORG_ID,
			orgName: ORG_NAME,
			createdAt: this.store.timestamp(),
			dataId: record.id,
			data: this.store.render(collection, record),
			changes,
		};
		const bytes = Buffer.from(JSON.stringify(envelope), 'utf8');
		this.events.set(envelope.id, { name, bytes });
		if (this.events.size > 1000) this.events.delete(this.events.keys().next().value);
		for (const webhook of this.subscribers(name)) {
			for (let copy = 0; copy < copies; copy++) this.track(this.deliver(webhook, envelope.id, name, bytes));
		}
		return envelope;
	}

	/**
	 * As a real update event: `modificationHistory` (when each attribute last changed) is on the
	 * record and among the changes, unless the sandbox reads Kustomer's docs strictly.
	 */
	withModificationHistory(record, changes) {
		if (reading(this.config(), 'modificationHistory') !== 'inChanges' || !changes.attributes) return changes;
		const before = record.attributes.modificationHistory ?? {};
		const after = { ...before };
		const at = record.attributes.updatedAt ?? this.store.timestamp();
		for (const name of Object.keys(changes.attributes)) if (!BOOKKEEPING.includes(name)) after[`${name}At`] = at;
		record.attributes.modificationHistory = after;
		return { ...changes, attributes: { ...changes.attributes, modificationHistory: { op: 'replace', before, after } } };
	}

	/** The enabled webhooks subscribed to an event. */
	subscribers(name) {
		return this.store.list('webhooks').filter((webhook) => webhook.attributes.enabled && webhook.attributes.events.includes(name));
	}

	/** Sends an emitted event again, byte for byte, to every subscribed webhook; answers the deliveries started. */
	resend(eventId) {
		const event = this.events.get(eventId);
		if (!event) return [];
		const sends = this.subscribers(event.name).map((webhook) => this.deliver(webhook, eventId, event.name, event.bytes));
		sends.forEach((send) => this.track(send));
		return sends;
	}

	/**
	 * Sends an emitted event again to every subscribed webhook and resolves once those
	 * deliveries are answered (so a caller can send the next copy right after the 200).
	 */
	async deliverAgain(eventId) {
		const sends = this.resend(eventId);
		await Promise.all(sends);
		return sends.length;
	}

	/** Sends an event (by default the last one) again, as Kustomer's at-least-once delivery may. */
	redeliver(eventId) {
		return this.resend(eventId || [...this.events.keys()].at(-1)).length;
	}

	/** Waits before a retry; stopRetries() ends every such wait, and with it the delivery. */
	async waitToRetry(ms) {
		const generation = this.generation;
		await new Promise((resolve) => {
			const wait = { timer: this.store.clock.setTimeout(() => finish(), ms), resolve: () => finish() };
			const finish = () => {
				this.store.clock.clearTimeout(wait.timer);
				this.waits.delete(wait);
				resolve();
			};
			this.waits.add(wait);
		});
		return generation === this.generation;
	}

	/** Gives up every retry still waiting (a reset, or the sandbox closing). */
	stopRetries() {
		this.generation = (this.generation ?? 0) + 1;
		for (const wait of [...(this.waits ?? [])]) wait.resolve();
		this.waits = new Set();
	}

	track(promise) {
		this.pending.add(promise);
		promise.finally(() => this.pending.delete(promise));
	}

	/** Resolves once no delivery is in flight. */
	async idle() {
		while (this.pending.size) await Promise.allSettled([...this.pending]);
	}

	/** The headers of one delivery: the event, the signature (as the sandbox reads it) and the webhook's own. */
	headers(current, name, bytes) {
		const signatureHeader = reading(this.config(), 'webhookSignature') === 'otherHeader' ? 'X-Kustomer-Signature' : 'X-Kustomer-Webhook-Signature';
		const headers = {
			'Content-Type': 'application/json',
			'User-Agent': 'Kustomer-Webhooks (sandbox)',
			'X-Kustomer-Webhook-Event': name,
			[signatureHeader]: sign(bytes, current.attributes.token),
		};
		for (const header of current.attributes.headers ?? []) headers[header.name] = header.value;
		return headers;
	}

	async deliver(webhook, eventId, name, bytes) {
		const { retryScale, timeoutMs } = this.delivery();
		for (let attempt = 1; attempt <= RETRY_SCHEDULE_MS.length + 1; attempt++) {
			const current = this.store.get('webhooks', webhook.id);
			if (!current || !current.attributes.enabled) return;
			const result = await post(current.attributes.url, bytes, this.headers(current, name, bytes), timeoutMs);
			this.deliveries.push({
				seq: ++this.sequence,
				at: isoNow(this.store.clock),
				eventId,
				event: name,
				webhookId: current.id,
				url: current.attributes.url,
				attempt,
				status: result.status ?? null,
				error: result.error ?? null,
			});
			if (result.status >= 200 && result.status < 300) return;
			if (attempt <= RETRY_SCHEDULE_MS.length && !(await this.waitToRetry(RETRY_SCHEDULE_MS[attempt - 1] * retryScale))) return;
		}
		// Every retry failed: Kustomer switches the webhook off until someone turns it on again.
		if (this.store.get('webhooks', webhook.id)) this.store.update('webhooks', webhook.id, { enabled: false });
	}
}

module.exports = { WebhookDispatcher, DOCUMENTED_EVENTS, TAG_EVENTS, EVENTS, offeredEvents, sign };

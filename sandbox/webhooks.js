/**
 * Outbound webhooks of the sandbox org: builds Kustomer's event envelope, signs the exact
 * bytes it sends (X-Kustomer-Webhook-Signature: hex HMAC-SHA256 with the webhook's token),
 * retries failed deliveries and, like Kustomer, switches a webhook off after repeated
 * failures. Events can be re-sent to imitate at-least-once delivery.
 */
const crypto = require('crypto');
const http = require('http');
const https = require('https');

const { ORG_ID, ORG_NAME, timestamp } = require('./store');

const EVENTS = [
	'kustomer.conversation.create',
	'kustomer.conversation.update',
	'kustomer.customer.create',
	'kustomer.customer.update',
	'kustomer.message.create',
	'kustomer.message.update',
	'kustomer.tag.create',
	'kustomer.tag.update',
	'kustomer.team.create',
	'kustomer.team.update',
	'kustomer.user.create',
	'kustomer.user.update',
];

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
	constructor(store, options = {}) {
		this.store = store;
		this.options = { retries: 2, retryDelayMs: 250, disableAfterFailures: 3, timeoutMs: 5000, ...options };
		this.reset();
	}

	reset() {
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
		const envelope = {
			id: `evt_${crypto.randomBytes(12).toString('hex')}`,
			name,
			org: ORG_ID,
			orgName: ORG_NAME,
			createdAt: timestamp(),
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

	track(promise) {
		this.pending.add(promise);
		promise.finally(() => this.pending.delete(promise));
	}

	/** Resolves once no delivery is in flight. */
	async idle() {
		while (this.pending.size) await Promise.allSettled([...this.pending]);
	}

	async deliver(webhook, eventId, name, bytes) {
		const { retries, retryDelayMs, disableAfterFailures, timeoutMs } = this.options;
		for (let attempt = 1; attempt <= retries + 1; attempt++) {
			const current = this.store.get('webhooks', webhook.id);
			if (!current || !current.attributes.enabled) return;
			const headers = {
				'Content-Type': 'application/json',
				'User-Agent': 'Kustomer-Webhooks (sandbox)',
				'X-Kustomer-Webhook-Event': name,
				'X-Kustomer-Webhook-Signature': sign(bytes, current.attributes.token),
			};
			for (const header of current.attributes.headers ?? []) headers[header.name] = header.value;
			const result = await post(current.attributes.url, bytes, headers, timeoutMs);
			this.deliveries.push({
				seq: ++this.sequence,
				at: new Date().toISOString(),
				eventId,
				event: name,
				webhookId: current.id,
				url: current.attributes.url,
				attempt,
				status: result.status ?? null,
				error: result.error ?? null,
			});
			if (result.status >= 200 && result.status < 300) {
				current.failures = 0;
				return;
			}
			if (attempt <= retries) await new Promise((resolve) => setTimeout(resolve, retryDelayMs * 2 ** (attempt - 1)));
		}
		const current = this.store.get('webhooks', webhook.id);
		if (!current) return;
		current.failures = (current.failures ?? 0) + 1;
		if (current.failures >= disableAfterFailures) this.store.update('webhooks', webhook.id, { enabled: false });
	}
}

module.exports = { WebhookDispatcher, EVENTS, sign };

/**
 * Drafts: replies Kustomer delivers to the customer, as its documents describe them.
 *
 * - POST /v1/customers/{id}/drafts makes a draft. Its OpenAPI schema has no `scheduled` (a 400
 *   here, as any unknown field). A `sendAt` without `scheduled` is overridden and the draft
 *   goes at once, as Kustomer's create-draft docs say.
 * - PUT /v1/drafts/{id} (update-draft docs and OpenAPI) answers the draft still `draft`, as
 *   OpenAPI's example answer does, and delivers afterwards: a `sendAt` with `scheduled: true`
 *   schedules it (a time not in the future: delivered a moment after the answer); `sendAt: null`
 *   unschedules it; omitted leaves it as it is. Where Kustomer's sources disagree, readings.js
 *   has a switch: whether a `sendAt` without `scheduled` schedules (draftSendAtWithoutScheduled),
 *   and whether a PUT keeps the fields it is not sent (draftPut).
 * - Delivering removes the draft and records an `out` message on its conversation ("Once a
 *   draft is sent, Kustomer removes it and records the delivered message as an out message").
 *   A delivery the provider refuses is that message with `status: "error"`, `error` and
 *   `errorAt` (OpenAPI's message schema), or the draft left with status "error"
 *   (failedDeliveryLeaves). Refused here: an email over Postmark's 10 MB (files counted after
 *   base64 encoding, Kustomer's default email provider unless the app is gmail), and WhatsApp
 *   outside its 24-hour window (no inbound WhatsApp message from the customer in the last day).
 *   Whether the draft's payload reaches the message is undocumented (draftPayloadOnMessage).
 */
const { isoNow } = require('./clock');
const { reading } = require('./readings');

const OUTBOUND_ACCOUNTS = [
	{ channel: 'email', name: 'Sandbox Support', account: 'support@sandbox.kustomer.test' },
	{ channel: 'email', name: 'Sandbox Billing', account: 'billing@sandbox.kustomer.test' },
	{ channel: 'sms', name: '(800) 555-1212', account: '+18005551212' },
	{ channel: 'whatsapp', name: 'Sandbox WhatsApp', account: '+18005551213' },
];

/** Postmark: "Total message size, including attachments, can be 10 MB", after base64 encoding. */
const POSTMARK_MAX_BYTES = 10 * 1024 * 1024;
const WHATSAPP_WINDOW_MS = 24 * 60 * 60 * 1000;
/** A send whose time has come is delivered this long after the answer, not within it. */
const DELIVERY_DELAY_MS = 300;
/** What a PUT that replaces the draft keeps of it: what Kustomer keeps, not what the client sends. */
const KEPT_ON_REPLACE = ['status', 'sendAt', 'createdAt', 'updatedAt', 'modifiedAt', 'rev'];

/** A send time: an RFC 3339 date-time, or Kustomer's "now" date math (`now` the clock's). */
function sendTime(value, now) {
	if (typeof value === 'string' && /^now\b/.test(value)) return now;
	return Date.parse(value);
}

/** A template message's text as the sandbox renders it: its template ID and body parameters (Kustomer fills in the approved text). */
function templatePreview(meta) {
	if (!meta?.template) return '';
	const parameters = Object.values(meta.components?.body ?? {}).map((entry) => entry.text);
	return [`[template ${meta.template}]`, ...parameters].join(' ');
}

function createDrafts({ store, HttpError, requireRecord, page, createMessage, config, clock }) {
	const timers = new Map();

	function cancel(id) {
		clock.clearTimeout(timers.get(id));
		timers.delete(id);
	}

	const attachmentsOf = (draft) => store.list('attachments').filter((entry) => entry.relationships.draft?.id === draft.id);

	/** Why the provider would refuse the draft, as Kustomer records a failed delivery; undefined when it goes. */
	function deliveryProblem(draft) {
		const a = draft.attributes;
		if (a.channel === 'email' && a.app !== 'gmail') {
			const bytes = attachmentsOf(draft).reduce((sum, entry) => sum + Math.ceil(entry.attributes.contentLength / 3) * 4, 0) + Buffer.byteLength(a.body ?? '');
			if (bytes > POSTMARK_MAX_BYTES) {
				return { status: 422, code: 'postmark_message_too_large', title: 'Postmark refused the message', detail: `The message is ${(bytes / 1024 / 1024).toFixed(1)} MB after base64 encoding; Postmark accepts at most 10 MB` };
			}
		}
		if (a.channel === 'whatsapp') {
			const conversationId = draft.relationships.conversation?.id;
			const since = clock.now() - WHATSAPP_WINDOW_MS;
			const wrote = store.list('messages').some((entry) => entry.relationships.conversation?.id === conversationId && entry.attributes.channel === 'whatsapp' && entry.attributes.direction === 'in' && Date.parse(entry.attributes.sentAt) >= since);
			// A template message is what WhatsApp delivers outside the window (OpenAPI: WhatsApp (Template Message)).
			if (!wrote && !a.meta?.template) return { status: 422, code: 'whatsapp_window_closed', title: 'WhatsApp refused the message', detail: 'The customer has not written on WhatsApp in the last 24 hours: outside that window only a template message is delivered' };
		}
		return undefined;
	}

	/** Delivers a draft: an outbound message on its conversation with the draft's files (or the failure); the draft is gone. */
	function send(draft) {
		cancel(draft.id);
		const a = draft.attributes;
		const attachments = attachmentsOf(draft);
		if (attachments.some((entry) => !entry.attributes.uploaded)) {
			throw new HttpError(400, 'Bad Request', 'the draft has attachments whose files were never uploaded');
		}
		const problem = deliveryProblem(draft);
		if (problem && reading(config(), 'failedDeliveryLeaves') === 'draft') {
			Object.assign(a, { status: 'error', error: problem });
			return draft;
		}
		const meta = Object.fromEntries(['to', 'from', 'cc', 'bcc', 'subject'].filter((key) => a[key] !== undefined).map((key) => [key, a[key]]));
		if (a.payload && reading(config(), 'draftPayloadOnMessage') === 'kept') meta.payload = a.payload;
		const outcome = problem ? { status: 'error', error: problem, errorAt: isoNow(clock) } : { status: 'sent' };
		createMessage(
			draft.relationships.conversation?.id,
			{ channel: a.channel, app: a.app ?? a.channel, direction: 'out', preview: a.body ?? templatePreview(a.meta), meta, ...outcome, ...(a.subject ? { subject: a.subject } : {}) },
			attachments.map((entry) => entry.id),
		);
		store.remove('drafts', draft.id);
		return draft;
	}

	/** Schedules the draft for `at`: delivered by a timer then (a moment after the answer when the time has come). */
	function schedule(draft, at) {
		cancel(draft.id);
		draft.attributes.status = 'scheduled';
		draft.attributes.sendAt = new Date(at).toISOString();
		const timer = clock.setTimeout(() => {
			timers.delete(draft.id);
			if (store.get('drafts', draft.id)) send(draft);
		}, Math.max(DELIVERY_DELAY_MS, at - clock.now()));
		timer.unref?.();
		timers.set(draft.id, timer);
		return draft;
	}

	/** What a sendAt in a PUT does: null unschedules; a time schedules, with `scheduled: true` (or without, in one reading). */
	function applySendAt(draft, body) {
		if (!('sendAt' in body)) return draft;
		if (body.sendAt === null) {
			cancel(draft.id);
			Object.assign(draft.attributes, { status: 'draft', sendAt: null });
			return draft;
		}
		const at = sendTime(body.sendAt, clock.now());
		if (Number.isNaN(at)) throw new HttpError(400, 'Bad Request', 'sendAt must be a date-time', '/sendAt');
		if (body.scheduled !== true && reading(config(), 'draftSendAtWithoutScheduled') === 'ignored') return draft;
		return schedule(draft, at);
	}

	/** The draft's fields after a PUT: the body's merged in, or (one reading) the body's alone. */
	function applyFields(draft, changes) {
		if (reading(config(), 'draftPut') === 'replaces') {
			draft.attributes = { ...Object.fromEntries(KEPT_ON_REPLACE.filter((key) => key in draft.attributes).map((key) => [key, draft.attributes[key]])), ...changes };
		} else {
			Object.assign(draft.attributes, changes);
		}
	}

	const one = (record) => ({ status: 200, body: { data: store.render('drafts', record) } });
	/** The draft as a PUT answers it: still `draft`, as OpenAPI's example answer; it goes afterwards. */
	const answered = (record) => ({ status: 200, body: { data: { ...store.render('drafts', record), attributes: { ...store.render('drafts', record).attributes, status: 'draft' } } } });

	const routes = [
		[
			'GET',
			/^\/v1\/outboundAccounts$/,
			'apps.read',
			() => ({ status: 200, body: { meta: {}, data: OUTBOUND_ACCOUNTS.map((attributes) => ({ type: 'outbound_account', attributes })), links: { self: '/v1/outboundAccounts' } } }),
		],
		[
			'POST',
			/^\/v1\/customers\/([0-9a-f]{24})\/drafts$/,
			// "Any API key or signed-in user. No specific role is required" (Kustomer's docs).
			null,
			({ match, body }) => {
				const customer = requireRecord('customers', match[1], 'customer');
				const conversation = body.conversation ? requireRecord('conversations', body.conversation, 'conversation') : undefined;
				if (conversation && conversation.relationships.customer.id !== customer.id) {
					throw new HttpError(400, 'Bad Request', `conversation ${conversation.id} belongs to another customer`, '/conversation');
				}
				const { conversation: _conversation, customer: _customer, sendAt, ...attributes } = body;
				const draft = store.insert('drafts', { status: 'draft', sendAt: null, ...attributes }, {
					customer: { type: 'customer', id: customer.id },
					...(conversation ? { conversation: { type: 'conversation', id: conversation.id } } : {}),
				});
				// Without `scheduled` (which this endpoint's schema lacks), Kustomer overrides sendAt: the draft goes now.
				if (sendAt !== undefined && sendAt !== null) send(draft);
				return one(draft);
			},
		],
		[
			'GET',
			/^\/v1\/customers\/([0-9a-f]{24})\/drafts$/,
			'draft.read',
			({ match, url }) => page('drafts', store.list('drafts').filter((entry) => entry.relationships.customer.id === match[1]), url),
		],
		[
			'PUT',
			/^\/v1\/drafts\/([0-9a-f]{24})$/,
			null,
			({ match, body }) => {
				const draft = requireRecord('drafts', match[1], 'draft');
				if (body.channel !== draft.attributes.channel) throw new HttpError(400, 'Bad Request', `channel must stay ${draft.attributes.channel}`, '/channel');
				const { sendAt: _sendAt, scheduled: _scheduled, conversation: _conversation, customer: _customer, ...changes } = body;
				applyFields(draft, changes);
				return answered(applySendAt(draft, body));
			},
		],
		[
			'DELETE',
			/^\/v1\/drafts\/([0-9a-f]{24})$/,
			null,
			({ match }) => {
				requireRecord('drafts', match[1], 'draft');
				cancel(match[1]);
				store.remove('drafts', match[1]);
				return { status: 204 };
			},
		],
	];

	return {
		routes,
		reset() {
			for (const id of [...timers.keys()]) cancel(id);
		},
	};
}

module.exports = { createDrafts, POSTMARK_MAX_BYTES };

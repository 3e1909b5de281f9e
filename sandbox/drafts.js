/**
 * Drafts: replies Kustomer delivers to the customer. Sending one removes the draft and records
 * the delivered reply as an outbound message on its conversation (Kustomer's drafts docs).
 *
 * Sending now and scheduling, as the node reads Kustomer's two sources (see
 * nodes/Kustomer/actions/message/send.ts):
 * - POST /v1/customers/{id}/drafts: the OpenAPI schema has no `scheduled` (a 400 here, as any
 *   unknown field). A `sendAt` without `scheduled` is overridden and the draft goes at once,
 *   as Kustomer's create-draft docs say.
 * - PUT /v1/drafts/{id} (update-draft docs and OpenAPI): `sendAt` a valid time schedules the
 *   draft (a time not in the future sends it now); `sendAt: null` unschedules it; omitted
 *   leaves it as it is. `scheduled: true` is accepted beside it.
 * A scheduled draft is sent by a timer when its time comes.
 */

const OUTBOUND_ACCOUNTS = [
	{ channel: 'email', name: 'Sandbox Support', account: 'support@sandbox.kustomer.test' },
	{ channel: 'email', name: 'Sandbox Billing', account: 'billing@sandbox.kustomer.test' },
	{ channel: 'sms', name: '(800) 555-1212', account: '+18005551212' },
	{ channel: 'whatsapp', name: 'Sandbox WhatsApp', account: '+18005551213' },
];

/** A send time: an RFC 3339 date-time, or Kustomer's "now" date math. */
function sendTime(value) {
	if (typeof value === 'string' && /^now\b/.test(value)) return Date.now();
	return Date.parse(value);
}

function createDrafts({ store, HttpError, requireRecord, page, createMessage }) {
	const timers = new Map();

	function cancel(id) {
		clearTimeout(timers.get(id));
		timers.delete(id);
	}

	/** Delivers a draft: an outbound message on its conversation with the draft's files; the draft is gone. */
	function send(draft) {
		cancel(draft.id);
		const a = draft.attributes;
		const conversationId = draft.relationships.conversation?.id;
		const attachments = store.list('attachments').filter((entry) => entry.relationships.draft?.id === draft.id);
		if (attachments.some((entry) => !entry.attributes.uploaded)) {
			throw new HttpError(400, 'Bad Request', 'the draft has attachments whose files were never uploaded');
		}
		const meta = Object.fromEntries(['to', 'from', 'cc', 'bcc', 'subject'].filter((key) => a[key] !== undefined).map((key) => [key, a[key]]));
		const message = createMessage(
			conversationId,
			{ channel: a.channel, app: a.app ?? a.channel, direction: 'out', preview: a.body ?? '', status: 'sent', meta, ...(a.subject ? { subject: a.subject } : {}) },
			attachments.map((entry) => entry.id),
		);
		store.remove('drafts', draft.id);
		return { ...draft, attributes: { ...a, status: 'sent', sentAt: message.attributes.sentAt }, relationships: { ...draft.relationships, message: { type: 'message', id: message.id } } };
	}

	function schedule(draft, at) {
		cancel(draft.id);
		draft.attributes.status = 'scheduled';
		draft.attributes.sendAt = new Date(at).toISOString();
		const timer = setTimeout(() => {
			timers.delete(draft.id);
			if (store.get('drafts', draft.id)) send(draft);
		}, Math.max(0, at - Date.now()));
		timer.unref?.();
		timers.set(draft.id, timer);
		return draft;
	}

	/** What a sendAt in a PUT does: null unschedules, a past or present time sends, a future one schedules. */
	function applySendAt(draft, body) {
		if (!('sendAt' in body)) return draft;
		if (body.sendAt === null) {
			cancel(draft.id);
			Object.assign(draft.attributes, { status: 'draft', sendAt: null });
			return draft;
		}
		const at = sendTime(body.sendAt);
		if (Number.isNaN(at)) throw new HttpError(400, 'Bad Request', 'sendAt must be a date-time', '/sendAt');
		return at <= Date.now() + 1000 ? send(draft) : schedule(draft, at);
	}

	const one = (record) => ({ status: 200, body: { data: store.render('drafts', record) } });

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
				return one(sendAt === undefined || sendAt === null ? draft : send(draft));
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
				const { sendAt: _sendAt, scheduled: _scheduled, channel: _channel, ...changes } = body;
				Object.assign(draft.attributes, changes);
				return one(applySendAt(draft, body));
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

module.exports = { createDrafts };

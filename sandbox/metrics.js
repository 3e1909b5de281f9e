/**
 * Conversation metrics, SLAs, tracking events and the archive search, as Kustomer serves them
 * (issue 21 parts 4 to 6):
 * - GET /v1/conversations/{id,id,...}: several conversations at once ("a comma-separated list
 *   of IDs", OpenAPI GET /conversations/{id}); the unknown ones left out;
 * - GET /v1/conversations/{id}/times: its conversation_time records (OpenAPI), here one per
 *   conversation marked done, its handleTime the seconds from its creation to lastDone;
 *   GET /v1/conversations/times/{ids} by the conversation_time IDs;
 * - GET /v1/slas/{id}: the seeded SLA with its version `included` (OpenAPI example shape);
 * - POST /v1/tracking/identityEvent and /v1/tracking/event (role org.tracking; bodies checked
 *   against the OpenAPI schemas by the contract module like every write);
 * - GET /v1/satisfaction: the org's surveys, one seeded (OpenAPI example shape); responses live
 *   on conversations (`satisfactionLevel`), found by the search's conversation_satisfaction_*;
 * - POST /v1/customers/archive/search: conversations of the archive (none is older than two
 *   years here: it answers the same search over records stored with `archived: true`).
 */

const { isoNow } = require('./clock');
const { reading } = require('./readings');

const SEED_SLA_ID = '5fadc1ba6647f1953ff94916';
const SEED_SLA_VERSION_ID = '5fadc1dd6647f175a7f9491e';

/** A conversation's conversation_time records, derived from its lastDone stamp. */
function timesOf(conversation) {
	const done = conversation.attributes.lastDone?.createdAt;
	if (!done) return [];
	const seconds = Math.max(0, Math.round((Date.parse(done) - Date.parse(conversation.attributes.createdAt)) / 1000));
	const id = `${conversation.id.slice(0, 20)}7173`;
	return [
		{
			type: 'conversation_time',
			id,
			attributes: { createdAt: done, createdByTeams: [], assignedUsers: conversation.attributes.assignedUsers ?? [], assignedTeams: [], handleAt: done, handleTime: seconds, channels: conversation.attributes.channels ?? [] },
			relationships: {
				conversation: { links: { self: `/v1/conversations/${conversation.id}` }, data: { type: 'conversation', id: conversation.id } },
				customer: { data: { type: 'customer', id: conversation.relationships.customer?.id } },
			},
			links: { self: `/v1/conversations/times/${id}` },
		},
	];
}

const SEED_SURVEY = {
	type: 'satisfaction',
	id: '5daf7921124be4f2960cb197',
	attributes: { name: 'Satisfaction Form for Email', formType: 'csat', enabled: true, channel: 'email', scale: { options: 5, type: 'number', labelLow: 'Terrible', labelHigh: 'Amazing' }, createdAt: '2026-01-05T10:00:00.000Z' },
};

const SLA_DOCUMENT = {
	data: { type: 'sla', id: SEED_SLA_ID, attributes: { currentVersion: 1, createdAt: '2026-01-05T10:00:00.000Z' }, relationships: { versions: { data: [{ type: 'sla_version', id: SEED_SLA_VERSION_ID }] } } },
	included: {
		type: 'sla_version',
		id: SEED_SLA_VERSION_ID,
		attributes: {
			name: 'Email Policy',
			version: 1,
			hours: 'calendar',
			metrics: {
				firstResponse: { enabled: true, times: { 1: 3600000, 2: 3600000, 3: 3600000, 4: 3600000, 5: 3600000 } },
				longestUnrespondedMessage: { enabled: false, times: {} },
				totalConversationOpenTime: { enabled: false, times: {} },
				totalCustomerWaitTime: { enabled: false, times: {} },
			},
			createdAt: '2026-01-05T10:00:00.000Z',
		},
	},
};

function createMetrics({ store, HttpError, requireRecord, page, search, tracked, config }) {
	const render = (record) => store.render('conversations', record);
	const conversationTimes = () => store.list('conversations').flatMap(timesOf);
	return [
		[
			'GET',
			/^\/v1\/conversations\/((?:[0-9a-f]{24},)+[0-9a-f]{24})$/,
			'conversation.read',
			({ match }) => {
				const ids = match[1].split(',');
				const found = ids.map((id) => store.get('conversations', id)).filter(Boolean);
				// Kustomer does not say what an unknown ID does (sandbox/readings.js, conversationListMissing).
				if (found.length < ids.length && reading(config(), 'conversationListMissing') === 'notFound') {
					throw new HttpError(404, 'Not Found', `conversation ${ids.find((id) => !store.get('conversations', id))} not found`);
				}
				return { status: 200, body: { data: found.map(render) } };
			},
		],
		[
			'GET',
			/^\/v1\/conversations\/([0-9a-f]{24})\/times$/,
			'conversation.read',
			({ match, url }) => page('conversations', timesOf(requireRecord('conversations', match[1], 'conversation')), url, 100, (record) => record),
		],
		[
			'GET',
			/^\/v1\/conversations\/times\/([0-9a-f,]+)$/,
			'conversation.read',
			({ match }) => {
				const wanted = match[1].split(',');
				const found = conversationTimes().filter((entry) => wanted.includes(entry.id));
				if (!found.length) throw new HttpError(404, 'Not Found', `conversation_time ${match[1]} not found`);
				return { status: 200, body: { data: wanted.length === 1 ? found[0] : found } };
			},
		],
		[
			'GET',
			/^\/v1\/slas\/([0-9a-f]{24})$/,
			'sla.read',
			({ match }) => {
				if (match[1] !== SEED_SLA_ID) throw new HttpError(404, 'Not Found', `sla ${match[1]} not found`);
				return { status: 200, body: SLA_DOCUMENT };
			},
		],
		['GET', /^\/v1\/satisfaction$/, 'satisfaction.read', ({ url }) => page('satisfaction', [SEED_SURVEY], url, 100, (record) => record)],
		['POST', /^\/v1\/tracking\/identityEvent$/, 'tracking', ({ body }) => trackIdentityEvent(store, body, tracked)],
		[
			'POST',
			/^\/v1\/tracking\/event$/,
			'tracking',
			({ body }) => {
				tracked.push({ trackingId: body.trackingId, sessionId: body.sessionId, event: body });
				return { status: 204 };
			},
		],
		[
			'POST',
			/^\/v1\/customers\/archive\/search$/,
			'search.create',
			({ url, body }) => {
				let found;
				try {
					found = search(body, { archived: true });
				} catch (error) {
					throw new HttpError(400, 'Bad Request', error.message, '/');
				}
				return page(found.collection, found.results, url, 500);
			},
		],
	];
}

/** The identity's customer (by externalId, email or phone; created when none has it), and the event recorded for it. */
function trackIdentityEvent(store, body, tracked) {
	const { identity, event } = body;
	const customers = store.list('customers');
	let customer =
		(identity.externalId && customers.find((entry) => entry.attributes.externalId === identity.externalId)) ||
		(identity.email && customers.find((entry) => (entry.attributes.emails ?? []).some((item) => item.email.toLowerCase() === identity.email.toLowerCase()))) ||
		(identity.phone && customers.find((entry) => (entry.attributes.phones ?? []).some((item) => item.phone === identity.phone)));
	if (!customer) {
		customer = store.insert('customers', {
			name: identity.name ?? '',
			externalId: identity.externalId,
			emails: identity.email ? [{ email: identity.email, type: 'other' }] : [],
			phones: identity.phone ? [{ phone: identity.phone, type: 'other' }] : [],
			tags: [],
			custom: {},
		});
	}
	const trackingId = customer.id.split('').reverse().join('');
	tracked.push({ customerId: customer.id, trackingId, event });
	const now = isoNow(store.clock);
	return {
		status: 201,
		body: {
			data: {
				type: 'identity',
				id: customer.id.replace(/^./, 'a'),
				attributes: { trackingId, email: identity.email ?? '', status: 'updated', statusAt: now, createdAt: now, updatedAt: now },
				relationships: { customer: { links: { self: `/v1/customers/${customer.id}` }, data: { type: 'customer', id: customer.id } } },
				links: { self: `/v1/tracking/identity/${customer.id}` },
			},
		},
	};
}

module.exports = { createMetrics, SEED_SLA_ID, SEED_SURVEY };

/**
 * Conversation metrics, satisfaction surveys and the archive (issue 21 parts 5 and 6): what
 * Conversation → Get Metrics, Satisfaction → Get Many and Include Archived rely on. Reads only.
 * Track Event's check is with the customers' (customers.js), on the run's own customer.
 */
const { ROLES } = require('../package');

const UNKNOWN_ID = 'fffffffffffffffffffffff1';

/** A conversation to read: a recent one of the org, or with --write the run's own. */
async function someConversation(ctx) {
	return await ctx.recentOrMade('conversation', () => true, async () => await ctx.fixtures.conversation(), 'at all');
}

const METRICS_CHECKS = [
	{
		id: 'metrics.conversation-list',
		checks: 'GET /v1/conversations/{id},{id} answers the known conversations and leaves an unknown ID out (no 404 for the list)',
		dependsOn: 'Conversation → Get Metrics (reads conversations 25 per request; on a 404 it reads each alone, so either way works, one request per conversation more)',
		roles: ROLES.conversationRead,
		reading: 'conversationListMissing',
		async run(ctx) {
			const conversation = await someConversation(ctx);
			const answer = await ctx.get(`/v1/conversations/${conversation.id},${UNKNOWN_ID}`);
			const body = ctx.expectStatus(answer, [200], `GET /v1/conversations/${conversation.id},${UNKNOWN_ID}`);
			const ids = [].concat(body?.data ?? []).map((record) => record?.id);
			ctx.expect(ids.includes(conversation.id), `the list answered ${ids.join(', ') || 'no records'}, without ${conversation.id}`);
			return `${ids.length} record(s): the known conversation, the unknown ID left out`;
		},
	},
	{
		id: 'metrics.conversation-times',
		checks: 'GET /v1/conversations/{id}/times answers a page of conversation_time records',
		dependsOn: "Conversation → Get Metrics' handle times",
		roles: ROLES.conversationRead,
		async run(ctx) {
			const conversation = await someConversation(ctx);
			const body = ctx.expectStatus(await ctx.get(`/v1/conversations/${conversation.id}/times`), [200], `GET /v1/conversations/${conversation.id}/times`);
			ctx.expect(Array.isArray(body?.data), 'the answer has no data list');
			const other = body.data.find((record) => record?.type !== 'conversation_time');
			ctx.expect(!other, `a record of type ${other?.type}`);
			return `${body.data.length} conversation_time record(s)`;
		},
	},
	{
		id: 'satisfaction.surveys',
		checks: 'GET /v1/satisfaction answers a page of satisfaction surveys',
		dependsOn: 'Satisfaction → Get Many, Read: Surveys',
		roles: ROLES.satisfactionRead,
		async run(ctx) {
			const body = ctx.expectStatus(await ctx.get('/v1/satisfaction', { page: 1, pageSize: 10 }), [200], 'GET /v1/satisfaction');
			ctx.expect(Array.isArray(body?.data), 'the answer has no data list');
			return `${body.data.length} survey(s)`;
		},
	},
	{
		id: 'archive.search',
		checks: 'POST /v1/customers/archive/search takes a conversation search by customer and date and answers a page',
		dependsOn: 'Conversation → Get Many with Include Archived',
		roles: ROLES.search,
		async run(ctx) {
			const body = { queryContext: 'conversation', and: [{ conversation_updated_at: { lt: '2000-01-01T00:00:00.000Z' } }], sort: [{ conversation_updated_at: 'desc' }] };
			const answer = await ctx.request('POST', '/v1/customers/archive/search', { body, query: { page: 1, pageSize: 10 } });
			const found = ctx.expectStatus(answer, [200], 'POST /v1/customers/archive/search');
			ctx.expect(Array.isArray(found?.data), 'the answer has no data list');
			return `${found.data.length} archived conversation(s) before 2000`;
		},
	},
];

module.exports = { METRICS_CHECKS };

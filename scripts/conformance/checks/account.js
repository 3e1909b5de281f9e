/**
 * The key, the host and the org: what every request of the package rests on, and the lists
 * behind the editor's dropdowns.
 */
const { ROLES } = require('../package');

/** A list endpoint answers Kustomer's JSON:API list: `data` an array (of at most `pageSize`). */
function listOf(ctx, answer, what, pageSize) {
	const body = ctx.expectStatus(answer, [200], `GET ${what}`);
	ctx.expect(Array.isArray(body?.data), `GET ${what} answered no data array`);
	if (pageSize) ctx.expect(body.data.length <= pageSize, `GET ${what} answered ${body.data.length} records for pageSize ${pageSize}`);
	return body;
}

/** A simple list check: the endpoint answers a list, and `describe` says what it held. */
function listCheck(id, path, dependsOn, roles, describe = (data) => `${data.length} records`) {
	return {
		id,
		checks: `GET ${path} answers a JSON:API list`,
		dependsOn,
		roles,
		async run(ctx) {
			const body = listOf(ctx, await ctx.get(path, { page: 1, pageSize: 100 }), path, 100);
			return describe(body.data, ctx);
		},
	};
}

const ACCOUNT_CHECKS = [
	{
		id: 'credential.current-user',
		checks: 'GET /v1/users/current answers the key\'s own user (data.id)',
		dependsOn: 'The credential\'s Test button',
		roles: ROLES.userRead,
		async run(ctx) {
			const body = ctx.expectStatus(await ctx.get('/v1/users/current'), [200], 'GET /v1/users/current');
			ctx.expect(typeof body?.data?.id === 'string', 'GET /v1/users/current answered no data.id');
			return `user ${body.data.id} (${body.data.attributes?.userType ?? 'no userType'})`;
		},
	},
	{
		id: 'auth.refused-key',
		checks: 'A key Kustomer does not know is answered 401',
		dependsOn: "The credential's Test message for a wrong key or region; the node's 401 errors",
		roles: [],
		async run(ctx) {
			const answer = await ctx.http.send('GET', '/v1/users/current', { key: `n8n-conformance-not-a-key-${ctx.runId}` });
			ctx.expect(answer.status === 401, `a made-up key was answered ${answer.status}`);
			return '401';
		},
	},
	{
		id: 'org.current',
		checks: 'GET /v1/orgs/current answers the org with data.attributes.name',
		dependsOn: 'appUrl of records with a regional or custom host',
		roles: [],
		async run(ctx) {
			const body = ctx.expectStatus(await ctx.get('/v1/orgs/current'), [200], 'GET /v1/orgs/current');
			ctx.expect(typeof body?.data?.attributes?.name === 'string', 'GET /v1/orgs/current answered no data.attributes.name');
			return `org "${body.data.attributes.name}"`;
		},
	},
	{
		id: 'rate-limit.headers',
		checks: 'Answers carry x-ratelimit-limit, x-ratelimit-remaining and x-ratelimit-reset (epoch seconds or seconds from now)',
		dependsOn: 'The rate governor: pacing to the org budget, waiting out a 429',
		roles: [],
		async run(ctx) {
			const { headers } = await ctx.http.send('GET', '/v1/users/current');
			const [limit, remaining, reset] = ['limit', 'remaining', 'reset'].map((name) => headers.get(`x-ratelimit-${name}`));
			ctx.expect(/^\d+$/.test(limit ?? '') && /^\d+$/.test(remaining ?? ''), `x-ratelimit-limit "${limit}", x-ratelimit-remaining "${remaining}"`);
			ctx.expect(/^\d+$/.test(reset ?? ''), `no x-ratelimit-reset in seconds (seen "${reset}")`);
			const unit = Number(reset) > 1e9 ? 'epoch seconds' : 'seconds from now';
			return `limit ${limit}, remaining ${remaining}, reset ${reset} (${unit})`;
		},
	},
	{
		id: 'lists.paging',
		checks: 'Lists page with page and pageSize; links.next is a /v1 path to the next page, or null at the end',
		dependsOn: 'Every list the node reads whole: dropdowns, Get Many of custom objects, messages and notes',
		roles: ROLES.tagRead,
		async run(ctx) {
			const first = listOf(ctx, await ctx.get('/v1/tags', { page: 1, pageSize: 1 }), '/v1/tags', 1);
			const next = first.links?.next;
			if (first.data.length === 0 || next === null) return `one page (${first.data.length} tags), links.next null`;
			ctx.expect(typeof next === 'string' && next.startsWith('/v1/'), `links.next is ${JSON.stringify(next)}`);
			const second = listOf(ctx, await ctx.get(next), next, 1);
			ctx.expect(second.data[0]?.id !== first.data[0].id, `${next} answered the first page again`);
			return `links.next ${next} answered the next page`;
		},
	},
	{
		id: 'lists.users-500',
		checks: 'GET /v1/users takes pageSize 500',
		dependsOn: 'The user dropdowns (Assigned Users, mentions)',
		roles: ROLES.userRead,
		async run(ctx) {
			const body = listOf(ctx, await ctx.get('/v1/users', { page: 1, pageSize: 500 }), '/v1/users', 500);
			return `${body.data.length} users`;
		},
	},
	listCheck('lists.teams', '/v1/teams', 'The team dropdowns', ROLES.teamRead),
	listCheck('lists.queues', '/v1/routing/queues', 'The queue dropdown', ROLES.queueRead),
	listCheck('lists.companies', '/v1/companies', 'The company dropdown', ROLES.companyRead),
	listCheck('lists.outbound-accounts', '/v1/outboundAccounts', 'Message → Send\'s From list', ROLES.outboundAccountRead, (data, ctx) => {
		const bad = data.find((account) => typeof account?.attributes?.channel !== 'string' || typeof account?.attributes?.account !== 'string');
		ctx.expect(!bad, `an account without attributes.channel and attributes.account: ${JSON.stringify(bad)}`);
		return `${data.length} accounts (${[...new Set(data.map((account) => account.attributes.channel))].join(', ') || 'none'})`;
	}),
];

module.exports = { ACCOUNT_CHECKS, listOf };

/**
 * What a check works with: the org's HTTP, the run's options, the records made for the run
 * (fixtures.js), and the three ways a check ends: confirmed, contradicted (what was seen), or
 * not checked (why).
 */
const { errorDetail } = require('./http');

/** Kustomer answered otherwise than its documents say: `seen` says how. */
class Contradiction extends Error {}

/** The check could not run (an option not given, nothing to look at): `message` says why. */
class NotChecked extends Error {}

const sleep = async (ms) => await new Promise((resolve) => setTimeout(resolve, ms));

function createContext({ http, options, fixtures, runId }) {
	const ctx = {
		http,
		options,
		fixtures,
		runId,
		sleep,
		request: async (method, path, requestOptions) => await http.request(method, path, requestOptions),
		get: async (path, query) => await http.request('GET', path, { query }),
		/** Fails the check as a contradiction unless `condition` holds. */
		expect(condition, seen) {
			if (!condition) throw new Contradiction(http.clean(seen));
		},
		/** The body of an answer that must have one of `statuses`; another status is a contradiction. */
		expectStatus(answer, statuses, what) {
			const detail = answer.status >= 400 ? `: ${errorDetail(answer.body, answer.text)}` : '';
			ctx.expect(statuses.includes(answer.status), `${what} answered ${answer.status}${detail}`);
			return answer.body;
		},
		skip(why) {
			throw new NotChecked(why);
		},
		/** One page of POST /v1/customers/search (50 records unless told), which must answer 200. */
		async search(body, query = {}) {
			const answer = await http.request('POST', '/v1/customers/search', { body, query: { page: 1, pageSize: 50, ...query } });
			return ctx.expectStatus(answer, [200], `POST /v1/customers/search (${body.queryContext})`);
		},
		/**
		 * A recent record (of the 100 last updated) that `wanted` accepts; else, with --write, the
		 * one `make()` makes; else a skip saying the org has none that `has`.
		 */
		async recentOrMade(queryContext, wanted, make, has) {
			const recent = await ctx.search({ queryContext, sort: [{ [`${queryContext}_updated_at`]: 'desc' }] }, { pageSize: 100 });
			const found = recent.data.find(wanted);
			if (found) return found;
			if (!options.write) ctx.skip(`no recent ${queryContext} ${has} (--write makes one)`);
			return await make();
		},
		/** Calls `probe` every `intervalMs` until it answers something, or `timeoutMs` passed (then undefined). */
		async pollUntil(probe, timeoutMs, intervalMs = 2000) {
			const deadline = Date.now() + timeoutMs;
			for (;;) {
				const value = await probe();
				if (value || Date.now() >= deadline) return value || undefined;
				await sleep(intervalMs);
			}
		},
	};
	return ctx;
}

module.exports = { Contradiction, NotChecked, createContext, sleep };

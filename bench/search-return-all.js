#!/usr/bin/env node
/**
 * Customer → Search with Return All over more records than Kustomer serves per query
 * (100 pages / 10,000), in a real n8n against the sandbox: time, requests, and the n8n
 * process's peak memory against a one-record baseline.
 *
 *   node bench/search-return-all.js [--customers 12000] [--latency-ms 0]
 *
 * Targets: every matching customer returned exactly once; the cap crossed with one
 * re-query per 10,000 records; pages of 500, so at most 30 searches for 12,000 (Kustomer
 * allows 100 searches a minute per API key, which the sandbox enforces); no more than 30 s
 * and 400 MB over the baseline for 12,000.
 */
const { argument, kustomerNode, manualTrigger, report, runWorkflow, sandboxEnvironment, tearDown } = require('./common');

const CUSTOMERS = argument('customers', 12_000);
const LATENCY_MS = argument('latency-ms', 0);

function searchWorkflow(id, returnAll) {
	return {
		id,
		name: `bench ${id}`,
		nodes: [
			manualTrigger,
			kustomerNode(
				'Search',
				{
					resource: 'customer',
					operation: 'search',
					searchBy: 'criteria',
					criteria: { criterion: [{ field: 'email', operator: 'contains', value: '@bench.test' }] },
					returnAll,
					limit: 1,
				},
				[200, 0],
			),
		],
		connections: { Start: { main: [[{ node: 'Search', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	};
}

async function main() {
	const environment = await sandboxEnvironment({ sandboxConfig: { latencyMs: LATENCY_MS } });
	const { sandbox, sandboxUrl, n8n } = environment;
	try {
		for (let index = 0; index < CUSTOMERS; index++) {
			sandbox.store.insert('customers', { name: `Bench ${index}`, emails: [{ email: `bench-${index}@bench.test` }], custom: {} });
		}
		const baseline = await runWorkflow(n8n, searchWorkflow('benchSearchOne01', false));
		await fetch(`${sandboxUrl}/_sandbox/requests`, { method: 'DELETE' });

		const all = await runWorkflow(n8n, searchWorkflow('benchSearchAll01', true));
		const output = all.run.data.resultData.runData.Search?.[0]?.data?.main[0] ?? [];
		const ids = new Set(output.map((item) => item.json.id));
		// The searches (the node also reads the org once for the records' app links).
		const requests = (await (await fetch(`${sandboxUrl}/_sandbox/requests`)).json()).requests.filter((request) => request.path.startsWith('/v1/customers/search'));
		const times = requests.map((request) => Date.parse(request.at));
		const seconds = (Math.max(...times) - Math.min(...times)) / 1000;
		const requeries = requests.filter((request) => JSON.stringify(request.body).includes('"gte"')).length;
		const firstRequeryPage = requests.findIndex((request) => JSON.stringify(request.body).includes('"gte"'));
		const overMb = all.peakMb - baseline.peakMb;

		report(
			`Search, Return All: ${CUSTOMERS} matching customers, ${LATENCY_MS} ms latency (n8n ${n8n.paths.version})`,
			[
				['customers returned (distinct)', `${output.length} (${ids.size})`],
				['search requests', `${requests.length} (the re-query from the last updated_at began at request ${firstRequeryPage + 1})`],
				['time for the requests', `${seconds.toFixed(1)} s`],
				['n8n peak memory, Return All', `${all.peakMb.toFixed(0)} MB`],
				['n8n peak memory, one record', `${baseline.peakMb.toFixed(0)} MB`],
				['over the baseline', `${overMb.toFixed(0)} MB (${((overMb * 1024) / CUSTOMERS).toFixed(1)} KB per customer, n8n's own run data included)`],
			],
			[
				['every matching customer returned exactly once', output.length === CUSTOMERS && ids.size === CUSTOMERS],
				['past 10,000 by re-querying from the last updated_at', CUSTOMERS <= 10_000 || requeries >= 1],
				['at most 30 searches for 12,000 customers (scaled), none refused', requests.length <= Math.ceil((30 * CUSTOMERS) / 12_000) && requests.every((request) => request.status === 200)],
				['12,000 customers within 30 s (scaled to the count)', seconds <= (30 * CUSTOMERS) / 12_000],
				['no more than 400 MB over the baseline (scaled to the count)', overMb <= (400 * CUSTOMERS) / 12_000],
			],
		);
	} finally {
		await tearDown(environment);
	}
}

main().catch((error) => {
	process.stderr.write(`${error.stack}\n`);
	process.exit(1);
});

#!/usr/bin/env node
/**
 * How fast the Kustomer node creates conversations in a real n8n, with and without a rate
 * budget. n8n runs Loop Over Items over N records; the sandbox answers with latency L.
 *
 *   node bench/batch-throughput.js [--items 300] [--latency-ms 40] [--rpm 600]
 *
 * Targets: every record created exactly once; unconstrained, the node adds little to each
 * request's latency; under a budget it finishes close to the least time the budget allows
 * (it waits only as long as x-ratelimit-reset says).
 */
const { argument, kustomerNode, manualTrigger, report, runWorkflow, sandboxEnvironment, sandboxStats, tearDown } = require('./common');
const { SEED_IDS } = require('../sandbox/store');

const ITEMS = argument('items', 300);
const LATENCY_MS = argument('latency-ms', 40);
const RPM = argument('rpm', 600);

function batchWorkflow(id, items) {
	const customers = Object.values(SEED_IDS.customers);
	return {
		id,
		name: `bench ${id}`,
		nodes: [
			manualTrigger,
			{
				id: 'bench-records',
				name: 'Records',
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				position: [200, 0],
				parameters: {
					mode: 'raw',
					jsonOutput: `={{ { records: Array.from({ length: ${items} }, (_, i) => ({ customer: ${JSON.stringify(customers)}[i % ${customers.length}], subject: 'Bench ' + i })) } }}`,
					options: {},
				},
			},
			{ id: 'bench-split', name: 'Split', type: 'n8n-nodes-base.splitOut', typeVersion: 1, position: [400, 0], parameters: { fieldToSplitOut: 'records', options: {} } },
			{ id: 'bench-loop', name: 'Loop', type: 'n8n-nodes-base.splitInBatches', typeVersion: 3, position: [600, 0], parameters: { batchSize: 50, options: {} } },
			kustomerNode('Create', { resource: 'conversation', operation: 'create', customer: { __rl: true, mode: 'id', value: '={{ $json.customer }}' }, additionalFields: { name: '={{ $json.subject }}' } }, [800, 100]),
			{ id: 'bench-done', name: 'Done', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [800, -100], parameters: {} },
		],
		connections: {
			Start: { main: [[{ node: 'Records', type: 'main', index: 0 }]] },
			Records: { main: [[{ node: 'Split', type: 'main', index: 0 }]] },
			Split: { main: [[{ node: 'Loop', type: 'main', index: 0 }]] },
			Loop: { main: [[{ node: 'Done', type: 'main', index: 0 }], [{ node: 'Create', type: 'main', index: 0 }]] },
			Create: { main: [[{ node: 'Loop', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

/** Seconds between the first and the last request Kustomer got, and the requests. */
async function span(sandboxUrl) {
	const { requests } = await (await fetch(`${sandboxUrl}/_sandbox/requests`)).json();
	const times = requests.map((request) => Date.parse(request.at));
	return { seconds: (Math.max(...times) - Math.min(...times)) / 1000, requests };
}

async function main() {
	const environment = await sandboxEnvironment({ sandboxConfig: { latencyMs: LATENCY_MS } });
	const { sandbox, sandboxUrl, n8n } = environment;
	const configure = async (config) =>
		await fetch(`${sandboxUrl}/_sandbox/config`, { method: 'PATCH', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(config) });
	try {
		// Unconstrained: what the node adds to each request.
		await configure({ rateLimit: { limit: 1_000_000, windowMs: 60_000 } });
		const free = await runWorkflow(n8n, batchWorkflow('benchBatchFree01', ITEMS));
		const freeSpan = await span(sandboxUrl);
		const perRequestMs = (freeSpan.seconds * 1000) / freeSpan.requests.length;
		const createdFree = sandbox.store.list('conversations').length;

		// Budget-bound: the same batch under RPM requests per minute (10-second windows).
		await fetch(`${sandboxUrl}/_sandbox/requests`, { method: 'DELETE' });
		await configure({ rateLimit: { limit: Math.round(RPM / 6), windowMs: 10_000, resetUnit: 'epoch' } });
		await runWorkflow(n8n, batchWorkflow('benchBatchRate01', ITEMS));
		const bound = await span(sandboxUrl);
		const created = bound.requests.filter((request) => request.status === 201).length;
		const limited = bound.requests.filter((request) => request.status === 429).length;
		const stats = await sandboxStats(sandboxUrl);
		// With fixed windows of RPM/6 requests, the batch cannot take less than this.
		const perWindow = Math.round(RPM / 6);
		const floorSeconds = Math.max((Math.ceil(ITEMS / perWindow) - 1) * 10, (ITEMS * LATENCY_MS) / 1000);
		const efficiency = floorSeconds / bound.seconds;

		report(
			`Batch create: ${ITEMS} conversations, ${LATENCY_MS} ms latency per request (n8n ${n8n.paths.version})`,
			[
				['unconstrained: time for the requests', `${freeSpan.seconds.toFixed(1)} s`],
				['unconstrained: per request', `${perRequestMs.toFixed(1)} ms (of which ${LATENCY_MS} ms is Kustomer's latency)`],
				[`budget ${RPM}/min: time for the requests`, `${bound.seconds.toFixed(1)} s`],
				[`budget ${RPM}/min: least time possible`, `${floorSeconds.toFixed(1)} s (${Math.ceil(ITEMS / perWindow)} windows of ${perWindow} requests)`],
				[`budget ${RPM}/min: efficiency`, `${(efficiency * 100).toFixed(0)} % (least time possible / time taken)`],
				[`budget ${RPM}/min: 429 answers waited out`, String(limited)],
				['sandbox answers by status (budget run)', JSON.stringify(stats.byStatus)],
				['n8n process peak memory (unconstrained)', `${free.peakMb.toFixed(0)} MB`],
			],
			[
				['every record created exactly once, in both runs', createdFree === ITEMS && created === ITEMS && sandbox.store.list('conversations').length === 2 * ITEMS],
				[`node overhead per request under 25 ms`, perRequestMs - LATENCY_MS < 25],
				['under the budget, within 80 % of the least time possible', efficiency >= 0.8],
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

#!/usr/bin/env node
/**
 * Conversation → Create with External IDs in a real n8n (the pinned 2.x) against the sandbox,
 * this node beside n8n's HTTP Request node in the same run:
 *
 *   A. 1,000 items, 100 ms latency, Kustomer Enterprise's budget as 250 requests per 15 s:
 *      the Kustomer node with default settings, the same batch again (it must create nothing),
 *      and the HTTP Request node with Batching 16 items / 1 s and Retry On Fail;
 *   B. A while another client spends half of each window, its requests spread through it (the
 *      share of them refused with 429 while the batch runs is measured);
 *   C. A with Send in Bulk;
 *   D. latency 0, no budget: time per item of the Kustomer node and of the HTTP Request node.
 *
 *   node bench/creates.js [--items 1000] [--customers 20] [--latency-ms 100] [--http-shared 0]
 *     [--only A,B,C,D] [--cost-rounds 2]
 *
 * The items are spread over --customers customers so that Kustomer's 120 creates per minute
 * per customer (on in the sandbox) is not what is measured. --http-shared 1 also runs the
 * HTTP Request node in B (it takes minutes and fails there).
 */
const { argument, kustomerNode, manualTrigger, report, runWorkflow, sandboxEnvironment, tearDown, textArgument } = require('./common');
const { EXAMPLE_CREDENTIAL } = require('../scripts/n8n/environment');

const ITEMS = argument('items', 1000);
const CUSTOMERS = argument('customers', 20);
const LATENCY_MS = argument('latency-ms', 100);
const HTTP_SHARED = argument('http-shared', 0) === 1;
const ONLY = textArgument('only', 'A,B,C,D').split(',');
const COST_ROUNDS = argument('cost-rounds', 2);
const BUDGET = { limit: 250, windowMs: 15_000 };
/** Kustomer's bulk jobs in the sandbox: queued for a second, then 10 ms per record. */
const BULK = { queuedMs: 1000, msPerItem: 10, batchSize: 25 };

/** Bench customers with fixed ids, so every scenario spreads its items the same way. */
const customerIds = Array.from({ length: CUSTOMERS }, (_, index) => `be0000000000000000${String(index).padStart(6, '0')}`);

const recordsNode = (prefix) => ({
	id: 'bench-records',
	name: 'Records',
	type: 'n8n-nodes-base.set',
	typeVersion: 3.4,
	position: [200, 0],
	parameters: {
		mode: 'raw',
		jsonOutput: `={{ { records: Array.from({ length: ${ITEMS} }, (_, i) => ({ customer: ${JSON.stringify(customerIds)}[i % ${CUSTOMERS}], ref: '${prefix}-' + i, subject: 'Bench ' + i })) } }}`,
		options: {},
	},
});

function createWorkflow(id, prefix, createNode) {
	return {
		id,
		name: `bench ${id}`,
		nodes: [
			manualTrigger,
			recordsNode(prefix),
			{ id: 'bench-split', name: 'Split', type: 'n8n-nodes-base.splitOut', typeVersion: 1, position: [400, 0], parameters: { fieldToSplitOut: 'records', options: {} } },
			{ ...createNode, name: 'Create', position: [600, 0] },
		],
		connections: {
			Start: { main: [[{ node: 'Records', type: 'main', index: 0 }]] },
			Records: { main: [[{ node: 'Split', type: 'main', index: 0 }]] },
			Split: { main: [[{ node: 'Create', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

const kustomerCreate = (extra = {}) =>
	kustomerNode(
		'Create',
		{
			resource: 'conversation',
			operation: 'create',
			customer: { __rl: true, mode: 'id', value: '={{ $json.customer }}' },
			additionalFields: { name: '={{ $json.subject }}', externalId: '={{ $json.ref }}' },
			...extra,
		},
		[600, 0],
	);

/** n8n's HTTP Request node with the Kustomer credential, as a user would set it up. */
const httpCreate = (sandboxUrl, batching) => ({
	id: 'bench-http',
	name: 'Create',
	type: 'n8n-nodes-base.httpRequest',
	typeVersion: 4.2,
	position: [600, 0],
	retryOnFail: true,
	credentials: { kustomerApi: EXAMPLE_CREDENTIAL },
	parameters: {
		method: 'POST',
		url: `${sandboxUrl}/v1/conversations`,
		authentication: 'predefinedCredentialType',
		nodeCredentialType: 'kustomerApi',
		sendBody: true,
		specifyBody: 'json',
		jsonBody: '={{ JSON.stringify({ customer: $json.customer, name: $json.subject, externalId: $json.ref }) }}',
		options: batching ? { batching: { batch: { batchSize: 16, batchInterval: 1000 } } } : {},
	},
});

async function prepareSandbox({ sandbox, sandboxUrl }, config) {
	await fetch(`${sandboxUrl}/_sandbox/reset`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
	await fetch(`${sandboxUrl}/_sandbox/config`, { method: 'PATCH', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(config) });
	for (const [index, id] of customerIds.entries()) sandbox.store.insert('customers', { name: `Bench customer ${index}`, emails: [], custom: {} }, {}, id);
}

/** The other client's requests while the batch ran: answered, and refused with 429. */
async function otherClient({ sandboxUrl }) {
	const { answered, refused } = await (await fetch(`${sandboxUrl}/_sandbox/other-client`)).json();
	return { answered, refused, refusedShare: refused / Math.max(1, answered + refused) };
}

/** Runs one workflow and measures it: the node's own time, what Kustomer received, what exists after. */
async function measure({ n8n, sandbox, sandboxUrl }, workflow, prefix) {
	await fetch(`${sandboxUrl}/_sandbox/requests`, { method: 'DELETE' });
	const { run } = await runWorkflow(n8n, workflow);
	const task = run.data.resultData.runData.Create?.[0];
	const { requests } = await (await fetch(`${sandboxUrl}/_sandbox/requests`)).json();
	const mine = sandbox.store.list('conversations').filter((entry) => String(entry.attributes.externalId).startsWith(`${prefix}-`));
	const distinct = new Set(mine.map((entry) => entry.attributes.externalId)).size;
	const output = task?.data?.main?.[0] ?? [];
	const answered = requests.map((request) => Date.parse(request.at));
	const latency = Number(sandbox.config.latencyMs) / 1000;
	return {
		// n8n's execution time of the node: reading the items' fields (n8n evaluates their
		// expressions), then the requests.
		seconds: (task?.executionTime ?? NaN) / 1000,
		// The requests alone, from the first one sent to the last answer (the sandbox notes answers).
		span: requests.length ? (Math.max(...answered) - Math.min(...answered)) / 1000 + latency : NaN,
		firstRequestAfter: requests.length ? (Math.min(...answered) - (task?.startTime ?? NaN)) / 1000 - latency : NaN,
		requests: requests.length,
		byStatus: requests.reduce((counts, request) => ({ ...counts, [request.status]: (counts[request.status] ?? 0) + 1 }), {}),
		created: distinct,
		duplicates: mine.length - distinct,
		failed: run.data.resultData.error ? `node failed: ${run.data.resultData.error.message}` : output.filter((item) => item.json.error).length,
		output,
	};
}

/** The least time `requests` can take when `perWindow` of them fit in each window. */
const floorSeconds = (requests, perWindow) => ((Math.ceil(requests / perWindow) - 1) * BUDGET.windowMs) / 1000;
const describe = (result) =>
	`${result.span.toFixed(1)} s for the requests, ${result.seconds.toFixed(1)} s in all (the first request after ${result.firstRequestAfter.toFixed(1)} s), ${result.requests} requests ${JSON.stringify(result.byStatus)}, ${result.created} created, ${result.duplicates} duplicated, failed: ${result.failed}`;
const clean = (result) => result.failed === 0 && result.duplicates === 0 && result.created === ITEMS;

const budgeted = { latencyMs: LATENCY_MS, rateLimit: { ...BUDGET, resetUnit: 'epoch', otherClientPerWindow: 0, otherClientSpread: false }, bulk: BULK };
const shared = { ...budgeted, rateLimit: { ...budgeted.rateLimit, otherClientPerWindow: BUDGET.limit / 2, otherClientSpread: true } };
/** The node's default Budget Reserve (Request Options): the share of each window it leaves unspent. */
const DEFAULT_RESERVE = 0.05;
const free = { latencyMs: 0, rateLimit: { limit: 1_000_000, windowMs: 60_000, otherClientPerWindow: 0 }, limits: { createsPerCustomerPerMinute: 0 } };

/** Each scenario: the sandbox it needs, the workflows it runs in turn, and its External ID prefix. */
const SCENARIOS = {
	A: async (environment) => {
		await prepareSandbox(environment, budgeted);
		const node = await measure(environment, createWorkflow('benchNodeA000001', 'A', kustomerCreate()), 'A');
		const again = await measure(environment, createWorkflow('benchNodeA000001', 'A', kustomerCreate()), 'A');
		await prepareSandbox(environment, budgeted);
		const http = await measure(environment, createWorkflow('benchHttpA000001', 'H', httpCreate(environment.sandboxUrl, true)), 'H');
		return { node, again, http };
	},
	B: async (environment) => {
		await prepareSandbox(environment, shared);
		const node = await measure(environment, createWorkflow('benchNodeB000001', 'B', kustomerCreate()), 'B');
		const other = await otherClient(environment);
		if (!HTTP_SHARED) return { node, other };
		await prepareSandbox(environment, shared);
		const http = await measure(environment, createWorkflow('benchHttpB000001', 'HB', httpCreate(environment.sandboxUrl, true)), 'HB');
		return { node, other, http, httpOther: await otherClient(environment) };
	},
	C: async (environment) => {
		await prepareSandbox(environment, budgeted);
		return { bulk: await measure(environment, createWorkflow('benchBulkC000001', 'C', kustomerCreate({ sendInBulk: true })), 'C') };
	},
	// CPU-bound on a shared machine: the two alternate, and each keeps its best run.
	D: async (environment) => {
		const runs = { node: [], http: [] };
		for (let round = 0; round < COST_ROUNDS; round++) {
			await prepareSandbox(environment, free);
			runs.node.push(await measure(environment, createWorkflow('benchNodeD000001', 'D', kustomerCreate()), 'D'));
			await prepareSandbox(environment, free);
			runs.http.push(await measure(environment, createWorkflow('benchHttpD000001', 'HD', httpCreate(environment.sandboxUrl, false)), 'HD'));
		}
		const best = (results) => results.reduce((a, b) => (b.seconds < a.seconds ? b : a));
		return { node: best(runs.node), http: best(runs.http), rounds: COST_ROUNDS };
	},
};

const perItem = (result) => (result.seconds * 1000) / ITEMS;

/** Figures and targets of the scenarios that ran. */
function figures({ A, B, C, D }) {
	const floorA = floorSeconds(ITEMS, BUDGET.limit);
	const floorB = floorSeconds(ITEMS, BUDGET.limit / 2);
	const rows = [];
	const targets = [];
	if (A) {
		const floorSent = floorSeconds(A.node.requests, BUDGET.limit) + Number(LATENCY_MS) / 1000;
		rows.push(
			['A. Kustomer node (defaults)', describe(A.node)],
			['A. the same batch again', describe(A.again)],
			['A. HTTP Request node (16 / 1 s, retry)', describe(A.http)],
			['A. floor the budget allows', `${floorA.toFixed(1)} s (${ITEMS} requests); ${floorSent.toFixed(1)} s for the node's ${A.node.requests} (the whole budget, no reserve)`],
			['A. the node / that floor', `${(A.node.span / floorSent).toFixed(3)} ×: each window's requests start as it opens`],
			['A. Kustomer node / HTTP Request node', `${(A.node.seconds / A.http.seconds).toFixed(2)} × the time`],
			['A. the batch again / the first run', `${((100 * A.again.requests) / A.node.requests).toFixed(1)} % of the requests`],
		);
		targets.push(
			['A. the requests within 1.05 × the floor for them', A.node.span <= 1.05 * floorSent],
			['A. faster than the HTTP Request setup', A.node.seconds < A.http.seconds],
			['A. 0 failed, 0 duplicated, every item created', clean(A.node)],
			['A. the batch again creates nothing, under 5 % of the requests', A.again.created === ITEMS && A.again.duplicates === 0 && A.again.requests <= 0.05 * A.node.requests],
		);
	}
	if (B) {
		const share = (other) => `${other.refused} of its ${other.answered + other.refused} requests refused with 429 (${(100 * other.refusedShare).toFixed(1)} %)`;
		rows.push(['B. another client spends half through each window: Kustomer node', describe(B.node)]);
		rows.push(['B. the other client meanwhile', share(B.other)]);
		if (B.http) rows.push(['B. HTTP Request node', describe(B.http)], ['B. the other client meanwhile', share(B.httpOther)]);
		rows.push(['B. floor with half the budget', `${floorB.toFixed(1)} s; the node's requests took ${(B.node.span / floorB).toFixed(2)} × that`]);
		rows.push(['B. the reserve', `${(100 * DEFAULT_RESERVE).toFixed(0)} % of each window (${Math.ceil(DEFAULT_RESERVE * BUDGET.limit)} of ${BUDGET.limit}) never spent by the node (Request Options → Budget Reserve)`]);
		targets.push(
			["B. the other client's share of 429s under 5 %", B.other.refusedShare < 0.05],
			['B. the requests within 1.3 × its floor', B.node.span <= 1.3 * floorB],
			['B. 0 failed, 0 duplicated, every item created', clean(B.node)],
		);
	}
	if (C) {
		rows.push(['C. Send in Bulk', describe(C.bulk)]);
		// One read per customer is the index-lag guard's (actions/externalIds.ts, completeScopes):
		// the customer's own conversation count, which the search index cannot stand in for.
		targets.push(
			[`C. at most 40 requests for 1,000 items (scaled), plus 1 per customer (${CUSTOMERS})`, C.bulk.requests <= (40 * ITEMS) / 1000 + CUSTOMERS],
			['C. 0 failed, 0 duplicated, every item created', clean(C.bulk)],
		);
	}
	if (D) {
		rows.push(
			['D. latency 0, no budget: Kustomer node', `${describe(D.node)}; ${perItem(D.node).toFixed(2)} ms per item`],
			['D. latency 0, no budget: HTTP Request node', `${describe(D.http)}; ${perItem(D.http).toFixed(2)} ms per item`],
			['D. Kustomer node / HTTP Request node', `${(perItem(D.node) / perItem(D.http)).toFixed(2)} × the time per item (best of ${D.rounds} runs each)`],
		);
		targets.push(['D. no more time per item than the HTTP Request node', perItem(D.node) <= perItem(D.http)]);
	}
	return { rows, targets };
}

async function main() {
	const environment = await sandboxEnvironment({ sandboxConfig: { latencyMs: LATENCY_MS } });
	try {
		const results = {};
		for (const name of ONLY) results[name] = await SCENARIOS[name](environment);
		const { rows, targets } = figures(results);
		report(
			`Conversation → Create, ${ITEMS} items with External IDs over ${CUSTOMERS} customers, ${LATENCY_MS} ms latency, ${BUDGET.limit} requests per ${BUDGET.windowMs / 1000} s (n8n ${environment.n8n.paths.version})`,
			rows,
			targets,
		);
	} finally {
		await tearDown(environment);
	}
}

main().catch((error) => {
	process.stderr.write(`${error.stack}\n`);
	process.exit(1);
});

/**
 * Send in Bulk in a real n8n against the sandbox: 120 conversations go to Kustomer's bulk
 * endpoint in two requests, the jobs complete slowly, one record is rejected, and each item's
 * output is what the batch results say of it. Running it again sends only what is missing.
 */
import fs from 'node:fs';
import path from 'node:path';

import { SEED_IDS } from '../../sandbox/store';
import { e2eLines } from './lines';
import type { E2eEnvironment, SandboxRequest } from './support';
import { outputOf, SANDBOX_CREDENTIAL, sandboxRequests, setUpEnvironment, tearDownEnvironment } from './support';

const ITEMS = 120;
const REJECTED = 57;
const NO_SUCH_CUSTOMER = '0'.repeat(24);
const WORKFLOW_ID = 'kustBulkCreate01';

/** Manual Trigger → 120 records → Split Out → Conversation → Create, Send in Bulk, Continue On Fail. */
function bulkWorkflow() {
	const customers = Object.values(SEED_IDS.customers);
	return {
		id: WORKFLOW_ID,
		name: 'Bulk create (e2e)',
		nodes: [
			{ id: 'e2e-start', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: 'e2e-records',
				name: 'Records',
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				position: [200, 0],
				parameters: {
					mode: 'raw',
					jsonOutput: `={{ { records: Array.from({ length: ${ITEMS} }, (_, i) => ({ customer: i === ${REJECTED} ? '${NO_SUCH_CUSTOMER}' : ${JSON.stringify(customers)}[i % ${customers.length}], ref: 'bulk-' + i })) } }}`,
					options: {},
				},
			},
			{ id: 'e2e-split', name: 'Split', type: 'n8n-nodes-base.splitOut', typeVersion: 1, position: [400, 0], parameters: { fieldToSplitOut: 'records', options: {} } },
			{
				id: 'e2e-create',
				name: 'Create in bulk',
				type: 'n8n-nodes-kustomer.kustomer',
				typeVersion: 1,
				position: [600, 0],
				onError: 'continueRegularOutput',
				credentials: { kustomerApi: SANDBOX_CREDENTIAL },
				parameters: {
					resource: 'conversation',
					operation: 'create',
					customer: { __rl: true, mode: 'id', value: '={{ $json.customer }}' },
					additionalFields: { name: '={{ "Bulk " + $json.ref }}', externalId: '={{ $json.ref }}' },
					sendInBulk: true,
				},
			},
		],
		connections: {
			Start: { main: [[{ node: 'Records', type: 'main', index: 0 }]] },
			Records: { main: [[{ node: 'Split', type: 'main', index: 0 }]] },
			Split: { main: [[{ node: 'Create in bulk', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

const bulkSubmits = (requests: SandboxRequest[]) => requests.filter((request) => request.method === 'POST' && request.path === '/v1/conversations/bulk');

describe.each(e2eLines())('n8n %s.x: Send in Bulk', (line) => {
	let environment: E2eEnvironment;

	beforeAll(async () => {
		// Slow completion: each job is queued for 1.5 s, then takes 10 ms per record.
		environment = await setUpEnvironment(line, { bulk: { queuedMs: 1500, msPerItem: 10, batchSize: 25 } });
		const file = path.join(environment.n8n.userFolder, `${WORKFLOW_ID}.json`);
		fs.writeFileSync(file, JSON.stringify(bulkWorkflow()));
		await environment.n8n.importWorkflows(file);
	}, 300_000);
	afterAll(async () => await tearDownEnvironment(environment));

	test('120 records in two bulk requests; each item gets its record or, for the rejected one, an error item', async () => {
		const { n8n, sandbox, sandboxUrl } = environment;
		const run = await n8n.execute(WORKFLOW_ID);
		expect(run.data.resultData.error).toBeUndefined();

		const requests = await sandboxRequests(sandboxUrl);
		const submits = bulkSubmits(requests);
		expect(submits.map((request) => (request.body as unknown[]).length)).toEqual([100, 20]);
		expect((submits[1].body as Array<{ _clientRef: string }>)[0]._clientRef).toBe('100');
		// Polled until complete, then the batches read once per job; nothing was sent twice.
		expect(requests.filter((request) => /^\/v1\/bulk\/\w+\/batches/.test(request.path))).toHaveLength(2);
		expect(requests.filter((request) => /^\/v1\/bulk\/\w+$/.test(request.path)).length).toBeGreaterThanOrEqual(2);
		expect(requests.every((request) => request.status < 400)).toBe(true);

		const output = outputOf(run, 'Create in bulk');
		expect(output).toHaveLength(ITEMS);
		expect(output[REJECTED].error).toMatch(new RegExp(`^Kustomer rejected this item in bulk operation \\w+: customer ${NO_SUCH_CUSTOMER} not found \\[item ${REJECTED}\\]$`));
		const created = sandbox.store.list('conversations').filter((entry) => String(entry.attributes.externalId).startsWith('bulk-'));
		expect(created).toHaveLength(ITEMS - 1);
		const byExternalId = new Map(created.map((entry) => [entry.attributes.externalId, entry.id]));
		output.forEach((item, index) => {
			if (index !== REJECTED) expect(item).toMatchObject({ id: byExternalId.get(`bulk-${index}`), bulkResult: 'created' });
		});
	});

	test('running it again creates nothing twice: only the rejected record is sent again', async () => {
		const { n8n, sandbox, sandboxUrl } = environment;
		await fetch(`${sandboxUrl}/_sandbox/requests`, { method: 'DELETE' });
		const run = await n8n.execute(WORKFLOW_ID);
		expect(run.data.resultData.error).toBeUndefined();

		const submits = bulkSubmits(await sandboxRequests(sandboxUrl));
		expect(submits.map((request) => (request.body as Array<{ externalId: string }>).map((record) => record.externalId))).toEqual([[`bulk-${REJECTED}`]]);
		const created = sandbox.store.list('conversations').filter((entry) => String(entry.attributes.externalId).startsWith('bulk-'));
		expect(created).toHaveLength(ITEMS - 1);
		expect(outputOf(run, 'Create in bulk')[3].externalId).toBe('bulk-3');
	});
});

/**
 * Send in Bulk in a real n8n against the sandbox: 120 conversations go to Kustomer's bulk
 * endpoint in two requests, the jobs complete slowly, one record is rejected, and each item's
 * output is what the batch results say of it. Running it again sends only what is missing.
 * Then customers are created in bulk and updated in bulk, keeping their company link.
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

type WorkflowNode = Record<string, unknown> & { name: string };

/** Manual Trigger → a Set node making `records` (an expression) → Split Out → `nodes`, one after another. */
function recordsWorkflow(id: string, name: string, records: string, nodes: WorkflowNode[]) {
	const chain: WorkflowNode[] = [
		{ id: 'e2e-start', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} },
		{ id: 'e2e-records', name: 'Records', type: 'n8n-nodes-base.set', typeVersion: 3.4, parameters: { mode: 'raw', jsonOutput: `={{ { records: ${records} } }}`, options: {} } },
		{ id: 'e2e-split', name: 'Split', type: 'n8n-nodes-base.splitOut', typeVersion: 1, parameters: { fieldToSplitOut: 'records', options: {} } },
		...nodes,
	];
	return {
		id,
		name,
		nodes: chain.map((node, index) => ({ ...node, position: [200 * index, 0] })),
		connections: Object.fromEntries(chain.slice(0, -1).map((node, index) => [node.name, { main: [[{ node: chain[index + 1].name, type: 'main', index: 0 }]] }])),
		settings: { executionOrder: 'v1' },
	};
}

/** A Kustomer node with Send in Bulk on, using the sandbox credential. */
const bulkNode = (id: string, name: string, parameters: Record<string, unknown>, extra: Record<string, unknown> = {}): WorkflowNode => ({
	id,
	name,
	type: 'n8n-nodes-kustomer.kustomer',
	typeVersion: 1,
	credentials: { kustomerApi: SANDBOX_CREDENTIAL },
	parameters: { ...parameters, sendInBulk: true },
	...extra,
});

/** 120 records → Conversation → Create, Send in Bulk, Continue On Fail. */
function bulkWorkflow() {
	const customers = Object.values(SEED_IDS.customers);
	return recordsWorkflow(
		WORKFLOW_ID,
		'Bulk create (e2e)',
		`Array.from({ length: ${ITEMS} }, (_, i) => ({ customer: i === ${REJECTED} ? '${NO_SUCH_CUSTOMER}' : ${JSON.stringify(customers)}[i % ${customers.length}], ref: 'bulk-' + i }))`,
		[
			bulkNode(
				'e2e-create',
				'Create in bulk',
				{
					resource: 'conversation',
					operation: 'create',
					customer: { __rl: true, mode: 'id', value: '={{ $json.customer }}' },
					additionalFields: { name: '={{ "Bulk " + $json.ref }}', externalId: '={{ $json.ref }}' },
				},
				{ onError: 'continueRegularOutput' },
			),
		],
	);
}

const CUSTOMERS = 30;
const CUSTOMERS_WORKFLOW_ID = 'kustBulkCustomer';

/** 30 records → Customer → Create (linked to Acme) → Customer → Update (locale), both in bulk. */
function customersWorkflow() {
	return recordsWorkflow(
		CUSTOMERS_WORKFLOW_ID,
		'Bulk customers (e2e)',
		`Array.from({ length: ${CUSTOMERS} }, (_, i) => ({ name: 'Bulk customer ' + i, email: 'bulk-customer-' + i + '@example.com' }))`,
		[
			bulkNode('e2e-create-customers', 'Create customers', {
				resource: 'customer',
				operation: 'create',
				customerFields: { name: '={{ $json.name }}', emails: { email: [{ address: '={{ $json.email }}', type: 'work' }] }, company: SEED_IDS.companies.acme },
			}),
			bulkNode('e2e-update-customers', 'Update customers', {
				resource: 'customer',
				operation: 'update',
				customer: { __rl: true, mode: 'id', value: '={{ $json.id }}' },
				updateFields: { locale: 'fr_FR' },
			}),
		],
	);
}

const bulkSubmits = (requests: SandboxRequest[]) => requests.filter((request) => request.method === 'POST' && request.path === '/v1/conversations/bulk');

describe.each(e2eLines())('n8n %s.x: Send in Bulk', (line) => {
	let environment: E2eEnvironment;

	beforeAll(async () => {
		// Slow completion: each job is queued for 1.5 s, then takes 10 ms per record. Kustomer taking
		// _clientRef, as its bulk pages say (the in-process tests also run the OpenAPI file's reading).
		environment = await setUpEnvironment(line, { bulk: { queuedMs: 1500, msPerItem: 10, batchSize: 25 }, readings: { bulkClientRef: 'accepted' } });
		for (const workflow of [bulkWorkflow(), customersWorkflow()]) {
			const file = path.join(environment.n8n.userFolder, `${workflow.id}.json`);
			fs.writeFileSync(file, JSON.stringify(workflow));
			await environment.n8n.importWorkflows(file);
		}
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
		// Refused only on the rejected item's behalf: the index-lag guard's read of its customer,
		// who does not exist, and then the direct lookup of its External ID (404: not there yet).
		expect(requests.filter((request) => request.status >= 400).map((request) => `${request.method} ${request.path} ${request.status}`)).toEqual([
			`GET /v1/customers/${NO_SUCH_CUSTOMER} 404`,
			`GET /v1/conversations/externalId=bulk-${REJECTED} 404`,
		]);

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

	test('customers created in bulk, then updated in bulk: each read once for its company, which the update keeps', async () => {
		const { n8n, sandbox, sandboxUrl } = environment;
		await fetch(`${sandboxUrl}/_sandbox/requests`, { method: 'DELETE' });
		const run = await n8n.execute(CUSTOMERS_WORKFLOW_ID);
		expect(run.data.resultData.error).toBeUndefined();

		const requests = await sandboxRequests(sandboxUrl);
		const writes = requests.filter((request) => ['POST', 'PUT', 'PATCH'].includes(request.method)).map((request) => `${request.method} ${request.path}`);
		expect(writes).toEqual(['POST /v1/customers/bulk', 'PUT /v1/customers/bulk']);
		expect(requests.filter((request) => /^\/v1\/customers\/[0-9a-f]{24}$/.test(request.path))).toHaveLength(CUSTOMERS);
		const created = outputOf(run, 'Create customers');
		const updated = outputOf(run, 'Update customers');
		expect(updated.map((item) => item.id)).toEqual(created.map((item) => item.id));
		expect(updated[0]).toMatchObject({ bulkResult: 'updated' });
		for (const { id } of updated) {
			const customer = sandbox.store.get('customers', String(id));
			expect(customer?.attributes.locale).toBe('fr_FR');
			// The sandbox unlinks a company an update leaves out, as Kustomer documents.
			expect(customer?.relationships.company).toEqual({ type: 'company', id: SEED_IDS.companies.acme });
		}
	});
});

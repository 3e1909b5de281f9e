/**
 * Creates whose answer is lost while Kustomer goes on writing, in a real n8n (2.41.1): a
 * quarter of the creates are answered 504 at once and the record lands 1.5 s later, and
 * nothing on the sandbox's side refuses a second record with the same External ID (Kustomer
 * documents no such rule: the externalIdUniqueness reading's documented value). 1,000
 * conversations and 1,000 messages, each with an External ID: the sandbox counts each record
 * exactly once. Before the node waited before looking (issue 23 item 1), 18 of 100
 * conversations and 24 of 100 messages came out twice. Figures go to .n8n-logs/late-writes.json.
 */
import fs from 'node:fs';
import path from 'node:path';

import { ROOT } from '../../scripts/n8n/instance';
import { e2eLines } from './lines';
import type { E2eEnvironment } from './support';
import { kustomer, outputOf, SANDBOX_CREDENTIAL, sandboxRequests, setUpEnvironment, tearDownEnvironment, waitFor } from './support';

const RECORDS = 1000;
const CUSTOMERS = 25;
const LATE_WRITES = { lateWriteRate: 0.25, lateWriteMs: 1500 };
const REPORT = path.join(ROOT, '.n8n-logs', 'late-writes.json');

const describeLate = e2eLines().includes('2') ? describe : describe.skip;

/** A workflow of `RECORDS` items through one Kustomer node, by a manual trigger. */
function workflow(id: string, records: string, node: Record<string, unknown>) {
	return {
		id,
		name: `e2e: late writes, ${id}`,
		nodes: [
			{ id: `${id}-start`, name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{ id: `${id}-records`, name: 'Records', type: 'n8n-nodes-base.set', typeVersion: 3.4, position: [200, 0], parameters: { mode: 'raw', jsonOutput: records, options: {} } },
			{ id: `${id}-split`, name: 'Split', type: 'n8n-nodes-base.splitOut', typeVersion: 1, position: [400, 0], parameters: { fieldToSplitOut: 'records', options: {} } },
			{ id: `${id}-create`, name: 'Create', type: 'n8n-nodes-kustomer.kustomer', typeVersion: 1, position: [600, 0], credentials: { kustomerApi: SANDBOX_CREDENTIAL }, ...node },
		],
		connections: {
			Start: { main: [[{ node: 'Records', type: 'main', index: 0 }]] },
			Records: { main: [[{ node: 'Split', type: 'main', index: 0 }]] },
			Split: { main: [[{ node: 'Create', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

describeLate('n8n 2.x: 1,000 creates while a quarter of them are answered 504 and land 1.5 s later', () => {
	let environment: E2eEnvironment;
	const figures: Record<string, unknown> = { records: RECORDS, faults: LATE_WRITES };

	beforeAll(async () => {
		environment = await setUpEnvironment('2');
		const customers: string[] = [];
		for (let index = 0; index < CUSTOMERS; index++) {
			customers.push((await kustomer(environment.sandboxUrl, 'POST', '/v1/customers', { name: `Late customer ${index}` })).data.id);
		}
		const conversations: string[] = [];
		for (const customer of customers) {
			conversations.push((await kustomer(environment.sandboxUrl, 'POST', '/v1/conversations', { customer, name: 'Messages land late' })).data.id);
		}
		const file = path.join(environment.n8n.userFolder, 'late-writes.json');
		fs.writeFileSync(
			file,
			JSON.stringify([
				workflow(
					'kustLateConvs001',
					`={{ { records: Array.from({ length: ${RECORDS} }, (_, i) => ({ ref: 'late-conv-' + i, customer: ${JSON.stringify(customers)}[i % ${CUSTOMERS}] })) } }}`,
					{
						parameters: {
							resource: 'conversation',
							operation: 'create',
							customer: { __rl: true, mode: 'id', value: '={{ $json.customer }}' },
							additionalFields: { name: '={{ "Late " + $json.ref }}', externalId: '={{ $json.ref }}' },
						},
					},
				),
				workflow(
					'kustLateMsgs0001',
					`={{ { records: Array.from({ length: ${RECORDS} }, (_, i) => ({ ref: 'late-msg-' + i, conversation: ${JSON.stringify(conversations)}[i % ${CUSTOMERS}] })) } }}`,
					{
						parameters: {
							resource: 'message',
							operation: 'create',
							conversation: { __rl: true, mode: 'id', value: '={{ $json.conversation }}' },
							channel: 'chat',
							direction: 'in',
							body: '={{ "Message " + $json.ref }}',
							additionalFields: { externalId: '={{ $json.ref }}' },
						},
					},
				),
			]),
		);
		await environment.n8n.importWorkflows(file);
		await fetch(`${environment.sandboxUrl}/_sandbox/config`, {
			method: 'PATCH',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ faults: LATE_WRITES }),
		});
	}, 300_000);

	afterAll(async () => {
		fs.mkdirSync(path.dirname(REPORT), { recursive: true });
		fs.writeFileSync(REPORT, `${JSON.stringify(figures, null, 2)}\n`);
		await tearDownEnvironment(environment);
	});

	test.each([
		['conversations', 'kustLateConvs001', 'late-conv-'],
		['messages', 'kustLateMsgs0001', 'late-msg-'],
	])(
		'%s: each External ID has exactly one record, none lost',
		async (collection, workflowId, prefix) => {
			const { n8n, sandbox, sandboxUrl } = environment;
			await fetch(`${sandboxUrl}/_sandbox/requests`, { method: 'DELETE' });
			const started = Date.now();
			const run = await n8n.execute(workflowId);
			const seconds = (Date.now() - started) / 1000;
			// Writes answered 504 land 1.5 s later: the last of them has landed before counting.
			await waitFor('every late write to land', async () => ((await (await fetch(`${sandboxUrl}/_sandbox/late-writes`)).json()) as { pending: number }).pending === 0);
			const requests = await sandboxRequests(sandboxUrl);
			const counts = new Map<string, number>();
			for (const record of sandbox.store.list(collection)) {
				const externalId = String(record.attributes.externalId);
				if (externalId.startsWith(prefix)) counts.set(externalId, (counts.get(externalId) ?? 0) + 1);
			}
			const result = {
				seconds,
				requests: requests.length,
				answered504: requests.filter((request) => request.status === 504).length,
				lost: RECORDS - counts.size,
				secondRecords: [...counts.values()].reduce((sum, count) => sum + count - 1, 0),
				runError: run.data.resultData.error?.message ?? null,
			};
			figures[collection] = result;
			// The faults happened: otherwise this proves nothing.
			expect(result.answered504).toBeGreaterThan(RECORDS / 10);
			expect(result.secondRecords).toBe(0);
			expect(result.lost).toBe(0);
			expect(result.runError).toBeNull();
			expect(outputOf(run, 'Create')).toHaveLength(RECORDS);
		},
		600_000,
	);
});

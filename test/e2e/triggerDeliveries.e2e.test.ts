/**
 * The trigger's deliveries in a real n8n (regular mode), against the sandbox, which signs its
 * deliveries and retries a failed one on Kustomer's schedule (1, 1, 2, 5... minutes, shrunk
 * here to seconds):
 * - exactly one run per Kustomer event id, whatever the timing of the copies: at the same
 *   moment, right after the first copy's answer, after the run, and after n8n restarts. The
 *   workflow adds one note per event it runs for, so the sandbox counts the runs.
 * - publishing an edit while an execution runs (a Wait node holds it): deliveries signed for
 *   the new registration run afterwards (issue 18, item 1); an unchanged publish keeps the webhook;
 * - n8n killed while an execution runs, started again, the crashed execution retried: the
 *   workflow runs once (item 2);
 * - signed bodies the trigger cannot use get a 2xx and start nothing; the signed body, not the
 *   unsigned header, names the event (item 7);
 * - events per second with exactly-once held. Figures go to .n8n-logs/exactly-once-n8n<line>.json.
 */
import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { EXAMPLE_CREDENTIAL } from '../../scripts/n8n/environment';
import { SEED_IDS } from '../../sandbox/store';
import { e2eLines } from './lines';
import type { E2eEnvironment } from './support';
import { finishedExecutions, kustomer, measureThroughput, SANDBOX_CREDENTIAL, SANDBOX_KEY, setUpEnvironment, tearDownEnvironment, waitFor } from './support';

const WORKFLOW_FILE = path.join(__dirname, 'workflows', 'exactly-once.json');
const WORKFLOW_ID = 'kustExactlyOnce1';
const WEBHOOK_ID = '0e2e0000-1111-4222-8333-444455556666';
const HELD_WORKFLOW_ID = 'kustHeldRuns0001';
const HELD_WEBHOOK_ID = '0e2e0000-2222-4333-8444-555566667777';
/** Copies of each event sent at the same moment, and how many events. */
const COPIES = 5;
const TRIALS = 20;
const REPORT_FOLDER = path.resolve(__dirname, '..', '..', '.n8n-logs');
/** Kustomer's retry schedule in seconds instead of minutes. */
const SANDBOX_CONFIG = { webhookDelivery: { retryScale: 1 / 60 } };

interface Execution {
	id: string;
	status: string;
	mode?: string;
}

/** Kustomer Trigger (customer.update) -> Wait 8 s -> a note on `conversationId` naming the event. */
function heldWorkflow(conversationId: string) {
	const credentials = { kustomerApi: EXAMPLE_CREDENTIAL };
	return {
		id: HELD_WORKFLOW_ID,
		name: 'e2e: a note per customer.update event, after 8 s',
		nodes: [
			{
				id: 'e2e00000-0002-4000-8000-000000000001',
				name: 'Kustomer Trigger',
				type: 'n8n-nodes-kustomer.kustomerTrigger',
				typeVersion: 1,
				position: [0, 0],
				webhookId: HELD_WEBHOOK_ID,
				parameters: { registration: 'automatic', events: ['kustomer.customer.update'], output: 'simplified', options: {} },
				credentials,
			},
			{
				id: 'e2e00000-0002-4000-8000-000000000002',
				name: 'Wait',
				type: 'n8n-nodes-base.wait',
				typeVersion: 1.1,
				position: [220, 0],
				webhookId: 'e2e00000-0002-4000-8000-0000000000aa',
				parameters: { resume: 'timeInterval', amount: 8, unit: 'seconds' },
			},
			{
				id: 'e2e00000-0002-4000-8000-000000000003',
				name: 'Note per event',
				type: 'n8n-nodes-kustomer.kustomer',
				typeVersion: 1,
				position: [440, 0],
				parameters: {
					resource: 'note',
					operation: 'create',
					conversation: { __rl: true, mode: 'id', value: conversationId },
					body: '=Held run for {{ $json.eventId }}',
					additionalFields: {},
				},
				credentials,
			},
		],
		connections: {
			'Kustomer Trigger': { main: [[{ node: 'Wait', type: 'main', index: 0 }]] },
			Wait: { main: [[{ node: 'Note per event', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
		active: false,
	};
}

describe.each(e2eLines('smoke'))('n8n %s.x, regular mode: trigger deliveries', (line) => {
	let environment: E2eEnvironment;
	let message: { id: string };
	const figures: Record<string, unknown> = { line, copies: COPIES, trials: TRIALS };

	beforeAll(async () => {
		environment = await setUpEnvironment(line, SANDBOX_CONFIG);
		const { n8n, sandboxUrl } = environment;
		await n8n.importWorkflows(WORKFLOW_FILE);
		// Made before n8n runs, so no webhook is registered yet and no event goes out. The
		// trigger takes message.create, which neither the workflow's notes nor other tests make.
		const conversation = (await kustomer(sandboxUrl, 'POST', '/v1/conversations', { customer: SEED_IDS.customers.mei, name: 'Exactly once' })).data;
		message = (await kustomer(sandboxUrl, 'POST', `/v1/conversations/${conversation.id}/messages`, { channel: 'email', app: 'n8n', preview: 'Hello' })).data;
		const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kustomer-held-')), 'held.json');
		fs.writeFileSync(file, JSON.stringify(heldWorkflow(conversation.id)));
		await n8n.importWorkflows(file);
		await n8n.publish(WORKFLOW_ID);
		await n8n.publish(HELD_WORKFLOW_ID);
		await n8n.start();
		await n8n.signIn();
		await waitFor('both webhooks registered', () => environment.sandbox.store.list('webhooks').length === 2);
	}, 300_000);
	afterAll(async () => {
		fs.mkdirSync(REPORT_FOLDER, { recursive: true });
		fs.writeFileSync(path.join(REPORT_FOLDER, `exactly-once-n8n${line}.json`), `${JSON.stringify(figures, null, 2)}\n`);
		await tearDownEnvironment(environment);
	});

	const notesSaying = (body: string) => environment.sandbox.store.list('notes').filter((note) => note.attributes.body === body).length;
	const runsFor = (eventId: string) => notesSaying(`Run for ${eventId}`);
	const heldRunsFor = (eventId: string) => notesSaying(`Held run for ${eventId}`);
	const hookOf = (webhookId: string) =>
		environment.sandbox.store.list('webhooks').filter((hook) => String(hook.attributes.url).endsWith(`/webhook/${webhookId}/webhook`));

	/** The workflow's executions, newest first (at most 100), and how many there are in all. */
	async function executionList(workflowId: string): Promise<{ results: Execution[]; count: number }> {
		const filter = encodeURIComponent(JSON.stringify({ workflowId }));
		return await environment.n8n.request<{ results: Execution[]; count: number }>('GET', `/rest/executions?filter=${filter}&limit=100`);
	}

	/** As many entries as the workflow has executions (the newest 100 of them, real). */
	async function executions(workflowId = WORKFLOW_ID): Promise<Execution[]> {
		const { results, count } = await executionList(workflowId);
		return [...results, ...Array.from({ length: Math.max(0, count - results.length) }, () => ({ id: '', status: 'success' }))];
	}

	async function settled(count: number, workflowId = WORKFLOW_ID): Promise<Execution[]> {
		return await waitFor(`${count} finished executions`, async () => {
			const found = await executions(workflowId);
			return found.length >= count && found.every((execution) => !['running', 'new', 'waiting'].includes(execution.status)) && found;
		}, { timeoutMs: 180_000 });
	}

	/** Sends a fresh message.create event with `copies` identical deliveries at the same moment. */
	function emit(copies: number): string {
		return environment.sandbox.dispatcher.emit('kustomer.message.create', 'messages', environment.sandbox.store.get('messages', message.id)!, null, { copies }).id;
	}

	/** A customer.update event for the held workflow. */
	function emitHeld(): string {
		return environment.sandbox.dispatcher.emit('kustomer.customer.update', 'customers', environment.sandbox.store.get('customers', SEED_IDS.customers.mei)!, null).id;
	}

	const deliveriesOf = (eventIds: string[]) => environment.sandbox.dispatcher.deliveries.filter((delivery) => eventIds.includes(delivery.eventId));
	/** Each copy is retried until answered 2xx: as many 200s as copies sent, and nothing but 200 and 503. */
	const everyCopyAnswered = (eventIds: string[], copies: number) => {
		const attempts = deliveriesOf(eventIds);
		return attempts.filter((delivery) => delivery.status === 200).length === copies && attempts.every((delivery) => delivery.status === 200 || delivery.status === 503);
	};

	const eventIds: string[] = [];

	test(`${COPIES} copies of an event at the same moment, ${TRIALS} times: one execution and one run each; copies whose first copy had not run yet are retried by Kustomer and answered 200`, async () => {
		const { sandbox } = environment;
		const before = (await executions()).length;
		for (let trial = 0; trial < TRIALS; trial++) {
			eventIds.push(emit(COPIES));
			await sandbox.dispatcher.idle();
		}
		await waitFor('a run for every event', () => eventIds.every((id) => runsFor(id) > 0), { timeoutMs: 120_000 });
		const after = await settled(before + TRIALS);
		const attempts = deliveriesOf(eventIds);
		figures.simultaneous = {
			copies: COPIES * TRIALS,
			attempts: attempts.length,
			answered503: attempts.filter((delivery) => delivery.status === 503).length,
			executions: after.length - before,
			eventsRunMoreThanOnce: eventIds.filter((id) => runsFor(id) > 1).length,
		};
		expect(everyCopyAnswered(eventIds, COPIES * TRIALS)).toBe(true);
		expect(eventIds.map(runsFor)).toEqual(eventIds.map(() => 1));
		expect(after.length - before).toBe(TRIALS);
		expect(sandbox.store.list('webhooks').every((hook) => hook.attributes.enabled)).toBe(true);
	});

	test('a copy right after the 200, and one after the execution ended: no second run', async () => {
		const { sandbox } = environment;
		const before = (await executions()).length;
		const eventId = emit(1);
		await sandbox.dispatcher.idle();
		await sandbox.dispatcher.deliverAgain(eventId);
		await waitFor('the run', () => runsFor(eventId) === 1);
		await settled(before + 1);
		await sandbox.dispatcher.deliverAgain(eventId);
		await finishedExecutions(environment.n8n, WORKFLOW_ID);
		expect(runsFor(eventId)).toBe(1);
		expect(await executions()).toHaveLength(before + 1);
		expect(everyCopyAnswered([eventId], 3)).toBe(true);
		eventIds.push(eventId);
	});

	test("signed bodies the trigger cannot use get 200 and start nothing; the signed body names the event, not the header; forged or altered ones get 4xx", async () => {
		const { sandbox, n8n } = environment;
		const before = (await executions()).length;
		const url = `${n8n.baseUrl}/webhook/${WEBHOOK_ID}/webhook`;
		const token = String(hookOf(WEBHOOK_ID)[0].attributes.token);
		const event = JSON.parse(sandbox.dispatcher.events.get(eventIds[0])!.bytes.toString('utf8')) as Record<string, unknown>;
		const sign = (body: string) => createHmac('sha256', token).update(body).digest('hex');
		const post = async (body: string, headers: Record<string, string> = {}) =>
			await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Kustomer-Webhook-Signature': sign(body), ...headers }, body });

		const array = JSON.stringify([{ ...event, id: 'evt_in_array' }]);
		expect((await post(array)).status).toBe(200);
		const unnamed = JSON.stringify({ ...event, id: 'evt_unnamed', name: undefined });
		expect((await post(unnamed, { 'X-Kustomer-Webhook-Event': 'kustomer.message.create' })).status).toBe(200);
		const other = JSON.stringify({ ...event, id: 'evt_unselected', name: 'kustomer.customer.update' });
		expect((await post(other, { 'X-Kustomer-Webhook-Event': 'kustomer.customer.update' })).status).toBe(200);
		// A header that disagrees with the signed body: the body counts, and it runs.
		const mismatched = JSON.stringify({ ...event, id: 'evt_header_differs' });
		expect((await post(mismatched, { 'X-Kustomer-Webhook-Event': 'kustomer.customer.update' })).status).toBe(200);
		// n8n's own body parser refuses JSON cut short (422); bytes other than the signed ones get 401.
		const signedBody = JSON.stringify({ ...event, id: 'evt_truncated' });
		expect((await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Kustomer-Webhook-Signature': sign(signedBody) }, body: signedBody.slice(0, -10) })).status).toBe(422);
		expect((await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Kustomer-Webhook-Signature': sign(signedBody) }, body: JSON.stringify(JSON.parse(signedBody), null, 2) })).status).toBe(401);
		await waitFor('the run of the mismatched-header event', () => runsFor('evt_header_differs') === 1);
		await settled(before + 1);
		expect(await executions()).toHaveLength(before + 1);
		expect(['evt_in_array', 'evt_unnamed', 'evt_unselected'].map(runsFor)).toEqual([0, 0, 0]);
	});

	test('publishing an edit while an execution waits: deliveries signed for the new registration run afterwards; an unchanged publish keeps the webhook', async () => {
		const { sandbox, n8n } = environment;
		const [original] = hookOf(HELD_WEBHOOK_ID);
		const republish = async (events: string[]) => {
			const workflow = await n8n.request<{ versionId: string; nodes: Array<{ name: string; parameters: Record<string, unknown> }>; connections: unknown }>('GET', `/rest/workflows/${HELD_WORKFLOW_ID}`);
			workflow.nodes.find((node) => node.name === 'Kustomer Trigger')!.parameters.events = events;
			const body: Record<string, unknown> = { nodes: workflow.nodes, connections: workflow.connections, versionId: workflow.versionId };
			if (line === '1') body.active = true;
			const updated = await n8n.request<{ versionId: string }>('PATCH', `/rest/workflows/${HELD_WORKFLOW_ID}`, body);
			if (line !== '1') await n8n.request('POST', `/rest/workflows/${HELD_WORKFLOW_ID}/activate`, { versionId: updated.versionId });
		};
		const before = (await executions(HELD_WORKFLOW_ID)).length;
		const first = emitHeld();
		await sandbox.dispatcher.idle();
		await waitFor('the first execution waiting', async () => (await executions(HELD_WORKFLOW_ID)).length === before + 1);
		// Published again with one more event while it waits: Kustomer's webhook and token are new.
		await republish(['kustomer.customer.update', 'kustomer.customer.create']);
		const [replaced] = await waitFor('the webhook replaced', () => {
			const hooks = hookOf(HELD_WEBHOOK_ID);
			return hooks.length === 1 && hooks[0].id !== original.id && hooks;
		});
		await waitFor('the first run', () => heldRunsFor(first) === 1, { timeoutMs: 60_000 });
		await settled(before + 1, HELD_WORKFLOW_ID);
		// After the older execution ended (and saved what it would), the new registration holds.
		const after = emitHeld();
		await sandbox.dispatcher.idle();
		await waitFor('the run of an event signed for the new webhook', () => heldRunsFor(after) === 1, { timeoutMs: 60_000 });
		expect(deliveriesOf([after]).map((delivery) => delivery.status)).toEqual([200]);
		// Published again unchanged: the same webhook, the same token.
		await republish(['kustomer.customer.update', 'kustomer.customer.create']);
		expect(hookOf(HELD_WEBHOOK_ID).map((hook) => [hook.id, hook.attributes.token])).toEqual([[replaced.id, replaced.attributes.token]]);
		figures.publish = { replacedOnEventChange: replaced.id !== original.id, keptOnUnchangedPublish: true };
	});

	test("n8n killed while an execution runs: the crashed execution, retried, runs the workflow once; Kustomer's copies after the restart start no second run", async () => {
		const { sandbox, n8n } = environment;
		const before = await executions(HELD_WORKFLOW_ID);
		const eventId = emitHeld();
		await sandbox.dispatcher.idle();
		const started = await waitFor('the execution waiting', async () => {
			const found = await executions(HELD_WORKFLOW_ID);
			return found.length === before.length + 1 && found.find((execution) => !before.some((old) => old.id === execution.id));
		});
		await new Promise((resolve) => setTimeout(resolve, 1000));
		await n8n.kill();
		await n8n.start();
		await n8n.signIn();
		const crashed = await waitFor('the execution marked crashed', async () => {
			const found = (await executions(HELD_WORKFLOW_ID)).find((execution) => execution.id === started.id);
			return found && ['crashed', 'error'].includes(found.status) && found;
		});
		expect(heldRunsFor(eventId)).toBe(0);
		await n8n.request('POST', `/rest/executions/${crashed.id}/retry`, { loadWorkflow: false });
		await waitFor('the retried run', () => heldRunsFor(eventId) === 1, { timeoutMs: 60_000 });
		// Kustomer's copies of this and of every earlier event after the restart: no second run.
		await sandbox.dispatcher.deliverAgain(eventId);
		await Promise.all(eventIds.map(async (id) => await sandbox.dispatcher.deliverAgain(id)));
		await sandbox.dispatcher.idle();
		await finishedExecutions(n8n, HELD_WORKFLOW_ID);
		await finishedExecutions(n8n, WORKFLOW_ID);
		expect(heldRunsFor(eventId)).toBe(1);
		expect(eventIds.map(runsFor)).toEqual(eventIds.map(() => 1));
		figures.crashRetry = { crashedStatus: crashed.status, runsAfterRetry: heldRunsFor(eventId) };
	});

	test('events per second with exactly-once held: 100 events, each delivered twice at once, 10 events in flight', async () => {
		const { sandbox } = environment;
		const before = (await executions()).length;
		// Waves of 10 events (20 deliveries at once): what n8n on SQLite sustains on this machine;
		// hundreds of deliveries at once make its database answer "not ready" (503) for minutes.
		const { events: burst, figures: measured } = await measureThroughput(emit, runsFor);
		await sandbox.dispatcher.idle();
		await settled(before + burst.length);
		figures.throughput = { ...measured, eventsRunTwice: burst.filter((id) => runsFor(id) > 1).length };
		expect(burst.map(runsFor)).toEqual(burst.map(() => 1));
	});

	test("the credential's Test goes where the node goes: a Custom Base URL ending in /v1 works in both; an unusable one fails", async () => {
		const { n8n, sandboxUrl } = environment;
		const test = async (data: Record<string, string>) =>
			await n8n.request<{ status: string; message: string }>('POST', '/rest/credentials/test', {
				credentials: { ...SANDBOX_CREDENTIAL, type: 'kustomerApi', data: { ...data, apiKey: SANDBOX_KEY } },
			});
		expect(await test({ host: 'custom', customBaseUrl: ` ${sandboxUrl}/v1/ ` })).toMatchObject({ status: 'OK' });
		const unusable = await test({ host: 'org', organization: 'acme.kustomerapp.com' });
		figures.unusableCredentialTest = unusable;
		expect(unusable.status).toBe('Error');
	});
});

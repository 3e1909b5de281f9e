/**
 * The trigger's deliveries in a real n8n (regular mode):
 * - exactly one execution per Kustomer event id, whatever the timing of the copies: at the
 *   same moment, right after the first copy's 200, after the first execution ended, and
 *   after n8n restarts. The sandbox sends real signed deliveries; the workflow adds one note
 *   per event it runs for, so the sandbox counts the runs and n8n's executions list counts
 *   the executions. Figures go to .n8n-logs/exactly-once-n8n<line>.json.
 * - what n8n itself answers before the trigger runs (a body that is not JSON), and a signed
 *   event the trigger does not select;
 * - the credential's Test with a Custom Base URL ending in /v1, through n8n's own tester.
 */
import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import { SEED_IDS } from '../../sandbox/store';
import { e2eLines } from './lines';
import type { E2eEnvironment } from './support';
import { finishedExecutions, kustomer, SANDBOX_CREDENTIAL, SANDBOX_KEY, setUpEnvironment, tearDownEnvironment, waitFor } from './support';

const WORKFLOW_FILE = path.join(__dirname, 'workflows', 'exactly-once.json');
const WORKFLOW_ID = 'kustExactlyOnce1';
const WEBHOOK_ID = '0e2e0000-1111-4222-8333-444455556666';
/** Copies of each event sent at the same moment, and how many events. */
const COPIES = 5;
const TRIALS = 20;
const REPORT_FOLDER = path.resolve(__dirname, '..', '..', '.n8n-logs');

interface Execution {
	id: string;
	status: string;
}

describe.each(e2eLines())('n8n %s.x, regular mode: trigger deliveries', (line) => {
	let environment: E2eEnvironment;
	let message: { id: string };
	const figures: Record<string, unknown> = { line, copies: COPIES, trials: TRIALS };

	beforeAll(async () => {
		environment = await setUpEnvironment(line);
		await environment.n8n.importWorkflows(WORKFLOW_FILE);
		// Made before n8n runs, so no webhook is registered yet and no event goes out. The
		// trigger takes message.create, which neither the workflow's notes nor other tests make.
		const conversation = (await kustomer(environment.sandboxUrl, 'POST', '/v1/conversations', { customer: SEED_IDS.customers.mei, name: 'Exactly once' })).data;
		message = (await kustomer(environment.sandboxUrl, 'POST', `/v1/conversations/${conversation.id}/messages`, { channel: 'email', app: 'n8n', preview: 'Hello' })).data;
		await environment.n8n.publish(WORKFLOW_ID);
		await environment.n8n.start();
		await environment.n8n.signIn();
		await waitFor('the trigger webhook registered', () => environment.sandbox.store.list('webhooks').length > 0);
	}, 300_000);
	afterAll(async () => {
		fs.mkdirSync(REPORT_FOLDER, { recursive: true });
		fs.writeFileSync(path.join(REPORT_FOLDER, `exactly-once-n8n${line}.json`), `${JSON.stringify(figures, null, 2)}\n`);
		await tearDownEnvironment(environment);
	});

	function record() {
		return environment.sandbox.store.get('messages', message.id)!;
	}

	function runsFor(eventId: string): number {
		return environment.sandbox.store.list('notes').filter((note) => note.attributes.body === `Run for ${eventId}`).length;
	}

	async function executions(): Promise<Execution[]> {
		const filter = encodeURIComponent(JSON.stringify({ workflowId: WORKFLOW_ID }));
		const { results } = await environment.n8n.request<{ results: Execution[] }>('GET', `/rest/executions?filter=${filter}&limit=100`);
		return results;
	}

	async function settled(count: number): Promise<Execution[]> {
		return await waitFor(`${count} finished executions`, async () => {
			const found = await executions();
			return found.length >= count && found.every((execution) => !['running', 'new'].includes(execution.status)) && found;
		}, { timeoutMs: 120_000 });
	}

	/** Sends a fresh event with `copies` identical deliveries at the same moment. */
	function emit(copies: number): string {
		return environment.sandbox.dispatcher.emit('kustomer.message.create', 'messages', record(), null, { copies }).id;
	}

	const eventIds: string[] = [];

	test(`${COPIES} copies of an event at the same moment, ${TRIALS} times: one execution and one run each`, async () => {
		const { sandbox } = environment;
		const before = (await executions()).length;
		for (let trial = 0; trial < TRIALS; trial++) {
			eventIds.push(emit(COPIES));
			await sandbox.dispatcher.idle();
		}
		await waitFor('a run for every event', () => eventIds.every((id) => runsFor(id) > 0), { timeoutMs: 120_000 });
		const after = await settled(before + TRIALS);
		const answers = sandbox.dispatcher.deliveries.filter((delivery) => eventIds.includes(delivery.eventId));
		figures.simultaneous = {
			deliveries: answers.length,
			answered200: answers.filter((delivery) => delivery.status === 200).length,
			executions: after.length - before,
			eventsRunMoreThanOnce: eventIds.filter((id) => runsFor(id) > 1).length,
		};
		expect(answers).toHaveLength(COPIES * TRIALS);
		expect(answers.every((delivery) => delivery.status === 200)).toBe(true);
		expect(eventIds.map(runsFor)).toEqual(eventIds.map(() => 1));
		expect(after.length - before).toBe(TRIALS);
		expect(after.every((execution) => execution.status === 'success')).toBe(true);
	});

	test('a copy right after the 200, and one after the execution ended: no second execution', async () => {
		const { sandbox } = environment;
		const before = (await executions()).length;
		const eventId = emit(1);
		await sandbox.dispatcher.idle();
		// Right after the first copy's 200: the first execution is still running or saving.
		expect(await sandbox.dispatcher.deliverAgain(eventId)).toBe(1);
		await waitFor('the run', () => runsFor(eventId) === 1);
		await settled(before + 1);
		expect(await sandbox.dispatcher.deliverAgain(eventId)).toBe(1);
		await finishedExecutions(environment.n8n, WORKFLOW_ID);
		expect(runsFor(eventId)).toBe(1);
		expect(await executions()).toHaveLength(before + 1);
		expect(sandbox.dispatcher.deliveries.filter((delivery) => delivery.eventId === eventId).map((delivery) => delivery.status)).toEqual([200, 200, 200]);
		eventIds.push(eventId);
	});

	test('after n8n restarts, copies of every earlier event start nothing', async () => {
		const { sandbox, n8n } = environment;
		const before = (await executions()).length;
		await n8n.stop();
		await n8n.start();
		await n8n.signIn();
		await Promise.all(eventIds.map(async (eventId) => await sandbox.dispatcher.deliverAgain(eventId)));
		await finishedExecutions(environment.n8n, WORKFLOW_ID);
		const after = await executions();
		figures.afterRestart = { copies: eventIds.length, newExecutions: after.length - before, extraRuns: eventIds.filter((id) => runsFor(id) > 1).length };
		expect(eventIds.map(runsFor)).toEqual(eventIds.map(() => 1));
		expect(after.length - before).toBe(0);
	});
	test("a body that is not JSON is refused by n8n's body parser (422) before the trigger runs; one that is not the signed bytes gets 401", async () => {
		const { sandbox, n8n } = environment;
		const before = (await executions()).length;
		const url = `${n8n.baseUrl}/webhook/${WEBHOOK_ID}/webhook`;
		const token = String(sandbox.store.list('webhooks')[0].attributes.token);
		const event = JSON.parse(sandbox.dispatcher.events.get(eventIds[0])!.bytes.toString('utf8')) as Record<string, unknown>;
		const post = async (body: string, signature = createHmac('sha256', token).update(body).digest('hex')) =>
			await fetch(url, {
				method: 'POST',
				headers: { 'Content-Type': 'application/json', 'X-Kustomer-Webhook-Event': String(event.name), 'X-Kustomer-Webhook-Signature': signature },
				body,
			});
		const signedBody = JSON.stringify({ ...event, id: 'evt_truncated' });
		const signature = createHmac('sha256', token).update(signedBody).digest('hex');
		expect((await post(signedBody.slice(0, -10), signature)).status).toBe(422);
		expect((await post(JSON.stringify(JSON.parse(signedBody), null, 2), signature)).status).toBe(401);
		// Signed with the webhook's token, of a kind the trigger does not select: 200, nothing runs.
		const other = JSON.stringify({ ...event, id: 'evt_unselected', name: 'kustomer.customer.update' });
		const answer = await fetch(url, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json', 'X-Kustomer-Webhook-Event': 'kustomer.customer.update', 'X-Kustomer-Webhook-Signature': createHmac('sha256', token).update(other).digest('hex') },
			body: other,
		});
		expect(answer.status).toBe(200);
		await finishedExecutions(environment.n8n, WORKFLOW_ID);
		expect(await executions()).toHaveLength(before);
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

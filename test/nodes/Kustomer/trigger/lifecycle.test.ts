/**
 * The Kustomer Trigger through n8n's lifecycle, in-process (test/helpers/trigger.ts models
 * n8n 2.41.1's webhook and execution steps): publishing while an execution runs, Retry of a
 * crashed execution, a start n8n could not make, restarts, overlapping executions and queue
 * mode's workers, and the length of the de-duplication window.
 */
import type { INodeParameters, IRun } from 'n8n-workflow';

import { buildWorkflow, executeWorkflow } from '../../../helpers/harness';
import { sent } from '../../../helpers/kustomer';
import { kustomerEvent, signed } from '../../../helpers/kustomerEvents';
import { processedData } from '../../../helpers/processedData';
import { triggerNode, WEBHOOK_URL } from '../../../helpers/trigger';
import { useTriggerTests } from '../../../helpers/triggerTests';
import { clock } from '../../../helpers/virtualClock';

const EVENTS = ['kustomer.conversation.create', 'kustomer.conversation.update'];
const AUTOMATIC: INodeParameters = { registration: 'automatic', events: EVENTS };

const { kustomer, activeTrigger } = useTriggerTests(AUTOMATIC);

/** The signing token of the webhook Kustomer now has for the trigger's URL. */
function currentToken(): string {
	const [hook] = kustomer().withUrl(WEBHOOK_URL);
	if (!hook) throw new Error('no webhook registered for the trigger');
	return hook.token;
}

const event = (id: string) => kustomerEvent('kustomer.conversation.create', undefined, null, id);
/** How many items the trigger passed on in a run (0: it stopped a copy). */
const itemsOf = (run: IRun | undefined) => run?.data.resultData.runData['Kustomer Trigger']?.[0]?.data?.main[0]?.length ?? 0;

describe('publishing an edit while an execution runs', () => {
	test('deliveries signed for the new registration run after the older execution ends (it cannot roll the registration back)', async () => {
		const subject = await activeTrigger();
		subject.holdExecutions();
		expect((await subject.send(signed(event('evt-before'), currentToken()))).status).toBe(200);
		// Published again with one more event while that execution still runs: the webhook's
		// events change, so Kustomer's webhook and its token are new.
		await subject.republish({ ...AUTOMATIC, events: [...EVENTS, 'kustomer.customer.create'] });
		subject.releaseExecutions();
		await subject.settled();
		const after = await subject.deliver(signed(event('evt-after'), currentToken()));
		expect(after.status).toBe(200);
		expect(after.executions.map(itemsOf)).toEqual([1]);
		// And nothing of the registration is left for an execution to save over.
		expect(JSON.stringify(subject.state)).not.toContain(currentToken());
	});

	test('an edit that keeps the URL and events keeps the webhook: no delete, no create, the same token', async () => {
		const subject = await activeTrigger();
		const [before] = kustomer().withUrl(WEBHOOK_URL);
		sent.length = 0;
		await subject.republish({ ...AUTOMATIC, output: 'raw' });
		expect(sent.filter((request) => request.method !== 'GET')).toEqual([]);
		expect(kustomer().withUrl(WEBHOOK_URL)).toEqual([before]);
		expect((await subject.deliver(signed(event('evt-kept'), before.token))).executions.map(itemsOf)).toEqual([1]);
	});
});

describe("n8n's Retry of an execution", () => {
	test('a crashed execution retried runs the workflow with its event, once', async () => {
		const subject = await activeTrigger();
		const delivery = signed(event('evt-crash'), currentToken());
		const [first] = (await subject.deliver(delivery)).executions;
		expect(itemsOf(first)).toBe(1);
		// n8n stopped while the workflow ran on (a later node), so the execution is "crashed".
		subject.restart();
		const retried = await subject.retry(subject.started[0]);
		expect(itemsOf(retried)).toBe(1);
		// The Retry is the same delivery's execution: Kustomer's copies still start nothing new.
		const copy = await subject.deliver(delivery);
		expect(copy.executions.map(itemsOf).filter((items) => items > 0)).toEqual([]);
	});

	test('retrying an execution that crashed before its first step, whose event a later copy ran, runs nothing', async () => {
		const subject = await activeTrigger();
		const delivery = signed(event('evt-lost'), currentToken());
		subject.holdExecutions();
		expect((await subject.send(delivery)).status).toBe(200);
		subject.crashHeldExecutions();
		await subject.settled();
		// Kustomer sends the event again; it runs.
		expect((await subject.deliver(delivery)).executions.map(itemsOf)).toEqual([1]);
		expect(itemsOf(await subject.retry(subject.started[0]))).toBe(0);
	});

	test('a retry of a retry is still the same delivery: it runs', async () => {
		const subject = await activeTrigger();
		await subject.deliver(signed(event('evt-twice'), currentToken()));
		subject.restart();
		expect(itemsOf(await subject.retry(subject.started[0]))).toBe(1);
		expect(itemsOf(await subject.retry(subject.started[0]))).toBe(1);
	});
});

describe('a delivery n8n accepted but could not start', () => {
	test("Kustomer's repeat of a delivery n8n could not start (it answered 500) runs: it is not swallowed as a duplicate", async () => {
		const subject = await activeTrigger();
		const delivery = signed(event('evt-unstarted'), currentToken());
		subject.failNextExecutionStarts();
		expect((await subject.deliver(delivery)).status).toBe(500);
		// Kustomer retries a minute later (1, 1, 2, 5, 10, 15, 30 minutes).
		clock.advance(60_000);
		const retried = await subject.deliver(delivery);
		expect(retried.status).toBe(200);
		expect(retried.executions.map(itemsOf)).toEqual([1]);
	});

	test("a copy arriving before n8n has answered the first (it is still making its execution) gets 503 with Retry-After; after n8n's 200, it is a duplicate", async () => {
		const subject = await activeTrigger();
		const delivery = signed(event('evt-waiting'), currentToken());
		subject.holdAnswers();
		const first = subject.sendRaw(delivery);
		await new Promise((resolve) => setTimeout(resolve, 50));
		const copy = await subject.sendRaw(delivery);
		expect(copy.status).toBe(503);
		expect(copy.headers['retry-after']).toMatch(/^[0-9]+$/);
		subject.releaseAnswers();
		expect((await first).status).toBe(200);
		// n8n answered 200: its execution exists, even before it runs.
		subject.holdExecutions();
		expect(await subject.send(delivery)).toEqual({ status: 200, body: { received: true, ignored: 'duplicate' } });
		subject.releaseExecutions();
		await subject.settled();
		expect(subject.executions.map(itemsOf)).toEqual([1]);
	});
});

describe('restarts and overlapping executions', () => {
	test('executions recording different events at the same moment keep every id: after a restart all copies stop', async () => {
		const subject = await activeTrigger();
		const deliveries = Array.from({ length: 8 }, (_, index) => signed(event(`evt-overlap-${index}`), currentToken()));
		subject.holdExecutions();
		await Promise.all(deliveries.map(async (delivery) => await subject.send(delivery)));
		subject.releaseExecutions();
		await subject.settled();
		expect(subject.executions.map(itemsOf)).toEqual(deliveries.map(() => 1));
		subject.restart();
		// Nothing of this lives in static data (queue mode's executions never see it anyway).
		delete subject.state.recentEventIds;
		for (const delivery of deliveries) {
			expect((await subject.deliver(delivery)).executions.map(itemsOf).filter((items) => items > 0)).toEqual([]);
		}
	});

	test('the processed-data window holds 5,000 events: a copy after 4,999 newer events still stops, after 5,000 it runs', async () => {
		const subject = await activeTrigger();
		const first = signed(event('evt-window-first'), currentToken());
		await subject.deliver(first);
		await subject.deliverMany(Array.from({ length: 4_999 }, (_, index) => signed(event(`evt-window-${index}`), currentToken())));
		subject.restart();
		expect((await subject.deliver(first)).executions.map(itemsOf).filter((items) => items > 0)).toEqual([]);
		await subject.deliverMany([signed(event('evt-window-5000'), currentToken())]);
		subject.restart();
		expect((await subject.deliver(first)).executions.map(itemsOf)).toEqual([1]);
	}, 120_000);
});

describe('queue mode: executions on workers', () => {
	test('copies accepted by two processes, run by two workers at the same moment: the workflow runs once; static data untouched', async () => {
		const subject = await activeTrigger();
		await processedData();
		for (let trial = 0; trial < 5; trial++) {
			const delivery = signed(event(`evt-workers-${trial}`), currentToken());
			// Two webhook processes each accept a copy (neither knows the other's claim); the
			// executions go to the workers.
			subject.holdExecutions();
			await subject.send(delivery);
			subject.restart();
			await subject.send(delivery);
			subject.crashHeldExecutions();
			await subject.settled();
			const copies = subject.started.slice(-2);
			// Each worker gets the workflow without its static data (n8n 2.41.1's job processor).
			const runs = await Promise.all(
				copies.map(async ({ startItems }) => {
					const workflow = await buildWorkflow({ nodes: [subject.node], connections: {} }, {});
					const result = await executeWorkflow(workflow, { mode: 'webhook', startItems });
					expect((workflow.staticData as { __dataChanged?: boolean }).__dataChanged).not.toBe(true);
					return result;
				}),
			);
			expect(runs.map((run) => run.output('Kustomer Trigger').length).sort()).toEqual([0, 1]);
		}
	});

	test("a worker's execution passes the event on without the package's internal delivery data", async () => {
		const subject = await activeTrigger();
		const [run] = (await subject.deliver(signed(event('evt-clean'), currentToken()))).executions;
		const [item] = run.data.resultData.runData['Kustomer Trigger'][0].data!.main[0]!;
		expect(Object.keys(item.json).sort()).toEqual(['changes', 'createdAt', 'event', 'eventId', 'orgId', 'resource', 'resourceType']);
	});
});

test('a test event (manual execution in the editor) is passed on and recorded nowhere', async () => {
	const node = triggerNode(AUTOMATIC);
	const workflow = await buildWorkflow({ nodes: [node], connections: {} });
	const table = await processedData();
	for (let run = 0; run < 2; run++) {
		const result = await executeWorkflow(workflow, { mode: 'manual', startItems: [{ json: { eventId: 'evt-test' } }] });
		expect(result.output('Kustomer Trigger')).toEqual([{ json: { eventId: 'evt-test' }, pairedItem: { item: 0 } }]);
	}
	expect([...table.rows.keys()].some((key) => key.includes(node.id))).toBe(false);
	expect(workflow.staticData).toEqual({});
});

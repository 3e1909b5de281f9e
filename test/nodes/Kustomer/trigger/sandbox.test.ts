/**
 * The Kustomer Trigger against the sandbox in this process, which registers webhooks, lists the
 * org's events and delivers signed events over HTTP as Kustomer documents it, under each
 * reading where Kustomer's sources disagree (sandbox/readings.js).
 */
import type { INodeParameters, IRun } from 'n8n-workflow';
import nock from 'nock';

import type { Sandbox } from '../../../../sandbox/server';
import { createSandbox } from '../../../../sandbox/server';
import { SEED_IDS } from '../../../../sandbox/store';
import { captureLogs } from '../../../helpers/logs';
import { underEachReading } from '../../../helpers/readings';
import { TriggerUnderTest } from '../../../helpers/trigger';
import { clock } from '../../../helpers/virtualClock';

beforeAll(() => nock.enableNetConnect('127.0.0.1'));

let sandbox: Sandbox;
let sandboxUrl = '';
let subject: TriggerUnderTest | undefined;
afterEach(async () => {
	jest.restoreAllMocks();
	await subject?.close();
	await sandbox.close();
});

/** A trigger activated against a sandbox set to `readings`, its webhook pointing at this test. */
async function triggerOnSandbox(parameters: INodeParameters, readings: Record<string, string>): Promise<TriggerUnderTest> {
	// The sandbox stamps events with the real time; the trigger's clock must agree.
	clock.advance(Date.now() - clock.now());
	sandbox = createSandbox({ config: { readings, webhookDelivery: { retryScale: 0.0001 } } });
	const base = await sandbox.listen(0);
	sandboxUrl = base;
	subject = await TriggerUnderTest.create(parameters, {
		credentials: { kustomerApi: { host: 'custom', customBaseUrl: base, apiKey: 'sandbox-key' } },
	});
	await subject.useLocalWebhookUrl();
	await subject.activate();
	return subject;
}

const itemsOf = (run: IRun) => run.data.resultData.runData['Kustomer Trigger'][0].data!.main[0]!.map((item) => item.json);

async function settledRuns(trigger: TriggerUnderTest): Promise<IRun[]> {
	await sandbox.dispatcher.idle();
	await trigger.settled();
	return trigger.executions;
}

underEachReading('webhookSignature', (value) => {
	test('every delivery the sandbox sends runs once, verified by the signature or by the secret header; the log says which', async () => {
		const logs = captureLogs();
		const trigger = await triggerOnSandbox({ registration: 'automatic', events: ['kustomer.customer.create'] }, { webhookSignature: value });
		const record = sandbox.store.insert('customers', { name: 'Signed' });
		const event = sandbox.dispatcher.emit('kustomer.customer.create', 'customers', record, null, { copies: 2 });
		const runs = await settledRuns(trigger);
		expect(runs.flatMap(itemsOf).map((item) => item.eventId)).toEqual([event.id]);
		const how = value === 'documented' ? 'by its signature' : 'by its secret header';
		expect(logs).toContainEqual({ level: 'info', message: expect.stringContaining(how) });
		expect(sandbox.dispatcher.deliveries.filter((delivery) => delivery.status === 401)).toEqual([]);
	});
});

underEachReading('tagEvents', (value) => {
	test("a tag event is registered when the org lists it, refused before creating anything when it does not", async () => {
		const parameters = { registration: 'automatic', events: ['kustomer.conversation.create', 'kustomer.tag.create'] };
		if (value === 'listed') {
			await triggerOnSandbox(parameters, { tagEvents: value });
			expect(sandbox.store.list('webhooks').map((hook) => hook.attributes.events)).toEqual([parameters.events]);
		} else {
			await expect(triggerOnSandbox(parameters, { tagEvents: value })).rejects.toThrow('This Kustomer org does not offer kustomer.tag.create for webhooks');
			expect(sandbox.store.list('webhooks')).toEqual([]);
		}
	});
});

underEachReading('modificationHistory', (value) => {
	test("an update that only touches bookkeeping starts nothing with Only When Changed '*'; a real change reports only itself", async () => {
		const trigger = await triggerOnSandbox({ registration: 'automatic', events: ['kustomer.conversation.update'], options: { changedAttributes: '*' } }, { modificationHistory: value });
		const api = async (method: string, path: string, body: object) =>
			(await (await fetch(`${sandboxUrl}${path}`, { method, headers: { Authorization: 'Bearer sandbox-key', 'Content-Type': 'application/json' }, body: JSON.stringify(body) })).json()) as { data: { id: string } };
		const { id } = (await api('POST', '/v1/conversations', { customer: SEED_IDS.customers.jane, priority: 2 })).data;
		await api('PATCH', `/v1/conversations/${id}`, { priority: 4 });
		const conversation = sandbox.store.get('conversations', id)!;
		const [run] = await settledRuns(trigger);
		expect(itemsOf(run)[0].changes).toEqual({ priority: { before: 2, after: 4 } });
		const noise = { attributes: { updatedAt: { op: 'replace', before: 'a', after: 'b' }, rev: { op: 'replace', before: 1, after: 2 } }, relationships: {} };
		sandbox.dispatcher.emit('kustomer.conversation.update', 'conversations', conversation, noise);
		expect(await settledRuns(trigger)).toHaveLength(1);
	});
});

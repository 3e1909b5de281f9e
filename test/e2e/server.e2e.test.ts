/**
 * (b), (d) and (e): a running n8n with the trigger and the approval workflow published.
 */
import { createHmac } from 'node:crypto';

import { RESOURCES } from '../../nodes/Kustomer/actions';
import { SEED_IDS } from '../../sandbox/store';
import { e2eLines } from './lines';
import type { E2eEnvironment } from './support';
import { finishedExecutions, kustomer, PRIORITY_TRIGGER_WEBHOOK_ID, SANDBOX_CREDENTIAL, SANDBOX_KEY, setUpEnvironment, tearDownEnvironment, waitFor, WORKFLOWS } from './support';

interface NodeTypeDescription {
	name: string;
	displayName: string;
	properties: Array<{ name: string; options?: Array<{ value: string; action?: string }>; displayOptions?: { show?: Record<string, string[]> } }>;
	credentials?: Array<{ name: string }>;
	webhooks?: unknown[];
}

interface Execution {
	id: string;
	status: string;
	workflowId: string;
}

describe.each(e2eLines('smoke'))('n8n %s.x: a running n8n', (line) => {
	let environment: E2eEnvironment;

	beforeAll(async () => {
		environment = await setUpEnvironment(line);
		await environment.n8n.publish(WORKFLOWS.priority);
		await environment.n8n.publish(WORKFLOWS.approval);
		await environment.n8n.start();
		await environment.n8n.signIn();
	}, 300_000);
	afterAll(async () => await tearDownEnvironment(environment));

	async function executions(workflowId: string): Promise<Execution[]> {
		const filter = encodeURIComponent(JSON.stringify({ workflowId }));
		const { results } = await environment.n8n.request<{ results: Execution[] }>('GET', `/rest/executions?filter=${filter}`);
		return results;
	}

	/**
	 * The workflow's executions once there are `count` and each has ended. A waiting one has not:
	 * n8n may answer a Wait node's resume call before the execution is running again (on a busy
	 * machine n8n 1.x's rejected run was found not yet successful right after the decision's 200).
	 */
	async function settledExecutions(workflowId: string, count: number): Promise<Execution[]> {
		return await waitFor(`${count} finished execution(s) of ${workflowId}`, async () => {
			const found = await executions(workflowId);
			return found.length === count && found.every((execution) => !['running', 'new', 'waiting'].includes(execution.status)) && found;
		});
	}

	test("(e) the editor's node types list Kustomer and Kustomer Trigger with their operations", async () => {
		const types = await environment.n8n.request<NodeTypeDescription[]>('GET', '/types/nodes.json');
		const action = types.find((type) => type.name === 'n8n-nodes-kustomer.kustomer');
		const trigger = types.find((type) => type.name === 'n8n-nodes-kustomer.kustomerTrigger');
		expect(action?.displayName).toBe('Kustomer');
		expect(trigger?.displayName).toBe('Kustomer Trigger');

		const operations = action!.properties
			.filter((property) => property.name === 'operation')
			.flatMap((property) => (property.options ?? []).map((option) => `${property.displayOptions?.show?.resource?.[0]}:${option.value}:${option.action}`));
		// n8n adds "Custom API Call" to every resource: the credential works in the HTTP Request node.
		expect(operations.filter((operation) => operation.includes('__CUSTOM_API_CALL__')).sort()).toEqual(
			RESOURCES.map((resource) => `${resource.value}:__CUSTOM_API_CALL__:undefined`).sort(),
		);
		// Every operation of the node's registry, with its action text, as the editor lists it.
		expect(operations.filter((operation) => !operation.includes('__CUSTOM_API_CALL__')).sort()).toEqual(
			RESOURCES.flatMap((resource) => resource.operations.map(({ option }) => `${resource.value}:${option.value}:${option.action}`)).sort(),
		);
		expect(trigger?.webhooks).toHaveLength(1);
		expect(trigger?.properties.map((property) => property.name)).toEqual(expect.arrayContaining(['registration', 'events', 'verification', 'output', 'options']));

		const credentials = await environment.n8n.request<Array<{ name: string }>>('GET', '/types/credentials.json');
		expect(credentials.map((credential) => credential.name)).toEqual(expect.arrayContaining(['kustomerApi', 'kustomerWebhookApi']));
	});

	test('the credential test calls GET /v1/users/current through n8n and explains a rejected key', async () => {
		const test = async (apiKey: string) =>
			await environment.n8n.request<{ status: string; message: string }>('POST', '/rest/credentials/test', {
				credentials: {
					...SANDBOX_CREDENTIAL,
					type: 'kustomerApi',
					data: { host: 'custom', customBaseUrl: environment.sandboxUrl, apiKey },
				},
			});
		expect(await test(SANDBOX_KEY)).toMatchObject({ status: 'OK' });
		const rejected = await test('not-a-key');
		expect(rejected.status).toBe('Error');
		// n8n 1.x's credential tester loses the HTTP status and shows its own message instead
		// of the credential's rules; n8n 2.x shows ours.
		expect(rejected.message).toContain(line === '1' ? 'Authorization failed' : 'Kustomer rejected the API key (401)');
	});

	test('the credential test explains an unusable Organization Name instead of failing with ERR_INVALID_URL, under the engine n8n evaluates expressions with (issue 20 item 1)', async () => {
		const test = async (data: Record<string, string>) =>
			await environment.n8n.request<{ status: string; message: string }>('POST', '/rest/credentials/test', {
				credentials: { ...SANDBOX_CREDENTIAL, type: 'kustomerApi', data: { apiKey: SANDBOX_KEY, ...data } },
			});
		for (const organization of ['acme.kustomerapp.com', 'https://acme.kustomerapp.com', '']) {
			expect(await test({ host: 'org', organization })).toEqual({
				status: 'Error',
				message: expect.stringContaining('The credential has no valid Organization Name'),
			});
		}
		expect(await test({ host: 'custom', customBaseUrl: 'http://kustomer.example.com' })).toEqual({
			status: 'Error',
			message: expect.stringContaining('plain http to another machine'),
		});
	});

	test('(b) the trigger registers its webhook; a signed event starts exactly one execution; a repeat, a forgery or an unsigned event starts none; unpublishing removes the webhook', async () => {
		const { sandbox, sandboxUrl, n8n } = environment;
		const url = `${n8n.baseUrl}/webhook/${PRIORITY_TRIGGER_WEBHOOK_ID}/webhook`;

		// n8n activates the published workflow on start: checkExists, then create.
		const hook = await waitFor('the webhook registered in Kustomer', () =>
			sandbox.store.list('webhooks').find((entry) => entry.attributes.url === url),
		);
		expect(hook.attributes).toMatchObject({ enabled: true, events: ['kustomer.conversation.update'] });
		expect(String(hook.attributes.name)).toContain(WORKFLOWS.priority);

		// Kustomer changes a conversation's priority: one signed conversation.update.
		const created = await kustomer(sandboxUrl, 'POST', '/v1/conversations', { customer: SEED_IDS.customers.lukas, name: 'Parcel lost', priority: 2 });
		const conversationId = created.data.id;
		const deliveredBefore = sandbox.dispatcher.deliveries.length;
		await kustomer(sandboxUrl, 'PATCH', `/v1/conversations/${conversationId}`, { priority: 5 });
		await sandbox.dispatcher.idle();
		const priorityDelivery = sandbox.dispatcher.deliveries[deliveredBefore];
		expect(priorityDelivery).toMatchObject({ event: 'kustomer.conversation.update', status: 200 });

		const note = await waitFor('the note the workflow adds', () =>
			sandbox.store.list('notes').find((entry) => entry.relationships.conversation.id === conversationId),
		);
		expect(note.attributes.body).toBe('Priority went from 2 to 5. Escalations team, please take a look.');
		const [execution] = await settledExecutions(WORKFLOWS.priority, 1);
		expect(execution.status).toBe('success');

		// The note itself updates the conversation (noteCount): delivered, filtered, no execution.
		await sandbox.dispatcher.idle();
		expect(sandbox.dispatcher.deliveries.slice(deliveredBefore + 1).every((delivery) => delivery.status === 200)).toBe(true);

		// Kustomer delivers at least once: the same event again starts nothing.
		expect(sandbox.dispatcher.redeliver(priorityDelivery.eventId)).toBe(1);
		await sandbox.dispatcher.idle();
		expect(sandbox.dispatcher.deliveries.at(-1)).toMatchObject({ eventId: priorityDelivery.eventId, status: 200 });

		// Forged and unsigned deliveries are refused.
		const event = JSON.parse(sandbox.dispatcher.events.get(priorityDelivery.eventId)!.bytes.toString('utf8')) as Record<string, unknown>;
		const body = JSON.stringify({ ...event, id: 'evt_forged' });
		const post = async (headers: Record<string, string>) =>
			await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Kustomer-Webhook-Event': 'kustomer.conversation.update', ...headers }, body });
		expect((await post({ 'X-Kustomer-Webhook-Signature': createHmac('sha256', 'guessed').update(body).digest('hex') })).status).toBe(401);
		expect((await post({})).status).toBe(401);

		await finishedExecutions(n8n, WORKFLOWS.priority);
		expect(await executions(WORKFLOWS.priority)).toHaveLength(1);
		expect(sandbox.store.list('notes').filter((entry) => entry.relationships.conversation.id === conversationId)).toHaveLength(1);

		// Unpublishing on the running instance runs the trigger's delete.
		await n8n.request('POST', `/rest/workflows/${WORKFLOWS.priority}/deactivate`, {});
		await waitFor('the webhook removed from Kustomer', () => !sandbox.store.list('webhooks').some((entry) => entry.attributes.url === url));
	});

	test('(d) approval-gated escalation: approved creates the conversation, rejected creates nothing', async () => {
		const { sandbox, n8n } = environment;
		const ask = async (subject: string) => {
			const response = await fetch(`${n8n.baseUrl}/webhook/kustomer-escalation`, {
				method: 'POST',
				headers: { 'Content-Type': 'application/json' },
				body: JSON.stringify({ email: 'priya@example.com', subject, message: `${subject}: please help` }),
			});
			expect(response.status).toBe(200);
			return (await response.json()) as { status: string; customer: string; approveUrl: string };
		};
		const decide = async (approveUrl: string, decision: Record<string, unknown>) =>
			await waitFor('the execution waiting for approval', async () => {
				const response = await fetch(approveUrl, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(decision) });
				// 409 while the execution is still on its way into the waiting state.
				return response.status !== 409 && response.status;
			});

		const approved = await ask('Refund for order 77');
		expect(approved).toMatchObject({ status: 'waiting for approval', customer: 'Priya Nair' });
		expect(sandbox.store.list('conversations').some((entry) => entry.attributes.name === 'Refund for order 77')).toBe(false);
		expect(await decide(approved.approveUrl, { approved: true, approver: 'Ben' })).toBe(200);
		const conversation = await waitFor('the approved conversation', () =>
			sandbox.store.list('conversations').find((entry) => entry.attributes.name === 'Refund for order 77'),
		);
		expect(conversation.attributes.priority).toBe(4);
		expect(conversation.relationships.customer.id).toBe(SEED_IDS.customers.priya);
		await waitFor('the approval note', () =>
			sandbox.store.list('notes').find((entry) => entry.relationships.conversation.id === conversation.id && entry.attributes.body === 'Escalation approved by Ben in n8n.'),
		);

		const rejected = await ask('Refund for order 78');
		expect(await decide(rejected.approveUrl, { approved: false, approver: 'Ben' })).toBe(200);
		const runs = await settledExecutions(WORKFLOWS.approval, 2);
		expect(runs.map((run) => run.status)).toEqual(['success', 'success']);
		expect(sandbox.store.list('conversations').some((entry) => entry.attributes.name === 'Refund for order 78')).toBe(false);
	});
});

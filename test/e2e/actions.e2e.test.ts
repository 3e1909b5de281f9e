/**
 * (a) and (c): the example action workflows, imported and executed by n8n's own CLI, with the
 * run's result and what the sandbox received asserted.
 */
import { SEED_IDS } from '../../sandbox/store';
import { e2eLines } from './lines';
import type { E2eEnvironment } from './support';
import { outputOf, sandboxRequests, setUpEnvironment, tearDownEnvironment, WORKFLOWS } from './support';

describe.each(e2eLines('smoke'))("n8n %s.x: example workflows executed by n8n's CLI", (line) => {
	let environment: E2eEnvironment;

	beforeAll(async () => {
		environment = await setUpEnvironment(line);
	}, 300_000);
	afterAll(async () => await tearDownEnvironment(environment));

	test('escalate a request: customer found by email, conversation in a queue with a priority, first message, internal note', async () => {
		const { n8n, sandbox, sandboxUrl } = environment;
		const run = await n8n.execute(WORKFLOWS.escalate);
		expect(run.data.resultData.error).toBeUndefined();

		const [conversation] = outputOf(run, 'Create conversation');
		expect(conversation).toMatchObject({
			name: 'Order 1042 arrived damaged',
			priority: 4,
			externalId: 'web-form-1042',
			customerId: SEED_IDS.customers.jane,
			queueId: SEED_IDS.queues.tier2,
			tags: [SEED_IDS.tags.escalated],
		});
		expect(outputOf(run, 'Add first message')[0]).toMatchObject({
			conversationId: conversation.id,
			channel: 'email',
			direction: 'in',
			preview: 'The box was crushed and the mug inside is broken. Can you send a new one?',
		});
		expect(outputOf(run, 'Add internal note')[0]).toMatchObject({
			conversationId: conversation.id,
			body: 'Escalated from n8n (request web-form-1042). Please replace the item.',
			userMentions: [{ team: SEED_IDS.teams.escalations }],
		});

		const stored = sandbox.store.get('conversations', String(conversation.id));
		expect(stored?.relationships.queue.id).toBe(SEED_IDS.queues.tier2);
		// (Each node run also reads the org once for the records' appUrl: a custom host does not name it.)
		const requests = (await sandboxRequests(sandboxUrl)).filter((request) => request.path !== '/v1/orgs/current');
		expect(requests.map((request) => `${request.method} ${request.path} ${request.status}`)).toEqual([
			'GET /v1/customers/email=jane%40example.com 200',
			'GET /v1/conversations/externalId=web-form-1042 404',
			'POST /v1/conversations 201',
			`POST /v1/conversations/${String(conversation.id)}/messages 201`,
			`POST /v1/conversations/${String(conversation.id)}/notes 201`,
		]);
	});

	test('running the escalation again reuses the conversation with the same External ID', async () => {
		const { n8n, sandbox } = environment;
		const run = await n8n.execute(WORKFLOWS.escalate);
		expect(run.data.resultData.error).toBeUndefined();
		expect(sandbox.store.list('conversations').filter((entry) => entry.attributes.externalId === 'web-form-1042')).toHaveLength(1);
	});

	test('a batch of 200 records through Loop Over Items, under a low rate limit and injected faults: each created exactly once', async () => {
		const { n8n, sandbox, sandboxUrl } = environment;
		await fetch(`${sandboxUrl}/_sandbox/requests`, { method: 'DELETE' });
		await fetch(`${sandboxUrl}/_sandbox/config`, {
			method: 'PATCH',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({
				rateLimit: { limit: 50, windowMs: 2000, resetUnit: 'epoch' },
				// Writes that succeed but answer 502, requests refused with 503 or dropped. The node
				// keeps within the window's budget (no 429 of its own making), so bursts of 429
				// stand in for another integration spending the window.
				faults: { errorAfterWriteRate: 0.03, errorRate: 0.01, dropRate: 0.01, burst429Every: 150, burst429Length: 2 },
			}),
		});

		const run = await n8n.execute(WORKFLOWS.batch);
		await fetch(`${sandboxUrl}/_sandbox/config`, {
			method: 'PATCH',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ rateLimit: { limit: 1000, windowMs: 60_000 }, faults: { errorAfterWriteRate: 0, errorRate: 0, dropRate: 0, burst429Every: 0, burst429Length: 0 } }),
		});
		expect(run.data.resultData.error).toBeUndefined();
		expect(outputOf(run, 'All created')).toHaveLength(200);

		const created = sandbox.store.list('conversations').filter((entry) => String(entry.attributes.externalId).startsWith('batch-'));
		const externalIds = created.map((entry) => String(entry.attributes.externalId)).sort();
		expect(externalIds).toEqual(Array.from({ length: 200 }, (_, index) => `batch-${index + 1}`).sort());

		const statuses = (await sandboxRequests(sandboxUrl)).map((request) => request.status);
		expect(statuses.filter((status) => status === 429).length).toBeGreaterThan(0);
		expect(statuses.filter((status) => status === 502).length).toBeGreaterThan(0);
	});

	describe('escalation in one node (examples/escalate-in-one-node.json)', () => {
		const EMAIL = 'rosa.diaz@example.com';
		const customers = () =>
			environment.sandbox.store.list('customers').filter((entry) => (entry.attributes.emails as Array<{ email: string }>).some((email) => email.email === EMAIL));
		const escalated = () => {
			const conversations = environment.sandbox.store.list('conversations').filter((entry) => entry.attributes.externalId === 'web-form-2042');
			const ids = new Set(conversations.map((entry) => entry.id));
			const on = (collection: string) => environment.sandbox.store.list(collection).filter((entry) => ids.has(entry.relationships.conversation?.id));
			return { conversations, messages: on('messages'), notes: on('notes') };
		};

		test('a new customer, the conversation, its first message and note, and the links to post back', async () => {
			const { n8n, sandboxUrl } = environment;
			await fetch(`${sandboxUrl}/_sandbox/requests`, { method: 'DELETE' });
			const run = await n8n.execute(WORKFLOWS.escalateInOneNode);
			expect(run.data.resultData.error).toBeUndefined();

			const [customer] = customers();
			expect(customer.attributes).toMatchObject({ name: 'Rosa Diaz', phones: [{ phone: '+14155550142' }] });
			const { conversations, messages, notes } = escalated();
			expect(conversations).toHaveLength(1);
			const [conversation] = conversations;
			expect(conversation.attributes).toMatchObject({
				name: 'Replacement mug arrived broken too',
				priority: 5,
				assignedTeams: [SEED_IDS.teams.escalations],
				tags: [SEED_IDS.tags.escalated],
				custom: { orderNumberStr: '2042', reasonTree: 'shipping.damaged' },
			});
			expect(conversation.relationships.queue.id).toBe(SEED_IDS.queues.tier2);
			expect(conversation.relationships.customer.id).toBe(customer.id);
			expect(messages.map((entry) => entry.attributes)).toEqual([
				expect.objectContaining({ channel: 'email', direction: 'in', subject: 'Replacement mug arrived broken too', externalId: 'web-form-2042:message' }),
			]);
			expect(notes.map((entry) => entry.attributes)).toEqual([
				expect.objectContaining({ externalId: 'web-form-2042:note', userMentions: [{ team: SEED_IDS.teams.escalations }] }),
			]);

			const link = `https://sandbox.kustomerapp.com/app/customers/${customer.id}`;
			expect(outputOf(run, 'Post back to the requester')[0]).toEqual({
				requestId: 'web-form-2042',
				status: 'escalated',
				kustomerConversationUrl: `${link}/event/${conversation.id}`,
				kustomerCustomerUrl: link,
				conversationId: conversation.id,
				messageId: messages[0].id,
				noteId: notes[0].id,
			});
		});

		test('run twice: still one customer, one conversation, one message and one note, and the second run writes nothing', async () => {
			const { n8n, sandboxUrl } = environment;
			await fetch(`${sandboxUrl}/_sandbox/requests`, { method: 'DELETE' });
			const run = await n8n.execute(WORKFLOWS.escalateInOneNode);
			expect(run.data.resultData.error).toBeUndefined();

			expect(customers()).toHaveLength(1);
			const { conversations, messages, notes } = escalated();
			expect([conversations.length, messages.length, notes.length]).toEqual([1, 1, 1]);
			expect(outputOf(run, 'Escalate')[0].escalation).toEqual({ customer: 'found', conversation: 'found', message: 'found', note: 'found' });
			expect(outputOf(run, 'Post back to the requester')[0]).toMatchObject({ status: 'already escalated', messageId: messages[0].id, noteId: notes[0].id });
			const writes = (await sandboxRequests(sandboxUrl)).filter((request) => request.method !== 'GET');
			expect(writes.map((request) => `${request.method} ${request.path}`)).toEqual([]);
		});
	});
});

/**
 * The customer and conversation lifecycle in a real n8n: examples/crm-sync-and-triage.json
 * (Create or Update a customer, open the case's conversation, Update it, Add Tags, post the
 * app links back), executed by n8n's CLI against the sandbox, twice.
 */
import { SEED_IDS } from '../../sandbox/store';
import { e2eLines } from './lines';
import type { E2eEnvironment } from './support';
import { outputOf, sandboxRequests, setUpEnvironment, tearDownEnvironment } from './support';

const WORKFLOW = 'kustCrmTriage001';
const EMAIL = 'sam.lee+vip@example.com';

describe.each(e2eLines())("n8n %s.x: customer sync and conversation triage executed by n8n's CLI", (line) => {
	let environment: E2eEnvironment;

	beforeAll(async () => {
		environment = await setUpEnvironment(line);
	}, 300_000);
	afterAll(async () => await tearDownEnvironment(environment));

	const customersWithEmail = () =>
		environment.sandbox.store
			.list('customers')
			.filter((entry) => (entry.attributes.emails as Array<{ email: string }>).some((email) => email.email === EMAIL));

	test('upserts the customer, opens, escalates and tags the conversation, and gives both app links', async () => {
		const { n8n, sandbox } = environment;
		const run = await n8n.execute(WORKFLOW);
		expect(run.data.resultData.error).toBeUndefined();

		const [customer] = outputOf(run, 'Sync customer');
		expect(customer).toMatchObject({
			name: 'Sam Lee',
			externalId: 'crm-2001',
			emails: [{ email: EMAIL, type: 'work' }],
			phones: [{ phone: '+14155550199', type: 'mobile' }],
			companyId: SEED_IDS.companies.acme,
		});
		const [tagged] = outputOf(run, 'Tag VIP');
		const conversation = sandbox.store.get('conversations', String(tagged.id));
		expect(conversation?.attributes).toMatchObject({ priority: 5, assignedTeams: [SEED_IDS.teams.escalations], externalId: 'crm-case-2001' });
		expect(conversation?.attributes.tags).toEqual(expect.arrayContaining([SEED_IDS.tags.vip, SEED_IDS.tags.escalated]));
		expect(conversation?.relationships.queue.id).toBe(SEED_IDS.queues.vip);
		expect(outputOf(run, 'Link back to the CRM')[0]).toEqual({
			caseId: 'crm-case-2001',
			kustomerConversationUrl: `https://sandbox.kustomerapp.com/app/customers/${String(customer.id)}/event/${String(tagged.id)}`,
			kustomerCustomerUrl: `https://sandbox.kustomerapp.com/app/customers/${String(customer.id)}`,
		});
	});

	test('run again: still one customer and one conversation, the company link kept, the customer not written again', async () => {
		const { n8n, sandbox, sandboxUrl } = environment;
		await fetch(`${sandboxUrl}/_sandbox/requests`, { method: 'DELETE' });
		const run = await n8n.execute(WORKFLOW);
		expect(run.data.resultData.error).toBeUndefined();
		expect(customersWithEmail()).toHaveLength(1);
		expect(customersWithEmail()[0].relationships.company?.id).toBe(SEED_IDS.companies.acme);
		expect(sandbox.store.list('conversations').filter((entry) => entry.attributes.externalId === 'crm-case-2001')).toHaveLength(1);
		const writes = (await sandboxRequests(sandboxUrl)).filter((request) => request.method !== 'GET').map((request) => `${request.method} ${request.path}`);
		expect(writes.filter((write) => /^(POST|PATCH) \/v1\/customers/.test(write))).toEqual([]);
		expect(writes).not.toContain('POST /v1/conversations');
		expect(writes.filter((write) => write.endsWith('/tags'))).toHaveLength(1);
	});
});

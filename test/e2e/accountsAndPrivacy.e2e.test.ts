/**
 * Issue 21's new operations in a real n8n, on both pinned lines, executed by n8n's own CLI
 * against the sandbox:
 * - examples/crm-account-sync.json: CRM accounts upserted as companies by External ID, their
 *   plan a typed custom attribute, each contact linked to its company By External ID; run
 *   again, the same companies and customers;
 * - examples/privacy-erasure-request.json: a customer's messages redacted (text and file) and
 *   the request noted on the conversation; run again, the same and nothing more;
 * - a duplicate customer merged into the one kept, then an order event tracked on the kept
 *   customer's timeline with typed properties.
 */
import fs from 'node:fs';
import path from 'node:path';

import { EXAMPLE_CREDENTIAL } from '../../scripts/n8n/environment';
import { e2eLines } from './lines';
import type { E2eEnvironment } from './support';
import { kustomer, outputOf, setUpEnvironment, tearDownEnvironment } from './support';

const CRM_EXAMPLE = 'kustCrmAccounts01';
const PRIVACY_EXAMPLE = 'kustPrivacyErase1';
const MERGE_AND_TRACK = 'kustMergeTrack01';
const REPLACEMENT = '[Removed on privacy request privacy-2043]';

/** Manual trigger -> Customer → Merge (by email) -> Customer → Track Event on the customer kept. */
function mergeAndTrackWorkflow() {
	const credentials = { kustomerApi: EXAMPLE_CREDENTIAL };
	const byEmail = (email: string) => ({ __rl: true, mode: 'email', value: email });
	return {
		id: MERGE_AND_TRACK,
		name: 'e2e: merge a duplicate, then track an order',
		nodes: [
			{ id: 'mt-start', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: 'mt-merge',
				name: 'Merge duplicate',
				type: 'n8n-nodes-kustomer.kustomer',
				typeVersion: 1,
				position: [220, 0],
				parameters: { resource: 'customer', operation: 'merge', customer: byEmail('lena@example.com'), duplicateCustomer: byEmail('lena.old@example.com') },
				credentials,
			},
			{
				id: 'mt-track',
				name: 'Track order',
				type: 'n8n-nodes-kustomer.kustomer',
				typeVersion: 1,
				position: [440, 0],
				parameters: {
					resource: 'customer',
					operation: 'trackEvent',
					identifyBy: 'customer',
					customer: { __rl: true, mode: 'id', value: '={{ $json.keptCustomerId }}' },
					eventName: 'order.placed',
					eventProperties: {
						property: [
							{ name: 'orderNumber', type: 'string', value: 'A-1042' },
							{ name: 'total', type: 'number', value: '64.5' },
						],
					},
				},
				credentials,
			},
		],
		connections: {
			Start: { main: [[{ node: 'Merge duplicate', type: 'main', index: 0 }]] },
			'Merge duplicate': { main: [[{ node: 'Track order', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

describe.each(e2eLines('smoke'))("n8n %s.x: companies, merges, redaction and tracking events executed by n8n's CLI", (line) => {
	let environment: E2eEnvironment;

	beforeAll(async () => {
		environment = await setUpEnvironment(line);
		const file = path.join(environment.n8n.userFolder, 'merge-and-track.json');
		fs.writeFileSync(file, JSON.stringify(mergeAndTrackWorkflow()));
		await environment.n8n.importWorkflows(file);
	}, 300_000);
	afterAll(async () => await tearDownEnvironment(environment));

	test('CRM accounts as companies by External ID, each contact linked to its company; run again, the same', async () => {
		const { n8n, sandbox } = environment;
		for (let run = 1; run <= 2; run++) {
			const result = await n8n.execute(CRM_EXAMPLE);
			expect(result.data.resultData.error).toBeUndefined();
			const companies = sandbox.store.list('companies').filter((company) => String(company.attributes.externalId).startsWith('sf-'));
			expect(companies.map((company) => [company.attributes.externalId, company.attributes.name, (company.attributes.custom as Record<string, unknown>)?.planStr]).sort()).toEqual([
				['sf-001A', 'Initech', 'Growth'],
				['sf-001B', 'Umbrella Corp', 'Enterprise'],
				['sf-001C', 'Hooli', 'Starter'],
			]);
			const byExternalId = new Map(companies.map((company) => [company.attributes.externalId, company.id]));
			for (const [email, account] of [['peter@initech.com', 'sf-001A'], ['alice@umbrella.example', 'sf-001B'], ['gavin@hooli.example', 'sf-001C']]) {
				const contacts = sandbox.store.list('customers').filter((customer) => (customer.attributes.emails as Array<{ email: string }> | undefined)?.some((entry) => entry.email === email));
				expect(contacts.map((contact) => contact.relationships.company?.id)).toEqual([byExternalId.get(account)]);
			}
		}
	});

	test("a privacy request: every message of the customer's conversations redacted, the request noted; run again, the same", async () => {
		const { n8n, sandbox, sandboxUrl } = environment;
		const rosa = (await kustomer(sandboxUrl, 'POST', '/v1/customers', { name: 'Rosa Diaz', emails: [{ email: 'rosa.diaz@example.com' }] })).data.id;
		const conversation = (await kustomer(sandboxUrl, 'POST', `/v1/customers/${rosa}/conversations`, { name: 'Card pasted in chat' })).data.id;
		const card = (await kustomer(sandboxUrl, 'POST', `/v1/conversations/${conversation}/messages`, { channel: 'chat', app: 'e2e', direction: 'in', preview: 'My card is 4111 1111 1111 1111' })).data.id;
		const address = (await kustomer(sandboxUrl, 'POST', `/v1/conversations/${conversation}/messages`, { channel: 'chat', app: 'e2e', direction: 'in', preview: 'I live at 1 Main St' })).data.id;
		for (let run = 1; run <= 2; run++) {
			const result = await n8n.execute(PRIVACY_EXAMPLE);
			expect(result.data.resultData.error).toBeUndefined();
			expect(outputOf(result, 'Redact each message').map((item) => [item.id, item.redacted])).toEqual([
				[card, true],
				[address, true],
			]);
			for (const id of [card, address]) expect(sandbox.store.get('messages', id)?.attributes.preview).toBe(REPLACEMENT);
			const notes = sandbox.store.list('notes').filter((note) => note.relationships.conversation?.id === conversation);
			expect(notes).toHaveLength(1);
		}
	});

	test('a duplicate customer merged into the one kept, then an order tracked on its timeline with typed properties', async () => {
		const { n8n, sandbox, sandboxUrl } = environment;
		const kept = (await kustomer(sandboxUrl, 'POST', '/v1/customers', { name: 'Lena Berg', emails: [{ email: 'lena@example.com' }] })).data.id;
		const duplicate = (await kustomer(sandboxUrl, 'POST', '/v1/customers', { name: 'Lena B.', emails: [{ email: 'lena.old@example.com' }] })).data.id;
		const result = await n8n.execute(MERGE_AND_TRACK);
		expect(result.data.resultData.error).toBeUndefined();
		expect(outputOf(result, 'Merge duplicate')).toEqual([expect.objectContaining({ status: 'success', keptCustomerId: kept, mergedCustomerId: duplicate })]);
		expect(sandbox.store.get('customers', duplicate)).toBeUndefined();
		const emails = (sandbox.store.get('customers', kept)?.attributes.emails as Array<{ email: string }>).map((entry) => entry.email).sort();
		expect(emails).toEqual(['lena.old@example.com', 'lena@example.com']);
		const { tracked } = (await (await fetch(`${sandboxUrl}/_sandbox/tracked`)).json()) as { tracked: Array<{ customerId: string; event: Record<string, unknown> }> };
		expect(tracked).toEqual([expect.objectContaining({ customerId: kept, event: expect.objectContaining({ name: 'order.placed', meta: { orderNumber: 'A-1042', totalNum: 64.5 } }) })]);
	});
});

/**
 * Files, replies, custom objects and typed custom attributes in a real n8n against the
 * sandbox: a file n8n reads from disk attached to a message and read back as a file; a reply
 * delivered through a draft; a custom object upserted twice by external ID (one object), its
 * attributes set through the typed mapper arriving as numbers, dates and booleans.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { SEED_IDS } from '../../sandbox/store';
import { e2eLines } from './lines';
import type { E2eEnvironment } from './support';
import { kustomer, outputOf, SANDBOX_CREDENTIAL, sandboxRequests, setUpEnvironment, tearDownEnvironment } from './support';

const REPLY_WORKFLOW = 'kustReplyFiles01';
const ORDER_WORKFLOW = 'kustOrderSync001';
const DISK_WORKFLOW = 'kustDiskFileE2E1';

/** Manual trigger → Read/Write Files from Disk → Message → Create with the file → Message → Get Many, downloading it → its bytes as base64. */
function diskFileWorkflow(file: string) {
	const kustomerNode = (name: string, x: number, parameters: Record<string, unknown>) => ({
		id: `c0ffee00-0000-4000-8000-00000000000${x}`,
		name,
		type: 'n8n-nodes-kustomer.kustomer',
		typeVersion: 1,
		position: [x * 220, 0],
		parameters,
		credentials: { kustomerApi: SANDBOX_CREDENTIAL },
	});
	const conversation = { __rl: true, mode: 'externalId', value: 'disk-file-e2e' };
	const nodes = [
		{ id: 'c0ffee00-0000-4000-8000-000000000001', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
		{ id: 'c0ffee00-0000-4000-8000-000000000002', name: 'Read photo', type: 'n8n-nodes-base.readWriteFile', typeVersion: 1, position: [220, 0], parameters: { operation: 'read', fileSelector: file, options: {} } },
		kustomerNode('Attach to message', 3, { resource: 'message', operation: 'create', conversation, channel: 'chat', direction: 'in', body: 'Photo of the damage', additionalFields: { attachments: 'data' } }),
		kustomerNode('Read back', 4, { resource: 'message', operation: 'getAll', conversation, returnAll: true, options: { downloadAttachments: true } }),
		{ id: 'c0ffee00-0000-4000-8000-000000000005', name: 'As base64', type: 'n8n-nodes-base.extractFromFile', typeVersion: 1, position: [1100, 0], parameters: { operation: 'binaryToPropery', binaryPropertyName: 'attachment_0', destinationKey: 'content', options: {} } },
	];
	const connections = Object.fromEntries(nodes.slice(0, -1).map((node, index) => [node.name, { main: [[{ node: nodes[index + 1].name, type: 'main', index: 0 }]] }]));
	return { id: DISK_WORKFLOW, name: 'e2e: a file from disk attached and read back', nodes, connections, settings: { executionOrder: 'v1' }, active: false };
}

describe.each(e2eLines())('n8n %s.x: files, replies and custom objects', (line) => {
	let environment: E2eEnvironment;
	const files = mkdtempSync(path.join(tmpdir(), 'kustomer-e2e-files-'));
	const photo = randomBytes(3000);

	beforeAll(async () => {
		writeFileSync(path.join(files, 'damage.png'), photo);
		// n8n reads files only from allowed folders (2.x: ~/.n8n-files by default).
		const restrict = process.env.N8N_RESTRICT_FILE_ACCESS_TO;
		process.env.N8N_RESTRICT_FILE_ACCESS_TO = files;
		try {
			environment = await setUpEnvironment(line);
		} finally {
			if (restrict === undefined) delete process.env.N8N_RESTRICT_FILE_ACCESS_TO;
			else process.env.N8N_RESTRICT_FILE_ACCESS_TO = restrict;
		}
		const workflowFile = path.join(files, 'disk-file.json');
		writeFileSync(workflowFile, JSON.stringify(diskFileWorkflow(path.join(files, 'damage.png'))));
		await environment.n8n.importWorkflows(workflowFile);
	}, 300_000);
	afterAll(async () => {
		await tearDownEnvironment(environment);
		rmSync(files, { recursive: true, force: true });
	});

	test('a file n8n read from disk is attached to a message (uploaded without the API key) and read back with Download Attachments', async () => {
		const { n8n, sandbox, sandboxUrl } = environment;
		await kustomer(sandboxUrl, 'POST', '/v1/conversations', { customer: SEED_IDS.customers.omar, name: 'Damaged parcel', externalId: 'disk-file-e2e' });
		await fetch(`${sandboxUrl}/_sandbox/requests`, { method: 'DELETE' });

		const run = await n8n.execute(DISK_WORKFLOW);
		expect(run.data.resultData.error).toBeUndefined();
		const [message] = outputOf(run, 'Attach to message');
		const [attachmentId] = message.attachmentIds as string[];
		expect(sandbox.store.get('attachments', attachmentId)?.attributes).toMatchObject({ name: 'damage.png', contentType: 'image/png', contentLength: 3000, uploaded: true });

		const [readBack] = outputOf(run, 'Read back');
		expect(readBack.attachments).toEqual([{ id: attachmentId, name: 'damage.png', contentType: 'image/png', contentLength: 3000, redacted: false }]);
		expect(Buffer.from(String(outputOf(run, 'As base64')[0].content), 'base64').equals(photo)).toBe(true);

		const requests = await sandboxRequests(sandboxUrl);
		const storage = requests.filter((request) => request.path.startsWith('/storage/'));
		expect(storage.map((request) => `${request.method} ${request.path.split('/').slice(0, 3).join('/')} ${request.status}`)).toEqual([
			'POST /storage/upload 204',
			'GET /storage/get 200',
		]);
		expect(storage.every((request) => (request as unknown as { authorization: boolean }).authorization === false)).toBe(true);
	});

	test('a reply with a file is delivered through a draft on the conversation\'s channel, and reads back as an outbound message', async () => {
		const { n8n, sandbox, sandboxUrl } = environment;
		await fetch(`${sandboxUrl}/_sandbox/requests`, { method: 'DELETE' });
		const run = await n8n.execute(REPLY_WORKFLOW);
		expect(run.data.resultData.error).toBeUndefined();

		const [conversation] = outputOf(run, 'Create conversation');
		// Send waits for the delivery (Wait for Delivery, on by default) and outputs the delivered message.
		const [sent] = outputOf(run, 'Send reply with label');
		expect(sent).toMatchObject({ channel: 'email', direction: 'out', status: 'sent', draftId: expect.any(String) });
		expect(sandbox.store.get('drafts', String(sent.draftId))).toBeUndefined();

		const paths = (await sandboxRequests(sandboxUrl)).map((request) => `${request.method} ${request.path.split('?')[0]}`);
		expect(paths).toEqual(
			expect.arrayContaining([
				`POST /v1/customers/${SEED_IDS.customers.jane}/drafts`,
				`POST /v1/drafts/${String(sent.draftId)}/attachments`,
				`PUT /v1/drafts/${String(sent.draftId)}`,
			]),
		);
		const messages = outputOf(run, 'Read the conversation');
		const reply = messages[messages.length - 1];
		expect(reply.id).toBe(sent.id);
		expect(reply).toMatchObject({ direction: 'out', channel: 'email', conversationId: conversation.id, preview: expect.stringContaining('Your return label is attached') });
		expect(reply.attachments).toEqual([expect.objectContaining({ name: 'return-label-1042.txt', contentType: 'text/plain' })]);
		expect((reply.meta as { to: unknown }).to).toEqual([{ email: 'jane@example.com', name: 'Jane Doe' }]);
	});

	test('an order upserted twice by external ID is one custom object, its mapped attributes typed', async () => {
		const { n8n, sandbox } = environment;
		const first = await n8n.execute(ORDER_WORKFLOW);
		expect(first.data.resultData.error).toBeUndefined();
		const second = await n8n.execute(ORDER_WORKFLOW);
		expect(second.data.resultData.error).toBeUndefined();

		const orders = sandbox.store.list('kobjects').filter((entry) => entry.attributes.externalId === 'order-1042');
		expect(orders).toHaveLength(1);
		expect(outputOf(second, 'Create or update order')[0].id).toBe(orders[0].id);
		expect(orders[0].relationships.customer.id).toBe(SEED_IDS.customers.jane);
		// Text from the shop, converted by type: the workflow's time zone (n8n's default, America/New_York) for the date.
		expect(orders[0].attributes.custom).toEqual({
			totalNum: 49.9,
			placedAt: '2026-11-20T15:15:00.000Z',
			giftBool: true,
			statusStr: 'shipped',
			trackingUrl: 'https://track.example.com/1042',
		});
		expect(outputOf(second, "The customer's orders").map((entry) => entry.id)).toEqual([orders[0].id]);
	});

	test("the editor's Custom Attributes mapper loads the org's attributes through a running n8n, with pickers of allowed values", async () => {
		const { n8n } = environment;
		// Last: a running n8n and its CLI do not share the database.
		await n8n.start();
		await n8n.signIn();
		const load = async (currentNodeParameters: Record<string, unknown>) =>
			await n8n.request<{ fields: Array<{ id: string; type: string; options?: Array<{ value: string }> }>; emptyFieldsNotice?: string }>(
				'POST',
				'/rest/dynamic-node-parameters/resource-mapper-fields',
				{
					nodeTypeAndVersion: { name: 'n8n-nodes-kustomer.kustomer', version: 1 },
					currentNodeParameters,
					path: 'parameters.customAttributesMapper',
					methodName: 'getCustomAttributeFields',
					credentials: { kustomerApi: SANDBOX_CREDENTIAL },
				},
			);
		const order = await load({ resource: 'customObject', operation: 'upsert', klass: 'order' });
		expect(order).toMatchObject({ fields: expect.any(Array) });
		expect(order.fields.map((field) => `${field.id}:${field.type}`).sort()).toEqual([
			'giftBool:boolean',
			'lineItemsId:array',
			'placedAt:dateTime',
			'skuStr:string',
			'statusStr:options',
			'totalNum:number',
			'trackingUrl:string',
		]);
		const customer = await load({ resource: 'customer', operation: 'update' });
		expect(customer.fields.find((field) => field.id === 'regionTree')?.options?.map((option) => option.value)).toEqual(['us', 'ca', 'de', 'fr']);
		expect((await load({ resource: 'customObject', operation: 'create', klass: 'subscription' })).emptyFieldsNotice).toContain('lists no custom attributes');
	});
});

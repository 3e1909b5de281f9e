/**
 * examples/mcp-server-kustomer-tools.json in a real n8n: its MCP Server Trigger published, and
 * an MCP client (no language model) listing the Kustomer tools and calling them over
 * Streamable HTTP, against the sandbox. On every pinned line: n8n 1.123 has the trigger too.
 */
import fs from 'node:fs';
import path from 'node:path';

import { SEED_IDS } from '../../sandbox/store';
import { e2eLines } from './lines';
import { INITIALIZE, McpClient } from './mcpClient';
import type { E2eEnvironment } from './support';
import { kustomer, SANDBOX_KEY, sandboxRequests, setUpEnvironment, tearDownEnvironment, waitFor } from './support';

const WORKFLOW_ID = 'kustMcpServer001';
const TOKEN = 'mcp-e2e-token-5b1c9e';
const TOOLS = [
	'Add_note',
	'Delete_conversation',
	'Escalate_request',
	'Get_conversation',
	'Get_conversation_messages',
	'Reply_to_customer',
	'Search_customer',
	'Update_conversation',
];

/** The bearer credential the example's trigger names, imported with the token the client sends. */
async function importBearerCredential(environment: E2eEnvironment): Promise<void> {
	const file = path.join(environment.n8n.userFolder, 'mcp-bearer.json');
	fs.writeFileSync(file, JSON.stringify([{ id: 'KustomerMcpBearer1', name: 'Kustomer MCP bearer token', type: 'httpBearerAuth', data: { token: TOKEN } }]));
	try {
		await environment.n8n.importCredentials(file);
	} finally {
		fs.rmSync(file, { force: true });
	}
}

describe.each(e2eLines('smoke'))('n8n %s.x: Kustomer tools through the MCP Server Trigger', (line) => {
	let environment: E2eEnvironment;
	let client: McpClient;
	let conversationId: string;

	beforeAll(async () => {
		environment = await setUpEnvironment(line);
		await importBearerCredential(environment);
		await environment.n8n.publish(WORKFLOW_ID);
		await environment.n8n.start();
		client = new McpClient(`${environment.n8n.baseUrl}/mcp/kustomer`, TOKEN);
		// n8n answers REST before it has activated published workflows (1.x especially): the endpoint is 404 until then.
		await waitFor('the MCP endpoint', async () => (await new McpClient(client.url, TOKEN).post(INITIALIZE)).status !== 404);
		const created = await kustomer(environment.sandboxUrl, 'POST', '/v1/conversations', { customer: SEED_IDS.customers.jane, name: 'Mug arrived broken', priority: 2 });
		conversationId = created.data.id;
	}, 300_000);
	afterAll(async () => await tearDownEnvironment(environment));

	test('without the bearer token the endpoint refuses the client', async () => {
		const { status } = await new McpClient(client.url).post(INITIALIZE);
		expect([401, 403]).toContain(status);
	});

	test('initialize, then tools/list: the Kustomer tools, their agent descriptions and arguments', async () => {
		const { capabilities } = await client.initialize();
		expect(capabilities).toHaveProperty('tools');
		const tools = await client.listTools();
		expect(tools.map((tool) => tool.name).sort()).toEqual(TOOLS);
		const byName = Object.fromEntries(tools.map((tool) => [tool.name, tool]));
		expect(byName.Get_conversation.description).toMatch(/^Get a conversation in Kustomer\. .*Read-only.*Needs: .*Cost: 1 request\.$/);
		expect(byName.Delete_conversation.description).toContain('DESTRUCTIVE');
		expect(byName.Reply_to_customer.description).toContain('DESTRUCTIVE');
		expect(Object.keys(byName.Add_note.inputSchema.properties ?? {}).sort()).toEqual(['conversationId', 'note']);
	});

	test('tools/call, a read: the compact conversation', async () => {
		const result = await client.callTool('Get_conversation', { conversationId });
		expect(result.isError).toBeFalsy();
		const [conversation] = JSON.parse(result.content[0].text) as Array<Record<string, unknown>>;
		expect(conversation).toMatchObject({ id: conversationId, name: 'Mug arrived broken', priority: 2, customerId: SEED_IDS.customers.jane });
		expect(conversation).toHaveProperty('appUrl');
		expect(conversation).not.toHaveProperty('modifiedAt');
	});

	test('tools/call, a write: the note lands once in Kustomer', async () => {
		await fetch(`${environment.sandboxUrl}/_sandbox/requests`, { method: 'DELETE' });
		const result = await client.callTool('Add_note', { conversationId, note: 'Customer sent a photo of the damage.' });
		expect(result.isError).toBeFalsy();
		expect(JSON.parse(result.content[0].text)).toEqual([expect.objectContaining({ conversationId, body: 'Customer sent a photo of the damage.' })]);
		const notes = environment.sandbox.store.list('notes').filter((note) => note.relationships.conversation.id === conversationId);
		expect(notes).toHaveLength(1);
		const posts = (await sandboxRequests(environment.sandboxUrl)).filter((request) => request.method === 'POST');
		expect(posts.map((request) => `${request.path} ${request.status}`)).toEqual([`/v1/conversations/${conversationId}/notes 201`]);
	});

	test('tools/call outside the allowed operations: refused with a reason the agent can read, nothing sent', async () => {
		await fetch(`${environment.sandboxUrl}/_sandbox/requests`, { method: 'DELETE' });
		const result = await client.callTool('Delete_conversation', { conversationId });
		expect(result.isError).toBe(true);
		expect(result.content[0].text).toMatch(/Refused: "Delete a conversation permanently" is a Delete \(Permanent\) operation, and this tool may only: Read\./);
		expect(result.content[0].text).not.toContain(SANDBOX_KEY);
		expect(await sandboxRequests(environment.sandboxUrl)).toEqual([]);
		expect(environment.sandbox.store.get('conversations', conversationId)).toBeDefined();
	});

	test('tools/call with a malformed argument: its name, the form expected, an example', async () => {
		const result = await client.callTool('Get_conversation', { conversationId: 'order 1042' });
		expect(result.isError).toBe(true);
		expect(result.content[0].text).toMatch(/Argument "conversationId" \(Conversation\) must be a Kustomer ID: 24 hexadecimal characters, e\.g\. /);
		expect(result.content[0].text).not.toMatch(/\n\s+at /);
	});
});

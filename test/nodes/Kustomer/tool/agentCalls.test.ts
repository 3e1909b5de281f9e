/**
 * The node as an AI agent's tool, called through n8n-core's own tool wrappers against the
 * sandbox: what the agent is told, the compact result, the guard, and the errors it gets.
 */
import { SEED_IDS } from '../../../../sandbox/store';
import { runAgent, kustomerTool } from '../../../helpers/agentTools';
import { useSandbox } from '../../../helpers/sandbox';
import { RESOURCES } from '../../../../nodes/Kustomer/actions';
import { toolDescriptionOf } from '../../../../nodes/Kustomer/tool/descriptions';

const KEY = 'sandbox-key';
const { state, call } = useSandbox();
const credentials = () => ({ kustomerApi: { host: 'custom', customBaseUrl: state.base, apiKey: KEY } });

const conversationArg = "={{ $fromAI('conversationId', 'The Kustomer conversation ID (24 hexadecimal characters)', 'string') }}";
const getConversation = kustomerTool('Get_conversation', {
	resource: 'conversation',
	operation: 'get',
	conversation: { __rl: true, mode: 'id', value: conversationArg },
});
const addNote = (extra: Record<string, unknown> = {}) =>
	kustomerTool('Add_note', {
		resource: 'note',
		operation: 'create',
		conversation: { __rl: true, mode: 'id', value: conversationArg },
		body: "={{ $fromAI('note', 'The internal note for the team', 'string') }}",
		...extra,
	});

async function newConversation(): Promise<string> {
	const created = await call('POST', '/v1/conversations', { customer: SEED_IDS.customers.jane, name: 'Order 1042 arrived damaged', priority: 3 });
	expect(created.status).toBe(201);
	return created.body.data.id as string;
}

const operation = (resource: string, value: string) => RESOURCES.find((entry) => entry.value === resource)!.operations.find((entry) => entry.option.value === value)!;

describe('Kustomer as an AI tool, through n8n-core tool wrappers', () => {
	test('the agent is told what each tool does, changes, costs and needs, and which arguments it takes', async () => {
		const tools = (await runAgent([getConversation, addNote()], [], credentials())).tools.sort((a, b) => b.name.localeCompare(a.name));
		expect(tools).toEqual([
			{ name: 'Get_conversation', description: toolDescriptionOf('conversation', operation('conversation', 'get')), arguments: ['conversationId'] },
			{ name: 'Add_note', description: toolDescriptionOf('note', operation('note', 'create')), arguments: ['conversationId', 'note'] },
		]);
		expect(tools[0].description).toContain('Read-only');
		expect(tools[1].description).toMatch(/Writes.*Needs: .*Cost: /);
	});

	test('a read answers a compact record: ID, Kustomer link and the fields that matter, not every attribute', async () => {
		const id = await newConversation();
		const { calls } = await runAgent([getConversation], [{ tool: 'Get_conversation', args: { conversationId: id } }], credentials());
		const result = calls[0].result as Array<Record<string, unknown>>;
		expect(calls[0].error).toBeUndefined();
		expect(result).toHaveLength(1);
		expect(result[0]).toMatchObject({ id, name: 'Order 1042 arrived damaged', priority: 3, customerId: SEED_IDS.customers.jane });
		expect(String(result[0].appUrl)).toContain(`/event/${id}`);
		expect(Object.keys(result[0])).not.toEqual(expect.arrayContaining(['rev']));
		expect(result[0]).not.toHaveProperty('modifiedAt');
	});

	test('a version 2 tool keeps the names beside IDs and a customer\'s plain email in its compact result', async () => {
		const { tags, queues, teams, customers } = SEED_IDS;
		const created = await call('POST', '/v1/conversations', {
			customer: customers.jane,
			name: 'Refund for order 1042',
			tags: [tags.vip, tags.refund],
			queue: { id: queues.vip },
			assignedTeams: [teams.escalations],
		});
		const getCustomer = kustomerTool('Get_customer', { resource: 'customer', operation: 'get', customer: { __rl: true, mode: 'id', value: customers.jane } }, 2);
		const { calls } = await runAgent(
			[kustomerTool('Get_conversation', getConversation.parameters, 2), getCustomer],
			[
				{ tool: 'Get_conversation', args: { conversationId: created.body.data.id } },
				{ tool: 'Get_customer', args: {} },
			],
			credentials(),
		);
		const [conversation] = calls[0].result as Array<Record<string, unknown>>;
		expect(conversation).toMatchObject({ tagNames: ['vip', 'refund'], queueName: expect.any(String), assignedTeamNames: [expect.any(String)] });
		expect(conversation.queueName).not.toBe(queues.vip);
		const [customer] = calls[1].result as Array<Record<string, unknown>>;
		const { emails } = state.sandbox!.store.get('customers', customers.jane)!.attributes as { emails: Array<{ email: string }> };
		expect(customer.email).toBe(emails[0].email);
	});

	test('Tool Output "Full Record" answers every attribute', async () => {
		const id = await newConversation();
		const full = kustomerTool('Get_conversation', { ...getConversation.parameters, toolOutput: 'full' });
		const { calls } = await runAgent([full], [{ tool: 'Get_conversation', args: { conversationId: id } }], credentials());
		expect((calls[0].result as Array<Record<string, unknown>>)[0]).toHaveProperty('modifiedAt');
	});

	test('a write is refused by default, readably, before anything is sent', async () => {
		const id = await newConversation();
		const { calls } = await runAgent([addNote()], [{ tool: 'Add_note', args: { conversationId: id, note: 'Replacement sent' } }], credentials());
		expect(calls[0].error).toMatch(/^Refused: "Add an internal note to a conversation" is a Create and Change operation, and this tool may only: Read\. Nothing was sent to Kustomer\./);
		expect(calls[0].error).toContain('Allowed Operations');
		expect(state.sandbox!.store.list('notes')).toHaveLength(0);
	});

	test('a write the tool allows lands once', async () => {
		const id = await newConversation();
		const { calls } = await runAgent(
			[addNote({ toolAllowedOperations: ['read', 'write'] })],
			[{ tool: 'Add_note', args: { conversationId: id, note: 'Replacement sent' } }],
			credentials(),
		);
		expect(calls[0].error).toBeUndefined();
		expect(calls[0].result).toEqual([expect.objectContaining({ conversationId: id, body: 'Replacement sent' })]);
		const notes = state.sandbox!.store.list('notes');
		expect(notes).toHaveLength(1);
		expect(notes[0].attributes.body).toBe('Replacement sent');
	});

	test('Delete is refused unless "Delete (Permanent)" is allowed, even with writes allowed', async () => {
		const id = await newConversation();
		const remove = kustomerTool('Delete_conversation', {
			resource: 'conversation',
			operation: 'delete',
			conversation: { __rl: true, mode: 'id', value: conversationArg },
			toolAllowedOperations: ['read', 'write'],
		});
		const { calls } = await runAgent([remove], [{ tool: 'Delete_conversation', args: { conversationId: id } }], credentials());
		expect(calls[0].error).toMatch(/^Refused: .* is a Delete \(Permanent\) operation/);
		expect(state.sandbox!.store.get('conversations', id)).toBeDefined();
	});

	test('a malformed argument gets its name, the form expected and an example; no stack, nothing sent', async () => {
		const { calls } = await runAgent([getConversation], [{ tool: 'Get_conversation', args: { conversationId: 'order 1042' } }], credentials());
		expect(calls[0].error).toMatch(/Argument "conversationId" \(Conversation\) .*24 hexadecimal characters/);
		expect(calls[0].error).toMatch(/Received: "order 1042"/);
		expect(calls[0].error).toMatch(/e\.g\.|Example: /);
		expect(calls[0].error).not.toMatch(/\n\s+at /);
		expect(calls[0].error).not.toContain('[item 0]');
	});

	test('a missing or empty argument is named, with the form expected', async () => {
		const { calls } = await runAgent(
			[getConversation],
			[
				{ tool: 'Get_conversation', args: {} },
				{ tool: 'Get_conversation', args: { conversationId: '  ' } },
			],
			credentials(),
		);
		// Missing altogether: n8n's tool schema (every $fromAI() key required) answers before the node runs.
		expect(calls[0].error).toMatch(/Required[\s\S]*conversationId/);
		expect(calls[1].error).toBe(
			'Argument "conversationId" (Conversation) is required. Received: "  ". Example: 5f1a2b3c4d5e6f7a8b9c0d1e. Nothing was sent to Kustomer; correct the argument and call the tool again.',
		);
		const { body } = await call('GET', '/_sandbox/requests');
		expect((body.requests as Array<{ path: string }>).filter((request) => request.path.startsWith('/v1/conversations'))).toEqual([]);
	});

	test("Kustomer's refusal reaches the agent as a cause, without the API key or Kustomer's raw body", async () => {
		const { calls } = await runAgent([getConversation], [{ tool: 'Get_conversation', args: { conversationId: '5f1a2b3c4d5e6f7a8b9c0d1e' } }], credentials());
		expect(calls[0].error).toMatch(/not found|no conversation|404/i);
		expect(calls[0].error).not.toContain(KEY);
		expect(calls[0].error).not.toContain('"errors"');
		expect(calls[0].error).not.toMatch(/\n\s+at /);
	});
});

/**
 * The example workflows' Kustomer tools, as saved in examples/, called through n8n-core's tool
 * wrappers against the sandbox: each tool answers, the writes land once, the guard holds.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { INode } from 'n8n-workflow';

import { SEED_IDS } from '../../../../sandbox/store';
import { KUSTOMER_TOOL_NODE, runAgent } from '../../../helpers/agentTools';
import { PACKAGE_ROOT } from '../../../helpers/harness';
import { useSandbox } from '../../../helpers/sandbox';

const { state, call } = useSandbox();
const credentials = () => ({ kustomerApi: { host: 'custom', customBaseUrl: state.base, apiKey: 'sandbox-key' } });

function exampleTools(file: string): INode[] {
	const workflow = JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, 'examples', file), 'utf8')) as { nodes: INode[] };
	return workflow.nodes.filter((node) => node.type === KUSTOMER_TOOL_NODE);
}

async function conversationWithMessage(): Promise<string> {
	const created = await call('POST', '/v1/conversations', { customer: SEED_IDS.customers.jane, name: 'Mug arrived broken', priority: 2 });
	const id = created.body.data.id as string;
	await call('POST', `/v1/conversations/${id}/messages`, { channel: 'email', direction: 'in', app: 'postmark', preview: 'My mug arrived in pieces.' });
	return id;
}

/** Replies on a conversation: drafts still on their way, and the messages out that sent drafts became. */
function replies(id: string): string[] {
	const store = state.sandbox!.store;
	const drafts = store.list('drafts').filter((draft) => draft.relationships.conversation.id === id);
	const sent = store.list('messages').filter((message) => message.relationships.conversation.id === id && message.attributes.direction === 'out');
	return [...drafts.map((draft) => String(draft.attributes.body)), ...sent.map((message) => String(message.attributes.preview))];
}

describe('examples/mcp-server-kustomer-tools.json: the tools an MCP client gets', () => {
	const tools = exampleTools('mcp-server-kustomer-tools.json');

	test('every tool is listed with its arguments', async () => {
		const listed = (await runAgent(tools, [], credentials())).tools;
		expect(Object.fromEntries(listed.map((tool) => [tool.name, tool.arguments.sort()]))).toEqual({
			Search_customer: ['email'],
			Get_conversation: ['conversationId'],
			Get_conversation_messages: ['conversationId'],
			Add_note: ['conversationId', 'note'],
			Reply_to_customer: ['conversationId', 'reply', 'replyId'],
			Escalate_request: ['email', 'message', 'note', 'subject'],
			Update_conversation: ['conversationId', 'priority', 'status'],
			Delete_conversation: ['conversationId'],
		});
	});

	test('reads, writes that land once, and the delete refused', async () => {
		const id = await conversationWithMessage();
		const { calls } = await runAgent(
			tools,
			[
				{ tool: 'Search_customer', args: { email: 'jane@example.com' } },
				{ tool: 'Get_conversation', args: { conversationId: id } },
				{ tool: 'Get_conversation_messages', args: { conversationId: id } },
				{ tool: 'Add_note', args: { conversationId: id, note: 'Customer sent a photo of the damage.' } },
				{ tool: 'Update_conversation', args: { conversationId: id, priority: 4, status: 'open' } },
				{ tool: 'Reply_to_customer', args: { conversationId: id, reply: 'Sorry! A replacement is on its way.', replyId: `${id}-1` } },
				{ tool: 'Reply_to_customer', args: { conversationId: id, reply: 'Sorry! A replacement is on its way.', replyId: `${id}-1` } },
				{ tool: 'Escalate_request', args: { email: 'omar@example.com', subject: 'Refund request', message: 'I want a refund.', note: 'Refund over 100 USD' } },
				{ tool: 'Delete_conversation', args: { conversationId: id } },
			],
			credentials(),
		);
		const [search, get, messages, note, update, reply, replyAgain, escalate, remove] = calls;
		expect(calls.slice(0, 8).map((entry) => entry.error)).toEqual(Array(8).fill(undefined));
		expect(search.result).toEqual([expect.objectContaining({ id: SEED_IDS.customers.jane })]);
		expect(get.result).toEqual([expect.objectContaining({ id, name: 'Mug arrived broken' })]);
		expect(messages.result).toEqual([expect.objectContaining({ direction: 'in', preview: 'My mug arrived in pieces.' })]);
		expect(note.result).toEqual([expect.objectContaining({ conversationId: id })]);
		expect(update.result).toEqual([expect.objectContaining({ id, priority: 4 })]);
		expect(reply.result).toEqual([expect.objectContaining({ conversationId: id })]);
		// The same reply ID again: the reply already on its way is answered, not sent twice.
		expect(replyAgain.result).toEqual(reply.result);
		expect(replies(id)).toEqual(['Sorry! A replacement is on its way.']);
		expect(escalate.result).toEqual([expect.objectContaining({ name: 'Refund request', queueId: SEED_IDS.queues.tier2 })]);
		expect(remove.error).toMatch(/^Refused: .*Delete \(Permanent\)/);

		const store = state.sandbox!.store;
		expect(store.list('notes').filter((entry) => entry.relationships.conversation.id === id)).toHaveLength(1);
		expect(store.get('conversations', id)?.attributes.priority).toBe(4);
		expect(store.get('conversations', id)).toBeDefined();
	});
});

describe("examples/ai-agent-triage.json: the triage agent's tool calls", () => {
	const tools = exampleTools('ai-agent-triage.json');
	const event = (id: string) => ({ type: 'kustomer.conversation.create', resource: { id, type: 'conversation' } });

	test('read, prioritise, tag, note and reply on the conversation the trigger named; the reply sent once however often the agent calls it', async () => {
		const id = await conversationWithMessage();
		const { tools: listed, calls } = await runAgent(
			tools,
			[
				{ tool: 'Read_conversation', args: {} },
				{ tool: 'Read_messages', args: {} },
				{ tool: 'Set_priority', args: { priority: 4 } },
				{ tool: 'Add_tags', args: { tags: 'refund' } },
				{ tool: 'Add_triage_note', args: { note: 'Damaged mug; priority 4 (damaged order). Draft: Sorry! A replacement is on its way.' } },
				{ tool: 'Reply_to_customer', args: { reply: 'Sorry! A replacement is on its way.' } },
				{ tool: 'Reply_to_customer', args: { reply: 'Sorry! A replacement is on its way.' } },
			],
			credentials(),
			{ startName: 'Kustomer Trigger', startItems: [event(id)], agentName: 'Triage agent' },
		);
		// The agent chooses values, never which conversation: no tool takes a conversation argument.
		expect(Object.fromEntries(listed.map((tool) => [tool.name, tool.arguments]))).toEqual({
			Read_conversation: [],
			Read_messages: [],
			Set_priority: ['priority'],
			Add_tags: ['tags'],
			Add_triage_note: ['note'],
			Reply_to_customer: ['reply'],
		});
		expect(calls.map((entry) => entry.error)).toEqual(Array(7).fill(undefined));
		expect(calls[0].result).toEqual([expect.objectContaining({ id })]);
		expect(calls[1].result).toEqual([expect.objectContaining({ preview: 'My mug arrived in pieces.' })]);

		const store = state.sandbox!.store;
		const conversation = store.get('conversations', id)!;
		expect(conversation.attributes.priority).toBe(4);
		expect(conversation.attributes.tags).toEqual([SEED_IDS.tags.refund]);
		expect(store.list('notes').filter((note) => note.relationships.conversation.id === id)).toHaveLength(1);
		// Sent without waiting for delivery: one reply on its way (or sent); the second call found it (External ID).
		expect(replies(id)).toEqual(['Sorry! A replacement is on its way.']);
		expect(calls[5].result).toEqual([expect.objectContaining({ draftId: expect.any(String), status: 'sending' })]);
		expect((calls[6].result as Array<{ draftId: string }>)[0].draftId).toBe((calls[5].result as Array<{ draftId: string }>)[0].draftId);
	});
});

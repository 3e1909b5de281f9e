import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { fromAiKeys, toolFailureMessage } from '../../../../nodes/Kustomer/tool/errors';

const KEY = 'live-key-0123456789abcdef';
const node = { id: '1', name: 'Get_conversation', type: 'n8n-nodes-kustomer.kustomerTool', typeVersion: 1, position: [0, 0] as [number, number], parameters: {} };
const context = { getCredentials: async () => ({ apiKey: KEY }), getNode: () => node } as unknown as IExecuteFunctions;

describe('what a failed tool call tells the agent', () => {
	test('the API key never appears, wherever an error carried it', async () => {
		const error = new NodeOperationError(node, `Request failed with Authorization: Bearer ${KEY} [item 0]`, { description: `key ${KEY} refused` });
		const text = await toolFailureMessage(context, error);
		expect(text).not.toContain(KEY);
		expect(text).toBe('Request failed with Authorization: Bearer [redacted] key [redacted] refused');
	});

	test("an API error gives the node's cause and fix, never the response body n8n keeps beside it", async () => {
		const error = new NodeApiError(node, { status: 403, errors: [{ title: 'Forbidden', raw: 'x'.repeat(50) }] }, { message: 'The API key lacks a role', description: 'Give it org.user.conversation.read', httpCode: '403' });
		expect(await toolFailureMessage(context, error)).toBe('The API key lacks a role Give it org.user.conversation.read');
	});

	test('no stack, and no more than an agent needs', async () => {
		const error = new Error(`${'long '.repeat(400)}\n    at Object.<anonymous> (/x.js:1:1)`);
		const text = await toolFailureMessage(context, error);
		expect(text).not.toMatch(/\n\s+at /);
		expect(text.length).toBeLessThanOrEqual(1_201);
	});
});

describe('argument names', () => {
	test("the $fromAI() keys under a parameter, in locators and collections too", () => {
		const parameters = {
			conversation: { __rl: true, mode: 'id', value: "={{ $fromAI('conversationId', 'the ID', 'string') }}" },
			additionalFields: { tags: '={{ $fromAI("tags") }}' },
			body: "={{ $fromAI(`reply`) }} and {{ $fromAI('signature') }}",
		};
		expect(fromAiKeys(parameters, 'conversation')).toEqual(['conversationId']);
		expect(fromAiKeys(parameters, 'tags')).toEqual(['tags']);
		expect(fromAiKeys(parameters, 'body')).toEqual(['reply', 'signature']);
		expect(fromAiKeys(parameters, 'queue')).toEqual([]);
	});
});

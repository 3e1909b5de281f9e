/**
 * What the node tells agents, per registry operation, and which fields an agent can fill.
 */
import type { INodeProperties } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { RESOURCES } from '../../../../nodes/Kustomer/actions';
import { EFFECT_TEXT, TOOL_TEXT, toolDescriptionOf, toolTextKey } from '../../../../nodes/Kustomer/tool/descriptions';
import { asToolType } from '../../../helpers/agentTools';
import { KUSTOMER_NODE, loadPackage } from '../../../helpers/harness';

const OPERATIONS = RESOURCES.flatMap(({ value: resource, operations }) => operations.map((operation) => ({ resource, operation, key: toolTextKey(resource, operation.option.value) })));

async function nodeTypes() {
	const { nodeTypes: types } = await loadPackage();
	const node = types.getByNameAndVersion(KUSTOMER_NODE) as Parameters<typeof asToolType>[0];
	return { node, tool: asToolType(node) };
}

/** The parameters n8n shows for a node of `type` with `parameters` (the '@tool' option included). */
function shown(description: Awaited<ReturnType<typeof nodeTypes>>['tool']['description'], parameters: Record<string, unknown>): INodeProperties[] {
	const node = { name: 'n', type: description.name, typeVersion: 1, parameters, id: 'n', position: [0, 0] as [number, number] };
	return description.properties.filter((property) => NodeHelpers.displayParameter(parameters as never, property, node as never, description));
}

describe('tool text', () => {
	test('every registry operation has its text, and the table has no other entry', () => {
		expect(Object.keys(TOOL_TEXT).sort()).toEqual(OPERATIONS.map(({ key }) => key).sort());
	});

	test.each(OPERATIONS.map(({ key, resource, operation }) => [key, resource, operation] as const))('%s: says what it does, changes, needs and costs', (_key, resource, operation) => {
		const text = toolDescriptionOf(resource, operation);
		expect(text).toContain(EFFECT_TEXT[operation.effect]);
		expect(text).toMatch(/Needs: .+ Cost: .+/);
		expect(text.length).toBeLessThan(700);
	});

	test('Delete, Merge, Redact and Send are named destructive', () => {
		const destructive = OPERATIONS.filter(({ operation }) => /DESTRUCTIVE/.test(toolDescriptionOf('x', operation))).map(({ key }) => key);
		expect(destructive.sort()).toEqual(['conversation.delete', 'customObject.delete', 'customer.delete', 'customer.merge', 'message.redact', 'message.send', 'note.delete']);
	});
});

describe('the tool variant of the node', () => {
	test.each(OPERATIONS.map(({ key, resource, operation }) => [key, resource, operation] as const))(
		'%s: its Description defaults to the agent text, and the tool-only options show',
		async (_key, resource, operation) => {
			const { tool } = await nodeTypes();
			const fields = shown(tool.description, { resource, operation: operation.option.value });
			const descriptions = fields.filter((field) => field.name === 'toolDescription');
			expect(descriptions.map((field) => field.default)).toEqual([toolDescriptionOf(resource, operation)]);
			expect(fields.map((field) => field.name)).toEqual(expect.arrayContaining(['toolAllowedOperations', 'toolOutput']));
		},
	);

	test('in a workflow (not a tool) no tool-only field shows', async () => {
		const { node } = await nodeTypes();
		for (const { resource, operation } of OPERATIONS) {
			const names = shown(node.description, { resource, operation: operation.option.value }).map((field) => field.name);
			expect(names).not.toEqual(expect.arrayContaining(['toolDescription']));
			expect(names).not.toContain('toolAllowedOperations');
			expect(names).not.toContain('toolOutput');
		}
	});

	test('reads only, by default', async () => {
		const { tool } = await nodeTypes();
		expect(tool.description.properties.find((field) => field.name === 'toolAllowedOperations')?.default).toEqual(['read']);
	});

	test('every field an agent fills takes $fromAI(): none is noDataExpression but the choices the workflow owner makes', async () => {
		const { tool } = await nodeTypes();
		const fixed = tool.description.properties.filter((field) => field.noDataExpression && field.type !== 'resourceMapper').map((field) => field.name);
		// Resource and Operation pick the tool; Send in Bulk is for many items; the guard is the owner's, not the agent's.
		expect([...new Set(fixed)].sort()).toEqual(['operation', 'resource', 'sendInBulk', 'toolAllowedOperations']);
	});
});

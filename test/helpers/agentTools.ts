/**
 * The package's node used as an AI agent's tool, in-process, through the wrappers n8n's own
 * agents use: a test agent node asks n8n-core for its connected tools
 * (`getInputConnectionData('ai_tool')`: n8n-core's `createNodeAsTool`, which builds the tool's
 * schema from the node's `$fromAI()` parameters and its description from `toolDescription`,
 * and `makeHandleToolInvocation`, which runs the node's `execute` in a SupplyDataContext with
 * the call's arguments as its one item). The MCP Server Trigger reaches tools the same way
 * (`getConnectedTools`). No language model: the agent's calls are scripted.
 */
import type { DynamicStructuredTool } from '@langchain/core/tools';
import type {
	ICredentialDataDecryptedObject,
	IExecuteFunctions,
	INode,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	INodeTypes,
	IVersionedNodeType,
} from 'n8n-workflow';
import { deepCopy, NodeConnectionTypes, NodeHelpers, Workflow } from 'n8n-workflow';

import type { RunResult } from './harness';
import { executeWorkflow, ITEMS_NODE, KUSTOMER_NODE, loadPackage } from './harness';

export const KUSTOMER_TOOL_NODE = `${KUSTOMER_NODE}Tool`;
export const AGENT_NODE = 'test.agent';

/**
 * The tool variant n8n derives from a node with `usableAsTool` when it loads a package: n8n's
 * `createAiTools` / `convertNodeToAiTool` (packages/cli/src/tool-generation/ai-tools.ts, not
 * published as a library, so restated here): `replacements` merged in, name + "Tool", no main
 * input, one ai_tool output, and n8n's own Description fields unless the node declares
 * `toolDescription`.
 */
export function asToolType(nodeType: INodeType): INodeType {
	const base = nodeType.description;
	const replacements = typeof base.usableAsTool === 'object' ? base.usableAsTool.replacements : {};
	const description = { ...deepCopy(base), ...replacements } as INodeTypeDescription;
	description.name += 'Tool';
	description.displayName += ' Tool';
	description.inputs = [];
	description.outputs = [NodeConnectionTypes.AiTool];
	delete description.usableAsTool;
	if (!description.properties.some((property) => property.name === 'toolDescription')) {
		description.properties = [...description.properties, { displayName: 'Description', name: 'toolDescription', type: 'string', default: base.description }];
	}
	return Object.assign(Object.create(nodeType) as INodeType, { description });
}

export interface ScriptedCall {
	tool: string;
	args: Record<string, unknown>;
}

/** What the agent saw and got: its tools, and for each call the parsed answer or the error text. */
export interface AgentOutcome {
	tools: Array<{ name: string; description: string; arguments: string[] }>;
	calls: Array<{ tool: string; result?: unknown; error?: string }>;
}

/** A stand-in for n8n's AI Agent: lists its connected tools and makes the scripted calls, in order. */
class ScriptedAgent implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Scripted Agent',
		name: 'agent',
		group: ['transform'],
		version: 1,
		description: 'Calls its tools as scripted',
		defaults: { name: 'Agent' },
		inputs: [NodeConnectionTypes.Main, { type: NodeConnectionTypes.AiTool, displayName: 'Tools' }],
		outputs: [NodeConnectionTypes.Main],
		properties: [{ displayName: 'Calls', name: 'calls', type: 'json', default: '[]' }],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const tools = ((await this.getInputConnectionData(NodeConnectionTypes.AiTool, 0)) ?? []) as DynamicStructuredTool[];
		const calls = JSON.parse(this.getNodeParameter('calls', 0) as string) as ScriptedCall[];
		const outcome: AgentOutcome = {
			tools: tools.map((tool) => ({
				name: tool.name,
				description: tool.description,
				arguments: Object.keys((tool.schema as unknown as { shape: object }).shape ?? {}),
			})),
			calls: [],
		};
		for (const call of calls) {
			const tool = tools.find((entry) => entry.name === call.tool);
			if (!tool) throw new Error(`no tool ${call.tool}; tools: ${tools.map((entry) => entry.name).join(', ')}`);
			try {
				outcome.calls.push({ tool: call.tool, result: JSON.parse(String(await tool.invoke(call.args))) });
			} catch (error) {
				outcome.calls.push({ tool: call.tool, error: (error as Error).message });
			}
		}
		return [[{ json: outcome as unknown as INodeExecutionData['json'], pairedItem: { item: 0 } }]];
	}
}

async function agentNodeTypes(): Promise<INodeTypes> {
	const { nodeTypes } = await loadPackage();
	const kustomer = nodeTypes.getByNameAndVersion(KUSTOMER_NODE) as INodeType;
	const extra: Record<string, INodeType> = { [KUSTOMER_TOOL_NODE]: asToolType(kustomer), [AGENT_NODE]: new ScriptedAgent() };
	const byName = (type: string): INodeType | IVersionedNodeType => extra[type] ?? nodeTypes.getByName(type);
	return {
		getByName: byName,
		getByNameAndVersion: (type, version) => NodeHelpers.getVersionedNodeType(byName(type), version),
		getKnownTypes: () => ({}),
	};
}

/** A Kustomer tool node: parameters as the editor saves them (`$fromAI()` where the agent fills a value). */
export function kustomerTool(name: string, parameters: INode['parameters'], typeVersion = 1): INode {
	return { id: name, name, type: KUSTOMER_TOOL_NODE, typeVersion, position: [0, 0], parameters, credentials: { kustomerApi: { id: '1', name: 'Kustomer' } } };
}

export interface AgentRunOptions {
	/** The node the run starts from (a stand-in for a trigger: same name, these items). */
	startName?: string;
	startItems?: Array<Record<string, unknown>>;
	agentName?: string;
}

/** Runs items → agent, with `tools` connected to the agent's Tools input, and answers what the agent saw. */
export async function runAgent(
	tools: INode[],
	calls: ScriptedCall[],
	credentials: Record<string, ICredentialDataDecryptedObject>,
	{ startName = 'Start', startItems = [{}], agentName = 'Agent' }: AgentRunOptions = {},
): Promise<AgentOutcome & { result: RunResult }> {
	const nodes: INode[] = [
		{ id: 'start', name: startName, type: ITEMS_NODE, typeVersion: 1, position: [0, 0], parameters: { items: JSON.stringify(startItems) } },
		{ id: 'agent', name: agentName, type: AGENT_NODE, typeVersion: 1, position: [200, 0], parameters: { calls: JSON.stringify(calls) } },
		...tools,
	];
	const connections = {
		[startName]: { main: [[{ node: agentName, type: NodeConnectionTypes.Main, index: 0 }]] },
		...Object.fromEntries(tools.map((tool) => [tool.name, { ai_tool: [[{ node: agentName, type: NodeConnectionTypes.AiTool, index: 0 }]] }])),
	};
	const workflow = new Workflow({ id: 'agent-test', name: 'Agent test', nodes, connections, active: false, nodeTypes: await agentNodeTypes(), settings: {} });
	const result = await executeWorkflow(workflow, { credentials });
	const error = result.error(agentName);
	if (error) throw error;
	const outcome = result.output(agentName)[0]?.json as unknown as AgentOutcome;
	return { ...outcome, result };
}

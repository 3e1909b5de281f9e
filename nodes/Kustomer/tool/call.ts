import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { KustomerOperation } from '../actions/types';
import { InputProblem } from '../shared/validation';
import { asNodeError } from '../transport';
import { EFFECT_NAMES, DEFAULT_ALLOWED_EFFECTS, OUTPUT_COMPACT } from './options';
import { argumentProblemMessage, toolFailureMessage } from './errors';
import { compactOutput } from './output';

type Effect = KustomerOperation<unknown>['effect'];

/**
 * Whether this run is a tool call: n8n runs a node used as a tool under the type it derives
 * from it, `<name>Tool` (n8n `convertNodeToAiTool`), the same test its `'@tool'` display
 * option makes (n8n-workflow `getPropertyValues`).
 */
export function isToolCall(context: IExecuteFunctions): boolean {
	return context.getNode().type.endsWith('Tool');
}

function allowedEffects(context: IExecuteFunctions): Effect[] {
	const allowed = context.getNodeParameter('toolAllowedOperations', 0, DEFAULT_ALLOWED_EFFECTS);
	return Array.isArray(allowed) ? (allowed as Effect[]) : DEFAULT_ALLOWED_EFFECTS;
}

/** Refuses, before anything is read or sent, an operation the tool's Allowed Operations leave out. */
export function refuseIfNotAllowed(context: IExecuteFunctions, operation: KustomerOperation<unknown>): void {
	const allowed = allowedEffects(context);
	if (allowed.includes(operation.effect)) return;
	const names = allowed.map((effect) => EFFECT_NAMES[effect]).join(', ') || 'nothing';
	throw new NodeOperationError(
		context.getNode(),
		`Refused: "${operation.option.action}" is a ${EFFECT_NAMES[operation.effect]} operation, and this tool may only: ${names}. Nothing was sent to Kustomer.`,
		{
			description: `Do not call this tool again for this. Use another tool, or ask the workflow's owner to allow "${EFFECT_NAMES[operation.effect]}" in the tool's Allowed Operations.`,
		},
	);
}

/** Checks the call's arguments as the node would, so a bad one gets an answer naming it, its form and an example. */
async function checkArguments(context: IExecuteFunctions, operation: KustomerOperation<unknown>): Promise<void> {
	try {
		await operation.prepare.call(context, 0);
	} catch (error) {
		if (!(error instanceof InputProblem)) throw asNodeError(context.getNode(), error);
		throw new NodeOperationError(context.getNode(), argumentProblemMessage(context.getNode(), operation, error));
	}
}

/**
 * Runs one tool call: the guard, the arguments, the operation (`run`), then the compact result
 * unless the tool asks for full records. Every failure becomes a short message the agent can
 * act on, with the API key taken out.
 */
export async function runAsTool(
	context: IExecuteFunctions,
	resource: string,
	operation: KustomerOperation<unknown>,
	run: () => Promise<INodeExecutionData[]>,
): Promise<INodeExecutionData[]> {
	refuseIfNotAllowed(context, operation);
	try {
		await checkArguments(context, operation);
		const output = await run();
		return context.getNodeParameter('toolOutput', 0, OUTPUT_COMPACT) === OUTPUT_COMPACT ? compactOutput(resource, output) : output;
	} catch (error) {
		throw new NodeOperationError(context.getNode(), await toolFailureMessage(context, error));
	}
}

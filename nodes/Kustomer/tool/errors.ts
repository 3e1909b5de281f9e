import type { IExecuteFunctions, INode, INodeProperties, INodePropertyCollection, INodeParameters } from 'n8n-workflow';

import type { KustomerOperation } from '../actions/types';
import type { InputProblem } from '../shared/validation';

/** An agent reads every character of an error; the cause and the fix fit well within this. */
const MAX_MESSAGE = 1_200;

type Field = INodeProperties;

/** Every field of an operation, those inside collections too. */
function allFields(properties: Array<INodeProperties | INodePropertyCollection>): Field[] {
	return properties.flatMap((property) => {
		const nested = (property as INodeProperties).options ?? (property as INodePropertyCollection).values ?? [];
		const children = Array.isArray(nested) ? allFields(nested.filter((entry) => typeof entry === 'object' && 'displayName' in entry) as Field[]) : [];
		return 'type' in property ? [property as Field, ...children] : children;
	});
}

/** The field an InputProblem names ("Conversation", "Additional Fields Tags #2" ...): the longest display name it starts with. */
function fieldOf(operation: KustomerOperation<unknown>, problemField: string): Field | undefined {
	return allFields(operation.description)
		.filter((field) => problemField === field.displayName || problemField.startsWith(`${field.displayName} `))
		.sort((a, b) => b.displayName.length - a.displayName.length)[0];
}

const FROM_AI = /\$fromAI\(\s*(['"`])([^'"`]+)\1/g;

/** The $fromAI() keys the tool's parameters hold under `name` (the call's argument names). */
export function fromAiKeys(parameters: INodeParameters, name: string, inside = false): string[] {
	return Object.entries(parameters).flatMap(([key, value]) => {
		const here = inside || key === name;
		if (typeof value === 'string') return here ? [...value.matchAll(FROM_AI)].map((match) => match[2]) : [];
		if (value && typeof value === 'object') return fromAiKeys(value as INodeParameters, name, here);
		return [];
	});
}

/** An example value for a field, from its placeholder (a locator's ID mode's, for a locator). */
function exampleOf(field: Field | undefined): string | undefined {
	if (!field) return undefined;
	const byId = field.modes?.find((mode) => mode.name === 'id') ?? field.modes?.[0];
	const placeholder = byId?.placeholder ?? field.placeholder;
	return placeholder ? String(placeholder).replace(/^e\.g\.\s*/i, '') : undefined;
}

/** "Argument `conversationId` (Conversation) must be ... Received: ... Example: ..." */
export function argumentProblemMessage(node: INode, operation: KustomerOperation<unknown>, problem: InputProblem): string {
	const field = fieldOf(operation, problem.field);
	const keys = field ? fromAiKeys(node.parameters, field.name) : [];
	const named = keys.length ? `Argument "${keys.join('" / "')}" (${problem.field})` : `The field ${problem.field}`;
	const received = problem.received === undefined ? 'nothing' : JSON.stringify(problem.received)?.slice(0, 120);
	const example = /\be\.g\./.test(problem.problem) ? undefined : exampleOf(field);
	const parts = [`${named} ${problem.problem}.`, `Received: ${received}.`];
	if (example) parts.push(`Example: ${example}.`);
	parts.push('Nothing was sent to Kustomer; correct the argument and call the tool again.');
	return parts.join(' ').replace(/\.\./g, '.');
}

/** The API key of the tool's credential, to take out of anything the agent is shown. */
async function apiKeyOf(context: IExecuteFunctions): Promise<string | undefined> {
	try {
		const credentials = await context.getCredentials<{ apiKey?: string }>('kustomerApi');
		return typeof credentials.apiKey === 'string' && credentials.apiKey.length >= 8 ? credentials.apiKey : undefined;
	} catch {
		return undefined;
	}
}

/**
 * What a failed call tells the agent: the node's own message and its explanation (Kustomer's
 * answer already mapped to a cause and a fix by the transport, never its raw body), without
 * the item suffix, a stack, or the API key, and not longer than an agent needs.
 */
export async function toolFailureMessage(context: IExecuteFunctions, error: unknown): Promise<string> {
	const { message, description } = error instanceof Error ? (error as Error & { description?: string }) : { message: String(error), description: undefined };
	const explanation = typeof description === 'string' && description.trim() && !message.includes(description) ? description : undefined;
	let text = explanation ? `${message} ${explanation}` : message;
	text = text.replace(/ \[item \d+\]/g, '').split(/\n\s+at /)[0];
	const key = await apiKeyOf(context);
	if (key) text = text.split(key).join('[redacted]');
	return text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE)}…` : text;
}

import type { INodeProperties } from 'n8n-workflow';

import type { KustomerOperation, ResourceDefinition } from '../actions/types';
import { toolDescriptionProperties } from './descriptions';

type Effect = KustomerOperation<unknown>['effect'];

/** Shown only on the tool variant of the node (n8n's `'@tool'` display option). */
const TOOL_ONLY = { show: { '@tool': [true] } };

export const EFFECT_NAMES: Record<Effect, string> = {
	read: 'Read',
	write: 'Create and Change',
	delete: 'Delete (Permanent)',
	deliver: 'Send to Customer',
};

/**
 * The guard: the kinds of operation this tool may run. A tool is a decision an agent makes,
 * maybe on a customer's words, so it reads only until the workflow's owner allows more. Not an
 * expression: the agent must not be able to grant itself more.
 */
export const allowedOperationsField: INodeProperties = {
	displayName: 'Allowed Operations',
	name: 'toolAllowedOperations',
	type: 'multiOptions',
	noDataExpression: true,
	options: [
		{ name: EFFECT_NAMES.write, value: 'write', description: 'Create, Create or Update, Update, Add / Remove Tags, Escalate, Message → Create, Note → Create' },
		{ name: EFFECT_NAMES.delete, value: 'delete', description: 'Customer, Conversation and Custom Object → Delete: destructive' },
		{ name: EFFECT_NAMES.read, value: 'read', description: 'Get, Get Many' },
		{ name: EFFECT_NAMES.deliver, value: 'deliver', description: 'Message → Send: destructive, the customer receives it' },
	],
	// What a tool may do when the user has not said: read. Writes, deletes and sends opt in.
	default: ['read'],
	displayOptions: TOOL_ONLY,
	description:
		'What the agent may make this tool do. Read only unless you allow more; a call of an operation not allowed here is refused before anything is sent.',
};

export const DEFAULT_ALLOWED_EFFECTS = allowedOperationsField.default as Effect[];

export const OUTPUT_COMPACT = 'compact';

/** The tool-only output choice: an agent pays tokens for every attribute it is given. */
export const toolOutputField: INodeProperties = {
	displayName: 'Tool Output',
	name: 'toolOutput',
	type: 'options',
	options: [
		{ name: 'Compact', value: OUTPUT_COMPACT, description: "The record's ID, its Kustomer link and the fields that matter" },
		{ name: 'Full Record', value: 'full', description: 'Every attribute, as the node outputs it in a workflow' },
	],
	default: OUTPUT_COMPACT,
	displayOptions: TOOL_ONLY,
	description: 'What the agent gets back from a call',
};

/** Every field the node has only when it is used as a tool. */
export function toolProperties(resources: ResourceDefinition[]): INodeProperties[] {
	return [...toolDescriptionProperties(resources), allowedOperationsField, toolOutputField];
}

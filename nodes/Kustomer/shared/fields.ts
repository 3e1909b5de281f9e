import type { IDisplayOptions, IExecuteFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { AUTOMATIC_MAX_PARALLEL } from '../transport/governor';
import { READABLE_RECORD_FIELDS } from './simplify';
import { InputProblem } from './validation';

/**
 * An operation's fields as the editor shows them: each shown for its resource and operation
 * on top of the conditions of its own (Return All's Limit, say). The registry applies it once
 * per operation, as n8n's Airtable v2 node does with `updateDisplayOptions`
 * (packages/nodes-base/nodes/Airtable/v2/actions/...: `updateDisplayOptions(displayOptions, properties)`).
 */
export function forOperation(resource: string, operation: string, properties: INodeProperties[]): INodeProperties[] {
	return properties.map((property) => ({
		...property,
		displayOptions: {
			...property.displayOptions,
			show: { resource: [resource], operation: [operation], ...property.displayOptions?.show },
		},
	}));
}

/**
 * A field's name in error messages, from its label in the editor without the hints n8n's
 * conventions add: "Queue Name or ID", "Tag Names or IDs" (lists loaded from Kustomer) and
 * "Attachments (Binary Properties)" read "Queue", "Tags" and "Attachments".
 */
export function fieldLabel(property: Pick<INodeProperties, 'displayName'>): string {
	return property.displayName
		.replace(/ Names or IDs$/, 's')
		.replace(/ Name or ID$/, '')
		.replace(/ \(Binary Properties\)$/, '');
}

/**
 * The labels of fields by name, for parseInput's messages: the fields', then the options' of
 * their collections (Additional Fields, ...) where the name is not taken.
 */
export function fieldLabels(properties: INodeProperties[]): Record<string, string> {
	const options = properties.flatMap((property) => (property.type === 'collection' ? (property.options as INodeProperties[]) : []));
	return Object.fromEntries([...options, ...properties].map((property) => [property.name, fieldLabel(property)]));
}

/** The options of the collection named `name` among `properties` (Update Fields, Additional Fields, ...). */
export function optionsOf(properties: INodeProperties[], name: string): INodeProperties[] {
	return (properties.find((property) => property.name === name)?.options ?? []) as INodeProperties[];
}

/** The label of the field named `name` among `properties`; a missing name is a mistake in the node. */
export function labelOf(properties: INodeProperties[], name: string): string {
	return fieldLabel(fieldNamed(properties, name));
}

/** The field named `name` among `properties`; a missing name is a mistake in the node. */
function fieldNamed(properties: INodeProperties[], name: string): INodeProperties {
	const property = properties.find((entry) => entry.name === name);
	if (!property) throw new Error(`No field "${name}" in this operation`);
	return property;
}

/** "a or b", "a, b or c". */
const alternatives = (values: string[]) => (values.length > 1 ? `${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}` : values.join(''));

/**
 * The item's choice in an options field, one of the field's own values; another (from an
 * expression) fails the item naming the field and the values it takes.
 */
export function readChoice<Value extends string>(context: IExecuteFunctions, properties: INodeProperties[], name: string, itemIndex: number): Value {
	const property = fieldNamed(properties, name);
	const values = (property.options ?? []).map((option) => String((option as INodePropertyOptions).value));
	const value = String(context.getNodeParameter(name, itemIndex, property.default));
	if (!values.includes(value)) throw new InputProblem(fieldLabel(property), `cannot be "${value}"; use ${alternatives(values)}`);
	return value as Value;
}

/** A collection's options in the alphabetical order n8n's editor conventions ask for. */
export function alphabetical(options: INodeProperties[]): INodeProperties[] {
	return [...options].sort((a, b) => a.displayName.localeCompare(b.displayName));
}

/** What the By ID locator modes accept (checked again at run time, where expressions resolve). */
export const ID_VALIDATION = [
	{
		type: 'regex' as const,
		properties: {
			regex: '^\\s*[0-9a-fA-F]{24}\\s*$',
			errorMessage: 'Not a Kustomer ID: 24 hexadecimal characters',
		},
	},
];

/** A collection of optional fields of one operation: Additional Fields, Update Fields, Options. */
export function fieldCollection(name: string, displayName: string, options: INodeProperties[], placeholder = 'Add Field'): INodeProperties {
	return { displayName, name, type: 'collection', placeholder, default: {}, options };
}

export function simplifyField(): INodeProperties {
	return {
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: true,
		// The fields it keeps: shared/names.ts (version 2) and shared/simplify.ts.
		description: `Whether to return each record as one flat object instead of exactly as Kustomer sends it: ${READABLE_RECORD_FIELDS}. Nodes added before version 2 keep rev and orgId and give no names or plain email.`,
	};
}

/** The text of a message or note. */
export function bodyField(description: string): INodeProperties {
	return {
		displayName: 'Body',
		name: 'body',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		required: true,
		description,
	};
}

/** The caller's own unique ID for a record, for Additional Fields. */
export function externalIdField(description: string): INodeProperties {
	return {
		displayName: 'External ID',
		name: 'externalId',
		type: 'string',
		default: '',
		description,
	};
}

export function returnAllFields(): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: { show: { returnAll: [false] } },
		},
	];
}

/** A conversation's priority, 1 (lowest) to 5 (urgent). */
export const priorityField: INodeProperties = {
	displayName: 'Priority',
	name: 'priority',
	type: 'options',
	default: 3,
	options: [
		{ name: '1 (Lowest)', value: 1 },
		{ name: '2 (Low)', value: 2 },
		{ name: '3 (Normal)', value: 3 },
		{ name: '4 (High)', value: 4 },
		{ name: '5 (Urgent)', value: 5 },
	],
};

export const queueField: INodeProperties = {
	displayName: 'Queue Name or ID',
	name: 'queue',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getQueues' },
	default: '',
	description:
		'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
};

export const assignedUsersField: INodeProperties = {
	displayName: 'Assigned User Names or IDs',
	name: 'assignedUsers',
	type: 'multiOptions',
	typeOptions: { loadOptionsMethod: 'getUsers' },
	default: [],
	description:
		'Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
};

export const assignedTeamsField: INodeProperties = {
	displayName: 'Assigned Team Names or IDs',
	name: 'assignedTeams',
	type: 'multiOptions',
	typeOptions: { loadOptionsMethod: 'getTeams' },
	default: [],
	description:
		'Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
};

export const tagsField: INodeProperties = {
	displayName: 'Tag Names or IDs',
	name: 'tags',
	type: 'multiOptions',
	typeOptions: { loadOptionsMethod: 'getTags' },
	default: [],
	description:
		'Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
};

/** Tags by name (Kustomer's tag endpoints take names), picked from the org's tags or typed. */
export const tagNamesField: INodeProperties = {
	displayName: 'Tag Names or IDs',
	name: 'tags',
	type: 'multiOptions',
	typeOptions: { loadOptionsMethod: 'getTagNames' },
	default: [],
	description:
		'Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
	// n8n's lint rules fix the label and description of a loaded list; the hint says what Kustomer takes here.
	hint: 'Kustomer takes tag names here: with an expression, give names such as ["vip", "billing"]',
};

export const customAttributesField: INodeProperties = {
	displayName: 'Custom Attributes by Name',
	name: 'customAttributes',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true },
	placeholder: 'Add Attribute',
	default: {},
	description:
		'Attributes by their Kustomer name, for names from expressions, attributes the Custom Attributes list does not show, or keys that may not read metadata. A name ends in its type (orderNumberStr, seatsNum, vipBool, renewalAt); the value is converted to that type. An empty value clears the attribute.',
	options: [
		{
			displayName: 'Attribute',
			name: 'attribute',
			values: [
				{
					displayName: 'Name',
					name: 'name',
					type: 'string',
					default: '',
					placeholder: 'e.g. orderNumberStr',
				},
				{
					displayName: 'Value',
					name: 'value',
					type: 'string',
					default: '',
				},
			],
		},
	],
};

/** Inbound or outbound, for conversations and messages. */
export function directionField(): INodeProperties {
	return {
		displayName: 'Direction',
		name: 'direction',
		type: 'options',
		default: 'in',
		options: [
			{ name: 'Inbound (From the Customer)', value: 'in' },
			{ name: 'Outbound (To the Customer)', value: 'out' },
		],
	};
}

/** The most requests in flight a user may ask for (the governor's own ceiling is below). */
export const MAX_PARALLEL_REQUESTS = 50;

/** How the node sends its requests; on every operation, read once per run. */
export const requestOptionsField: INodeProperties = {
	displayName: 'Request Options',
	name: 'requestOptions',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Max Parallel Requests',
			name: 'maxParallelRequests',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: MAX_PARALLEL_REQUESTS },
			// What unset means, so adding the option changes nothing until it is lowered (issue 20 item 8).
			// A saved workflow keeps the value it stored when the option was added.
			default: AUTOMATIC_MAX_PARALLEL,
			description:
				`The most requests this node has in flight at once. Unset, up to ${AUTOMATIC_MAX_PARALLEL}, as fast as your Kustomer rate budget allows (the node reads the budget from every answer); 1 handles items one at a time.`,
		},
		{
			displayName: 'Budget Reserve (%)',
			name: 'budgetReservePercent',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 50 },
			default: 5,
			description:
				"The share of your org's per-minute Kustomer budget this node never spends, so other integrations (and people in Kustomer) always have some. On top of it, the node leaves other clients what they used in the previous minute, up to half the budget.",
		},
	],
};

/** The triggers' filter on a message's direction. */
export function messageDirectionField(description: string, displayOptions?: IDisplayOptions): INodeProperties {
	return {
		displayName: 'Message Direction',
		name: 'messageDirection',
		type: 'options',
		default: 'any',
		options: [
			{ name: 'Any', value: 'any' },
			{ name: 'Inbound (From Customers)', value: 'in' },
			{ name: 'Outbound (From Agents)', value: 'out' },
		],
		description,
		...(displayOptions ? { displayOptions } : {}),
	};
}

/** The triggers' Only When Changed: the attributes whose change starts the workflow. */
export function changedAttributesField(description: string, displayOptions?: IDisplayOptions): INodeProperties {
	return {
		displayName: 'Only When Changed',
		name: 'changedAttributes',
		type: 'string',
		default: '',
		placeholder: 'e.g. status, priority, assignedUsers, custom.*',
		description,
		...(displayOptions ? { displayOptions } : {}),
	};
}

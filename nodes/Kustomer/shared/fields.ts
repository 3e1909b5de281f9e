import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

/** displayOptions that show a field for one operation of one resource. */
export function showFor(resource: string, operation: string, extra: IDisplayOptions['show'] = {}): IDisplayOptions {
	return { show: { resource: [resource], operation: [operation], ...extra } };
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

export const CUSTOMER_URL_PATTERN = '/app/customers/([0-9a-fA-F]{24})';
export const CONVERSATION_URL_PATTERN = '/(?:event|conversations?)/([0-9a-fA-F]{24})';

export type CustomerLocatorMode = 'list' | 'id' | 'url' | 'email' | 'phone' | 'externalId';
export type ConversationLocatorMode = 'list' | 'id' | 'url' | 'externalId';

/** Every way to point at a customer; operations offer the ones they can use. */
const CUSTOMER_LOCATOR: INodeProperties = {
	displayName: 'Customer',
	name: 'customer',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			placeholder: 'Select a customer...',
			typeOptions: { searchListMethod: 'searchCustomers', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. 5f1a2b3c4d5e6f7a8b9c0d1e',
			validation: ID_VALIDATION,
		},
		{
			displayName: 'By URL',
			name: 'url',
			type: 'string',
			placeholder: 'e.g. https://acme.kustomerapp.com/app/customers/5f1a2b3c4d5e6f7a8b9c0d1e',
			extractValue: { type: 'regex', regex: CUSTOMER_URL_PATTERN },
			validation: [
				{
					type: 'regex',
					properties: {
						regex: `.*${CUSTOMER_URL_PATTERN}.*`,
						errorMessage: 'Not a Kustomer customer link (…/app/customers/<ID>)',
					},
				},
			],
		},
		{
			displayName: 'By Email',
			name: 'email',
			type: 'string',
			placeholder: 'e.g. jane@example.com',
		},
		{
			displayName: 'By Phone',
			name: 'phone',
			type: 'string',
			placeholder: 'e.g. +14155550123',
		},
		{
			displayName: 'By External ID',
			name: 'externalId',
			type: 'string',
			placeholder: 'e.g. crm-42',
		},
	],
};

/** Every way to point at a conversation. */
const CONVERSATION_LOCATOR: INodeProperties = {
	displayName: 'Conversation',
	name: 'conversation',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			placeholder: 'Select a conversation...',
			typeOptions: { searchListMethod: 'searchConversations', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. 5f1a2b3c4d5e6f7a8b9c0d1e',
			validation: ID_VALIDATION,
		},
		{
			displayName: 'By URL',
			name: 'url',
			type: 'string',
			placeholder: 'e.g. https://acme.kustomerapp.com/app/customers/5f1a…/event/5f1b…',
			extractValue: { type: 'regex', regex: CONVERSATION_URL_PATTERN },
			validation: [
				{
					type: 'regex',
					properties: {
						regex: `.*${CONVERSATION_URL_PATTERN}.*`,
						errorMessage: 'Not a Kustomer conversation link (…/event/<ID>)',
					},
				},
			],
		},
		{
			displayName: 'By External ID',
			name: 'externalId',
			type: 'string',
			placeholder: 'e.g. ticket-1042',
		},
	],
};

/** A copy of a locator offering only some of its modes, the first being the default. */
function withModes(locator: INodeProperties, modes: string[], displayOptions: IDisplayOptions, description: string): INodeProperties {
	return {
		...locator,
		description,
		displayOptions,
		default: { mode: modes[0], value: '' },
		modes: (locator.modes ?? []).filter((mode) => modes.includes(mode.name)),
	};
}

export function customerLocator(
	modes: CustomerLocatorMode[],
	displayOptions: IDisplayOptions,
	description = 'The customer',
): INodeProperties {
	return withModes(CUSTOMER_LOCATOR, modes, displayOptions, description);
}

export function conversationLocator(
	modes: ConversationLocatorMode[],
	displayOptions: IDisplayOptions,
	description = 'The conversation',
): INodeProperties {
	return withModes(CONVERSATION_LOCATOR, modes, displayOptions, description);
}

/** A collection of optional fields of one operation: Additional Fields, Update Fields, Options. */
export function fieldCollection(
	name: string,
	displayName: string,
	displayOptions: IDisplayOptions,
	options: INodeProperties[],
	placeholder = 'Add Field',
): INodeProperties {
	return { displayName, name, type: 'collection', placeholder, default: {}, displayOptions, options };
}

export function simplifyField(displayOptions: IDisplayOptions): INodeProperties {
	return {
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: true,
		description:
			'Whether to return each record as one flat object (ID, attributes, related IDs such as customerId) instead of exactly as Kustomer sends it',
		displayOptions,
	};
}

/** The text of a message or note. */
export function bodyField(description: string, displayOptions: IDisplayOptions): INodeProperties {
	return {
		displayName: 'Body',
		name: 'body',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		required: true,
		description,
		displayOptions,
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

export function returnAllFields(displayOptions: IDisplayOptions): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
			displayOptions,
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: { show: { ...displayOptions.show, returnAll: [false] } },
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
export function directionField(displayOptions?: IDisplayOptions): INodeProperties {
	return {
		displayName: 'Direction',
		name: 'direction',
		type: 'options',
		default: 'in',
		options: [
			{ name: 'Inbound (From the Customer)', value: 'in' },
			{ name: 'Outbound (To the Customer)', value: 'out' },
		],
		...(displayOptions ? { displayOptions } : {}),
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
			default: 8,
			description:
				'The most requests this node has in flight at once. Unset, the node goes as fast as your Kustomer rate budget allows (it reads the budget from every answer); 1 handles items one at a time.',
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

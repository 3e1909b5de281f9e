import type { INodeProperties } from 'n8n-workflow';

import { createNote } from './create';

export const noteOperationField: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['note'] } },
	options: [
		{
			name: 'Create',
			value: 'create',
			action: 'Add an internal note to a conversation',
			description: 'Add an internal note to a conversation, mentioning users and teams',
		},
	],
	default: 'create',
};

export const noteOperations = { create: createNote };

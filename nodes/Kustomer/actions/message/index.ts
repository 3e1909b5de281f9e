import type { INodeProperties } from 'n8n-workflow';

import { createMessage } from './create';

export const messageOperationField: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['message'] } },
	options: [
		{
			name: 'Create',
			value: 'create',
			action: 'Record a message on a conversation',
			description: 'Record a message on a conversation timeline (it is not delivered to the customer)',
		},
	],
	default: 'create',
};

export const messageOperations = { create: createMessage };

import type { INodeProperties } from 'n8n-workflow';

import { createConversation } from './create';
import { getConversation } from './get';

export const conversationOperationField: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['conversation'] } },
	options: [
		{
			name: 'Create',
			value: 'create',
			action: 'Create a conversation',
			description: 'Open a conversation for a customer, with queue, priority, assignees, tags and custom attributes',
		},
		{
			name: 'Get',
			value: 'get',
			action: 'Get a conversation',
			description: 'Get a conversation by ID, app link or external ID',
		},
	],
	default: 'create',
};

export const conversationOperations = { create: createConversation, get: getConversation };

import type { INodeProperties } from 'n8n-workflow';

import { conversationOperationField, conversationOperations } from './conversation';
import { customerOperationField, customerOperations } from './customer';
import { messageOperationField, messageOperations } from './message';
import { noteOperationField, noteOperations } from './note';
import type { KustomerOperation } from './types';

const OPERATIONS: Record<string, Record<string, KustomerOperation<unknown>>> = {
	conversation: conversationOperations,
	customer: customerOperations,
	message: messageOperations,
	note: noteOperations,
};

/** The Resource selector, each resource's Operation selector, and every operation's fields. */
export const resourceProperties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Conversation', value: 'conversation' },
			{ name: 'Customer', value: 'customer' },
			{ name: 'Message', value: 'message' },
			{ name: 'Note', value: 'note' },
		],
		default: 'conversation',
	},
	conversationOperationField,
	customerOperationField,
	messageOperationField,
	noteOperationField,
	...Object.values(OPERATIONS).flatMap((operations) =>
		Object.values(operations).flatMap((operation) => operation.description),
	),
];

export function findOperation(resource: string, operation: string): KustomerOperation<unknown> | undefined {
	const operations = Object.prototype.hasOwnProperty.call(OPERATIONS, resource) ? OPERATIONS[resource] : undefined;
	return operations && Object.prototype.hasOwnProperty.call(operations, operation) ? operations[operation] : undefined;
}

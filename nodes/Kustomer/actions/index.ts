import type { INodeProperties } from 'n8n-workflow';

import { requestOptionsField } from '../shared/fields';
import { conversationResource } from './conversation';
import { customerResource } from './customer';
import { customObjectResource } from './customObject';
import { messageResource } from './message';
import { noteResource } from './note';
import type { KustomerOperation, ResourceDefinition } from './types';

/** Every resource of the node and its operations: the one list the editor, the runner and the tests read. */
export const RESOURCES: ResourceDefinition[] = [conversationResource, customerResource, customObjectResource, messageResource, noteResource];

const byName = <T extends { name: string }>(a: T, b: T) => a.name.localeCompare(b.name);

function operationField({ value, operations, defaultOperation }: ResourceDefinition): INodeProperties {
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [value] } },
		options: operations.map((operation) => ({ ...operation.option })).sort(byName),
		default: defaultOperation,
	};
}

/** The Resource selector, each resource's Operation selector, every operation's fields, and the request options. */
export const resourceProperties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: RESOURCES.map(({ name, value }) => ({ name, value })).sort(byName),
		default: 'conversation',
	},
	...RESOURCES.map(operationField),
	...RESOURCES.flatMap((resource) => resource.operations.flatMap((operation) => operation.description)),
	requestOptionsField,
];

export function findOperation(resource: string, operation: string): KustomerOperation<unknown> | undefined {
	return RESOURCES.find((entry) => entry.value === resource)?.operations.find((entry) => entry.option.value === operation);
}

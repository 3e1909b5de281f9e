import type { INodeProperties } from 'n8n-workflow';

import { forOperation, requestOptionsField } from '../shared/fields';
import { companyResource } from './company';
import { conversationResource } from './conversation';
import { customerResource } from './customer';
import { customObjectResource } from './customObject';
import { messageResource } from './message';
import { noteResource } from './note';
import { satisfactionResource } from './satisfaction';
import type { KustomerOperation, ResourceDefinition } from './types';

/**
 * Every resource of the node, its kind of record and its operations: the one list the editor,
 * the runner, lookups, app links, list search and the tests read.
 */
export const RESOURCES: ResourceDefinition[] = [companyResource, conversationResource, customerResource, customObjectResource, messageResource, noteResource, satisfactionResource];

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

/**
 * Send in Bulk, shown for the operations that declare a Kustomer bulk endpoint (one field per
 * resource, as n8n shows a field for given resource and operation values).
 */
function sendInBulkField({ value, operations }: ResourceDefinition): INodeProperties[] {
	const withBulk = operations.filter((operation) => operation.bulk).map((operation) => operation.option.value);
	if (!withBulk.length) return [];
	return [
		{
			displayName: 'Send in Bulk',
			name: 'sendInBulk',
			type: 'boolean',
			noDataExpression: true,
			default: false,
			displayOptions: { show: { resource: [value], operation: withBulk } },
			description:
				"Whether to send the items through Kustomer's bulk endpoint, up to 100 records per request (one request of the rate budget each). Kustomer processes bulks asynchronously: the node waits until they complete, then outputs each record's ID.",
		},
	];
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
	...RESOURCES.flatMap((resource) => resource.operations.flatMap((operation) => forOperation(resource.value, operation.option.value, operation.description))),
	...RESOURCES.flatMap(sendInBulkField),
	requestOptionsField,
];

export function findOperation(resource: string, operation: string): KustomerOperation<unknown> | undefined {
	return RESOURCES.find((entry) => entry.value === resource)?.operations.find((entry) => entry.option.value === operation);
}

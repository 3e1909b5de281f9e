import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { findOperation, resourceProperties } from './actions';
import { runOperation } from './actions/runner';
import { searchConversations, searchCustomers } from './methods/listSearch';
import { getQueues, getTags, getTeams, getUsers } from './methods/loadOptions';
import { asNodeError } from './transport';

export class Kustomer implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Kustomer',
		name: 'kustomer',
		icon: { light: 'file:kustomer.svg', dark: 'file:kustomer.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Find customers and create conversations, messages and notes in Kustomer',
		defaults: { name: 'Kustomer' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'kustomerApi', required: true }],
		properties: resourceProperties,
	};

	methods = {
		listSearch: { searchCustomers, searchConversations },
		loadOptions: { getQueues, getUsers, getTeams, getTags },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const resource = this.getNodeParameter('resource', 0) as string;
		const operationName = this.getNodeParameter('operation', 0) as string;
		const operation = findOperation(resource, operationName);
		if (!operation) {
			throw asNodeError(this.getNode(), `Kustomer has no operation "${operationName}" on "${resource}"`);
		}
		return [await runOperation(this, operation)];
	}
}

import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	NodeApiError,
	NodeOperationError,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { findOperation, resourceProperties } from './actions';
import { searchConversations, searchCustomers } from './methods/listSearch';
import { getQueues, getTags, getTeams, getUsers } from './methods/loadOptions';
import { formatResources } from './shared/simplify';
import { inputError } from './shared/validation';
import { asNodeError, KustomerClient } from './transport';

/** The output item n8n shows for a failed input item under Continue On Fail. */
function errorItem(error: NodeApiError | NodeOperationError, itemIndex: number): INodeExecutionData {
	const json: IDataObject = { error: error.message };
	if (error.description) json.description = error.description;
	if ('httpCode' in error && error.httpCode) json.httpCode = error.httpCode;
	return { json, pairedItem: { item: itemIndex } };
}

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
		const items = this.getInputData();
		const resource = this.getNodeParameter('resource', 0) as string;
		const operationName = this.getNodeParameter('operation', 0) as string;
		const operation = findOperation(resource, operationName);
		if (!operation) {
			throw asNodeError(this.getNode(), `Kustomer has no operation "${operationName}" on "${resource}"`);
		}
		const toError = (error: unknown, itemIndex: number) =>
			inputError(this.getNode(), error, itemIndex) ?? asNodeError(this.getNode(), error, itemIndex);

		// First pass: read and check every item. A bad item stops the node here, before any
		// request, unless Continue On Fail turns it into an error item.
		const prepared = items.map((_, itemIndex) => {
			try {
				return {
					input: operation.prepare.call(this, itemIndex),
					simplify: this.getNodeParameter('simplify', itemIndex, true) as boolean,
				};
			} catch (error) {
				const nodeError = toError(error, itemIndex);
				if (!this.continueOnFail()) throw nodeError;
				return { error: nodeError };
			}
		});

		// Second pass: one item at a time, so ordering and rate limits stay predictable.
		const client = new KustomerClient(this);
		const output: INodeExecutionData[] = [];
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			const entry = prepared[itemIndex];
			if ('error' in entry && entry.error) {
				output.push(errorItem(entry.error, itemIndex));
				continue;
			}
			try {
				const records = await operation.execute.call(this, client, entry.input, itemIndex);
				for (const json of formatResources(records, entry.simplify)) output.push({ json, pairedItem: { item: itemIndex } });
			} catch (error) {
				const nodeError = toError(error, itemIndex);
				if (!this.continueOnFail()) throw nodeError;
				output.push(errorItem(nodeError, itemIndex));
			}
		}
		return [output];
	}
}

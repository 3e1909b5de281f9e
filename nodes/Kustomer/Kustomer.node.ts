import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { findOperation, RESOURCES, resourceProperties } from './actions';
import { runOperation } from './actions/runner';
import { listSearchMethods } from './methods/listSearch';
import { KUSTOMER_DESCRIPTION, wordsSubtitle } from './editorTexts';
import { getKlasses, getOutboundAccounts, getQueues, getSearchFields, getTagNames, getTags, getTeams, getUsers } from './methods/loadOptions';
import { getCustomAttributeFields } from './methods/resourceMapping';
import { asNodeError } from './transport';
import { kustomerBuilderHint } from './tool/builderHints';
import { isToolCall, runAsTool } from './tool/call';
import { usableAsTool } from './tool/descriptions';
import { toolProperties } from './tool/options';

export class Kustomer implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Kustomer',
		name: 'kustomer',
		icon: { light: 'file:kustomer.svg', dark: 'file:kustomer.dark.svg' },
		group: ['transform'],
		// 2 (issue 20): what a user sees: Subject on Conversation → Create, the sort beside Return
		// All, readable Simplify output (names beside IDs, no rev/orgId); version 1 nodes keep theirs.
		// New nodes get the last version. No defaultVersion: n8n adds "Custom API Call" only to a
		// node description without one or whose defaultVersion equals its version, which a list
		// never does (n8n cli load-nodes-and-credentials.js, injectCustomApiCallOptions).
		version: [1, 2],
		// The operation's action text ("Escalate a request into a conversation"), not its internal values.
		subtitle: wordsSubtitle(
			'($parameter["resource"] + ":" + $parameter["operation"])',
			Object.fromEntries(
				RESOURCES.flatMap((resource) => resource.operations.map(({ option }) => [`${resource.value}:${option.value}`, option.action ?? option.name])),
			),
		),
		description: KUSTOMER_DESCRIPTION,
		defaults: { name: 'Kustomer' },
		usableAsTool,
		builderHint: kustomerBuilderHint,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'kustomerApi', required: true }],
		// The tool-only fields (issue 22) follow the node's own.
		properties: [...resourceProperties, ...toolProperties(RESOURCES)],
	};

	methods = {
		listSearch: listSearchMethods,
		loadOptions: { getQueues, getUsers, getTeams, getTags, getTagNames, getKlasses, getOutboundAccounts, getSearchFields },
		resourceMapping: { getCustomAttributeFields },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const resource = this.getNodeParameter('resource', 0) as string;
		const operationName = this.getNodeParameter('operation', 0) as string;
		const operation = findOperation(resource, operationName);
		if (!operation) {
			throw asNodeError(this.getNode(), `Kustomer has no operation "${operationName}" on "${resource}"`);
		}
		// Used as an AI tool (issue 22): guard, argument check and compact result around the same run.
		if (isToolCall(this)) return [await runAsTool(this, resource, operation, async () => await runOperation(this, operation))];
		return [await runOperation(this, operation)];
	}
}

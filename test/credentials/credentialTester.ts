/**
 * Runs a credential's declarative `test` the way n8n's CredentialsTester does (n8n 2.41,
 * `runRequestTest`): the test request becomes the routing of a one-property stand-in node,
 * n8n-core's RoutingNode sends it through httpRequestWithAuthentication (which applies the
 * credential's `authenticate`), and the credential's rules turn an HTTP status into a message.
 */
import { ExecuteContext, RoutingNode } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	INode,
	INodeCredentialTestResult,
	INodeType,
	INodeTypes,
} from 'n8n-workflow';
import { createEmptyRunExecutionData, NodeHelpers, Workflow } from 'n8n-workflow';

import { additionalData, loadPackage, TestCredentialsHelper } from '../helpers/harness';

interface HttpFailure {
	cause?: { response?: { status: number; statusText?: string }; code?: string };
	message: string;
}

function standInNode(credentialType: string, test: ICredentialTestRequest): INodeType {
	return {
		description: {
			displayName: 'Temp',
			name: 'temp',
			group: [],
			version: 1,
			description: '',
			defaults: {},
			inputs: [],
			outputs: [],
			credentials: [{ name: credentialType, required: true }],
			properties: [{ displayName: 'Temp', name: 'temp', type: 'string', routing: { request: test.request }, default: '' }],
		},
	} as unknown as INodeType;
}

function ruleMessage(test: ICredentialTestRequest, status: number): string | undefined {
	const rule = (test.rules ?? []).find((entry) => entry.type === 'responseCode' && (entry.properties as { value: number }).value === status);
	return rule?.properties.message;
}

export async function runCredentialTest(credentialType: string, data: ICredentialDataDecryptedObject): Promise<INodeCredentialTestResult> {
	const { credentialTypes } = await loadPackage();
	const test = credentialTypes[credentialType].test as ICredentialTestRequest;
	const nodeType = standInNode(credentialType, test);
	const nodeTypes: INodeTypes = {
		getByName: () => nodeType,
		getByNameAndVersion: () => NodeHelpers.getVersionedNodeType(nodeType, 1),
		getKnownTypes: () => ({}),
	};
	const node: INode = {
		id: 'temp',
		name: 'Temp-Node',
		type: 'temp',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: { [credentialType]: { id: 'cred', name: 'Kustomer (test)' } },
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const context = new ExecuteContext(
		workflow,
		node,
		additionalData(new TestCredentialsHelper(credentialTypes, { [credentialType]: data })),
		'internal',
		createEmptyRunExecutionData(),
		0,
		[],
		{ main: [[{ json: {} }]] },
		{ node, data: {}, source: null },
		[],
	);
	try {
		await new RoutingNode(context, nodeType, { id: 'cred', name: 'Kustomer (test)', type: credentialType, data }).runNode();
	} catch (error) {
		const failure = error as HttpFailure;
		const status = failure.cause?.response?.status;
		if (status) return { status: 'Error', message: ruleMessage(test, status) ?? `Received HTTP status code: ${status}` };
		return { status: 'Error', message: failure.cause?.code ?? failure.message };
	}
	return { status: 'OK', message: 'Connection successful!' };
}

/**
 * Runs real workflows of the package in-process: nodes and credentials are loaded by n8n-core's
 * PackageDirectoryLoader from the paths package.json names (as n8n loads a community package),
 * which the tests map to the TypeScript source (test/helpers/source.js: no build), parameters
 * and expressions are resolved by n8n-workflow, and WorkflowExecute runs the nodes, applying
 * pairedItem, Continue On Fail and error handling exactly as n8n does. HTTP goes through
 * n8n-core's request helpers, so nock sees the requests n8n would send.
 */
import { createRequire } from 'node:module';
import { ExecutionLifecycleHooks, LoadOptionsContext, PackageDirectoryLoader, WorkflowExecute } from 'n8n-core';
import { SSHClientsManager } from 'n8n-core/dist/execution-engine/ssh-clients-manager';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	ICredentialType,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeExecutionData,
	INodeType,
	INodeTypes,
	IRun,
	INodeTypeDescription,
	IVersionedNodeType,
	IWorkflowExecuteAdditionalData,
	IWorkflowSettings,
	IConnections,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import {
	createRunExecutionData,
	ICredentialsHelper,
	NodeHelpers,
	setSafeRegexEngine,
	Workflow,
} from 'n8n-workflow';

import { PACKAGE_ROOT, TEST_API_KEY, TEST_BASE_URL } from './constants';
import { TestItems } from './testNodes';

// n8n-workflow runs the regexes of parameter checks (resource locator validation, displayOptions)
// in a vm with a 250 ms wall-clock timeout; on a loaded machine a trivial one can pass 250 ms and
// fail a test with "Regular expression execution timed out". Tests run them natively.
setSafeRegexEngine({
	exec: (pattern, input, flags) => new RegExp(pattern, flags).exec(input),
	test: (pattern, input, flags) => new RegExp(pattern, flags).test(input),
	replace: (pattern, input, flags, replacement) => input.replace(new RegExp(pattern, flags), replacement),
	matchAll: (pattern, input, flags) => Array.from(input.matchAll(new RegExp(pattern, flags?.includes('g') ? flags : `${flags ?? ''}g`))),
	split: (pattern, input, flags) => input.split(new RegExp(pattern, flags)),
});

/** What the tests use of n8n's service container (@n8n/di). */
interface N8nContainer {
	has(type: unknown): boolean;
	get<T>(type: new (...args: never[]) => T): T;
}

/** n8n's service container: the copy n8n-core itself uses (@n8n/di is not a dependency of this package). */
export const { Container: n8nContainer } = createRequire(require.resolve('n8n-core'))('@n8n/di') as { Container: N8nContainer };

/**
 * What n8n does with n8n-core's services as it shuts down, done as each test file ends. The
 * SSH client manager, made as the first node of the file runs, keeps a one-minute interval and
 * a process exit listener; left running, they kept the file's whole module registry in memory
 * to the end of its jest worker. n8n's own node test harness does the same
 * (n8n-io/n8n packages/core/nodes-testing/node-test-harness.ts:
 * `afterAll(() => Container.get(SSHClientsManager).onShutdown())`).
 */
export function shutDownN8nServices(): void {
	if (n8nContainer.has(SSHClientsManager)) n8nContainer.get(SSHClientsManager).onShutdown();
}
afterAll(shutDownN8nServices);

export { PACKAGE_ROOT, TEST_API_KEY, TEST_BASE_URL };
export const PACKAGE_NAME = 'n8n-nodes-kustomer';
export const KUSTOMER_NODE = `${PACKAGE_NAME}.kustomer`;
export const KUSTOMER_TRIGGER_NODE = `${PACKAGE_NAME}.kustomerTrigger`;
export const ITEMS_NODE = 'test.items';

export interface LoadedPackage {
	nodeTypes: INodeTypes;
	credentialTypes: Record<string, ICredentialType>;
	loader: PackageDirectoryLoader;
}

let loading: Promise<LoadedPackage> | undefined;

/** Loads the package once per test file, the way n8n loads an installed community package. */
export async function loadPackage(): Promise<LoadedPackage> {
	loading ??= (async () => {
		const loader = new PackageDirectoryLoader(PACKAGE_ROOT);
		await loader.loadAll();
		const testTypes: Record<string, INodeType> = { [ITEMS_NODE]: new TestItems() };
		const byName = (type: string): INodeType | IVersionedNodeType => {
			if (testTypes[type]) return testTypes[type];
			const short = type.startsWith(`${PACKAGE_NAME}.`) ? type.slice(PACKAGE_NAME.length + 1) : type;
			const loaded = loader.nodeTypes[short];
			if (!loaded) throw new Error(`Unknown node type ${type}`);
			return loaded.type;
		};
		const nodeTypes: INodeTypes = {
			getByName: byName,
			getByNameAndVersion: (type, version) => NodeHelpers.getVersionedNodeType(byName(type), version),
			getKnownTypes: () => ({}),
		};
		const credentialTypes = Object.fromEntries(
			Object.entries(loader.credentialTypes).map(([name, { type }]) => [name, type]),
		);
		return { nodeTypes, credentialTypes, loader };
	})();
	return await loading;
}

/** A node type's description as n8n loaded it (codex, icons and all). */
export async function nodeDescription(type: string): Promise<INodeTypeDescription> {
	const { nodeTypes } = await loadPackage();
	return nodeTypes.getByNameAndVersion(type).description;
}

/**
 * Gives nodes their test credentials and authenticates requests with the credential type's
 * own `authenticate` block, resolved by n8n's expression engine as n8n's CredentialsHelper does.
 */
export class TestCredentialsHelper extends ICredentialsHelper {
	constructor(
		private readonly credentialTypes: Record<string, ICredentialType>,
		private readonly credentials: Record<string, ICredentialDataDecryptedObject>,
	) {
		super();
	}

	/**
	 * An expression of the authenticate block resolved once per credentials: its value depends on
	 * nothing else, and resolving it for every request (n8n's expression engine builds a data
	 * proxy and the time zone's $now each time) was ~6 % of the CPU of the request-heavy tests.
	 */
	private readonly resolutions = new Map<string, unknown>();

	private resolved(expression: string, credentials: ICredentialDataDecryptedObject, resolve: () => unknown): unknown {
		const key = JSON.stringify([expression, credentials]);
		if (!this.resolutions.has(key)) this.resolutions.set(key, resolve());
		return this.resolutions.get(key);
	}

	getParentTypes(): string[] {
		return [];
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions,
		workflow: Workflow,
		node: INode,
	): Promise<IHttpRequestOptions> {
		const { authenticate } = this.credentialTypes[typeName] ?? {};
		if (typeof authenticate === 'function') return await authenticate(credentials, requestOptions);
		if (authenticate?.type !== 'generic') return requestOptions;
		const resolve = (value: unknown) => (typeof value === 'string' && value.startsWith('=') ? this.resolved(value, credentials, () => workflow.expression.getSimpleParameterValue(node, value, 'internal', { $credentials: credentials }, undefined, '')) : value);
		for (const [target, entries] of Object.entries(authenticate.properties)) {
			const bucket = ((requestOptions as unknown as Record<string, Record<string, unknown>>)[target] ??= {});
			for (const [key, value] of Object.entries(entries as Record<string, unknown>)) {
				bucket[String(resolve(key))] = resolve(value);
			}
		}
		return requestOptions;
	}

	async preAuthentication(): Promise<undefined> {
		return undefined;
	}

	async runPreAuthentication(): Promise<undefined> {
		return undefined;
	}

	async getCredentials(): Promise<never> {
		throw new Error('not used by these tests');
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		const credentials = this.credentials[type];
		if (!credentials) throw new Error(`No test credentials of type ${type}`);
		return { ...credentials };
	}

	async updateCredentials(): Promise<void> {}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	getCredentialsProperties(): [] {
		return [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}
}

export const TEST_CREDENTIALS: ICredentialDataDecryptedObject = {
	host: 'org',
	organization: 'acme',
	apiKey: TEST_API_KEY,
};

/** The additional data n8n's runtime hands every node context. */
export function additionalData(
	credentialsHelper: ICredentialsHelper,
	hooks?: ExecutionLifecycleHooks,
): IWorkflowExecuteAdditionalData {
	return {
		credentialsHelper,
		hooks,
		currentNodeExecutionIndex: 0,
		restApiUrl: 'http://localhost:5678/rest',
		instanceBaseUrl: 'http://localhost:5678/',
		formBaseUrl: 'http://localhost:5678/form',
		formWaitingBaseUrl: 'http://localhost:5678/form-waiting',
		formTestBaseUrl: 'http://localhost:5678/form-test',
		webhookBaseUrl: 'https://n8n.example.com/webhook',
		webhookWaitingBaseUrl: 'https://n8n.example.com/webhook-waiting',
		webhookTestBaseUrl: 'https://n8n.example.com/webhook-test',
		mcpBaseUrl: 'http://localhost:5678/mcp',
		mcpTestBaseUrl: 'http://localhost:5678/mcp-test',
		variables: {},
		executeWorkflow: async () => {
			throw new Error('sub-workflows are not used in these tests');
		},
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		logAiEvent: () => {},
		startRunnerTask: async () => {
			throw new Error('task runners are not used in these tests');
		},
	} as unknown as IWorkflowExecuteAdditionalData;
}

export interface WorkflowDefinition {
	nodes: INode[];
	connections: IConnections;
	/** Workflow settings, e.g. { timezone: 'Asia/Kolkata' } (n8n's default zone is America/New_York). */
	settings?: IWorkflowSettings;
}

export interface RunResult {
	run: IRun;
	/** The items a node output on its first run (first output). */
	output(nodeName: string): INodeExecutionData[];
	/** The error a node failed with, if any. */
	error(nodeName: string): IRun['data']['resultData']['error'];
	/** Node names in the order they ran. */
	order: string[];
}

export async function buildWorkflow(definition: WorkflowDefinition, staticData: IDataObject = {}): Promise<Workflow> {
	const { nodeTypes } = await loadPackage();
	return new Workflow({
		id: 'test-workflow',
		name: 'Test workflow',
		nodes: definition.nodes,
		connections: definition.connections,
		active: false,
		nodeTypes,
		settings: definition.settings ?? {},
		staticData,
	});
}

export interface RunOptions {
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	mode?: WorkflowExecuteMode;
	startItems?: INodeExecutionData[];
}

/** Runs a workflow from its first node to the end and answers what each node did. */
export async function runWorkflow(definition: WorkflowDefinition, options: RunOptions = {}): Promise<RunResult> {
	return await executeWorkflow(await buildWorkflow(definition), options);
}

/** Runs an already built Workflow (its static data included) from its first node. */
export async function executeWorkflow(
	workflow: Workflow,
	{ credentials = { kustomerApi: TEST_CREDENTIALS }, mode = 'manual', startItems = [{ json: {} }] }: RunOptions = {},
): Promise<RunResult> {
	const { credentialTypes } = await loadPackage();
	const nodes = Object.values(workflow.nodes);
	const hooks = new ExecutionLifecycleHooks(mode, 'test-execution', {
		id: workflow.id,
		name: workflow.name,
		nodes,
		connections: workflow.connectionsBySourceNode,
		active: false,
		activeVersionId: null,
		isArchived: false,
		createdAt: new Date(),
		updatedAt: new Date(),
	} as unknown as ConstructorParameters<typeof ExecutionLifecycleHooks>[2]);
	const order: string[] = [];
	hooks.addHandler('nodeExecuteAfter', (nodeName: string) => {
		order.push(nodeName);
	});
	let resolveFinished: (run: IRun) => void = () => {};
	const finished = new Promise<IRun>((resolve) => (resolveFinished = resolve));
	hooks.addHandler('workflowExecuteAfter', (fullRunData: IRun) => resolveFinished(fullRunData));

	const data = additionalData(new TestCredentialsHelper(credentialTypes, credentials), hooks);
	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [{ node: nodes[0], data: { main: [startItems] }, source: null }],
		},
	});
	const execution = new WorkflowExecute(data, mode, runExecutionData);
	await execution.processRunExecutionData(workflow);
	const run = await finished;
	const runData = run.data.resultData.runData;
	return {
		run,
		order,
		output: (nodeName) => runData[nodeName]?.[0]?.data?.main?.[0] ?? [],
		error: (nodeName) => runData[nodeName]?.[0]?.error,
	};
}

/**
 * Calls a node's loadOptions or listSearch method the way the editor does: through n8n-core's
 * LoadOptionsContext for a one-node workflow holding the node's current parameters.
 */
export async function callMethod<T>(
	kind: 'loadOptions' | 'listSearch' | 'resourceMapping',
	method: string,
	node: INode,
	args: unknown[] = [],
	credentials: Record<string, ICredentialDataDecryptedObject> = { kustomerApi: TEST_CREDENTIALS },
): Promise<T> {
	const { nodeTypes, credentialTypes } = await loadPackage();
	const workflow = await buildWorkflow({ nodes: [node], connections: {} });
	// As n8n's dynamic-node-parameters service does: the editor's current parameters go along.
	const data = { ...additionalData(new TestCredentialsHelper(credentialTypes, credentials)), currentNodeParameters: node.parameters };
	const context = new LoadOptionsContext(workflow, node, data, 'parameters');
	const nodeType = nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
	const fn = (nodeType.methods?.[kind] as Record<string, (...a: unknown[]) => Promise<T>> | undefined)?.[method];
	if (!fn) throw new Error(`${node.type} has no ${kind} method ${method}`);
	return await fn.call(context, ...args);
}

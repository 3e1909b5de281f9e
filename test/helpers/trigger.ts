/**
 * Drives the Kustomer Trigger the way n8n does, in-process:
 * - lifecycle: `checkExists` / `create` / `delete` run in n8n-core's HookContext;
 * - deliveries: real HTTP requests to a local server that reads the body as n8n's webhook
 *   handler does (raw bytes kept on req.rawBody, JSON parsed into req.body), calls the
 *   node's webhook() in n8n-core's WebhookContext, answers as n8n answers, and starts an
 *   execution with WorkflowExecute when the node returns workflow data.
 * Static data is persisted the way n8n persists it: every request builds a fresh Workflow
 * from the stored copy, and a change is stored only when n8n would store it (the Workflow's
 * change flag is set when n8n saves: after activation, after webhook() answers, and when an
 * execution ends). Starting an execution re-wraps the same static data in a new Workflow,
 * which resets that flag, exactly as n8n's WorkflowRunner does. n8n's processed-data table
 * is modelled by ./processedData. `restart()` stands for a new n8n process: what the package
 * keeps in process memory is gone, the stored static data and processed data stay.
 * Lifecycle steps n8n takes are here too: publishing an edit (delete, then activation in
 * mode 'update'), a start n8n fails to make (it answers 500), executions held or lost in a
 * crash, Retry of an execution (mode 'retry', from the items it started with).
 */
import { HookContext, WebhookContext } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	INode,
	INodeParameters,
	INodeExecutionData,
	IRun,
	IWebhookData,
	IWebhookResponseData,
	Workflow,
	WorkflowActivateMode,
} from 'n8n-workflow';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import {
	additionalData,
	buildWorkflow,
	executeWorkflow,
	KUSTOMER_TRIGGER_NODE,
	loadPackage,
	TEST_CREDENTIALS,
	TestCredentialsHelper,
} from './harness';
import { directRequest } from './directHttp';
import { processedData } from './processedData';
import * as processMemory from '../../nodes/Kustomer/trigger/processMemory';

export const WEBHOOK_ID = '3f4e8a2c-5d1b-4e7a-9c0f-1a2b3c4d5e6f';
export const WEBHOOK_URL = `https://n8n.example.com/webhook/${WEBHOOK_ID}/webhook`;
export const WEBHOOK_SECRET = 'manual-secret-4f9c2a7e1d';

let nodeSequence = 0;

/** A trigger node; each gets its own id, as separate triggers in n8n do. */
export function triggerNode(parameters: INodeParameters, name = 'Kustomer Trigger', typeVersion = 1): INode {
	return {
		id: `node-trigger-${++nodeSequence}`,
		name,
		type: KUSTOMER_TRIGGER_NODE,
		typeVersion,
		position: [0, 0],
		webhookId: WEBHOOK_ID,
		parameters,
		credentials: {
			kustomerApi: { id: 'cred-1', name: 'Kustomer (test)' },
			kustomerWebhookApi: { id: 'cred-2', name: 'Kustomer webhook secret (test)' },
		},
	};
}

const DEFAULT_CREDENTIALS = {
	kustomerApi: TEST_CREDENTIALS,
	kustomerWebhookApi: { secret: WEBHOOK_SECRET },
};

export interface Delivery {
	body: string | Buffer;
	headers?: Record<string, string>;
	/** Hand the node req.rawBody as a string instead of n8n's Buffer. */
	rawBodyAsString?: boolean;
}

export interface DeliveryResult {
	status: number;
	body: unknown;
	/** The executions this delivery started (0 or 1). */
	executions: IRun[];
}

/** An execution a delivery started: the items n8n stored to start it, and its run once it ran. */
export interface StartedExecution {
	startItems: INodeExecutionData[];
	run?: IRun;
}

/** One trigger node in one workflow, activated and delivered to like n8n does. */
export class TriggerUnderTest {
	private server?: Server;
	private port = 0;
	readonly executions: IRun[] = [];
	/** Every execution a delivery started, in order, with the items it was started with (for Retry). */
	readonly started: StartedExecution[] = [];

	/** The static data n8n has stored for the workflow (its database row). */
	private stored: IDataObject;

	private constructor(
		readonly node: INode,
		private readonly credentials: Record<string, ICredentialDataDecryptedObject>,
		private webhookBaseUrl: string,
		staticData: IDataObject,
	) {
		this.stored = staticData;
	}

	static async create(
		parameters: INodeParameters,
		{
			credentials = DEFAULT_CREDENTIALS,
			staticData,
			webhookBaseUrl = 'https://n8n.example.com/webhook',
			typeVersion = 1,
		}: {
			credentials?: Record<string, ICredentialDataDecryptedObject>;
			/** The node's static data, as n8n would load it. */
			staticData?: IDataObject;
			webhookBaseUrl?: string;
			/** The node's version (1 unless a test is about a later one). */
			typeVersion?: number;
		} = {},
	): Promise<TriggerUnderTest> {
		// Each trigger under test starts as in a fresh n8n process.
		forgetProcessMemory();
		installManualTimers();
		const node = triggerNode(parameters, undefined, typeVersion);
		const stored = staticData ? { [`node:${node.name}`]: copy(staticData) } : {};
		return new TriggerUnderTest(node, credentials, webhookBaseUrl, stored);
	}

	/** The node's stored static data. Assigning to it edits the stored copy. */
	get state(): IDataObject {
		return ((this.stored[`node:${this.node.name}`] as IDataObject | undefined) ??= {});
	}

	/** A Workflow for one request, over a fresh copy of the stored static data. */
	private async load(): Promise<{ workflow: Workflow; raw: IDataObject }> {
		const raw = copy(this.stored);
		const workflow = await buildWorkflow({ nodes: [this.node], connections: {} }, raw);
		workflow.name = 'Escalations';
		return { workflow, raw };
	}

	/** n8n's WorkflowStaticDataService.saveStaticData: store only when flagged as changed. */
	private save(workflow: Workflow): void {
		if ((workflow.staticData as IDataObject).__dataChanged === true) this.stored = copy(workflow.staticData);
	}

	private async additional() {
		const { credentialTypes } = await loadPackage();
		const data = additionalData(new TestCredentialsHelper(credentialTypes, this.credentials));
		data.webhookBaseUrl = this.webhookBaseUrl;
		return data;
	}

	private async webhookData(workflow: Workflow): Promise<IWebhookData> {
		const { nodeTypes } = await loadPackage();
		const description = nodeTypes.getByNameAndVersion(this.node.type, 1).description.webhooks![0];
		return {
			httpMethod: 'POST',
			node: this.node.name,
			path: 'webhook',
			webhookDescription: description,
			workflowId: workflow.id,
			workflowExecuteAdditionalData: await this.additional(),
			webhookId: WEBHOOK_ID,
		};
	}

	/**
	 * Runs checkExists / create / delete in a HookContext, as n8n's webhook service does, then
	 * saves. n8n 2.41.1 passes activation mode 'update' to every delete (ActiveWorkflowManager
	 * .deregisterWebhooks), and 'init' on start-up, 'activate' or 'update' on (re)publishing.
	 */
	async lifecycle(method: 'checkExists' | 'create' | 'delete', activation: WorkflowActivateMode = method === 'delete' ? 'update' : 'activate'): Promise<boolean> {
		const { nodeTypes } = await loadPackage();
		const nodeType = nodeTypes.getByNameAndVersion(this.node.type, 1);
		const { workflow } = await this.load();
		const data = await this.webhookData(workflow);
		const context = new HookContext(workflow, this.node, data.workflowExecuteAdditionalData, 'trigger', activation, data);
		const fn = nodeType.webhookMethods?.default?.[method];
		if (!fn) throw new Error(`no webhook method ${method}`);
		try {
			return await fn.call(context);
		} finally {
			this.save(workflow);
		}
	}

	/** n8n's activation: create unless checkExists says it is already there. */
	async activate(activation: WorkflowActivateMode = 'activate'): Promise<void> {
		if (!(await this.lifecycle('checkExists', activation))) await this.lifecycle('create', activation);
	}

	/**
	 * Publishing an edit of the active workflow in n8n 2.41.1 (WorkflowService.activateWorkflow):
	 * ActiveWorkflowManager.remove() runs the trigger's delete, then add(workflowId, 'update')
	 * its checkExists and create. `parameters` are the edited node's new parameters.
	 */
	async republish(parameters?: INodeParameters): Promise<void> {
		await this.lifecycle('delete', 'update');
		if (parameters) this.node.parameters = parameters;
		await this.activate('update');
	}

	private async handle(request: IncomingMessage, response: ServerResponse, rawBodyAsString: boolean): Promise<void> {
		const chunks: Buffer[] = [];
		for await (const chunk of request) chunks.push(chunk as Buffer);
		const bytes = Buffer.concat(chunks);
		// n8n keeps the bytes as a Buffer; a string is what older setups or other proxies hand over.
		const req = request as unknown as { rawBody: Buffer | string; body: unknown };
		req.rawBody = rawBodyAsString ? bytes.toString('utf8') : bytes;
		try {
			req.body = JSON.parse(bytes.toString('utf8')) as unknown;
		} catch {
			req.body = {};
		}

		const { nodeTypes } = await loadPackage();
		const nodeType = nodeTypes.getByNameAndVersion(this.node.type, 1);
		const { workflow, raw: staticData } = await this.load();
		const data = await this.webhookData(workflow);
		data.workflowExecuteAdditionalData.httpRequest = req as never;
		data.workflowExecuteAdditionalData.httpResponse = response as never;
		const context = new WebhookContext(workflow, this.node, data.workflowExecuteAdditionalData, 'webhook', data, [], null);
		let result: IWebhookResponseData;
		try {
			result = await nodeType.webhook!.call(context);
		} catch (error) {
			response.writeHead(500, { 'Content-Type': 'application/json' });
			response.end(JSON.stringify({ message: (error as Error).message }));
			return;
		}
		if (result.noWebhookResponse) {
			this.save(workflow);
			return;
		}
		if (!result.workflowData) {
			response.writeHead(200, { 'Content-Type': 'application/json' });
			response.end(JSON.stringify(result.webhookResponse ?? { message: 'Webhook call received' }));
			this.save(workflow);
			return;
		}
		if (this.failStarts > 0) {
			// n8n could not start the execution (its database refused it): WorkflowRunner.run
			// throws and n8n answers 500 (webhook-helpers executeWebhook), nothing runs.
			this.failStarts--;
			response.writeHead(500, { 'Content-Type': 'application/json' });
			response.end(JSON.stringify({ message: 'Error in workflow' }));
			return;
		}
		// As n8n: the execution gets a Workflow over the same static data (resetting its change
		// flag), then the onReceived answer goes out and static data is saved if still flagged.
		const executionWorkflow = await buildWorkflow({ nodes: [this.node], connections: {} }, staticData);
		const description = data.webhookDescription;
		if (this.collected) {
			this.collected.startItems.push(...copy(result.workflowData[0]));
			response.writeHead(200);
			response.end();
			this.save(workflow);
			return;
		}
		const execution: StartedExecution = { startItems: copy(result.workflowData[0]) };
		this.started.push(execution);
		// n8n 2.41 answers an onReceived webhook once WorkflowRunner.run made the execution.
		await this.heldAnswers?.promise;
		response.writeHead(200, description.responseData === 'noData' ? {} : { 'Content-Type': 'application/json' });
		response.end(description.responseData === 'noData' ? undefined : JSON.stringify({ message: 'Workflow was started' }));
		this.save(workflow);
		const held = this.held;
		if (held) {
			await held.promise;
			if (held.crashed) return;
		}
		await processedData();
		const run = await executeWorkflow(executionWorkflow, {
			credentials: this.credentials,
			mode: 'webhook',
			startItems: result.workflowData[0],
		});
		this.save(executionWorkflow);
		execution.run = run.run;
		this.executions.push(run.run);
	}

	private failStarts = 0;

	/** n8n fails to start the execution of the next `count` accepted deliveries (it answers 500). */
	failNextExecutionStarts(count = 1): void {
		this.failStarts = count;
	}

	/**
	 * n8n's Retry of an execution (ExecutionService.retry, mode 'retry'): the execution runs
	 * again from the items it was started with, as a crashed execution whose progress n8n did
	 * not save (the default) is retried. Static data is the stored copy; nothing is delivered.
	 */
	async retry(execution: StartedExecution): Promise<IRun> {
		const { workflow } = await this.load();
		await processedData();
		const run = await executeWorkflow(workflow, { credentials: this.credentials, mode: 'retry', startItems: copy(execution.startItems) });
		this.save(workflow);
		this.executions.push(run.run);
		return run.run;
	}

	/** POSTs a delivery, then waits for every execution under way (held ones must be released). */
	async deliver(delivery: Delivery): Promise<DeliveryResult> {
		const before = this.executions.length;
		const { status, body } = await this.send(delivery);
		await this.settled();
		return { status, body, executions: this.executions.slice(before) };
	}

	/** POSTs a delivery to the node's webhook over real HTTP; answers as soon as n8n would answer. */
	async send(delivery: Delivery): Promise<Omit<DeliveryResult, 'executions'>> {
		const { status, body } = await this.sendRaw(delivery);
		return { status, body };
	}

	/** As send(), with the answer's headers too. */
	async sendRaw({ body, headers = {}, rawBodyAsString = false }: Delivery): Promise<Omit<DeliveryResult, 'executions'> & { headers: Record<string, string> }> {
		await (this.listening ??= this.listen());
		this.rawBodyAsString = rawBodyAsString;
		const answer = await directRequest(`http://127.0.0.1:${this.port}/webhook/${WEBHOOK_ID}/webhook`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', ...headers },
			body,
		});
		const text = answer.body.toString('utf8');
		let parsed: unknown = text;
		try {
			parsed = JSON.parse(text);
		} catch {
			// plain text answer
		}
		return { status: answer.status, body: parsed, headers: answer.headers as Record<string, string> };
	}

	private collected?: StartedExecution;

	/**
	 * Many deliveries, each taken by the trigger's webhook() as usual, whose executions' items
	 * then run as one execution (a quick way to fill the trigger's windows with real records).
	 */
	async deliverMany(deliveries: Delivery[]): Promise<IRun> {
		const collected: StartedExecution = { startItems: [] };
		this.collected = collected;
		try {
			for (const delivery of deliveries) {
				const { status } = await this.send(delivery);
				if (status !== 200) throw new Error(`delivery answered ${status}`);
			}
		} finally {
			this.collected = undefined;
		}
		const { workflow } = await this.load();
		const run = await executeWorkflow(workflow, { credentials: this.credentials, mode: 'webhook', startItems: collected.startItems });
		this.save(workflow);
		collected.run = run.run;
		return run.run;
	}

	private rawBodyAsString = false;

	/**
	 * Gives the node the local listener's address as its webhook base URL, so that a sandbox
	 * in this process can deliver to it (the sandbox accepts loopback http). Call before activating.
	 */
	async useLocalWebhookUrl(): Promise<string> {
		await (this.listening ??= this.listen());
		this.webhookBaseUrl = `http://127.0.0.1:${this.port}/webhook`;
		return `${this.webhookBaseUrl}/${WEBHOOK_ID}/webhook`;
	}

	private listening?: Promise<void>;

	private async listen(): Promise<void> {
		const server = createServer((request, response) => {
			const handled = this.handle(request, response, this.rawBodyAsString);
			this.handling.add(handled);
			void handled.finally(() => this.handling.delete(handled));
		});
		this.server = server;
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		this.port = (server.address() as AddressInfo).port;
	}

	private held?: { promise: Promise<void>; release: () => void; crashed: boolean };

	/** Holds every execution a delivery starts from now on until `releaseExecutions()`. */
	holdExecutions(): void {
		let release = () => {};
		const promise = new Promise<void>((resolve) => (release = resolve));
		this.held = { promise, release, crashed: false };
	}

	releaseExecutions(): void {
		this.held?.release();
		this.held = undefined;
	}

	private heldAnswers?: { promise: Promise<void>; release: () => void };

	/** Holds n8n's answer to every delivery that starts an execution, until `releaseAnswers()`. */
	holdAnswers(): void {
		let release = () => {};
		const promise = new Promise<void>((resolve) => (release = resolve));
		this.heldAnswers = { promise, release };
	}

	releaseAnswers(): void {
		this.heldAnswers?.release();
		this.heldAnswers = undefined;
	}

	/** n8n dies while the held executions wait: they never run (n8n marks them crashed). */
	crashHeldExecutions(): void {
		if (this.held) this.held.crashed = true;
		this.releaseExecutions();
		forgetProcessMemory();
	}

	/** A new n8n process: what the package keeps in process memory is gone. */
	restart(): void {
		forgetProcessMemory();
	}

	private handling = new Set<Promise<void>>();

	/** Waits until every delivery, and the execution it started, is done. */
	async settled(): Promise<void> {
		while (this.handling.size) await Promise.allSettled([...this.handling]);
	}

	async close(): Promise<void> {
		if (this.server) await new Promise((resolve) => this.server!.close(resolve));
		this.server = undefined;
		this.listening = undefined;
	}
}

function copy<T>(value: T): T {
	return JSON.parse(JSON.stringify(value)) as T;
}

const waits: Array<{ ms: number; done: () => void }> = [];

/**
 * The trigger's own waits (a deactivated webhook's grace period) wait for the test: nothing
 * passes until `elapseTriggerWaits()`, so a test decides what happens within the grace period.
 */
function installManualTimers(): void {
	processMemory.timers.sleep = async (ms) => await new Promise<void>((done) => waits.push({ ms, done }));
}

/** Lets every trigger wait under way end (their time has passed), and what follows them run. */
export async function elapseTriggerWaits(): Promise<number[]> {
	const ended = waits.splice(0);
	for (const wait of ended) wait.done();
	for (let turn = 0; turn < 20; turn++) await new Promise((resolve) => setImmediate(resolve));
	return ended.map((wait) => wait.ms);
}

/** Forgets what the package keeps in process memory, as a new n8n process starts without it. */
export function forgetProcessMemory(): void {
	// The node runs from the source, loaded by n8n-core into this module registry: the same memory.
	processMemory.forgetProcessMemory();
}

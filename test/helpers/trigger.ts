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
 */
import { HookContext, WebhookContext } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	INode,
	INodeParameters,
	IRun,
	IWebhookData,
	IWebhookResponseData,
	Workflow,
} from 'n8n-workflow';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';

import { acceptedEvents } from '../../nodes/Kustomer/trigger/claims';
import {
	additionalData,
	buildWorkflow,
	executeWorkflow,
	KUSTOMER_TRIGGER_NODE,
	loadPackage,
	TEST_CREDENTIALS,
	TestCredentialsHelper,
} from './harness';
import { processedData } from './processedData';

export const WEBHOOK_ID = '3f4e8a2c-5d1b-4e7a-9c0f-1a2b3c4d5e6f';
export const WEBHOOK_URL = `https://n8n.example.com/webhook/${WEBHOOK_ID}/webhook`;
export const WEBHOOK_SECRET = 'manual-secret-4f9c2a7e1d';

let nodeSequence = 0;

/** A trigger node; each gets its own id, as separate triggers in n8n do. */
export function triggerNode(parameters: INodeParameters, name = 'Kustomer Trigger'): INode {
	return {
		id: `node-trigger-${++nodeSequence}`,
		name,
		type: KUSTOMER_TRIGGER_NODE,
		typeVersion: 1,
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

/** One trigger node in one workflow, activated and delivered to like n8n does. */
export class TriggerUnderTest {
	private server?: Server;
	private port = 0;
	readonly executions: IRun[] = [];

	/** The static data n8n has stored for the workflow (its database row). */
	private stored: IDataObject;

	private constructor(
		readonly node: INode,
		private readonly credentials: Record<string, ICredentialDataDecryptedObject>,
		private readonly webhookBaseUrl: string,
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
		}: {
			credentials?: Record<string, ICredentialDataDecryptedObject>;
			/** The node's static data, as n8n would load it. */
			staticData?: IDataObject;
			webhookBaseUrl?: string;
		} = {},
	): Promise<TriggerUnderTest> {
		const node = triggerNode(parameters);
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

	/** Runs checkExists / create / delete in a HookContext, as activation does, then saves. */
	async lifecycle(method: 'checkExists' | 'create' | 'delete'): Promise<boolean> {
		const { nodeTypes } = await loadPackage();
		const nodeType = nodeTypes.getByNameAndVersion(this.node.type, 1);
		const { workflow } = await this.load();
		const data = await this.webhookData(workflow);
		const context = new HookContext(workflow, this.node, data.workflowExecuteAdditionalData, 'trigger', 'activate', data);
		const fn = nodeType.webhookMethods?.default?.[method];
		if (!fn) throw new Error(`no webhook method ${method}`);
		try {
			return await fn.call(context);
		} finally {
			this.save(workflow);
		}
	}

	/** n8n's activation: create unless checkExists says it is already there. */
	async activate(): Promise<void> {
		if (!(await this.lifecycle('checkExists'))) await this.lifecycle('create');
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
		// As n8n: the execution gets a Workflow over the same static data (resetting its change
		// flag), then the onReceived answer goes out and static data is saved if still flagged.
		const executionWorkflow = await buildWorkflow({ nodes: [this.node], connections: {} }, staticData);
		const description = data.webhookDescription;
		response.writeHead(200, description.responseData === 'noData' ? {} : { 'Content-Type': 'application/json' });
		response.end(description.responseData === 'noData' ? undefined : JSON.stringify({ message: 'Workflow was started' }));
		this.save(workflow);
		await this.held?.promise;
		await processedData();
		const run = await executeWorkflow(executionWorkflow, {
			credentials: this.credentials,
			mode: 'webhook',
			startItems: result.workflowData[0],
		});
		this.save(executionWorkflow);
		this.executions.push(run.run);
	}

	/** POSTs a delivery, then waits for every execution under way (held ones must be released). */
	async deliver(delivery: Delivery): Promise<DeliveryResult> {
		const before = this.executions.length;
		const { status, body } = await this.send(delivery);
		await this.settled();
		return { status, body, executions: this.executions.slice(before) };
	}

	/** POSTs a delivery to the node's webhook over real HTTP; answers as soon as n8n would answer. */
	async send({ body, headers = {}, rawBodyAsString = false }: Delivery): Promise<Omit<DeliveryResult, 'executions'>> {
		await (this.listening ??= this.listen());
		this.rawBodyAsString = rawBodyAsString;
		const payload = Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
		const { status, text } = await new Promise<{ status: number; text: string }>((resolve, reject) => {
			const outgoing = httpRequest(
				{
					host: '127.0.0.1',
					port: this.port,
					method: 'POST',
					path: `/webhook/${WEBHOOK_ID}/webhook`,
					headers: { 'content-type': 'application/json', 'content-length': payload.length, ...headers },
				},
				(incoming) => {
					let received = '';
					incoming.on('data', (chunk: Buffer) => (received += chunk.toString('utf8')));
					incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, text: received }));
				},
			);
			outgoing.on('error', reject);
			outgoing.end(payload);
		});
		let parsed: unknown = text;
		try {
			parsed = JSON.parse(text);
		} catch {
			// plain text answer
		}
		return { status, body: parsed };
	}

	private rawBodyAsString = false;

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

	private held?: { promise: Promise<void>; release: () => void };

	/** Holds every execution a delivery starts from now on until `releaseExecutions()`. */
	holdExecutions(): void {
		let release = () => {};
		const promise = new Promise<void>((resolve) => (release = resolve));
		this.held = { promise, release };
	}

	releaseExecutions(): void {
		this.held?.release();
		this.held = undefined;
	}

	/** A new n8n process: the claims the package keeps in process memory are gone. */
	restart(): void {
		// The node runs from the source, loaded by n8n-core into this module registry: the same claims.
		acceptedEvents.clear();
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

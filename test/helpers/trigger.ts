/**
 * Drives the Kustomer Trigger the way n8n does, in-process:
 * - lifecycle: `checkExists` / `create` / `delete` run in n8n-core's HookContext;
 * - deliveries: real HTTP requests to a local server that reads the body as n8n's webhook
 *   handler does (raw bytes kept on req.rawBody, JSON parsed into req.body), calls the
 *   node's webhook() in n8n-core's WebhookContext, answers as n8n answers, and starts an
 *   execution with WorkflowExecute when the node returns workflow data.
 * Static data lives on the Workflow object across calls, as it does in a running n8n.
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

import {
	additionalData,
	buildWorkflow,
	KUSTOMER_TRIGGER_NODE,
	loadPackage,
	runWorkflow,
	TEST_CREDENTIALS,
	TestCredentialsHelper,
} from './harness';

export const WEBHOOK_ID = '3f4e8a2c-5d1b-4e7a-9c0f-1a2b3c4d5e6f';
export const WEBHOOK_URL = `https://n8n.example.com/webhook/${WEBHOOK_ID}/webhook`;
export const WEBHOOK_SECRET = 'manual-secret-4f9c2a7e1d';

export function triggerNode(parameters: INodeParameters, name = 'Kustomer Trigger'): INode {
	return {
		id: 'node-trigger',
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

	private constructor(
		readonly workflow: Workflow,
		readonly node: INode,
		private readonly credentials: Record<string, ICredentialDataDecryptedObject>,
		private readonly webhookBaseUrl: string,
	) {}

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
		const workflow = await buildWorkflow({ nodes: [node], connections: {} });
		workflow.name = 'Escalations';
		if (staticData) {
			Object.assign(workflow.getStaticData('node', node), JSON.parse(JSON.stringify(staticData)) as IDataObject);
		}
		return new TriggerUnderTest(workflow, node, credentials, webhookBaseUrl);
	}

	/** The node's static data, as n8n would persist it. */
	get state(): IDataObject {
		return this.workflow.getStaticData('node', this.node);
	}

	private async additional() {
		const { credentialTypes } = await loadPackage();
		const data = additionalData(new TestCredentialsHelper(credentialTypes, this.credentials));
		data.webhookBaseUrl = this.webhookBaseUrl;
		return data;
	}

	private async webhookData(): Promise<IWebhookData> {
		const { nodeTypes } = await loadPackage();
		const description = nodeTypes.getByNameAndVersion(this.node.type, 1).description.webhooks![0];
		return {
			httpMethod: 'POST',
			node: this.node.name,
			path: 'webhook',
			webhookDescription: description,
			workflowId: this.workflow.id,
			workflowExecuteAdditionalData: await this.additional(),
			webhookId: WEBHOOK_ID,
		};
	}

	/** Runs checkExists / create / delete in a HookContext, as activation does. */
	async lifecycle(method: 'checkExists' | 'create' | 'delete'): Promise<boolean> {
		const { nodeTypes } = await loadPackage();
		const nodeType = nodeTypes.getByNameAndVersion(this.node.type, 1);
		const data = await this.webhookData();
		const context = new HookContext(this.workflow, this.node, data.workflowExecuteAdditionalData, 'trigger', 'activate', data);
		const fn = nodeType.webhookMethods?.default?.[method];
		if (!fn) throw new Error(`no webhook method ${method}`);
		return await fn.call(context);
	}

	/** n8n's activation: create unless checkExists says it is already there. */
	async activate(): Promise<void> {
		if (!(await this.lifecycle('checkExists'))) await this.lifecycle('create');
	}

	private async handle(request: IncomingMessage, response: ServerResponse, rawBodyAsString: boolean): Promise<void> {
		const chunks: Buffer[] = [];
		for await (const chunk of request) chunks.push(chunk as Buffer);
		const raw = Buffer.concat(chunks);
		// n8n keeps the bytes as a Buffer; a string is what older setups or other proxies hand over.
		const req = request as unknown as { rawBody: Buffer | string; body: unknown };
		req.rawBody = rawBodyAsString ? raw.toString('utf8') : raw;
		try {
			req.body = JSON.parse(raw.toString('utf8')) as unknown;
		} catch {
			req.body = {};
		}

		const { nodeTypes } = await loadPackage();
		const nodeType = nodeTypes.getByNameAndVersion(this.node.type, 1);
		const data = await this.webhookData();
		data.workflowExecuteAdditionalData.httpRequest = req as never;
		data.workflowExecuteAdditionalData.httpResponse = response as never;
		const context = new WebhookContext(this.workflow, this.node, data.workflowExecuteAdditionalData, 'webhook', data, [], null);
		let result: IWebhookResponseData;
		try {
			result = await nodeType.webhook!.call(context);
		} catch (error) {
			response.writeHead(500, { 'Content-Type': 'application/json' });
			response.end(JSON.stringify({ message: (error as Error).message }));
			return;
		}
		if (result.noWebhookResponse) return;
		response.writeHead(200, { 'Content-Type': 'application/json' });
		if (!result.workflowData) {
			response.end(JSON.stringify(result.webhookResponse ?? { message: 'Webhook call received' }));
			return;
		}
		// responseMode onReceived: answer first, then run.
		response.end(JSON.stringify({ message: 'Workflow was started' }));
		const run = await runWorkflow(
			{ nodes: [this.node], connections: {} },
			{ credentials: this.credentials, mode: 'webhook', startItems: result.workflowData[0] },
		);
		this.executions.push(run.run);
	}

	/** POSTs a delivery to the node's webhook over real HTTP. */
	async deliver({ body, headers = {}, rawBodyAsString = false }: Delivery): Promise<DeliveryResult> {
		if (!this.server) {
			this.server = createServer((request, response) => {
				void this.handle(request, response, this.rawBodyAsString);
			});
			await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
			this.port = (this.server.address() as AddressInfo).port;
		}
		this.rawBodyAsString = rawBodyAsString;
		const before = this.executions.length;
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
		// The execution starts after the answer; wait until it is recorded.
		for (let waited = 0; waited < 5000 && status === 200 && text.includes('Workflow was started') && this.executions.length === before; waited += 10) {
			await new Promise((resolve) => setTimeout(resolve, 10));
		}
		let parsed: unknown = text;
		try {
			parsed = JSON.parse(text);
		} catch {
			// plain text answer
		}
		return { status, body: parsed, executions: this.executions.slice(before) };
	}

	private rawBodyAsString = false;

	async close(): Promise<void> {
		if (this.server) await new Promise((resolve) => this.server!.close(resolve));
		this.server = undefined;
	}
}

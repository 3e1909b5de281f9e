/**
 * A minimal MCP client over Streamable HTTP (MCP spec 2025-03-26, "Transports"), speaking to
 * n8n's MCP Server Trigger as Claude, Cursor or any MCP client would: JSON-RPC requests POSTed
 * to the endpoint, answers as JSON or as a server-sent event stream, the session carried in the
 * `Mcp-Session-Id` header the server gives on `initialize`.
 */
export interface JsonRpcAnswer<T = unknown> {
	jsonrpc: '2.0';
	id?: number;
	result?: T;
	error?: { code: number; message: string };
}

export interface ToolCallResult {
	content: Array<{ type: string; text: string }>;
	isError?: boolean;
}

export interface ListedTool {
	name: string;
	description: string;
	inputSchema: { properties?: Record<string, unknown>; required?: string[] };
}

/** The JSON-RPC messages in an answer body: one JSON object, or the `data:` lines of an event stream. */
function messagesOf(body: string, contentType: string): JsonRpcAnswer[] {
	if (!contentType.includes('text/event-stream')) return body.trim() ? [JSON.parse(body) as JsonRpcAnswer] : [];
	return body
		.split('\n')
		.filter((line) => line.startsWith('data:'))
		.map((line) => JSON.parse(line.slice(5).trim()) as JsonRpcAnswer);
}

/** The `initialize` request a client opens a session with. */
export const INITIALIZE = {
	id: 0,
	method: 'initialize',
	params: { protocolVersion: '2025-03-26', capabilities: {}, clientInfo: { name: 'kustomer-e2e', version: '1.0.0' } },
};

export class McpClient {
	private sessionId?: string;
	private nextId = 1;

	constructor(
		readonly url: string,
		private readonly token?: string,
	) {}

	/** POSTs one JSON-RPC message; answers the HTTP status and the messages that came back. */
	async post(message: Record<string, unknown>): Promise<{ status: number; messages: JsonRpcAnswer[] }> {
		const response = await fetch(this.url, {
			method: 'POST',
			headers: {
				'Content-Type': 'application/json',
				Accept: 'application/json, text/event-stream',
				...(this.token ? { Authorization: `Bearer ${this.token}` } : {}),
				...(this.sessionId ? { 'Mcp-Session-Id': this.sessionId } : {}),
			},
			body: JSON.stringify({ jsonrpc: '2.0', ...message }),
		});
		this.sessionId = response.headers.get('mcp-session-id') ?? this.sessionId;
		const body = await response.text();
		return { status: response.status, messages: response.ok ? messagesOf(body, response.headers.get('content-type') ?? '') : [] };
	}

	async request<T>(method: string, params: Record<string, unknown> = {}): Promise<T> {
		const id = this.nextId++;
		const { status, messages } = await this.post({ id, method, params });
		const answer = messages.find((message) => message.id === id);
		if (!answer) throw new Error(`${method}: no answer (HTTP ${status})`);
		if (answer.error) throw new Error(`${method}: ${answer.error.message}`);
		return answer.result as T;
	}

	/** `initialize`, then the `notifications/initialized` a client sends before anything else. */
	async initialize(): Promise<{ serverInfo: { name: string }; capabilities: Record<string, unknown> }> {
		const result = await this.request<{ serverInfo: { name: string }; capabilities: Record<string, unknown> }>('initialize', INITIALIZE.params);
		await this.post({ method: 'notifications/initialized' });
		return result;
	}

	async listTools(): Promise<ListedTool[]> {
		return (await this.request<{ tools: ListedTool[] }>('tools/list')).tools;
	}

	async callTool(name: string, args: Record<string, unknown>): Promise<ToolCallResult> {
		return await this.request<ToolCallResult>('tools/call', { name, arguments: args });
	}
}

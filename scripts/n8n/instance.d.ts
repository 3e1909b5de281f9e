export interface RunData {
	status?: string;
	finished?: boolean;
	data: { resultData: { error?: { message: string }; runData: Record<string, Array<{ data?: { main: Array<Array<{ json: Record<string, unknown> }> | null> } }>> } };
}

export class N8nInstance {
	constructor(options: {
		line?: string;
		userFolder: string;
		port: number;
		env?: Record<string, string>;
		logFile?: string;
		command?: 'start' | 'worker' | 'webhook';
		args?: string[];
	});
	readonly command: 'start' | 'worker' | 'webhook';
	readonly env: Record<string, string>;
	readonly line: string;
	readonly baseUrl: string;
	readonly userFolder: string;
	readonly logFile: string;
	readonly paths: { version: string; node: string; n8n: string };
	installPackage(): string;
	cli(
		args: string[],
		options?: { allowFailure?: boolean; onSpawn?: (child: import('child_process').ChildProcess) => void },
	): Promise<{ status: number; stdout: string; stderr: string }>;
	importCredentials(file: string): Promise<void>;
	importWorkflows(file: string): Promise<void>;
	publish(workflowId: string): Promise<void>;
	execute(workflowId: string, options?: { onSpawn?: (child: import('child_process').ChildProcess) => void }): Promise<RunData>;
	start(options?: { timeoutMs?: number }): Promise<void>;
	stop(): Promise<void>;
	kill(): Promise<void>;
	signIn(options?: { email?: string; password?: string }): Promise<{ email: string; password: string }>;
	request<T = unknown>(method: string, route: string, body?: unknown, options?: { allowFailure?: boolean; raw?: boolean }): Promise<T>;
}
export function installPackage(userFolder: string): string;
export function unpackPackage(target: string): string;
export const ROOT: string;

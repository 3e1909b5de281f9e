import type { N8nInstance } from './instance';
import type { Sandbox } from '../../sandbox/server';

export const EXAMPLE_CREDENTIAL: { id: string; name: string };
export const SANDBOX_KEY: string;
export interface SandboxEnvironment {
	sandbox: Sandbox;
	sandboxUrl: string;
	n8n: N8nInstance;
}
export function freePortPair(): Promise<number>;
export function importExamples(n8n: N8nInstance): Promise<void>;
export function importKustomerCredential(n8n: N8nInstance, data: Record<string, unknown>, name?: string): Promise<void>;
export function provisionTemplates(lines: string[]): Promise<Record<string, string>>;
export function removeTemplates(): void;
export function sandboxEnvironment(options?: { line?: string; sandboxConfig?: Record<string, unknown> }): Promise<SandboxEnvironment>;
export function tearDown(environment: SandboxEnvironment | undefined): Promise<void>;
export interface QueueEnvironment {
	sandbox: Sandbox;
	sandboxUrl: string;
	services: { env: Record<string, string>; folder: string; stop(): Promise<void> };
	main: N8nInstance;
	workers: N8nInstance[];
	webhook: N8nInstance;
	userFolder: string;
}
export function queueEnvironment(options?: { sandboxConfig?: Record<string, unknown>; workers?: number; workerConcurrency?: number }): Promise<QueueEnvironment>;
export function startQueueProcesses(environment: QueueEnvironment): Promise<void>;
export function tearDownQueue(environment: QueueEnvironment | undefined): Promise<void>;

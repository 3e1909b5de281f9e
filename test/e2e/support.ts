/**
 * A real n8n of one pinned line, with the packed package installed as users install it, the
 * sandbox credential and every example workflow imported, and a local Kustomer sandbox
 * running in this process.
 */
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { RunData } from '../../scripts/n8n/instance';
import { N8nInstance, ROOT } from '../../scripts/n8n/instance';
import type { Sandbox } from '../../sandbox/server';
import { createSandbox } from '../../sandbox/server';

export const SANDBOX_KEY = 'sandbox-key';
export const SANDBOX_CREDENTIAL = { id: 'KustomerSandbox1', name: 'Kustomer sandbox' };
export const WORKFLOWS = {
	escalate: 'kustEscalate0001',
	batch: 'kustBatchLoop001',
	approval: 'kustApproval0001',
	priority: 'kustPriority0001',
};
/** The Kustomer Trigger's webhookId in examples/react-to-priority-change.json. */
export const PRIORITY_TRIGGER_WEBHOOK_ID = '6d1e2f3a-4b5c-4d6e-8f7a-9b0c1d2e3f4a';

async function portIsFree(port: number): Promise<boolean> {
	return await new Promise((resolve) => {
		const server = createServer();
		server.once('error', () => resolve(false));
		server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
	});
}

/** A free port whose successor is free too (n8n's task broker takes port + 1). */
async function freePortPair(): Promise<number> {
	for (let attempt = 0; attempt < 50; attempt++) {
		const port = 20_000 + Math.floor(Math.random() * 20_000) * 2;
		if ((await portIsFree(port)) && (await portIsFree(port + 1))) return port;
	}
	throw new Error('no free port pair');
}

export interface E2eEnvironment {
	sandbox: Sandbox;
	sandboxUrl: string;
	n8n: N8nInstance;
}

export async function setUpEnvironment(line: string, sandboxConfig: Record<string, unknown> = {}): Promise<E2eEnvironment> {
	const sandbox = createSandbox({ config: sandboxConfig });
	const sandboxUrl = await sandbox.listen(0);
	const userFolder = mkdtempSync(path.join(tmpdir(), `kustomer-e2e-n8n${line}-`));
	const n8n = new N8nInstance({ line, userFolder, port: await freePortPair() });
	n8n.installPackage();
	const credentials = path.join(userFolder, 'credentials.json');
	writeFileSync(
		credentials,
		JSON.stringify([
			{
				...SANDBOX_CREDENTIAL,
				type: 'kustomerApi',
				data: { host: 'custom', customBaseUrl: sandboxUrl, apiKey: SANDBOX_KEY },
			},
		]),
	);
	await n8n.importCredentials(credentials);
	for (const file of readdirSync(path.join(ROOT, 'examples')).filter((name) => name.endsWith('.json'))) {
		await n8n.importWorkflows(path.join(ROOT, 'examples', file));
	}
	return { sandbox, sandboxUrl, n8n };
}

export async function tearDownEnvironment(environment: E2eEnvironment | undefined): Promise<void> {
	await environment?.n8n.stop();
	await environment?.sandbox.close();
}

/** Polls until `probe` answers something truthy. */
export async function waitFor<T>(
	what: string,
	probe: () => Promise<T | undefined | false> | T | undefined | false,
	{ timeoutMs = 60_000, intervalMs = 250 } = {},
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await probe();
		if (value) return value;
		if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, intervalMs));
	}
}

/** The items a node output in a run n8n printed. */
export function outputOf(run: RunData, nodeName: string): Array<Record<string, unknown>> {
	return (run.data.resultData.runData[nodeName]?.[0]?.data?.main[0] ?? []).map((item) => item.json);
}

export interface SandboxRequest {
	seq: number;
	method: string;
	path: string;
	status: number;
	body: unknown;
}

export async function sandboxRequests(sandboxUrl: string): Promise<SandboxRequest[]> {
	const response = await fetch(`${sandboxUrl}/_sandbox/requests`);
	return ((await response.json()) as { requests: SandboxRequest[] }).requests;
}

/** Calls the sandbox's Kustomer API the way Kustomer's own UI or another integration would. */
export async function kustomer<T = { data: { id: string; attributes: Record<string, unknown> } }>(
	sandboxUrl: string,
	method: string,
	route: string,
	body?: unknown,
): Promise<T> {
	const response = await fetch(`${sandboxUrl}${route}`, {
		method,
		headers: { Authorization: `Bearer ${SANDBOX_KEY}`, 'Content-Type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	if (!response.ok) throw new Error(`${method} ${route} -> ${response.status} ${await response.text()}`);
	return (await response.json()) as T;
}

import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import nock from 'nock';

import type { Sandbox } from '../../sandbox/server';
import { createSandbox } from '../../sandbox/server';
import { callSandbox } from './sandbox';
import type { RunResult, WorkflowDefinition } from './harness';
import { runWorkflow } from './harness';

/** A request the sandbox received, as GET /_sandbox/requests lists it. */
export interface SandboxRequest {
	method: string;
	path: string;
	status: number;
	body: unknown;
}

/**
 * Workflows run in-process (harness.ts) against a fresh sandbox org per test instead of nock:
 * Kustomer as its documents say, or switched to another reading (`config.readings`). Bulk jobs
 * complete at once, as the workflow's waits are virtual. `keys`: more API keys and their roles
 * (a list of role names, or { except: [...] }).
 */
export function useSandboxOrg(config: () => Record<string, unknown> = () => ({}), keys: Record<string, unknown> = {}) {
	const state: { sandbox?: Sandbox; base: string } = { base: '' };
	beforeAll(() => nock.enableNetConnect('127.0.0.1'));
	beforeEach(async () => {
		const { bulk, ...rest } = config();
		state.sandbox = createSandbox({ config: { ...rest, bulk: { queuedMs: 0, msPerItem: 0, ...(bulk as object) } }, keys });
		state.base = await state.sandbox.listen(0);
	});
	afterEach(async () => await state.sandbox?.close());

	const credentials = (apiKey = 'sandbox-key'): Record<string, ICredentialDataDecryptedObject> => ({
		kustomerApi: { host: 'custom', customBaseUrl: state.base, apiKey },
	});
	return {
		get sandbox(): Sandbox {
			return state.sandbox as Sandbox;
		},
		/** Runs a workflow with the sandbox's key, or another of `keys`. */
		async run(definition: WorkflowDefinition, apiKey?: string): Promise<RunResult> {
			return await runWorkflow(definition, { credentials: credentials(apiKey) });
		},
		credentials,
		/** What the sandbox received so far (its Kustomer API requests, oldest first). */
		async requests(): Promise<SandboxRequest[]> {
			return ((await callSandbox(state.base, 'GET', '/_sandbox/requests', undefined, null)).body as { requests: SandboxRequest[] }).requests;
		},
		/** Calls the sandbox's API as another Kustomer client would (setting up records for a test). */
		async call<T = { data: { id: string; attributes: Record<string, unknown> } }>(method: string, path: string, body?: unknown): Promise<T> {
			const answer = await callSandbox(state.base, method, path, body);
			if (answer.status < 200 || answer.status > 299) throw new Error(`${method} ${path} -> ${answer.status} ${JSON.stringify(answer.body)}`);
			return answer.body as T;
		},
	};
}

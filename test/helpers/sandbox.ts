import nock from 'nock';

import type { SandboxClock } from '../../sandbox/clock';
import type { Sandbox } from '../../sandbox/server';
import { createSandbox } from '../../sandbox/server';

export interface SandboxCall {
	status: number;
	headers: Headers;
	// eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers of any shape, checked by each test
	body: any;
}

/**
 * A fresh sandbox per test on a free port, and a client for it (the key unless told otherwise).
 * `clock` answers the sandbox's clock for the test starting (read in beforeEach, after
 * setupAfterEnv made the test's virtual clock); without it the sandbox runs on real time.
 */
export function useSandbox(options: { clock?: () => SandboxClock } = {}) {
	const state: { sandbox?: Sandbox; base: string } = { base: '' };
	beforeAll(() => nock.enableNetConnect('127.0.0.1'));
	beforeEach(async () => {
		state.sandbox = createSandbox({ clock: options.clock?.() });
		state.base = await state.sandbox.listen(0);
	});
	afterEach(async () => await state.sandbox?.close());

	async function call(method: string, path: string, body?: unknown, key: string | null = 'sandbox-key'): Promise<SandboxCall> {
		const response = await fetch(path.startsWith('http') ? path : `${state.base}${path}`, {
			method,
			headers: { 'Content-Type': 'application/json', ...(key ? { Authorization: `Bearer ${key}` } : {}) },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		let parsed: unknown = text;
		try {
			parsed = text ? JSON.parse(text) : undefined;
		} catch {
			// Storage answers are XML or bytes.
		}
		return { status: response.status, headers: response.headers, body: parsed };
	}
	return { state, call };
}

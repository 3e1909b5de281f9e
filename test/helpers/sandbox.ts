import type { IncomingHttpHeaders } from 'node:http';

import nock from 'nock';

import type { SandboxClock } from '../../sandbox/clock';
import type { Sandbox } from '../../sandbox/server';
import { createSandbox } from '../../sandbox/server';

import { directRequest } from './directHttp';

/** An answer's headers as fetch gives them. */
const headersOf = (incoming: IncomingHttpHeaders) =>
	new Headers(Object.entries(incoming).flatMap(([name, value]) => (Array.isArray(value) ? value.map((each) => [name, each]) : value === undefined ? [] : [[name, value]])) as [string, string][]);

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

	const call = async (method: string, path: string, body?: unknown, key: string | null = 'sandbox-key') => await callSandbox(state.base, method, path, body, key);
	return { state, call };
}

/** A request to the sandbox at `base` (a path under it, or a URL), with the key unless told otherwise; the answer's JSON parsed. */
export async function callSandbox(base: string, method: string, path: string, body?: unknown, key: string | null = 'sandbox-key'): Promise<SandboxCall> {
	const response = await directRequest(path.startsWith('http') ? path : `${base}${path}`, {
		method,
		headers: { 'Content-Type': 'application/json', ...(key ? { Authorization: `Bearer ${key}` } : {}) },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = response.body.toString('utf8');
	let parsed: unknown = text;
	try {
		parsed = text ? JSON.parse(text) : undefined;
	} catch {
		// Storage answers are XML or bytes.
	}
	return { status: response.status, headers: headersOf(response.headers), body: parsed };
}

/**
 * HTTP from a test to a server of its own (a trigger's webhook, the sandbox) sent straight
 * there, not through nock: nock intercepts every request of the process and hands those it lets
 * through to a real socket only after building its own request and response objects around
 * them, which was about a third of the CPU of the trigger's lifecycle tests (5,000 deliveries;
 * profile, 2026-12-08). What the nodes send still goes through nock, as everywhere.
 *
 * setup.ts imports this module before setupAfterEnv imports nock (importing nock patches
 * node:http), so `request` here is node:http's own.
 */
import type { IncomingHttpHeaders } from 'node:http';
import http from 'node:http';

const unpatchedRequest = http.request;

export interface DirectResponse {
	status: number;
	headers: IncomingHttpHeaders;
	body: Buffer;
}

/** One request to `url` (http only: the test's own servers on this machine). */
export async function directRequest(url: string, { method = 'GET', headers = {}, body }: { method?: string; headers?: Record<string, string | number>; body?: Buffer | string } = {}): Promise<DirectResponse> {
	const payload = body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
	return await new Promise<DirectResponse>((resolve, reject) => {
		const outgoing = unpatchedRequest(url, { method, headers: { ...(payload ? { 'content-length': payload.length } : {}), ...headers } }, (incoming) => {
			const chunks: Buffer[] = [];
			incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
			incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, body: Buffer.concat(chunks) }));
			incoming.on('error', reject);
		});
		outgoing.on('error', reject);
		outgoing.end(payload);
	});
}

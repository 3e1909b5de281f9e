/**
 * directRequest reaches a test's own server with nock active and every other connection
 * refused (setupAfterEnv), as a request through node:http's patched request does not.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import nock from 'nock';

import { directRequest } from './directHttp';

const server = createServer((request, response) => {
	const chunks: Buffer[] = [];
	request.on('data', (chunk: Buffer) => chunks.push(chunk));
	request.on('end', () => {
		response.writeHead(201, { 'Content-Type': 'application/json', 'X-Seen-Method': request.method ?? '' });
		response.end(JSON.stringify({ received: Buffer.concat(chunks).toString('utf8'), length: request.headers['content-length'] }));
	});
});
let base = '';

beforeAll(async () => {
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => await new Promise((resolve) => server.close(resolve)));

test('a request to the test\'s own server goes straight there while nock refuses every connection', async () => {
	expect(nock.isActive()).toBe(true);
	await expect(fetch(`${base}/through-nock`)).rejects.toThrow();
	const answer = await directRequest(`${base}/direct`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' });
	expect(answer.status).toBe(201);
	expect(answer.headers['x-seen-method']).toBe('POST');
	expect(JSON.parse(answer.body.toString('utf8'))).toEqual({ received: '{"a":1}', length: '7' });
});

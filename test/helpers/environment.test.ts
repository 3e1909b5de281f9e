import http from 'node:http';

import nock from 'nock';

import { closeOpenParsers, openParsers } from './environment';

/** Sends a request nock answers, through node's own client, as the nodes' requests go. */
async function interceptedRequest(): Promise<number | undefined> {
	nock('http://kustomer.test').get('/ping').reply(200, 'pong');
	return await new Promise((resolve, reject) => {
		http.get('http://kustomer.test/ping', (response) => {
			response.resume();
			response.on('end', () => resolve(response.statusCode));
		}).on('error', reject);
	});
}

const REQUEST = Buffer.from('GET / HTTP/1.1\r\nHost: a\r\n\r\n');

test("the HTTP parsers nock's interceptor makes for a request are closed when the file ends, so they do not keep the file in memory", async () => {
	closeOpenParsers();
	expect(await interceptedRequest()).toBe(200);
	const made = [...openParsers()];
	// The interceptor's socket makes a parser for the request and one for the response.
	expect(made.length).toBeGreaterThanOrEqual(2);
	closeOpenParsers();
	expect(openParsers().size).toBe(0);
	// A closed parser's C++ side is gone: it parses nothing (an open one answers a byte count or an error).
	expect(made.map((parser) => parser.execute(REQUEST))).toEqual(made.map(() => undefined));
});

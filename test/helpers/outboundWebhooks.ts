/**
 * Kustomer's outbound-webhook API for in-process trigger tests, over nock: list (paged), get,
 * create, delete and the org's event list, with the behaviour Kustomer documents (at most 5
 * webhooks, at most 12 events, a token per webhook, custom headers sent back as registered).
 * Requests are recorded in `sent` (test/helpers/kustomer). Failures can be queued per route.
 */
import type { IDataObject } from 'n8n-workflow';
import type nock from 'nock';
import { randomBytes } from 'node:crypto';

import { DOCUMENTED_EVENTS, TAG_EVENTS } from '../../sandbox/webhooks';
import { kustomerApi } from './kustomer';
import { clock } from './virtualClock';

export { DOCUMENTED_EVENTS, TAG_EVENTS };

export interface FakeHook {
	id: string;
	name: string;
	url: string;
	events: string[];
	headers: Array<{ name: string; value: string }>;
	enabled: boolean;
	token: string;
	createdAt: string;
}

type Failure =
	| { kind: 'status'; status: number; body?: unknown }
	/** A 422 whose error message quotes the request body (as some APIs' validation errors do). */
	| { kind: 'echo' }
	/** The connection drops; with `landed`, after Kustomer made the change. */
	| { kind: 'drop'; landed: boolean };

type Route = 'create' | 'list' | 'get' | 'delete' | 'events';

type ReplyWithCallback = (uri: string, body: nock.Body, callback: (error: NodeJS.ErrnoException | null, result: nock.ReplyFnResult) => void) => void;

let sequence = 0;

export class FakeOutboundWebhooks {
	hooks: FakeHook[] = [];
	/** What GET /v1/outbound-webhooks/events lists; a number answers that status instead. */
	offered: string[] | number = [...DOCUMENTED_EVENTS, ...TAG_EVENTS];
	/** Whether GET answers carry the custom headers' values (Kustomer shows them; a reading could hide them). */
	showHeaderValues = true;
	private readonly failures: Record<Route, Failure[]> = { create: [], list: [], get: [], delete: [], events: [] };

	constructor() {
		this.serve();
	}

	/** A webhook already in the org (made by an earlier activation, another tool, or a person). */
	add(attributes: Partial<FakeHook> & { url: string }): FakeHook {
		const hook: FakeHook = {
			id: `wh-${++sequence}`,
			name: 'Someone else',
			events: ['kustomer.conversation.create'],
			headers: [],
			enabled: true,
			token: randomBytes(12).toString('hex'),
			createdAt: new Date(clock.now()).toISOString(),
			...attributes,
		};
		this.hooks.push(hook);
		return hook;
	}

	/** Makes the next request to `route` fail this way (queued, one per request). */
	fail(route: Route, failure: Failure): void {
		this.failures[route].push(failure);
	}

	withUrl(url: string): FakeHook[] {
		return this.hooks.filter((hook) => hook.url === url);
	}

	private render(hook: FakeHook): IDataObject {
		const headers = hook.headers.map((header) => (this.showHeaderValues ? header : { name: header.name }));
		const { id, ...attributes } = hook;
		return { type: 'outbound_webhook', id, attributes: { ...attributes, headers, isError: false } };
	}

	private create(body: IDataObject): [number, unknown] {
		const events = (body.events as string[]) ?? [];
		if (this.hooks.length >= 5) return [400, { errors: [{ status: '400', title: 'Bad Request', detail: 'Cannot create more than 5 webhooks' }] }];
		const offered = Array.isArray(this.offered) ? this.offered : [...DOCUMENTED_EVENTS, ...TAG_EVENTS];
		const unknown = events.filter((event) => !offered.includes(event));
		if (unknown.length) return [400, { errors: [{ status: '400', title: 'Bad Request', detail: `unknown events: ${unknown.join(', ')}` }] }];
		const hook = this.add({
			name: String(body.name),
			url: String(body.url),
			events,
			headers: (body.headers as FakeHook['headers'] | undefined) ?? [],
		});
		return [201, { data: this.render(hook) }];
	}

	/** Answers a request of `route`, or its queued failure. */
	private answer(route: Route, handle: () => [number, unknown]): ReplyWithCallback {
		return (_uri, requestBody, callback) => {
			const failure = this.failures[route].shift();
			if (failure?.kind === 'status') return callback(null, [failure.status, (failure.body ?? '') as nock.Body]);
			if (failure?.kind === 'echo') return callback(null, [422, { errors: [{ title: 'Unprocessable', detail: `not allowed: ${JSON.stringify(requestBody)}` }] }]);
			if (failure?.kind === 'drop') {
				if (failure.landed) handle();
				return callback(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), [0, '']);
			}
			const [status, body] = handle();
			return callback(null, [status, body as nock.Body]);
		};
	}

	private serve(): void {
		const api = kustomerApi().persist();
		api.get('/v1/outbound-webhooks/events').reply(
			this.answer('events', () => (typeof this.offered === 'number' ? [this.offered, ''] : [200, { events: this.offered }])),
		);
		api
			.get('/v1/outbound-webhooks')
			.query(true)
			.reply(this.answer('list', () => [200, { data: this.hooks.map((hook) => this.render(hook)), links: { next: null } }]));
		api.get(/^\/v1\/outbound-webhooks\/wh-[0-9]+$/).reply((uri, body, callback) => {
			const hook = this.hooks.find((entry) => uri.endsWith(`/${entry.id}`));
			this.answer('get', () => (hook ? [200, { data: this.render(hook) }] : [404, '']))(uri, body, callback);
		});
		api.post('/v1/outbound-webhooks').reply((uri, body, callback) => this.answer('create', () => this.create(body as IDataObject))(uri, body, callback));
		api.delete(/^\/v1\/outbound-webhooks\/wh-[0-9]+$/).reply((uri, body, callback) => {
			this.answer('delete', () => {
				const before = this.hooks.length;
				this.hooks = this.hooks.filter((entry) => !uri.endsWith(`/${entry.id}`));
				return this.hooks.length < before ? [204, ''] : [404, ''];
			})(uri, body, callback);
		});
	}
}

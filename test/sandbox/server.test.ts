/**
 * The local Kustomer stand-in behaves like Kustomer's documented API: the end-to-end tests
 * are only as good as it is.
 */
import { createHmac } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import nock from 'nock';

import type { Sandbox } from '../../sandbox/server';
import { createSandbox } from '../../sandbox/server';
import { SEED_IDS } from '../../sandbox/store';
import { underEachReading } from '../helpers/readings';

let sandbox: Sandbox;
let base: string;

beforeAll(() => nock.enableNetConnect('127.0.0.1'));
beforeEach(async () => {
	sandbox = createSandbox();
	base = await sandbox.listen(0);
});
afterEach(async () => await sandbox.close());

async function call(method: string, path: string, body?: unknown, key = 'sandbox-key') {
	const response = await fetch(`${base}${path}`, {
		method,
		headers: { 'Content-Type': 'application/json', ...(key ? { Authorization: `Bearer ${key}` } : {}) },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await response.text();
	return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

const configure = async (config: object) => await call('PATCH', '/_sandbox/config', config, '');

describe('Kustomer shapes', () => {
	test('records are JSON:API documents; lists page with links.next', async () => {
		const customer = await call('GET', '/v1/customers/email=jane%40example.com');
		expect(customer.status).toBe(200);
		expect(customer.body.data).toMatchObject({
			type: 'customer',
			id: SEED_IDS.customers.jane,
			attributes: { name: 'Jane Doe' },
			relationships: { org: { data: { type: 'org' } } },
			links: { self: `/v1/customers/${SEED_IDS.customers.jane}` },
		});
		const first = await call('GET', '/v1/routing/queues?page=1&pageSize=2');
		expect(first.body.data).toHaveLength(2);
		expect(first.body.links.next).toBe('/v1/routing/queues?page=2&pageSize=2');
		const second = await call('GET', first.body.links.next);
		expect(second.body.data).toHaveLength(1);
		expect(second.body.links.next).toBeNull();
	});

	test('create answers 201, delete 204, a miss 404 in the errors shape', async () => {
		const created = await call('POST', '/v1/conversations', { customer: SEED_IDS.customers.omar, queue: { id: SEED_IDS.queues.tier2 }, priority: 4 });
		expect(created.status).toBe(201);
		expect(created.body.data.relationships.queue.data.id).toBe(SEED_IDS.queues.tier2);
		expect(created.body.data.relationships.customer.data.id).toBe(SEED_IDS.customers.omar);
		const missing = await call('GET', '/v1/conversations/externalId=nope');
		expect(missing.status).toBe(404);
		expect(missing.body.errors[0]).toMatchObject({ status: '404', title: 'Not Found' });
		const hook = await call('POST', '/v1/outbound-webhooks', { name: 'x', url: 'https://example.com/h', events: ['kustomer.customer.create'] });
		expect((await call('DELETE', `/v1/outbound-webhooks/${hook.body.data.id}`)).status).toBe(204);
	});

	test('bodies Kustomer would reject are 400 with a pointer', async () => {
		const result = await call('POST', '/v1/conversations', { customer: SEED_IDS.customers.jane, channel: 'email' });
		expect(result.status).toBe(400);
		expect(result.body.errors[0].detail).toContain('must NOT have additional properties "channel"');
		const bad = await call('POST', '/v1/conversations', { customer: SEED_IDS.customers.jane, priority: 9 });
		expect(bad.body.errors[0].source.pointer).toBe('/priority');
	});

	test("a customer's email, phone and external ID are unique: a second is a 409", async () => {
		const duplicate = await call('POST', '/v1/customers', { name: 'Copy', emails: [{ email: 'JANE@example.com' }] });
		expect(duplicate.status).toBe(409);
	});

	underEachReading('externalIdUniqueness', (value) => {
		test('a second conversation or message with an External ID is refused only where Kustomer enforces it', async () => {
			await configure({ readings: { externalIdUniqueness: value } });
			const expected = value === 'enforced' ? 409 : 201;
			await call('POST', '/v1/conversations', { customer: SEED_IDS.customers.jane, externalId: 'x-1' });
			const again = await call('POST', '/v1/conversations', { customer: SEED_IDS.customers.jane, externalId: 'x-1' });
			expect(again.status).toBe(expected);
			const message = { channel: 'email', app: 'n8n', direction: 'in', preview: 'Hi', externalId: 'm-1' };
			const conversationId = again.status === 201 ? again.body.data.id : (await call('GET', '/v1/conversations/externalId=x-1')).body.data.id;
			await call('POST', `/v1/conversations/${conversationId}/messages`, message);
			expect((await call('POST', `/v1/conversations/${conversationId}/messages`, message)).status).toBe(expected);
		});
	});

	test('an unknown key is 401; a key without a role is 403', async () => {
		expect((await call('GET', '/v1/users/current', undefined, 'wrong')).status).toBe(401);
		expect((await call('GET', '/v1/users/current', undefined, '')).status).toBe(401);
		const forbidden = await call('GET', '/v1/outbound-webhooks', undefined, 'sandbox-key-no-webhooks');
		expect(forbidden.status).toBe(403);
		expect(forbidden.body.errors[0].detail).toContain('org.permission.outbound_webhook.read');
		expect((await call('GET', '/v1/users/current', undefined, 'sandbox-key-no-webhooks')).status).toBe(200);
	});
});

describe('search', () => {
	test('criteria, or, not and sort', async () => {
		const found = await call('POST', '/v1/customers/search?page=1&pageSize=10', {
			queryContext: 'customer',
			or: [{ customer_name: { contains: 'a' } }, { customer_email: { equals: 'MEI@example.com' } }],
			not: [{ customer_name: { equals: 'jane doe' } }],
			sort: [{ customer_updated_at: 'desc' }],
		});
		const names = found.body.data.map((record: { attributes: { name: string } }) => record.attributes.name);
		expect(names).toEqual(['Priya Nair', 'Lukas Weber', 'Mei Lin', 'Omar Haddad']);
	});

	test('serves at most 100 pages of one query', async () => {
		for (let index = 0; index < 101; index++) {
			await call('POST', '/v1/customers', { name: `Bulk ${index}`, emails: [{ email: `bulk${index}@example.com` }] });
		}
		const hundredth = await call('POST', '/v1/customers/search?page=100&pageSize=1', { queryContext: 'customer' });
		expect(hundredth.body.links.next).toBe('/v1/customers/search?page=101&pageSize=1');
		const beyond = await call('POST', '/v1/customers/search?page=101&pageSize=1', { queryContext: 'customer' });
		expect(beyond.status).toBe(400);
	});

	test('a deleted conversation answers 404, but a search with includeDeleted still finds it by conversation_id, flagged deleted', async () => {
		const { id } = (await call('POST', '/v1/conversations', { customer: SEED_IDS.customers.jane, name: 'Soon gone' })).body.data;
		expect((await call('DELETE', `/v1/conversations/${id}`)).status).toBe(204);
		expect((await call('DELETE', `/v1/conversations/${id}`)).status).toBe(404);
		const query = (includeDeleted: boolean) => call('POST', '/v1/customers/search', { queryContext: 'conversation', includeDeleted, and: [{ conversation_id: { equals: id } }] });
		expect((await query(false)).body.data).toEqual([]);
		expect((await query(true)).body.data).toEqual([expect.objectContaining({ id, attributes: expect.objectContaining({ deleted: true }) })]);
	});
});

describe('rate limits, latency and faults', () => {
	test('a late write: the create is answered 504 at once and lands later, where a lookup then finds it', async () => {
		await configure({ faults: { lateWriteRate: 1, lateWriteMs: 300 } });
		const answered = await call('POST', '/v1/conversations', { customer: SEED_IDS.customers.jane, externalId: 'late-1' });
		expect(answered.status).toBe(504);
		expect((await call('GET', '/v1/conversations/externalId=late-1')).status).toBe(404);
		const pending = async () => (await call('GET', '/_sandbox/late-writes', undefined, '')).body.pending;
		expect(await pending()).toBe(1);
		await new Promise((resolve) => setTimeout(resolve, 400));
		expect(await pending()).toBe(0);
		expect((await call('GET', '/v1/conversations/externalId=late-1')).status).toBe(200);
		// Reads are not delayed, and searches are no writes.
		expect((await call('POST', '/v1/customers/search', { queryContext: 'customer' })).status).toBe(200);
	});

	test('a per-window budget with x-ratelimit-* headers, then 429', async () => {
		await configure({ rateLimit: { limit: 2, windowMs: 60_000, resetUnit: 'delta' } });
		const first = await call('GET', '/v1/users/current');
		expect(first.headers.get('x-ratelimit-remaining')).toBe('1');
		await call('GET', '/v1/users/current');
		const limited = await call('GET', '/v1/users/current');
		expect(limited.status).toBe(429);
		expect(Number(limited.headers.get('x-ratelimit-reset'))).toBeGreaterThan(50);
		expect(Number(limited.headers.get('x-ratelimit-reset'))).toBeLessThanOrEqual(60);
		await configure({ rateLimit: { resetUnit: 'epoch' } });
		await configure({ rateLimit: { limit: 0 } });
		const epoch = await call('GET', '/v1/users/current');
		expect(Number(epoch.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000);
	});

	test('bursts of 429', async () => {
		await configure({ faults: { burst429Every: 2, burst429Length: 1 } });
		const statuses = [];
		for (let index = 0; index < 6; index++) statuses.push((await call('GET', '/v1/users/current')).status);
		expect(statuses).toEqual([200, 200, 429, 200, 200, 429]);
	});

	test('latency, injected 5xx, 5xx after the write, dropped connections', async () => {
		await configure({ latencyMs: 150 });
		const started = Date.now();
		await call('GET', '/v1/users/current');
		expect(Date.now() - started).toBeGreaterThanOrEqual(150);
		await configure({ latencyMs: 0, faults: { errorRate: 1 } });
		expect((await call('GET', '/v1/users/current')).status).toBe(503);
		await configure({ faults: { errorRate: 0, errorAfterWriteRate: 1 } });
		const before = sandbox.store.list('conversations').length;
		expect((await call('POST', '/v1/conversations', { customer: SEED_IDS.customers.mei })).status).toBe(502);
		expect(sandbox.store.list('conversations')).toHaveLength(before + 1);
		await configure({ faults: { errorAfterWriteRate: 0, dropRate: 1 } });
		await expect(call('GET', '/v1/users/current')).rejects.toThrow();
	});
});

describe('outbound webhooks', () => {
	async function receiver(answer = 200) {
		const received: Array<{ headers: IncomingHttpHeaders; body: Buffer }> = [];
		const server = createServer(async (request, response) => {
			const chunks: Buffer[] = [];
			for await (const chunk of request) chunks.push(chunk as Buffer);
			received.push({ headers: request.headers, body: Buffer.concat(chunks) });
			response.writeHead(answer);
			response.end();
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
		return { received, url, close: async () => await new Promise((resolve) => server.close(resolve)) };
	}

	test('signed events for creates and updates; a new message updates its conversation; re-sends are byte-identical', async () => {
		const hook = await receiver();
		const registered = await call('POST', '/v1/outbound-webhooks', {
			name: 'test',
			url: hook.url,
			events: ['kustomer.conversation.create', 'kustomer.conversation.update', 'kustomer.message.create'],
			headers: [{ name: 'X-Shared', value: 's3' }],
		});
		const token = registered.body.data.attributes.token;
		const conversation = await call('POST', '/v1/conversations', { customer: SEED_IDS.customers.jane, priority: 2 });
		await call('PATCH', `/v1/conversations/${conversation.body.data.id}`, { priority: 5 });
		await call('POST', `/v1/conversations/${conversation.body.data.id}/messages`, { channel: 'chat', app: 'test', preview: 'hi' });
		await sandbox.dispatcher.idle();

		const events = hook.received.map((delivery) => JSON.parse(delivery.body.toString('utf8')));
		expect(events.map((event) => event.name)).toEqual([
			'kustomer.conversation.create',
			'kustomer.conversation.update',
			'kustomer.message.create',
			'kustomer.conversation.update',
		]);
		for (const delivery of hook.received) {
			expect(delivery.headers['x-kustomer-webhook-signature']).toBe(createHmac('sha256', token).update(delivery.body).digest('hex'));
			expect(delivery.headers['x-shared']).toBe('s3');
		}
		expect(events[0].changes).toBeNull();
		expect(events[1].changes.attributes.priority).toEqual({ op: 'replace', before: 2, after: 5 });
		expect(Object.keys(events[1].changes.attributes)).toEqual(expect.arrayContaining(['updatedAt', 'rev']));
		expect(Object.keys(events[3].changes.attributes)).toEqual(expect.arrayContaining(['messageCount', 'lastMessageIn']));

		const resent = await call('POST', '/_sandbox/redeliver', { eventId: events[1].id }, '');
		expect(resent.body).toEqual({ redelivered: 1 });
		await sandbox.dispatcher.idle();
		expect(hook.received[4].body.equals(hook.received[1].body)).toBe(true);
		await hook.close();
	});

	test('at most 5 webhooks; https unless on this machine', async () => {
		for (let index = 0; index < 5; index++) {
			expect((await call('POST', '/v1/outbound-webhooks', { name: `h${index}`, url: `https://example.com/${index}`, events: ['kustomer.customer.create'] })).status).toBe(201);
		}
		const sixth = await call('POST', '/v1/outbound-webhooks', { name: 'h5', url: 'https://example.com/5', events: ['kustomer.customer.create'] });
		expect(sixth.status).toBe(400);
		expect(sixth.body.errors[0].detail).toContain('at most 5');
		await call('POST', '/_sandbox/reset', {}, '');
		expect((await call('POST', '/v1/outbound-webhooks', { name: 'x', url: 'http://n8n.example.com/h', events: ['kustomer.customer.create'] })).body.errors[0].detail).toBe('url must use https');
		expect((await call('POST', '/v1/outbound-webhooks', { name: 'x', url: 'http://127.0.0.1:5678/h', events: ['kustomer.customer.create'] })).status).toBe(201);
	});

	test("a delivery that keeps failing is retried on Kustomer's schedule (1, 1, 2, 5, 10, 15, 30 minutes), then the webhook is switched off", async () => {
		const hook = await receiver(500);
		await configure({ webhookDelivery: { retryScale: 0.0001 } });
		const registered = await call('POST', '/v1/outbound-webhooks', { name: 'failing', url: hook.url, events: ['kustomer.customer.create'] });
		await call('POST', '/v1/customers', { name: 'Failing' });
		await sandbox.dispatcher.idle();
		expect(hook.received.length).toBe(8);
		const after = await call('GET', `/v1/outbound-webhooks/${registered.body.data.id}`);
		expect(after.body.data.attributes.enabled).toBe(false);
		await hook.close();
	});

	test('the create body is the documented one: `enabled` is refused; no update of a webhook exists', async () => {
		const created = await call('POST', '/v1/outbound-webhooks', { name: 'x', url: 'https://example.com/h', events: ['kustomer.customer.create'], enabled: true });
		expect(created.status).toBe(400);
		const hook = await call('POST', '/v1/outbound-webhooks', { name: 'x', url: 'https://example.com/h', events: ['kustomer.customer.create'] });
		expect(hook.body.data.attributes.enabled).toBe(true);
		expect((await call('PATCH', `/v1/outbound-webhooks/${hook.body.data.id}`, { enabled: false })).status).toBe(404);
	});

	underEachReading('tagEvents', (value) => {
		test('the org offers tag events, or not; a webhook for an event not offered is refused', async () => {
			await configure({ readings: { tagEvents: value } });
			const { events } = (await call('GET', '/v1/outbound-webhooks/events')).body;
			expect(events.includes('kustomer.tag.create')).toBe(value === 'listed');
			expect(events).toEqual(expect.arrayContaining(['kustomer.conversation.update', 'kustomer.user.create']));
			const tagHook = await call('POST', '/v1/outbound-webhooks', { name: 't', url: 'https://example.com/t', events: ['kustomer.tag.create'] });
			expect(tagHook.status).toBe(value === 'listed' ? 201 : 400);
		});
	});

	underEachReading('webhookSignature', (value) => {
		test('deliveries are signed under the header the reading names, and carry the custom headers', async () => {
			await configure({ readings: { webhookSignature: value } });
			const hook = await receiver();
			const registered = await call('POST', '/v1/outbound-webhooks', { name: 's', url: hook.url, events: ['kustomer.customer.create'], headers: [{ name: 'X-Shared', value: 's3' }] });
			await call('POST', '/v1/customers', { name: 'Signed' });
			await sandbox.dispatcher.idle();
			const [delivery] = hook.received;
			const signature = createHmac('sha256', registered.body.data.attributes.token).update(delivery.body).digest('hex');
			const header = value === 'documented' ? 'x-kustomer-webhook-signature' : 'x-kustomer-signature';
			expect(delivery.headers[header]).toBe(signature);
			expect(delivery.headers['x-shared']).toBe('s3');
			await hook.close();
		});
	});

	underEachReading('modificationHistory', (value) => {
		test("an update event's changes carry modificationHistory, or not", async () => {
			await configure({ readings: { modificationHistory: value } });
			const hook = await receiver();
			await call('POST', '/v1/outbound-webhooks', { name: 'm', url: hook.url, events: ['kustomer.conversation.update'] });
			const conversation = await call('POST', '/v1/conversations', { customer: SEED_IDS.customers.jane, priority: 2 });
			await call('PATCH', `/v1/conversations/${conversation.body.data.id}`, { priority: 5 });
			await sandbox.dispatcher.idle();
			const event = JSON.parse(hook.received[0].body.toString('utf8'));
			if (value === 'inChanges') {
				expect(event.changes.attributes.modificationHistory).toEqual({ op: 'replace', before: {}, after: { priorityAt: event.data.attributes.updatedAt } });
				expect(event.data.attributes.modificationHistory).toEqual({ priorityAt: event.data.attributes.updatedAt });
			} else {
				expect(event.changes.attributes.modificationHistory).toBeUndefined();
			}
			await hook.close();
		});
	});
});

test('/_sandbox/requests shows what was received, without the key', async () => {
	await call('POST', '/v1/conversations', { customer: SEED_IDS.customers.jane, name: 'Seen' });
	const log = await call('GET', '/_sandbox/requests', undefined, '');
	expect(log.body.requests).toEqual([
		expect.objectContaining({ method: 'POST', path: '/v1/conversations', status: 201, body: { customer: SEED_IDS.customers.jane, name: 'Seen' } }),
	]);
	expect(JSON.stringify(log.body)).not.toContain('sandbox-key');
});

describe('conversation and customer lifecycles (issue 9)', () => {
	const jane = SEED_IDS.customers.jane;

	test('PATCH a conversation: partial, checked like Kustomer (queue and assignees must exist), rev-locked when rev is sent', async () => {
		const created = await call('POST', '/v1/conversations', { customer: jane });
		const id = created.body.data.id;
		const patched = await call('PATCH', `/v1/conversations/${id}`, { status: 'snoozed', snooze: { status: 'scheduled', time: '2099-01-01T00:00:00Z' }, queue: { id: SEED_IDS.queues.vip } });
		expect(patched.status).toBe(200);
		expect(patched.body.data.attributes).toMatchObject({ status: 'snoozed', snooze: { status: 'scheduled' }, priority: 3 });
		expect(patched.body.data.relationships.queue.data.id).toBe(SEED_IDS.queues.vip);
		expect((await call('PATCH', `/v1/conversations/${id}`, { assignedUsers: ['5a00000000000000000000ff'] })).status).toBe(400);
		const rev = patched.body.data.attributes.rev;
		expect((await call('PATCH', `/v1/conversations/${id}`, { priority: 5, rev: rev - 1 })).status).toBe(409);
		const locked = await call('PATCH', `/v1/conversations/${id}`, { priority: 5, rev });
		expect(locked.status).toBe(200);
		expect(locked.body.data.attributes.rev).toBe(rev + 1);
		// An empty PATCH is refused as Kustomer's schema refuses it.
		expect((await call('PATCH', `/v1/conversations/${id}`, {})).status).toBe(400);
	});

	test('tags by name: POST adds (creating unknown names), DELETE removes with the delete role and answers the conversation', async () => {
		const id = (await call('POST', '/v1/conversations', { customer: jane, tags: [SEED_IDS.tags.bug] })).body.data.id;
		const added = await call('POST', `/v1/conversations/${id}/tags`, ['vip', 'brand new']);
		expect(added.status).toBe(200);
		expect(added.body.data.attributes.tags).toHaveLength(3);
		const removed = await call('DELETE', `/v1/conversations/${id}/tags`, ['vip', SEED_IDS.tags.bug]);
		expect(removed.status).toBe(200);
		expect(removed.body.data.attributes.tags).toHaveLength(1);
		const limited = createSandbox({ keys: { 'update-only': ['org.permission.conversation.update'] } });
		const limitedBase = await limited.listen(0);
		try {
			const response = await fetch(`${limitedBase}/v1/conversations/${id}/tags`, {
				method: 'DELETE',
				headers: { Authorization: 'Bearer update-only', 'Content-Type': 'application/json' },
				body: '["vip"]',
			});
			expect(response.status).toBe(403);
		} finally {
			await limited.close();
		}
	});

	test('DELETE a conversation or a customer: 204, then 404', async () => {
		const id = (await call('POST', '/v1/conversations', { customer: jane })).body.data.id;
		expect((await call('DELETE', `/v1/conversations/${id}`)).status).toBe(204);
		expect((await call('GET', `/v1/conversations/${id}`)).status).toBe(404);
		const customer = (await call('POST', '/v1/customers', { name: 'Temp' })).body.data.id;
		expect((await call('DELETE', `/v1/customers/${customer}`)).status).toBe(204);
		expect((await call('DELETE', `/v1/customers/${customer}`)).status).toBe(404);
	});

	test('a customer PATCH without company unlinks it, as Kustomer documents; with it, the link stays', async () => {
		const created = await call('POST', '/v1/customers', { name: 'Linked', company: SEED_IDS.companies.acme });
		const id = created.body.data.id;
		expect(created.body.data.relationships.company.data.id).toBe(SEED_IDS.companies.acme);
		const kept = await call('PATCH', `/v1/customers/${id}`, { name: 'Still linked', company: SEED_IDS.companies.acme });
		expect(kept.body.data.relationships.company.data.id).toBe(SEED_IDS.companies.acme);
		const dropped = await call('PATCH', `/v1/customers/${id}`, { name: 'Unlinked' });
		expect(dropped.body.data.relationships.company).toBeUndefined();
		expect((await call('POST', '/v1/customers', { company: '5a00000000000000000000ff' })).status).toBe(400);
	});

	test('companies and the org are listed; conversations are searched by customer, queue and status', async () => {
		expect((await call('GET', '/v1/companies')).body.data.map((company: { attributes: { name: string } }) => company.attributes.name)).toEqual(['Acme Inc', 'Globex']);
		expect((await call('GET', '/v1/orgs/current')).body.data.attributes.name).toBe('sandbox');
		await call('POST', '/v1/conversations', { customer: jane, queue: { id: SEED_IDS.queues.vip } });
		await call('POST', '/v1/conversations', { customer: SEED_IDS.customers.omar, queue: { id: SEED_IDS.queues.vip } });
		const found = await call('POST', '/v1/customers/search?page=1&pageSize=10', {
			queryContext: 'conversation',
			and: [{ conversation_customer_id: { equals: jane } }, { conversation_queue: { in: [SEED_IDS.queues.vip] } }, { conversation_status: { equals: 'open' } }],
			sort: [{ conversation_created_at: 'desc' }],
		});
		expect(found.body.data).toHaveLength(1);
		expect(found.body.data[0].relationships.customer.data.id).toBe(jane);
	});
});

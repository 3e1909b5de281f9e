import type { INodePropertyOptions } from 'n8n-workflow';

import { DOCUMENTED_EVENTS } from '../../../../sandbox/webhooks';
import { callMethod } from '../../../helpers/harness';
import { kustomerApi, objectId, resetApi, sent } from '../../../helpers/kustomer';
import { kustomerNode } from '../../../helpers/workflows';

afterEach(resetApi);

const load = async (method: string) => await callMethod<INodePropertyOptions[]>('loadOptions', method, kustomerNode({}));
const record = (type: string, seed: number, attributes: Record<string, unknown>) => ({ type, id: objectId(seed), attributes });

test('queues: every page of GET /v1/routing/queues, by name, deleted ones left out', async () => {
	kustomerApi()
		.get('/v1/routing/queues')
		.query({ page: 1, pageSize: 100 })
		.reply(200, {
			data: [record('queue', 1, { displayName: 'Tier 2' }), record('queue', 2, { displayName: 'Old', deleted: true })],
			links: { next: '/v1/routing/queues?page=2&pageSize=100' },
		});
	kustomerApi()
		.get('/v1/routing/queues')
		.query({ page: 2, pageSize: 100 })
		.reply(200, { data: [record('queue', 3, { name: 'Default Queue' })], links: { next: null } });
	expect(await load('getQueues')).toEqual([
		{ name: 'Default Queue', value: objectId(3) },
		{ name: 'Tier 2', value: objectId(1) },
	]);
});

test('users: pages of 500, with the email as description', async () => {
	kustomerApi()
		.get('/v1/users')
		.query({ page: 1, pageSize: 500 })
		.reply(200, {
			data: [
				record('user', 1, { displayName: 'Zoe Agent', email: 'zoe@acme.test' }),
				record('user', 2, { name: 'Adam Agent', email: 'adam@acme.test' }),
			],
			links: { next: null },
		});
	expect(await load('getUsers')).toEqual([
		{ name: 'Adam Agent', value: objectId(2), description: 'adam@acme.test' },
		{ name: 'Zoe Agent', value: objectId(1), description: 'zoe@acme.test' },
	]);
});

test('teams and tags', async () => {
	kustomerApi().get('/v1/teams').query(true).reply(200, { data: [record('team', 5, { displayName: 'Billing' })] });
	kustomerApi()
		.get('/v1/tags')
		.query(true)
		.reply(200, { data: [record('tag', 6, { name: 'vip' }), record('tag', 7, { name: 'gone', deleted: true })] });
	expect(await load('getTeams')).toEqual([{ name: 'Billing', value: objectId(5) }]);
	expect(await load('getTags')).toEqual([{ name: 'vip', value: objectId(6) }]);
	expect(sent.map((request) => request.path)).toEqual(['/v1/teams?page=1&pageSize=500', '/v1/tags?page=1&pageSize=100']);
});

test('a key without the role gets an error that names the role', async () => {
	kustomerApi().get('/v1/routing/queues').query(true).reply(403, { errors: [{ title: 'Forbidden' }] });
	await expect(load('getQueues')).rejects.toThrow('The API key is not allowed to do this (403)');
	await expect(
		(async () => {
			kustomerApi().get('/v1/routing/queues').query(true).reply(403, '');
			return await load('getQueues');
		})(),
	).rejects.toMatchObject({ description: expect.stringContaining('org.permission.routing.read') });
});

describe('trigger events', () => {
	const triggerNodeForPicker = () => ({
		...kustomerNode({}),
		type: 'n8n-nodes-kustomer.kustomerTrigger',
		name: 'Kustomer Trigger',
	});

	test("the org's own list, as it lists it (what is not an event name left out)", async () => {
		kustomerApi()
			.get('/v1/outbound-webhooks/events')
			.reply(200, { events: ['kustomer.conversation.create', 'kustomer.conversation.update', 'kustomer.kobject.create', 'not an event'] });
		const events = await callMethod<INodePropertyOptions[]>('loadOptions', 'getEvents', triggerNodeForPicker());
		expect(events.map((event) => event.value)).toEqual(['kustomer.conversation.create', 'kustomer.conversation.update', 'kustomer.kobject.create']);
		expect(events.find((event) => event.value === 'kustomer.conversation.update')?.name).toBe('Conversation Updated');
	});

	test('the ten events every source lists when the key may not read the list (no tag events)', async () => {
		kustomerApi().get('/v1/outbound-webhooks/events').reply(403, '');
		const events = await callMethod<INodePropertyOptions[]>('loadOptions', 'getEvents', triggerNodeForPicker());
		expect(events.map((event) => event.value)).toEqual([...DOCUMENTED_EVENTS].sort());
	});
});

test('klasses: every status Kustomer lists them by (enabled by default, existing_only, disabled), by name, labelled with the display name and a status other than enabled', async () => {
	const klasses = {
		enabled: [record('klass', 8, { name: 'order', displayName: 'Order', status: 'enabled' })],
		existing_only: [record('klass', 9, { name: 'ecomm-return', displayname: 'Return', status: 'existing_only' })],
		disabled: [record('klass', 10, { name: 'legacy', displayName: 'Legacy', status: 'disabled' })],
	};
	for (const [status, data] of Object.entries(klasses)) kustomerApi().get('/v1/klasses').query({ status, page: 1, pageSize: 100 }).reply(200, { data, links: { next: null } });
	expect(await load('getKlasses')).toEqual([
		{ name: 'Legacy (disabled)', value: 'legacy', description: 'legacy' },
		{ name: 'Order', value: 'order', description: 'order' },
		{ name: 'Return (existing only)', value: 'ecomm-return', description: 'ecomm-return' },
	]);
	expect(sent).toHaveLength(3);
});

test("outbound accounts: the reply channel's sending addresses", async () => {
	kustomerApi()
		.get('/v1/outboundAccounts')
		.query(true)
		.times(2)
		.reply(200, {
			data: [
				{ type: 'outbound_account', attributes: { channel: 'email', name: 'Support', account: 'support@acme.test' } },
				{ type: 'outbound_account', attributes: { channel: 'sms', name: '(800) 555-1212', account: '+18005551212' } },
			],
		});
	const forChannel = async (channel: string) =>
		await callMethod<INodePropertyOptions[]>('loadOptions', 'getOutboundAccounts', kustomerNode({ resource: 'message', operation: 'send', channel }));
	expect(await forChannel('email')).toEqual([{ name: 'Support <support@acme.test>', value: 'support@acme.test', description: 'email' }]);
	expect((await forChannel('conversation')).map((option) => option.value)).toEqual(['+18005551212', 'support@acme.test']);
});

test('tag names: the tag name is the value, for the endpoints that add and remove tags by name', async () => {
	kustomerApi()
		.get('/v1/tags')
		.query(true)
		.reply(200, { data: [record('tag', 1, { name: 'vip' }), record('tag', 2, { name: 'gone', deleted: true }), record('tag', 3, { name: 'Café crème' })], links: { next: null } });
	expect(await load('getTagNames')).toEqual([
		{ name: 'Café crème', value: 'Café crème' },
		{ name: 'vip', value: 'vip' },
	]);
});

describe('the criteria Field picker (version 2 nodes, issue 20 item 8)', () => {
	const searchFields = async (resource: string) => await callMethod<INodePropertyOptions[]>('loadOptions', 'getSearchFields', kustomerNode({ resource }));
	const metadata = { data: { type: 'metadata', id: 'conversation', attributes: { properties: { orderNumberStr: { displayName: 'Order Number', type: 'string' } } } } };

	test("a conversation's standard search attributes (Kustomer's OpenAPI list), then the org's custom attributes", async () => {
		kustomerApi().get('/v1/metadata/conversation').reply(200, metadata);
		const options = await searchFields('conversation');
		expect(options).toContainEqual({ name: 'Message Count', value: 'conversation_message_count', description: 'Sent as conversation_message_count' });
		expect(options).toContainEqual({ name: 'Status', value: 'conversation_status', description: 'Sent as conversation_status' });
		expect(options.at(-1)).toEqual({ name: 'Custom: Order Number (orderNumberStr)', value: 'custom.orderNumberStr', description: 'Sent as custom.orderNumberStr' });
		expect(options.every((option) => String(option.value).startsWith('conversation_') || String(option.value).startsWith('custom.'))).toBe(true);
	});

	test("a customer's, with the standard ones alone when the key may not read custom attribute definitions", async () => {
		kustomerApi().get('/v1/metadata/customer').reply(403, { errors: [{ status: '403', title: 'Forbidden' }] });
		const options = await searchFields('customer');
		expect(options).toContainEqual({ name: 'External ID', value: 'customer_externalId', description: 'Sent as customer_externalId' });
		expect(options.some((option) => String(option.value).startsWith('custom.'))).toBe(false);
	});
});

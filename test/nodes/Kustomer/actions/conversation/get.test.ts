import { runWorkflow } from '../../../../helpers/harness';
import { conversationResource, CONVERSATION_ID, CUSTOMER_ID, kustomerApi, QUEUE_ID, resetApi, sent } from '../../../../helpers/kustomer';
import { itemsThenKustomer, locator } from '../../../../helpers/workflows';

afterEach(resetApi);

const getBy = (mode: string, value: string, extra = {}) =>
	itemsThenKustomer([{}], { resource: 'conversation', operation: 'get', conversation: locator(mode, value), ...extra });

test('gets a conversation by ID and flattens the related IDs', async () => {
	kustomerApi().get(`/v1/conversations/${CONVERSATION_ID}`).reply(200, { data: conversationResource() });
	const result = await runWorkflow(getBy('id', CONVERSATION_ID));
	expect(result.output('Kustomer')[0].json).toMatchObject({
		id: CONVERSATION_ID,
		name: 'Refund request',
		status: 'open',
		customerId: CUSTOMER_ID,
		queueId: QUEUE_ID,
	});
});

test('gets a conversation from its Kustomer app link', async () => {
	kustomerApi().get(`/v1/conversations/${CONVERSATION_ID}`).reply(200, { data: conversationResource() });
	await runWorkflow(getBy('url', `https://acme.kustomerapp.com/app/customers/${CUSTOMER_ID}/event/${CONVERSATION_ID}`));
	expect(sent.map((request) => request.path)).toEqual([`/v1/conversations/${CONVERSATION_ID}`]);
});

test('gets a conversation by external ID, raw (plus its app link)', async () => {
	kustomerApi().get('/v1/conversations/externalId=ticket%201042').reply(200, { data: conversationResource() });
	const result = await runWorkflow(getBy('externalId', 'ticket 1042', { simplify: false }));
	expect(result.output('Kustomer')[0].json).toEqual({
		...conversationResource(),
		appUrl: `https://acme.kustomerapp.com/app/customers/${CUSTOMER_ID}/event/${CONVERSATION_ID}`,
	});
});

test('a missing conversation names what was looked for', async () => {
	kustomerApi().get('/v1/conversations/externalId=nope').reply(404, '');
	const result = await runWorkflow(getBy('externalId', 'nope'));
	expect(result.error('Kustomer')?.message).toBe('No Kustomer conversation with external ID "nope"');
});

test('a malformed ID from an expression fails before any request', async () => {
	const result = await runWorkflow(getBy("id", "={{ \"12345\" }}"));
	expect(result.error('Kustomer')?.message).toContain('Conversation must be a Kustomer ID: 24 hexadecimal characters');
	expect(result.error('Kustomer')?.message).toContain('[item 0]');
	expect(sent).toHaveLength(0);
});

/**
 * The sandbox's drafts follow the reading of Kustomer's docs and OpenAPI the node is built on
 * (nodes/Kustomer/actions/message/send.ts): POST makes a draft; PUT with sendAt now sends it;
 * a future sendAt schedules it; null unschedules; a POST with sendAt goes at once.
 */
import { SEED_IDS } from '../../sandbox/store';
import { useSandbox } from '../helpers/sandbox';

const { call } = useSandbox();
const jane = SEED_IDS.customers.jane;

async function conversation(): Promise<string> {
	return (await call('POST', '/v1/conversations', { customer: jane, name: 'Reply' })).body.data.id;
}

async function outbound(conversationId: string) {
	const messages = await call('GET', `/v1/conversations/${conversationId}/messages`);
	return messages.body.data.filter((message: { attributes: { direction: string } }) => message.attributes.direction === 'out');
}

test('send now: the draft becomes an outbound message on the conversation and is gone', async () => {
	const conversationId = await conversation();
	const draft = await call('POST', `/v1/customers/${jane}/drafts`, { channel: 'email', conversation: conversationId, body: 'Refund sent', to: [{ email: 'jane@example.com' }] }, 'sandbox-key-no-webhooks');
	expect(draft).toMatchObject({ status: 200, body: { data: { type: 'draft', attributes: { status: 'draft' } } } });
	const sent = await call('PUT', `/v1/drafts/${draft.body.data.id}`, { channel: 'email', sendAt: new Date().toISOString() });
	expect(sent.body.data.attributes.status).toBe('sent');
	const [message] = await outbound(conversationId);
	expect(message.attributes).toMatchObject({ channel: 'email', preview: 'Refund sent', status: 'sent', meta: { to: [{ email: 'jane@example.com' }] } });
	expect((await call('PUT', `/v1/drafts/${draft.body.data.id}`, { channel: 'email', sendAt: new Date().toISOString() })).status).toBe(404);
});

test('a future sendAt schedules; null unschedules; the timer sends it when due', async () => {
	const conversationId = await conversation();
	const draft = await call('POST', `/v1/customers/${jane}/drafts`, { channel: 'chat', conversation: conversationId, body: 'Later' });
	const id = draft.body.data.id;
	const future = new Date(Date.now() + 60_000).toISOString();
	expect((await call('PUT', `/v1/drafts/${id}`, { channel: 'chat', sendAt: future, scheduled: true })).body.data.attributes).toMatchObject({ status: 'scheduled', sendAt: future });
	expect((await call('PUT', `/v1/drafts/${id}`, { channel: 'chat', sendAt: null })).body.data.attributes).toMatchObject({ status: 'draft', sendAt: null });

	await call('PUT', `/v1/drafts/${id}`, { channel: 'chat', sendAt: new Date(Date.now() + 1_200).toISOString(), scheduled: true });
	expect(await outbound(conversationId)).toHaveLength(0);
	// The sandbox's own timer delivers it: wait for it, no longer.
	for (let waited = 0; waited < 3_000 && (await outbound(conversationId)).length === 0; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
	expect(await outbound(conversationId)).toHaveLength(1);
});

test('POST with sendAt and no scheduled flag goes at once (Kustomer overrides sendAt); scheduled on POST is refused', async () => {
	const conversationId = await conversation();
	const draft = await call('POST', `/v1/customers/${jane}/drafts`, { channel: 'chat', conversation: conversationId, body: 'Now', sendAt: new Date(Date.now() + 60_000).toISOString() });
	expect(draft.body.data.attributes.status).toBe('sent');
	expect(await outbound(conversationId)).toHaveLength(1);
	const scheduled = await call('POST', `/v1/customers/${jane}/drafts`, { channel: 'chat', conversation: conversationId, body: 'x', sendAt: new Date().toISOString(), scheduled: true });
	expect(scheduled.status).toBe(400);
	expect(scheduled.body.errors[0].detail).toContain('"scheduled"');
});

test('a draft on another customer\'s conversation, or a PUT that changes the channel, is refused', async () => {
	const conversationId = await conversation();
	expect((await call('POST', `/v1/customers/${SEED_IDS.customers.omar}/drafts`, { channel: 'chat', conversation: conversationId })).status).toBe(400);
	const draft = await call('POST', `/v1/customers/${jane}/drafts`, { channel: 'chat', conversation: conversationId, body: 'x' });
	expect((await call('PUT', `/v1/drafts/${draft.body.data.id}`, { channel: 'sms', sendAt: null })).status).toBe(400);
});

test('outbound accounts for the From picker', async () => {
	const accounts = await call('GET', '/v1/outboundAccounts');
	expect(accounts.body.data.map((account: { attributes: { channel: string } }) => account.attributes.channel)).toEqual(['email', 'email', 'sms', 'whatsapp']);
});

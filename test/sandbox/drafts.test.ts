/**
 * The sandbox's drafts do what Kustomer's documents say (sandbox/drafts.js): the PUT answers
 * the draft still `draft` and it is delivered afterwards, as an out message, the draft gone; a
 * provider's refusal is recorded as Kustomer records it; where the documents disagree, each
 * reading is switchable (sandbox/readings.js). The sandbox runs on the test's virtual clock:
 * the test waits by moving it, and the sandbox's timers deliver as it passes them.
 */
import { SEED_IDS } from '../../sandbox/store';
import { underEachReading } from '../helpers/readings';
import { useSandbox } from '../helpers/sandbox';
import { clock } from '../helpers/virtualClock';

const { call } = useSandbox({ clock: () => clock });
const jane = SEED_IDS.customers.jane;
const soon = (ms = 0) => new Date(clock.now() + ms).toISOString();

async function conversation(): Promise<string> {
	return (await call('POST', '/v1/conversations', { customer: jane, name: 'Reply' })).body.data.id;
}

async function outbound(conversationId: string) {
	const messages = await call('GET', `/v1/conversations/${conversationId}/messages`);
	return messages.body.data.filter((message: { attributes: { direction: string } }) => message.attributes.direction === 'out');
}

/** Waits (the sandbox's own timer delivers) until the conversation has `count` out messages, no longer. */
async function delivered(conversationId: string, count = 1) {
	for (let waited = 0; waited < 5_000 && (await outbound(conversationId)).length < count; waited += 100) await clock.sleep(100);
	return await outbound(conversationId);
}

const configure = async (config: object) => await call('PATCH', '/_sandbox/config', config, null);

test('a send answers the draft still "draft" (OpenAPI\'s example), then delivers it: an out message, the draft gone', async () => {
	const conversationId = await conversation();
	const fields = { channel: 'email', conversation: conversationId, body: 'Refund sent', to: [{ email: 'jane@example.com' }] };
	const draft = await call('POST', `/v1/customers/${jane}/drafts`, fields, 'sandbox-key-no-webhooks');
	expect(draft).toMatchObject({ status: 200, body: { data: { type: 'draft', attributes: { status: 'draft' } } } });
	// A second ahead: the look right after the answer comes before the delivery.
	const sent = await call('PUT', `/v1/drafts/${draft.body.data.id}`, { ...fields, sendAt: soon(1_000), scheduled: true });
	expect(sent.body.data.attributes.status).toBe('draft');
	expect(await outbound(conversationId)).toHaveLength(0);
	const [message] = await delivered(conversationId);
	expect(message.attributes).toMatchObject({ channel: 'email', preview: 'Refund sent', status: 'sent', meta: { to: [{ email: 'jane@example.com' }] } });
	expect((await call('GET', `/v1/customers/${jane}/drafts`)).body.data).toEqual([]);
	expect((await call('PUT', `/v1/drafts/${draft.body.data.id}`, { channel: 'email', sendAt: soon() })).status).toBe(404);
});

test('a future sendAt schedules (the drafts list says so); null unschedules; the timer sends it when due', async () => {
	const conversationId = await conversation();
	const draft = await call('POST', `/v1/customers/${jane}/drafts`, { channel: 'chat', conversation: conversationId, body: 'Later' });
	const id = draft.body.data.id;
	const future = soon(60_000);
	await call('PUT', `/v1/drafts/${id}`, { channel: 'chat', sendAt: future, scheduled: true });
	expect((await call('GET', `/v1/customers/${jane}/drafts`)).body.data[0].attributes).toMatchObject({ status: 'scheduled', sendAt: future });
	await call('PUT', `/v1/drafts/${id}`, { channel: 'chat', sendAt: null });
	expect((await call('GET', `/v1/customers/${jane}/drafts`)).body.data[0].attributes).toMatchObject({ status: 'draft', sendAt: null });
	await call('PUT', `/v1/drafts/${id}`, { channel: 'chat', sendAt: soon(1_200), scheduled: true });
	expect(await outbound(conversationId)).toHaveLength(0);
	expect(await delivered(conversationId)).toHaveLength(1);
});

test('POST with sendAt and no scheduled flag goes at once (Kustomer overrides sendAt); scheduled on POST is refused', async () => {
	const conversationId = await conversation();
	await call('POST', `/v1/customers/${jane}/drafts`, { channel: 'chat', conversation: conversationId, body: 'Now', sendAt: soon(60_000) });
	expect(await outbound(conversationId)).toHaveLength(1);
	const scheduled = await call('POST', `/v1/customers/${jane}/drafts`, { channel: 'chat', conversation: conversationId, body: 'x', sendAt: soon(), scheduled: true });
	expect(scheduled.status).toBe(400);
	expect(scheduled.body.errors[0].detail).toContain('"scheduled"');
});

describe('a delivery the provider refuses', () => {
	/** An email draft with a file of `bytes`, uploaded. */
	async function emailWithFile(conversationId: string, bytes: number, app?: string) {
		const fields = { channel: 'email', conversation: conversationId, body: 'Big file', to: [{ email: 'jane@example.com' }], ...(app ? { app } : {}) };
		const draft = (await call('POST', `/v1/customers/${jane}/drafts`, fields)).body.data;
		const attachment = (await call('POST', `/v1/drafts/${draft.id}/attachments`, { name: 'big.bin', contentType: 'application/octet-stream', contentLength: bytes })).body.data;
		await fetch(attachment.links.related, { method: 'PUT', body: Buffer.alloc(bytes) });
		return { draft, fields };
	}

	underEachReading('failedDeliveryLeaves', (value) => {
		test("an email over Postmark's 10 MB after base64 encoding is refused: an error message, or the draft left in error", async () => {
			await configure({ readings: { failedDeliveryLeaves: value } });
			const conversationId = await conversation();
			const { draft, fields } = await emailWithFile(conversationId, 8 * 1024 * 1024);
			await call('PUT', `/v1/drafts/${draft.id}`, { ...fields, sendAt: soon(), scheduled: true });
			await clock.sleep(600);
			const error = expect.objectContaining({ title: 'Postmark refused the message', detail: expect.stringContaining('10.7 MB after base64 encoding') });
			if (value === 'message') {
				expect((await outbound(conversationId))[0].attributes).toMatchObject({ status: 'error', error, errorAt: expect.any(String) });
			} else {
				expect(await outbound(conversationId)).toEqual([]);
				expect((await call('GET', `/v1/customers/${jane}/drafts`)).body.data[0].attributes).toMatchObject({ status: 'error', error });
			}
		});
	});

	test('the same files go by Gmail (the app gmail): Postmark\'s limit is not Gmail\'s', async () => {
		const conversationId = await conversation();
		const { draft, fields } = await emailWithFile(conversationId, 8 * 1024 * 1024, 'gmail');
		await call('PUT', `/v1/drafts/${draft.id}`, { ...fields, sendAt: soon(), scheduled: true });
		expect((await delivered(conversationId))[0].attributes.status).toBe('sent');
	});

	test('WhatsApp outside the 24-hour window is refused; inside it goes', async () => {
		const conversationId = await conversation();
		const fields = { channel: 'whatsapp', app: 'whatsapp', conversation: conversationId, body: 'Hello', to: '+14155550101' };
		const late = (await call('POST', `/v1/customers/${jane}/drafts`, fields)).body.data;
		await call('PUT', `/v1/drafts/${late.id}`, { ...fields, sendAt: soon(), scheduled: true });
		expect((await delivered(conversationId))[0].attributes).toMatchObject({ status: 'error', error: { title: 'WhatsApp refused the message' } });
		await call('POST', `/v1/conversations/${conversationId}/messages`, { channel: 'whatsapp', app: 'whatsapp', direction: 'in', preview: 'Hi' });
		const inWindow = (await call('POST', `/v1/customers/${jane}/drafts`, fields)).body.data;
		await call('PUT', `/v1/drafts/${inWindow.id}`, { ...fields, sendAt: soon(), scheduled: true });
		expect((await delivered(conversationId, 2))[1].attributes.status).toBe('sent');
	});
});

underEachReading('draftPut', (value) => {
	test('a PUT that leaves fields out keeps them, or (replaces) drops them: the delivered reply shows which', async () => {
		await configure({ readings: { draftPut: value } });
		const conversationId = await conversation();
		const draft = await call('POST', `/v1/customers/${jane}/drafts`, { channel: 'chat', conversation: conversationId, body: 'Kept?' });
		await call('PUT', `/v1/drafts/${draft.body.data.id}`, { channel: 'chat', sendAt: soon(), scheduled: true });
		expect((await delivered(conversationId))[0].attributes.preview).toBe(value === 'merges' ? 'Kept?' : '');
	});
});

underEachReading('draftSendAtWithoutScheduled', (value) => {
	test('a sendAt without scheduled: true schedules the draft, or is ignored', async () => {
		await configure({ readings: { draftSendAtWithoutScheduled: value } });
		const conversationId = await conversation();
		const draft = await call('POST', `/v1/customers/${jane}/drafts`, { channel: 'chat', conversation: conversationId, body: 'Now?' });
		await call('PUT', `/v1/drafts/${draft.body.data.id}`, { channel: 'chat', sendAt: soon() });
		await clock.sleep(600);
		expect(await outbound(conversationId)).toHaveLength(value === 'schedules' ? 1 : 0);
	});
});

underEachReading('draftPayloadOnMessage', (value) => {
	test("a draft's payload reaches its delivered message's meta, or not", async () => {
		await configure({ readings: { draftPayloadOnMessage: value } });
		const conversationId = await conversation();
		const fields = { channel: 'chat', conversation: conversationId, body: 'Marked', payload: { n8nExternalId: 'r-1' } };
		const draft = await call('POST', `/v1/customers/${jane}/drafts`, fields);
		await call('PUT', `/v1/drafts/${draft.body.data.id}`, { ...fields, sendAt: soon(), scheduled: true });
		expect((await delivered(conversationId))[0].attributes.meta.payload).toEqual(value === 'kept' ? { n8nExternalId: 'r-1' } : undefined);
	});
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

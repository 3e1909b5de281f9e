/**
 * Message → Send against the sandbox, under every reading of Kustomer's drafts where its
 * sources disagree (sandbox/readings.js): the reply goes out with its body and recipient, the
 * node outputs the delivered message, a refused delivery fails the item with Kustomer's reason,
 * and a second run with the same External ID sends nothing.
 *
 * The sandbox runs on the test's virtual clock, 1.5 s ahead of n8n's (a skew Kustomer and n8n
 * may well have): the node's "now + 2 s" reaches the sandbox half a second ahead, and its timer
 * delivers while the node waits its first second for the delivery, in no real time.
 */
import type { IDataObject } from 'n8n-workflow';

import { SEED_IDS } from '../../../../../sandbox/store';
import { runWorkflow } from '../../../../helpers/harness';
import { underEachReading } from '../../../../helpers/readings';
import { useSandbox } from '../../../../helpers/sandbox';
import { clock } from '../../../../helpers/virtualClock';
import { itemsThenKustomer, locator } from '../../../../helpers/workflows';

/** n8n's clock against the sandbox's. */
const SKEW_MS = -1_500;
const { state, call } = useSandbox({ clock: () => clock.offsetBy(-SKEW_MS) });

const credentials = () => ({ kustomerApi: { host: 'custom', customBaseUrl: state.base, apiKey: 'sandbox-key' } });
const jane = SEED_IDS.customers.jane;

async function conversation(channel: string): Promise<string> {
	const id = (await call('POST', '/v1/conversations', { customer: jane, name: 'Where is my refund?' })).body.data.id;
	await call('POST', `/v1/conversations/${id}/messages`, { channel, app: channel === 'whatsapp' ? 'whatsapp' : 'n8n', direction: 'in', preview: 'Where is my refund?' });
	return id;
}

async function outbound(conversationId: string): Promise<IDataObject[]> {
	const { body } = await call('GET', `/v1/conversations/${conversationId}/messages`);
	return (body.data as IDataObject[]).filter((message) => (message.attributes as IDataObject).direction === 'out');
}

const send = (conversationId: string, parameters: IDataObject = {}) =>
	runWorkflow(itemsThenKustomer([{}], { resource: 'message', operation: 'send', conversation: locator('id', conversationId), body: 'Your refund is on its way', ...parameters }), {
		credentials: credentials(),
	});

for (const name of ['draftPut', 'draftSendAtWithoutScheduled', 'draftPayloadOnMessage', 'failedDeliveryLeaves']) {
	underEachReading(name, (value) => {
		beforeEach(async () => await call('PATCH', '/_sandbox/config', { readings: { [name]: value } }, null));

		test('the reply goes out with its body and recipient, and the node outputs the delivered message', async () => {
			const conversationId = await conversation('email');
			const result = await send(conversationId);
			expect(result.error('Kustomer')).toBeUndefined();
			const [message] = await outbound(conversationId);
			expect(message.attributes).toMatchObject({ channel: 'email', status: 'sent', preview: 'Your refund is on its way', meta: { to: [{ email: 'jane@example.com', name: 'Jane Doe' }] } });
			expect(result.output('Kustomer')[0].json).toMatchObject({ id: message.id, direction: 'out', status: 'sent', draftId: expect.any(String) });
		}, 20_000);

		test("a delivery WhatsApp refuses (outside its 24-hour window) fails the item with Kustomer's reason", async () => {
			const conversationId = (await call('POST', '/v1/conversations', { customer: jane, name: 'No reply in a day' })).body.data.id;
			const result = await send(conversationId, { channel: 'whatsapp', additionalFields: { app: 'whatsapp', to: '+14155550101' } });
			expect(result.error('Kustomer')?.message).toBe(
				"Kustomer could not deliver the reply: WhatsApp refused the message: The customer has not written on WhatsApp in the last 24 hours: outside that window only a template message is delivered [item 0]",
			);
		}, 20_000);

		test('a WhatsApp template message is delivered outside the 24-hour window, with its parameters, and output', async () => {
			const conversationId = (await call('POST', '/v1/conversations', { customer: jane, name: 'No reply in a day' })).body.data.id;
			const result = await send(conversationId, {
				channel: 'whatsapp',
				whatsappMessage: 'template',
				whatsappTemplate: '0000000000000000000000b1',
				templateParameters: { parameter: [{ part: 'body', text: 'Jane' }] },
				additionalFields: { to: '+14155550101' },
			});
			expect(result.error('Kustomer')).toBeUndefined();
			const [message] = await outbound(conversationId);
			expect(message.attributes).toMatchObject({ channel: 'whatsapp', status: 'sent', preview: '[template 0000000000000000000000b1] Jane' });
			expect(result.output('Kustomer')[0].json).toMatchObject({ id: message.id, appUrl: expect.stringContaining(conversationId) });
		}, 20_000);

		test('a WhatsApp template run twice with the same External ID goes out once', async () => {
			const conversationId = (await call('POST', '/v1/conversations', { customer: jane, name: 'Order shipped' })).body.data.id;
			const parameters = { channel: 'whatsapp', whatsappMessage: 'template', whatsappTemplate: '0000000000000000000000b1', additionalFields: { to: '+14155550101', externalId: 'shipped-1042' } };
			const first = await send(conversationId, parameters);
			const second = await send(conversationId, parameters);
			expect(await outbound(conversationId)).toHaveLength(1);
			expect(second.output('Kustomer')[0].json).toMatchObject({ id: first.output('Kustomer')[0].json.id, alreadySent: true });
		}, 20_000);

		test('run twice with the same External ID, the reply goes out once', async () => {
			const conversationId = await conversation('email');
			const first = await send(conversationId, { additionalFields: { externalId: 'refund-reply-1' } });
			const second = await send(conversationId, { additionalFields: { externalId: 'refund-reply-1' } });
			expect(await outbound(conversationId)).toHaveLength(1);
			expect(second.output('Kustomer')[0].json.id).toBe(first.output('Kustomer')[0].json.id);
		}, 20_000);
	});
}

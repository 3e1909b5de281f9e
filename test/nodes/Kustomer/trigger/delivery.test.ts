/**
 * Deliveries to the Kustomer Trigger's webhook: real HTTP requests into n8n-core's
 * WebhookContext (test/helpers/trigger.ts), against a stand-in of Kustomer's outbound-webhook
 * API. What verifies, what the signed body decides, what is acknowledged without running.
 */
import type { INodeParameters, IRun } from 'n8n-workflow';
import { conversationResource, sent } from '../../../helpers/kustomer';
import { conversationUpdate, hmacHex, kustomerEvent, messageCreated, signed } from '../../../helpers/kustomerEvents';
import { captureLogs } from '../../../helpers/logs';
import type { Delivery } from '../../../helpers/trigger';
import { WEBHOOK_URL } from '../../../helpers/trigger';
import { useTriggerTests } from '../../../helpers/triggerTests';
import { clock } from '../../../helpers/virtualClock';

const EVENTS = ['kustomer.conversation.create', 'kustomer.conversation.update', 'kustomer.message.create'];
const AUTOMATIC: INodeParameters = { registration: 'automatic', events: EVENTS };
const SECRET_HEADER = 'x-n8n-kustomer-secret';

const { kustomer, activeTrigger } = useTriggerTests(AUTOMATIC);

function hook() {
	const [registered] = kustomer().withUrl(WEBHOOK_URL);
	return { token: registered.token, secret: String(registered.headers[0]?.value) };
}

/** A delivery carrying the webhook's custom header only (no signature). */
function withSecretOnly(event: object, secret: string): Delivery {
	return { body: JSON.stringify(event), headers: { 'x-kustomer-webhook-event': String((event as { name: string }).name), [SECRET_HEADER]: secret } };
}

const outputOf = (run: IRun) => run.data.resultData.runData['Kustomer Trigger'][0].data!.main[0]!.map((item) => item.json);

describe('verified deliveries', () => {
	test('a correctly signed event starts one execution with the simplified event, answered 200 at once', async () => {
		const subject = await activeTrigger();
		const event = conversationUpdate({ priority: { before: 3, after: 5 } }, 'evt-ok');
		const result = await subject.deliver(signed(event, hook().token));
		expect(result.status).toBe(200);
		expect(result.body).toBe('');
		expect(result.executions.map(outputOf)).toEqual([
			[
				{
					event: 'kustomer.conversation.update',
					eventId: 'evt-ok',
					createdAt: new Date(clock.now()).toISOString(),
					orgId: '1a1a1a1a1a1a1a1a1a1a1a1a',
					resourceType: 'conversation',
					resource: expect.objectContaining({ id: '6a1b2c3d4e5f6a7b8c9d0e1f', priority: 5, customerId: '5f1a2b3c4d5e6f7a8b9c0d1e' }),
					changes: { priority: { before: 3, after: 5 } },
				},
			],
		]);
	});

	test('Output Raw gives the envelope exactly as sent', async () => {
		const subject = await activeTrigger({ ...AUTOMATIC, output: 'raw' });
		const event = kustomerEvent('kustomer.conversation.create');
		expect((await subject.deliver(signed(event, hook().token))).executions.map(outputOf)).toEqual([[event]]);
	});

	test('upper-case hex, a string raw body and a non-ASCII body are all accepted', async () => {
		const subject = await activeTrigger();
		const event = kustomerEvent('kustomer.conversation.create', { type: 'conversation', id: 'c1', attributes: { name: 'Zoë – 日本語 😀' } });
		const delivery = signed(event, hook().token);
		delivery.headers!['x-kustomer-webhook-signature'] = delivery.headers!['x-kustomer-webhook-signature'].toUpperCase();
		expect((await subject.deliver(delivery)).executions).toHaveLength(1);
		const again = signed(kustomerEvent('kustomer.conversation.create', { type: 'conversation', id: 'c2', attributes: { name: 'Ünïcødé' } }), hook().token);
		expect((await subject.deliver({ ...again, rawBodyAsString: true })).executions).toHaveLength(1);
	});
});

describe('the record\'s link in Kustomer (issue 20 item 6)', () => {
	test('version 2 gives the simplified record an appUrl, as the polling trigger\'s records have, read from the credential without a request', async () => {
		const subject = await activeTrigger(AUTOMATIC, { typeVersion: 2 });
		const before = sent.length;
		const result = await subject.deliver(signed(conversationUpdate({ priority: { before: 3, after: 5 } }, 'evt-link'), hook().token));
		const [item] = outputOf(result.executions[0]);
		expect(item.resource).toMatchObject({
			id: '6a1b2c3d4e5f6a7b8c9d0e1f',
			appUrl: 'https://acme.kustomerapp.com/app/customers/5f1a2b3c4d5e6f7a8b9c0d1e/event/6a1b2c3d4e5f6a7b8c9d0e1f',
		});
		expect(sent.slice(before)).toEqual([]);
	});

	test('version 1 keeps its output without appUrl; Raw output stays exactly what Kustomer sent', async () => {
		const v1 = await activeTrigger();
		const [item] = outputOf((await v1.deliver(signed(conversationUpdate({ priority: { before: 3, after: 5 } }, 'evt-v1'), hook().token))).executions[0]);
		expect(item.resource).not.toHaveProperty('appUrl');
		await v1.close();
		const raw = await activeTrigger({ ...AUTOMATIC, output: 'raw' }, { typeVersion: 2 });
		const event = kustomerEvent('kustomer.conversation.create');
		expect((await raw.deliver(signed(event, hook().token))).executions.map(outputOf)).toEqual([[event]]);
	});
});

describe('verifiable two ways: the signature, or the secret header the trigger registered', () => {
	test('a delivery carrying only the secret header runs (the signature scheme rests on one source); the log says which verified, never the secret', async () => {
		const logs = captureLogs();
		const subject = await activeTrigger();
		const { secret, token } = hook();
		expect((await subject.deliver(withSecretOnly(kustomerEvent('kustomer.conversation.create'), secret))).executions).toHaveLength(1);
		expect(logs).toContainEqual({ level: 'info', message: expect.stringContaining('verified a delivery by its secret header') });
		expect((await subject.deliver(signed(kustomerEvent('kustomer.conversation.create'), token))).executions).toHaveLength(1);
		expect(logs).toContainEqual({ level: 'info', message: expect.stringContaining('by its signature (X-Kustomer-Webhook-Signature)') });
		expect(JSON.stringify(logs)).not.toContain(secret);
		expect(JSON.stringify(logs)).not.toContain(token);
	});

	test('a wrong secret header and no signature is 401', async () => {
		const subject = await activeTrigger();
		const result = await subject.deliver(withSecretOnly(kustomerEvent('kustomer.conversation.create'), 'f'.repeat(64)));
		expect(result.status).toBe(401);
		expect(result.executions).toHaveLength(0);
	});

	test("after a restart, the token is read from Kustomer by the trigger's URL, once", async () => {
		const subject = await activeTrigger();
		subject.restart();
		sent.length = 0;
		for (let copy = 0; copy < 3; copy++) {
			expect((await subject.deliver(signed(kustomerEvent('kustomer.conversation.create'), hook().token))).status).toBe(200);
		}
		expect(sent.map((request) => `${request.method} ${request.path}`)).toEqual(['GET /v1/outbound-webhooks?page=1&pageSize=100']);
	});

	test('after a restart, deliveries arriving together, signed only, all verify: they share one look-up', async () => {
		const subject = await activeTrigger();
		subject.restart();
		sent.length = 0;
		const deliveries = Array.from({ length: 4 }, () => signed(kustomerEvent('kustomer.conversation.create'), hook().token));
		const answers = await Promise.all(deliveries.map(async (delivery) => await subject.send(delivery)));
		await subject.settled();
		expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200]);
		expect(sent.filter((request) => request.path.startsWith('/v1/outbound-webhooks'))).toHaveLength(1);
	});

	test("a token that differs from Kustomer's is refreshed: deliveries signed with Kustomer's current token run", async () => {
		const subject = await activeTrigger();
		kustomer().withUrl(WEBHOOK_URL)[0].token = 'rotated-token-in-kustomer';
		const result = await subject.deliver(signed(kustomerEvent('kustomer.conversation.create'), 'rotated-token-in-kustomer'));
		expect(result.status).toBe(200);
		expect(result.executions).toHaveLength(1);
	});

	test('forged deliveries get 401 and make the trigger ask Kustomer at most once a minute', async () => {
		const subject = await activeTrigger();
		sent.length = 0;
		for (let forgery = 0; forgery < 5; forgery++) {
			expect((await subject.deliver(signed(kustomerEvent('kustomer.conversation.create'), 'guessed'))).status).toBe(401);
		}
		clock.advance(60_000);
		expect((await subject.deliver(signed(kustomerEvent('kustomer.conversation.create'), 'guessed'))).status).toBe(401);
		expect(sent).toHaveLength(2);
	});

	test.each([
		['a tampered body', (delivery: Delivery) => ({ ...delivery, body: String(delivery.body).replace('Refund request', 'Refund granted') })],
		['the same JSON re-serialized (not the signed bytes)', (delivery: Delivery) => ({ ...delivery, body: JSON.stringify(JSON.parse(String(delivery.body)), null, 1) })],
		['a signature made with another key', (delivery: Delivery) => ({ ...delivery, headers: { ...delivery.headers, 'x-kustomer-webhook-signature': hmacHex(String(delivery.body), 'wrong') } })],
		['no signature header', (delivery: Delivery) => ({ ...delivery, headers: { 'x-kustomer-webhook-event': 'kustomer.conversation.create' } })],
		['a malformed signature', (delivery: Delivery) => ({ ...delivery, headers: { ...delivery.headers, 'x-kustomer-webhook-signature': 'sha256=abc' } })],
	])('%s is answered 401 and starts nothing', async (_label, forge) => {
		const subject = await activeTrigger();
		const result = await subject.deliver(forge(signed(kustomerEvent('kustomer.conversation.create'), hook().token)));
		expect(result.status).toBe(401);
		expect(result.body).toEqual({ message: 'Unauthorized' });
		expect(result.executions).toHaveLength(0);
	});
});

describe('the signed body decides: what verifies but cannot be used is acknowledged and starts nothing', () => {
	test('a signed JSON array gets 200 and a warning naming why', async () => {
		const logs = captureLogs();
		const subject = await activeTrigger();
		const body = JSON.stringify([kustomerEvent('kustomer.conversation.create')]);
		const result = await subject.deliver({ body, headers: { 'x-kustomer-webhook-signature': hmacHex(body, hook().token) } });
		expect(result.status).toBe(200);
		expect(result.body).toEqual({ received: true, ignored: 'the signed body is not a JSON object' });
		expect(result.executions).toHaveLength(0);
		expect(logs).toContainEqual({ level: 'warn', message: expect.stringContaining('the signed body is not a JSON object') });
	});

	test('a signed event without a name starts nothing, whatever the unsigned event header says', async () => {
		const subject = await activeTrigger();
		const { name: _name, ...unnamed } = kustomerEvent('kustomer.conversation.create');
		const result = await subject.deliver(signed({ ...unnamed, name: undefined }, hook().token, { 'x-kustomer-webhook-event': 'kustomer.conversation.create' }));
		expect(result.status).toBe(200);
		expect(result.body).toEqual({ received: true, ignored: 'the signed body names no event' });
		expect(result.executions).toHaveLength(0);
	});

	test('a signed event whose unsigned header names another event runs as the body says', async () => {
		const subject = await activeTrigger();
		const delivery = signed(kustomerEvent('kustomer.conversation.create', undefined, null, 'evt-header'), hook().token, { 'x-kustomer-webhook-event': 'kustomer.customer.update' });
		const result = await subject.deliver(delivery);
		expect(result.status).toBe(200);
		expect(result.executions.map(outputOf)).toEqual([[expect.objectContaining({ event: 'kustomer.conversation.create', eventId: 'evt-header' })]]);
	});

	test('a correctly signed event this trigger did not select is answered 200 and starts nothing', async () => {
		const subject = await activeTrigger();
		const result = await subject.deliver(signed(kustomerEvent('kustomer.customer.create'), hook().token));
		expect(result.body).toEqual({ received: true, ignored: 'event not selected' });
		expect(result.executions).toHaveLength(0);
	});
});

describe('replays', () => {
	test('a signed delivery made more than 2 hours ago (beyond Kustomer\'s hour of retries) is acknowledged as a replay and runs nothing', async () => {
		const subject = await activeTrigger();
		const captured = signed(kustomerEvent('kustomer.conversation.create', undefined, null, 'evt-captured'), hook().token);
		clock.advance(2 * 3600_000 + 1000);
		const result = await subject.deliver(captured);
		expect(result.status).toBe(200);
		expect(result.body).toEqual({ received: true, ignored: expect.stringContaining('a replay') });
		expect(result.executions).toHaveLength(0);
	});

	test('within the bound, a repeat is a duplicate; a body without an id is recognized by its bytes', async () => {
		const subject = await activeTrigger();
		const { id: _id, ...withoutId } = kustomerEvent('kustomer.conversation.create');
		const delivery = signed(withoutId, hook().token);
		expect((await subject.deliver(delivery)).executions).toHaveLength(1);
		const repeat = await subject.deliver(delivery);
		expect(repeat.body).toEqual({ received: true, ignored: 'duplicate' });
		expect(repeat.executions).toHaveLength(0);
	});
});

describe('filters', () => {
	const watching = async (changedAttributes: string) => await activeTrigger({ ...AUTOMATIC, options: { changedAttributes } });

	test("Only When Changed: an update that only touched bookkeeping starts nothing, modificationHistory included, even with '*'", async () => {
		const subject = await watching('*');
		const noise = conversationUpdate({
			updatedAt: { before: 'a', after: 'b' },
			rev: { before: 3, after: 4 },
			modificationHistory: { before: { nameAt: 'a' }, after: { nameAt: 'b' } },
		});
		const result = await subject.deliver(signed(noise, hook().token));
		expect(result.body).toEqual({ received: true, ignored: 'no watched attribute changed' });
		expect(result.executions).toHaveLength(0);
		const real = conversationUpdate({ name: { before: 'a', after: 'b' }, modificationHistory: { before: { nameAt: 'a' }, after: { nameAt: 'b' } } });
		const [run] = (await subject.deliver(signed(real, hook().token))).executions;
		expect(outputOf(run)[0].changes).toEqual({ name: { before: 'a', after: 'b' } });
	});

	test('a filtered delivery is not claimed: its repeat is filtered again', async () => {
		const subject = await watching('status');
		const noise = signed(conversationUpdate({ noteCount: { before: 0, after: 1 } }, 'evt-noise'), hook().token);
		expect((await subject.deliver(noise)).executions).toHaveLength(0);
		expect((await subject.deliver(noise)).body).toEqual({ received: true, ignored: 'no watched attribute changed' });
	});

	test('Only When Changed: a watched attribute starts the workflow; custom.* matches custom attributes; creates pass', async () => {
		const subject = await watching('priority, custom.*');
		expect((await subject.deliver(signed(conversationUpdate({ priority: { before: 3, after: 5 } }), hook().token))).executions).toHaveLength(1);
		const custom = conversationUpdate({ custom: { before: { vipBool: false }, after: { vipBool: true } } });
		expect((await subject.deliver(signed(custom, hook().token))).executions).toHaveLength(1);
		expect((await subject.deliver(signed(conversationUpdate({ tags: { before: [], after: ['x'] } }), hook().token))).executions).toHaveLength(0);
		expect((await subject.deliver(signed(kustomerEvent('kustomer.conversation.create', conversationResource()), hook().token))).executions).toHaveLength(1);
	});

	test('version 3 reads both filters from the panel, as the polling trigger places them (issue 20 item 8)', async () => {
		const subject = await activeTrigger({ ...AUTOMATIC, changedAttributes: 'priority', messageDirection: 'in' }, { typeVersion: 3 });
		expect((await subject.deliver(signed(conversationUpdate({ priority: { before: 3, after: 5 } }), hook().token))).executions).toHaveLength(1);
		expect((await subject.deliver(signed(conversationUpdate({ tags: { before: [], after: ['x'] } }), hook().token))).executions).toHaveLength(0);
		expect((await subject.deliver(signed(messageCreated('in'), hook().token))).executions).toHaveLength(1);
		expect((await subject.deliver(signed(messageCreated('out'), hook().token))).body).toEqual({ received: true, ignored: 'other message direction' });
	});

	test('Message Direction keeps only messages in that direction', async () => {
		const subject = await activeTrigger({ ...AUTOMATIC, options: { messageDirection: 'in' } });
		expect((await subject.deliver(signed(messageCreated('in'), hook().token))).executions).toHaveLength(1);
		const out = await subject.deliver(signed(messageCreated('out'), hook().token));
		expect(out.body).toEqual({ received: true, ignored: 'other message direction' });
		expect(out.executions).toHaveLength(0);
	});
});

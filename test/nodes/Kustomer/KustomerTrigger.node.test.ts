/**
 * The Kustomer Trigger node: its description, and manual mode (the user registers the webhook
 * and keeps its secret in a Kustomer Webhook API credential). Automatic registration, the
 * deliveries and n8n's lifecycle are tested in test/nodes/Kustomer/trigger/.
 */
import { CredentialTestContext } from 'n8n-core';
import type { INodeParameters } from 'n8n-workflow';
import nock from 'nock';

import { KUSTOMER_TRIGGER_NODE, loadPackage, nodeDescription } from '../../helpers/harness';
import { resetApi, sent } from '../../helpers/kustomer';
import { kustomerEvent, signed } from '../../helpers/kustomerEvents';
import { TriggerUnderTest, WEBHOOK_SECRET } from '../../helpers/trigger';

beforeAll(() => nock.enableNetConnect('127.0.0.1'));
afterEach(resetApi);

const TOKEN = 'kustomer-signing-token-71c3';
const EVENTS = ['kustomer.conversation.create', 'kustomer.conversation.update', 'kustomer.message.create'];

const triggers: TriggerUnderTest[] = [];
async function trigger(parameters: INodeParameters) {
	const created = await TriggerUnderTest.create(parameters);
	triggers.push(created);
	return created;
}
afterEach(async () => {
	await Promise.all(triggers.splice(0).map(async (entry) => await entry.close()));
});

describe('description', () => {
	test('is a trigger with a webhook, themed icons, no inputs, and not a tool', async () => {
		const description = await nodeDescription(KUSTOMER_TRIGGER_NODE);
		expect(description.displayName).toBe('Kustomer Trigger');
		expect(description.inputs).toEqual([]);
		expect(description.usableAsTool).toBeUndefined();
		expect(description.webhooks).toEqual([
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', responseData: 'noData', path: 'webhook' },
		]);
		expect(description.iconUrl).toEqual({ light: expect.stringMatching(/kustomer\.svg$/), dark: expect.stringMatching(/kustomer\.dark\.svg$/) });
	});
});

describe('manual mode', () => {
	test('verifies the signature with the secret from the Kustomer Webhook credential, and calls Kustomer for nothing', async () => {
		const subject = await trigger({ registration: 'manual', events: EVENTS });
		expect((await subject.deliver(signed(kustomerEvent('kustomer.conversation.create'), WEBHOOK_SECRET))).executions).toHaveLength(1);
		expect((await subject.deliver(signed(kustomerEvent('kustomer.conversation.create'), TOKEN))).status).toBe(401);
		expect(sent).toHaveLength(0);
	});

	test('verifies a shared secret sent in the custom header the user named', async () => {
		const subject = await trigger({
			registration: 'manual',
			events: EVENTS,
			verification: 'sharedSecretHeader',
			verificationHeaderName: 'X-Acme-Secret',
		});
		const body = JSON.stringify(kustomerEvent('kustomer.conversation.create'));
		const accepted = await subject.deliver({ body, headers: { 'x-acme-secret': WEBHOOK_SECRET } });
		expect(accepted.executions).toHaveLength(1);
		const wrong = await subject.deliver({ body: JSON.stringify(kustomerEvent('kustomer.conversation.create')), headers: { 'x-acme-secret': 'guess' } });
		expect(wrong.status).toBe(401);
		// A signature header does not get around a missing shared secret.
		const signedOnly = await subject.deliver(signed(kustomerEvent('kustomer.conversation.create'), WEBHOOK_SECRET));
		expect(signedOnly.status).toBe(401);
	});

	test('the secret credential is tested locally: present, without stray spaces', async () => {
		const description = await nodeDescription(KUSTOMER_TRIGGER_NODE);
		expect(description.credentials).toContainEqual(expect.objectContaining({ name: 'kustomerWebhookApi', testedBy: 'kustomerWebhookSecretTest' }));
		const { nodeTypes } = await loadPackage();
		const test = nodeTypes.getByNameAndVersion(KUSTOMER_TRIGGER_NODE).methods!.credentialTest!.kustomerWebhookSecretTest;
		const run = async (secret: string) =>
			await test.call(new CredentialTestContext(), { id: '1', name: 'x', type: 'kustomerWebhookApi', data: { secret } });
		expect(await run('abc')).toMatchObject({ status: 'OK' });
		expect(await run('')).toMatchObject({ status: 'Error', message: 'Enter the secret' });
		expect(await run(' abc')).toMatchObject({ status: 'Error' });
	});
});

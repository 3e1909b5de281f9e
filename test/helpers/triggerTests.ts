/**
 * The set-up every in-process Kustomer Trigger test shares: a fresh stand-in of Kustomer's
 * outbound-webhook API per test, triggers made and closed with it, and nothing left behind
 * (log spies, held removals, interceptors).
 */
import type { INodeParameters } from 'n8n-workflow';
import nock from 'nock';

import { resetApi } from './kustomer';
import { FakeOutboundWebhooks } from './outboundWebhooks';
import { elapseTriggerWaits, TriggerUnderTest } from './trigger';

export function useTriggerTests(defaults: INodeParameters) {
	let kustomer: FakeOutboundWebhooks;
	const triggers: TriggerUnderTest[] = [];
	beforeAll(() => nock.enableNetConnect('127.0.0.1'));
	beforeEach(() => {
		kustomer = new FakeOutboundWebhooks();
	});
	afterEach(async () => {
		jest.restoreAllMocks();
		await elapseTriggerWaits();
		await Promise.all(triggers.splice(0).map(async (entry) => await entry.close()));
		resetApi();
	});

	/** A trigger not activated yet. */
	async function trigger(parameters: INodeParameters = defaults, options: Parameters<typeof TriggerUnderTest.create>[1] = {}): Promise<TriggerUnderTest> {
		const created = await TriggerUnderTest.create(parameters, options);
		triggers.push(created);
		return created;
	}

	/** An active trigger, registered in Kustomer by its own activation. */
	async function activeTrigger(
		parameters: INodeParameters = defaults,
		options: Parameters<typeof TriggerUnderTest.create>[1] = {},
	): Promise<TriggerUnderTest> {
		const subject = await trigger(parameters, options);
		await subject.activate();
		return subject;
	}

	return { kustomer: () => kustomer, trigger, activeTrigger };
}

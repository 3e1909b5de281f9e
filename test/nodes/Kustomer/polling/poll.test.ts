/**
 * The polling cursor through real polls (n8n-core's PollContext, static data saved when n8n
 * saves it): no gaps and no repeats across ties, Kustomer's search cap, clock differences,
 * index lag, restarts and overlapping polls.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { sent } from '../../../helpers/kustomer';
import type { FakeKustomer } from '../../../helpers/polling';
import { iso, PollingTriggerUnderTest, pollingNode, T0, usePollingFake } from '../../../helpers/polling';
import { clock } from '../../../helpers/virtualClock';

const fake = usePollingFake();
const { conversation } = fake;
let kustomer: FakeKustomer;
beforeEach(() => {
	kustomer = fake.kustomer();
});

function trigger(parameters: INodeParameters = { event: 'conversationCreated' }) {
	return new PollingTriggerUnderTest(pollingNode(parameters));
}

const names = (items: Array<{ json: IDataObject }> | null) => (items ?? []).map((item) => (item.json.resource as IDataObject).name);
/** Names in alphabetical order: records at one instant come in id order, and the fake's ids are random. */
const nameSet = (items: Array<{ json: IDataObject }> | null) => names(items).sort();
const searches = () => sent.filter((request) => request.path.startsWith('/v1/customers/search'));

describe('starting from now', () => {
	test("the first activation reports nothing and starts at Kustomer's now (one search, for its Date header); a conversation created after it is reported once", async () => {
		conversation('before', -30);
		conversation('long before', -3600);
		const subject = trigger();
		expect(await subject.activate()).toBeNull();
		expect(searches().map((request) => request.body)).toEqual([{ queryContext: 'conversation', and: [{ conversation_created_at: { gte: iso(0) } }] }]);
		expect(subject.state.cursor).toEqual({ since: T0, seen: {} });

		clock.advance(60_000);
		conversation('after', 30);
		expect(names(await subject.tick())).toEqual(['after']);
		clock.advance(60_000);
		expect(await subject.tick()).toBeNull();
	});

	test('a record the search index shows late, at an instant already passed, is still reported (within the overlap)', async () => {
		const subject = trigger();
		await subject.activate();
		clock.advance(60_000);
		conversation('A', 40);
		conversation('C', 45);
		expect(names(await subject.tick())).toEqual(['A', 'C']);
		// B was created at 42 s but reaches the index only now.
		conversation('B', 42);
		clock.advance(60_000);
		expect(names(await subject.tick())).toEqual(['B']);
		expect(await subject.tick()).toBeNull();
	});

	test("a window closes 10 s before Kustomer's now: what was stamped later comes in the next poll", async () => {
		const subject = trigger();
		await subject.activate();
		clock.advance(60_000);
		conversation('early', 45);
		conversation('late', 55);
		expect(names(await subject.tick())).toEqual(['early']);
		clock.advance(60_000);
		expect(names(await subject.tick())).toEqual(['late']);
	});
});

describe('records at the same instant', () => {
	test('ties split across polls: the ones seen are not reported again, the late one is', async () => {
		const subject = trigger();
		await subject.activate();
		conversation('A', 30);
		conversation('B', 30);
		clock.advance(60_000);
		expect(nameSet(await subject.tick())).toEqual(['A', 'B']);
		conversation('C', 30);
		clock.advance(60_000);
		expect(names(await subject.tick())).toEqual(['C']);
		clock.advance(60_000);
		expect(await subject.tick()).toBeNull();
	});

	test('Max Records per Poll cuts the window between instants, never inside one', async () => {
		for (const name of ['t1-a', 't1-b', 't1-c']) conversation(name, -300);
		for (const name of ['t2-a', 't2-b', 't2-c']) conversation(name, -200);
		conversation('t3', -100);
		const subject = trigger({ event: 'conversationCreated', options: { startDate: iso(-600), maxRecords: 4 } });
		expect(nameSet(await subject.activate())).toEqual(['t1-a', 't1-b', 't1-c']);
		expect(nameSet(await subject.tick())).toEqual(['t2-a', 't2-b', 't2-c', 't3']);
		expect(await subject.tick()).toBeNull();
	});

	test('one instant holding more than Max Records per Poll is read whole', async () => {
		for (let index = 1; index <= 5; index++) conversation(`import ${index}`, -300);
		conversation('later', -100);
		const subject = trigger({ event: 'conversationCreated', options: { startDate: iso(-600), maxRecords: 2 } });
		expect(nameSet(await subject.activate())).toEqual(['import 1', 'import 2', 'import 3', 'import 4', 'import 5']);
		expect(names(await subject.tick())).toEqual(['later']);
		expect(await subject.tick()).toBeNull();
	});

	test('without meta.total in the answers, the windows are the same (counted by reading)', async () => {
		kustomer.withTotal = false;
		for (const name of ['t1-a', 't1-b']) conversation(name, -300);
		for (const name of ['t2-a', 't2-b']) conversation(name, -200);
		const subject = trigger({ event: 'conversationCreated', options: { startDate: iso(-600), maxRecords: 3 } });
		expect(nameSet(await subject.activate())).toEqual(['t1-a', 't1-b']);
		expect(nameSet(await subject.tick())).toEqual(['t2-a', 't2-b']);
		expect(await subject.tick()).toBeNull();
	});
});

describe("Kustomer's search cap and rate limit", () => {
	test('10,050 conversations imported at one instant: one poll reads past the 10,000-record cap, each reported once, at most 100 searches a minute', async () => {
		for (let index = 0; index < 10_050; index++) {
			kustomer.add('conversations', { name: `import ${index}`, createdAt: iso(-300), updatedAt: new Date(T0 - 300_000 + index).toISOString() });
		}
		const subject = trigger({ event: 'conversationCreated', options: { startDate: iso(-600) } });
		const items = (await subject.activate())!;
		expect(items).toHaveLength(10_050);
		expect(new Set(items.map((item) => (item.json.resource as IDataObject).id)).size).toBe(10_050);
		// Past page 100, the same query went on from the last updated_at seen.
		expect(searches().some((request) => JSON.stringify(request.body).includes('"conversation_updated_at":{"gte"'))).toBe(true);
		const times = searches().map((request) => request.at);
		// Pages of 500 (Kustomer's largest): the 10,050 records take tens of searches, not hundreds.
		expect(times.length).toBeGreaterThan(20);
		expect(times.length).toBeLessThanOrEqual(50);
		for (const [index, start] of times.entries()) {
			expect(times.slice(index).filter((time) => time < start + 60_000).length).toBeLessThanOrEqual(100);
		}
		expect(await subject.tick()).toBeNull();
	}, 180_000);
});

describe('restarts', () => {
	test('what happened while n8n was down is reported on start-up; nothing reported before is repeated', async () => {
		const subject = trigger();
		await subject.activate();
		conversation('A', 20);
		clock.advance(60_000);
		expect(names(await subject.tick())).toEqual(['A']);
		conversation('B', 70);
		clock.advance(60_000);
		expect(names(await subject.tick())).toEqual(['B']);

		// n8n stops; C is created meanwhile.
		clock.advance(600_000);
		conversation('C', 500);
		expect(names(await subject.restart())).toEqual(['C']);
		clock.advance(60_000);
		expect(await subject.tick()).toBeNull();
		expect(subject.emitted.flatMap((items) => names(items))).toEqual(['A', 'B', 'C']);
	});

	test('polls that found nothing are not saved by n8n: after a restart their records are read again and still not repeated', async () => {
		const subject = trigger({ event: 'conversationUpdated', changedAttributes: 'priority' });
		const watched = conversation('watched', -600);
		await subject.activate();
		const saved = JSON.stringify(subject.stored);
		// A new message: the conversation changes, its priority does not. Nothing to report, nothing saved.
		kustomer.change('conversations', watched.id, { updatedAt: iso(30), messageCount: 1 });
		clock.advance(60_000);
		expect(await subject.tick()).toBeNull();
		expect(JSON.stringify(subject.stored)).toBe(saved);

		clock.advance(60_000);
		expect(await subject.restart()).toBeNull();
		kustomer.change('conversations', watched.id, { updatedAt: iso(150), priority: 5 });
		clock.advance(60_000);
		const [item] = (await subject.tick())!;
		expect(item.json.changes).toEqual({ priority: { before: 3, after: 5 } });
		expect(await subject.restart()).toBeNull();
	});

	test('a poll that fails (here: a transcript Kustomer cannot serve for now) moves nothing on: the next poll reports the same conversation', async () => {
		const subject = trigger({ event: 'conversationDone', includeMessages: true });
		await subject.activate();
		const done = conversation('Refund', -900, { status: 'done', updatedAt: iso(30), lastDone: { createdAt: iso(30) } });
		// The message list answers 503 to every retry of this poll.
		kustomer.messageListStatus.set(done.id, 503);
		clock.advance(60_000);
		const before = JSON.stringify(subject.stored);
		await expect(subject.tick()).rejects.toThrow(/503|unavailable|Kustomer/i);
		expect(JSON.stringify(subject.stored)).toBe(before);
		kustomer.messageListStatus.delete(done.id);
		clock.advance(60_000);
		expect(names(await subject.tick())).toEqual(['Refund']);
	});
});

test('a poll that starts while the previous one of the same trigger is still running stands down', async () => {
	const subject = trigger();
	await subject.activate();
	conversation('A', 20);
	clock.advance(60_000);
	const [first, second] = await Promise.all([subject.tick(), subject.tick()]);
	expect([names(first), names(second)]).toEqual([['A'], []]);
	expect(await subject.tick()).toBeNull();
});

test('changing the event starts over from now, as a first activation', async () => {
	conversation('old', -3600);
	const subject = new PollingTriggerUnderTest(pollingNode({ event: 'conversationCreated' }), {});
	await subject.activate();
	const changed = new PollingTriggerUnderTest(pollingNode({ event: 'conversationUpdated' }), subject.stored);
	expect(await changed.activate()).toBeNull();
	expect(changed.state.setup).toBe(JSON.stringify(['conversationUpdated', null, 'any']));
	expect(changed.state.startedAt).toBe(clock.now());
});

/**
 * The polling events for what Kustomer's webhooks cannot send (issue 21 part 9): New Note,
 * Custom Object Created and Updated (of one type), and customer, conversation and custom object
 * deletions, through real polls with the same guarantees as the other events: each record once,
 * none skipped while the index moves, future-dated records, restarts, and bad input.
 */
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { sent } from '../../../helpers/kustomer';
import type { FakeKustomer } from '../../../helpers/polling';
import { nodeDescription } from '../../../helpers/harness';
import { drain, iso, POLLING_TRIGGER_NODE, PollingTriggerUnderTest, pollingNode, usePollingFake } from '../../../helpers/polling';
import { underEachReading } from '../../../helpers/readings';
import { clock } from '../../../helpers/virtualClock';
import { POLL_EVENTS } from '../../../../nodes/Kustomer/polling/events';
import type { SandboxRecord } from '../../../../sandbox/store';

const fake = usePollingFake();
let kustomer: FakeKustomer;
beforeEach(() => {
	kustomer = fake.kustomer();
});

const CUSTOMER = { type: 'customer', id: '5a00000000000000000000c1' };
const CONVERSATION = { type: 'conversation', id: '5a00000000000000000000d1' };
const at = (seconds: number) => ({ createdAt: iso(seconds), updatedAt: iso(seconds) });

/** One new event: its parameters, how to make a record it reports (at `seconds`), and one it must not. */
interface EventCase {
	parameters: INodeParameters;
	event: string;
	queryContext: string;
	/** A record the event reports, its instant `seconds` from T0 (older ones given by `from`). */
	make(name: string, seconds: number, from?: number): SandboxRecord;
	/** A record of the same search the event must not report. */
	other(name: string, seconds: number): SandboxRecord;
	/** Whether a reported record stamped again (updatedAt) is reported again, as a new version. */
	touchReportsAgain: boolean;
}

const kobject = (klass: string) => (name: string, seconds: number) =>
	kustomer.add('kobjects', { title: name, ...at(seconds) }, { klass: { type: 'klass', id: klass }, customer: CUSTOMER });

/** A record created `from` seconds from T0 and deleted at `seconds`. */
const deleted = (collection: string, make: (name: string, seconds: number) => SandboxRecord) => (name: string, seconds: number, from = seconds - 3600) => {
	const record = make(name, from);
	kustomer.remove(collection, record.id, seconds);
	return record;
};
const customer = (name: string, seconds: number) => kustomer.add('customers', { name, ...at(seconds) });
const conversation = (name: string, seconds: number) => kustomer.add('conversations', { name, status: 'open', ...at(seconds) }, { customer: CUSTOMER });

const CASES: Record<string, EventCase> = {
	noteCreated: {
		parameters: { event: 'noteCreated' },
		event: 'kustomer.note.create',
		queryContext: 'note',
		make: (name, seconds) => kustomer.add('notes', { body: name, ...at(seconds) }, { conversation: CONVERSATION, customer: CUSTOMER }),
		// A note created before the window, edited in it.
		other: (name, seconds) => kustomer.add('notes', { body: name, createdAt: iso(seconds - 3600), updatedAt: iso(seconds) }, { conversation: CONVERSATION }),
		touchReportsAgain: false,
	},
	kobjectCreated: {
		parameters: { event: 'kobjectCreated', klass: 'order' },
		event: 'kustomer.kobject.create',
		queryContext: 'kobject',
		make: kobject('order'),
		other: kobject('subscription'),
		touchReportsAgain: false,
	},
	kobjectUpdated: {
		parameters: { event: 'kobjectUpdated', klass: 'order' },
		event: 'kustomer.kobject.update',
		queryContext: 'kobject',
		make: (name, seconds, from = seconds - 3600) => kustomer.add('kobjects', { title: name, createdAt: iso(from), updatedAt: iso(seconds) }, { klass: { type: 'klass', id: 'order' }, customer: CUSTOMER }),
		other: (name, seconds) => kustomer.add('kobjects', { title: name, createdAt: iso(seconds - 3600), updatedAt: iso(seconds) }, { klass: { type: 'klass', id: 'subscription' } }),
		touchReportsAgain: true,
	},
	customerDeleted: {
		parameters: { event: 'customerDeleted' },
		event: 'kustomer.customer.delete',
		queryContext: 'customer',
		make: deleted('customers', customer),
		other: customer,
		touchReportsAgain: true,
	},
	conversationDeleted: {
		parameters: { event: 'conversationDeleted' },
		event: 'kustomer.conversation.delete',
		queryContext: 'conversation',
		make: deleted('conversations', conversation),
		other: conversation,
		touchReportsAgain: true,
	},
	kobjectDeleted: {
		parameters: { event: 'kobjectDeleted', klass: 'order' },
		event: 'kustomer.kobject.delete',
		queryContext: 'kobject',
		make: deleted('kobjects', kobject('order')),
		other: deleted('kobjects', kobject('subscription')),
		touchReportsAgain: true,
	},
};

test('every event the trigger offers that webhooks cannot send is covered here', () => {
	const covered = Object.keys(CASES);
	expect(POLL_EVENTS.filter((event) => event.queryContext === 'note' || event.queryContext === 'kobject' || event.includeDeleted).map((event) => event.value).sort()).toEqual(covered.sort());
});

const ids = (items: INodeExecutionData[] | null) => (items ?? []).map((item) => (item.json.resource as IDataObject).id as string);
const searches = () => sent.filter((request) => request.path.startsWith('/v1/customers/search'));

async function activeTrigger(parameters: INodeParameters) {
	const subject = new PollingTriggerUnderTest(pollingNode(parameters, 'Kustomer Polling Trigger', 2));
	expect(await subject.activate()).toBeNull();
	return subject;
}

describe.each(Object.entries(CASES))('%s', (name, eventCase) => {
	test('reports each of its records once, with the event name and appUrl, and none of the others; searches as Kustomer documents', async () => {
		const subject = await activeTrigger(eventCase.parameters);
		const reported = [eventCase.make('first', 20), eventCase.make('second', 30)];
		eventCase.other('not this one', 25);
		clock.advance(60_000);
		const items = await subject.tick();
		expect(ids(items)).toEqual(reported.map((record) => record.id));
		expect(items![0].json).toMatchObject({ event: eventCase.event, eventId: `${name}:${reported[0].id}:${iso(20)}`, createdAt: iso(20) });
		expect((items![0].json.resource as IDataObject).appUrl).toMatch(/^https:\/\/.+\/app\/customers\/[0-9a-f]{24}/);
		expect(await drain(subject)).toEqual([]);
		const body = searches().at(-1)!.body as IDataObject;
		expect(body.queryContext).toBe(eventCase.queryContext);
		expect(body.includeDeleted).toBe(name.endsWith('Deleted') ? true : undefined);
	});

	test('a record dated 3 hours ahead is reported once and hides nothing created meanwhile; restarts repeat nothing', async () => {
		const subject = await activeTrigger(eventCase.parameters);
		const future = eventCase.make('future', 3 * 3600);
		const now = eventCase.make('now', 20);
		clock.advance(60_000);
		expect(ids(await subject.tick()).sort()).toEqual([future.id, now.id].sort());
		const later = eventCase.make('later', 80);
		expect(ids(await drain(subject))).toEqual([later.id]);
		// n8n stops; one happens meanwhile; then the future one's time comes.
		clock.advance(600_000);
		const whileDown = eventCase.make('while down', 700);
		expect(ids(await subject.restart())).toEqual([whileDown.id]);
		clock.advance(3 * 3600_000);
		expect(await drain(subject)).toEqual([]);
		expect(subject.emitted.flatMap((items) => ids(items)).sort()).toEqual([future.id, now.id, later.id, whileDown.id].sort());
	});

	test('a record stamped again between two pages of a read makes no other record skip, and none is repeated but as a new version', async () => {
		const subject = await activeTrigger({ ...eventCase.parameters, options: { maxRecords: 5000 } });
		const records = Array.from({ length: 700 }, (_, index) => eventCase.make(`r${index}`, 1 + index / 1000));
		let pagesRead = 0;
		kustomer.beforeSearch = (_page, body) => {
			if (body.sort && ++pagesRead === 2) restamp(records[0].id, new Date(clock.now()).toISOString());
		};
		clock.advance(60_000);
		const reported = [...((await subject.tick()) ?? []), ...(await drain(subject))];
		expect(pagesRead).toBeGreaterThanOrEqual(2);
		const counts = new Map<string, number>();
		for (const id of ids(reported)) counts.set(id, (counts.get(id) ?? 0) + 1);
		expect(records.filter((record) => !counts.has(record.id))).toEqual([]);
		expect([...counts.entries()].filter(([, count]) => count > 1)).toEqual(eventCase.touchReportsAgain ? [[records[0].id, 2]] : []);
	});
});

/** Sets a record's updatedAt, deleted or not (a deleted one is what search keeps of it). */
function restamp(id: string, updatedAt: string): void {
	const { tombstones } = kustomer.store as unknown as { tombstones: Map<string, { record: SandboxRecord }> };
	const record = tombstones.get(id)?.record ?? [...['notes', 'kobjects', 'customers', 'conversations']].map((collection) => kustomer.store.get(collection, id)).find(Boolean)!;
	record.attributes.updatedAt = updatedAt;
}

test('more records of other types than Max Records per Poll at one instant do not stall the trigger: the order after them is reported', async () => {
	const subject = await activeTrigger({ event: 'kobjectCreated', klass: 'order', options: { maxRecords: 5 } });
	for (let index = 0; index < 10; index++) kobject('subscription')(`plan ${index}`, 20);
	const order = kobject('order')('order', 30);
	const reported: INodeExecutionData[] = [];
	// The first poll reads the instant of the 10 alone (reporting nothing); the next ones go on.
	for (let poll = 0; poll < 3; poll++) {
		clock.advance(60_000);
		reported.push(...((await subject.tick()) ?? []));
	}
	expect(ids(reported)).toEqual([order.id]);
});

test('Fetch Test Event on a custom object event shows the newest object of the chosen type, not a newer one of another', async () => {
	const order = kobject('order')('newest order', -120);
	kobject('subscription')('newer subscription', -60);
	const [[item]] = (await new PollingTriggerUnderTest(pollingNode({ event: 'kobjectCreated', klass: 'order' })).fetchTestEvent())!;
	expect(item.json).toMatchObject({ event: 'kustomer.kobject.create', resourceType: 'kobject.order', resource: { id: order.id, title: 'newest order' } });
});

describe('a Custom Object Type the org does not have (a typo, or an expression)', () => {
	test('fails the activation and Fetch Test Event, naming the type and the org\'s types, instead of reporting nothing forever', async () => {
		const subject = new PollingTriggerUnderTest(pollingNode({ event: 'kobjectUpdated', klass: 'orders' }, 'Kustomer Polling Trigger', 2));
		await expect(subject.activate()).rejects.toThrow('Custom Object Type "orders" is not a custom object type of this Kustomer org');
		await expect(new PollingTriggerUnderTest(pollingNode({ event: 'kobjectCreated', klass: 'orders' })).fetchTestEvent()).rejects.toMatchObject({
			description: expect.stringContaining('"order", "subscription"'),
		});
	});

	test('is checked once, when the trigger starts watching, not on every poll', async () => {
		const subject = await activeTrigger({ event: 'kobjectCreated', klass: 'order' });
		const before = sent.filter((request) => request.path.startsWith('/v1/klasses')).length;
		expect(before).toBeGreaterThan(0);
		clock.advance(60_000);
		await subject.tick();
		expect(sent.filter((request) => request.path.startsWith('/v1/klasses')).length).toBe(before);
	});

	test('a key that may not list the types (403) is not stopped: the trigger watches as before', async () => {
		kustomer.klassListStatus = 403;
		const subject = await activeTrigger({ event: 'kobjectCreated', klass: 'order' });
		const order = kobject('order')('order', 30);
		clock.advance(60_000);
		expect(ids((await subject.tick()) ?? [])).toEqual([order.id]);
	});
});

test('the Custom Object Type field (the org\'s types) shows for the custom object events only, and is required', async () => {
	const description = await nodeDescription(POLLING_TRIGGER_NODE);
	const klass = description.properties.find((property) => property.name === 'klass');
	expect(klass).toMatchObject({ required: true, typeOptions: { loadOptionsMethod: 'getKlasses' } });
	expect(klass?.displayOptions?.show?.event).toEqual(POLL_EVENTS.filter((event) => event.queryContext === 'kobject').map((event) => event.value));
});

describe('bad input', () => {
	test.each(['kobjectCreated', 'kobjectUpdated', 'kobjectDeleted'])('%s without a Custom Object Type fails the activation naming the field, before any request', async (event) => {
		const subject = new PollingTriggerUnderTest(pollingNode({ event }));
		await expect(subject.activate()).rejects.toThrow(/Custom Object Type is required/);
		expect(searches()).toEqual([]);
	});

	test('changing the custom object type starts over from now', async () => {
		const subject = await activeTrigger({ event: 'kobjectCreated', klass: 'order' });
		const node = subject.node;
		CASES.kobjectCreated.make('old order', 20);
		const changed = new PollingTriggerUnderTest({ ...node, parameters: { ...node.parameters, klass: 'subscription' } }, subject.stored);
		clock.advance(60_000);
		expect(await changed.activate()).toBeNull();
		kobject('subscription')('new subscription', 80);
		expect(ids(await drain(changed))).toHaveLength(1);
	});
});

underEachReading('deletionStamp', (reading) => {
	beforeEach(() => {
		kustomer.store.readings = () => ({ deletionStamp: reading });
	});

	test(
		reading === 'updatedAt'
			? 'a record last changed long ago and deleted now is reported at its deletion'
			: "deletes that leave updatedAt as it was stop the trigger with an error saying why, rather than report some deletions",
		async () => {
			const subject = await activeTrigger({ event: 'customerDeleted' });
			// Changed 20 s after the activation, deleted 10 s later: within the next window either way.
			const record = CASES.customerDeleted.make('gone', 30, 20);
			clock.advance(60_000);
			if (reading === 'updatedAt') {
				expect(ids(await subject.tick())).toEqual([record.id]);
			} else {
				await expect(subject.tick()).rejects.toThrow(/deleted at .* but left its updatedAt/);
			}
		},
	);
});

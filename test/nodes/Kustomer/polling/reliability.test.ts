/**
 * The polling trigger reads every record exactly once, whatever Kustomer's data and search do:
 * future-dated records, a clock that differs from n8n's, an index that moves while it is read
 * page by page, a page that misses a record, an overlap full of records, a transcript that
 * cannot be read, and more records at one instant than one search can serve.
 */
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';
import fs from 'node:fs';
import path from 'node:path';

import { sent } from '../../../helpers/kustomer';
import type { FakeKustomer } from '../../../helpers/polling';
import { drain, iso, PollingTriggerUnderTest, pollingNode, usePollingFake } from '../../../helpers/polling';
import { clock } from '../../../helpers/virtualClock';

const fake = usePollingFake();
const { conversation } = fake;
let kustomer: FakeKustomer;
beforeEach(() => {
	kustomer = fake.kustomer();
});

async function activeTrigger(parameters: INodeParameters) {
	const subject = new PollingTriggerUnderTest(pollingNode(parameters));
	expect(await subject.activate()).toBeNull();
	return subject;
}

const names = (items: INodeExecutionData[] | null) => (items ?? []).map((item) => (item.json.resource as IDataObject).name as string);
const ids = (items: INodeExecutionData[] | null) => (items ?? []).map((item) => (item.json.resource as IDataObject).id as string);
const searches = () => sent.filter((request) => request.path.startsWith('/v1/customers/search'));

describe("future-dated records and Kustomer's clock", () => {
	test('a record stamped 3 hours ahead is reported once, and does not hide what is created meanwhile', async () => {
		const subject = await activeTrigger({ event: 'conversationCreated' });
		conversation('from the future', 3 * 3600);
		conversation('now', 20);
		clock.advance(60_000);
		expect(names(await subject.tick()).sort()).toEqual(['from the future', 'now']);
		conversation('a minute later', 80);
		expect(names(await drain(subject))).toEqual(['a minute later']);
		// Its time comes: it was reported already.
		clock.advance(3 * 3600_000);
		conversation('much later', 3 * 3600 + 100);
		expect(names(await drain(subject))).toEqual(['much later']);
	});

	test("windows close at Kustomer's now (its Date header), not n8n's: a Kustomer clock 5 minutes behind loses nothing", async () => {
		kustomer.clockOffsetMs = -300_000;
		const subject = await activeTrigger({ event: 'conversationCreated' });
		// Made after the activation, stamped by Kustomer's clock.
		conversation('made after the activation', -300 + 20);
		conversation('made before it', -300 - 20);
		expect(names(await drain(subject))).toEqual(['made after the activation']);
	});
});

describe('reading a window over a moving index', () => {
	test('a record updated between two pages of a read makes no other record skip, and nothing is reported twice', async () => {
		const subject = await activeTrigger({ event: 'conversationUpdated', options: { maxRecords: 5000 } });
		const records = Array.from({ length: 700 }, (_, index) => conversation(`c${index}`, -3600, { updatedAt: new Date(Date.parse(iso(1)) + index).toISOString() }));
		let touched = false;
		let pagesRead = 0;
		kustomer.beforeSearch = (_page, body) => {
			// Between the first and the second page read, an agent touches the first conversation of the first.
			if (body.sort && ++pagesRead === 2 && !touched) {
				touched = true;
				kustomer.change('conversations', records[0].id, { updatedAt: new Date(clock.now()).toISOString(), priority: 5 });
			}
		};
		clock.advance(60_000);
		const first = await subject.tick();
		expect(touched).toBe(true);
		const reported = [...(first ?? []), ...(await drain(subject))];
		const counts = new Map<string, number>();
		for (const id of ids(reported)) counts.set(id, (counts.get(id) ?? 0) + 1);
		// Every record once; the touched one a second time, as its new version.
		expect(records.filter((record) => !counts.has(record.id))).toEqual([]);
		expect([...counts.entries()].filter(([, count]) => count > 1)).toEqual([[records[0].id, 2]]);
	});

	test('a page that silently leaves a record out (meta.total says more) is read again before the cursor moves', async () => {
		const subject = await activeTrigger({ event: 'conversationCreated' });
		const early = conversation('early', 10);
		for (let second = 11; second <= 200; second++) conversation(`c${second}`, second);
		kustomer.missingOnce.add(early.id);
		clock.advance(240_000);
		const reported = [...((await subject.tick()) ?? []), ...(await drain(subject))];
		expect(ids(reported)).toContain(early.id);
		expect(reported).toHaveLength(191);
	});
});

describe('under load', () => {
	test('the 2-minute overlap holds whatever the volume: 600 records in it, then one indexed late, is reported', async () => {
		const subject = await activeTrigger({ event: 'conversationCreated', options: { maxRecords: 5000 } });
		for (let index = 0; index < 600; index++) conversation(`c${index}`, 10 + index / 10);
		clock.advance(120_000);
		expect(await subject.tick()).toHaveLength(600);
		// Created at 12 s but in the search index only now (seconds before the newest one read).
		conversation('indexed late', 12);
		expect(names(await drain(subject))).toEqual(['indexed late']);
	});

	test('a resolved conversation whose messages cannot be read (404) is reported with transcriptError, and the trigger moves on', async () => {
		const subject = await activeTrigger({ event: 'conversationDone', includeMessages: true });
		const gone = conversation('gone', -900, { status: 'done', updatedAt: iso(30), lastDone: { createdAt: iso(30) } });
		conversation('fine', -900, { status: 'done', updatedAt: iso(40), lastDone: { createdAt: iso(40) } });
		kustomer.messageListStatus.set(gone.id, 404);
		clock.advance(60_000);
		const items = (await subject.tick())!;
		expect(items.map((item) => [(item.json.resource as IDataObject).name, item.json.transcriptError ?? null])).toEqual([
			['gone', expect.stringContaining('404')],
			['fine', null],
		]);
		expect(await drain(subject)).toEqual([]);
	});

	test('more than 10,000 conversations updated at one instant are each reported once, over several polls, none failing', async () => {
		const subject = await activeTrigger({ event: 'conversationUpdated', options: { maxRecords: 5000 } });
		const records = Array.from({ length: 10_050 }, (_, index) =>
			kustomer.add('conversations', { name: `bulk ${index}`, createdAt: new Date(Date.parse(iso(-86_400)) + index * 1000).toISOString(), updatedAt: iso(30) }),
		);
		const reported = await drain(subject);
		expect(reported).toHaveLength(10_050);
		const reportedIds = new Set(ids(reported));
		expect(reportedIds.size).toBe(10_050);
		// A set, not ids(reported).includes per record: that was 10,050 x 10,050 steps, a second of CPU.
		expect(records.every((record) => reportedIds.has(record.id))).toBe(true);
	}, 180_000);
});

test('sorts and continuation use only the confirmed sort key, <object>_updated_at', async () => {
	const subject = await activeTrigger({ event: 'conversationCreated' });
	for (let index = 0; index < 30; index++) conversation(`c${index}`, 10 + index);
	await drain(subject);
	const sorts = searches().flatMap((request) => ((request.body as IDataObject).sort as IDataObject[] | undefined) ?? []);
	expect(sorts.flatMap((sort) => Object.keys(sort)).filter((key) => key !== 'conversation_updated_at')).toEqual([]);
});

describe('figures for the README (written to .n8n-logs/polling-figures.json)', () => {
	const figures: Record<string, unknown> = {};
	afterAll(() => {
		const folder = path.resolve(__dirname, '..', '..', '..', '..', '.n8n-logs');
		fs.mkdirSync(folder, { recursive: true });
		fs.writeFileSync(path.join(folder, 'polling-figures.json'), `${JSON.stringify(figures, null, 2)}\n`);
	});

	test.each([500, 5000])('1,000 conversations created within a minute, Max Records per Poll %i: searches per 1,000 records and records per poll', async (maxRecords) => {
		const subject = await activeTrigger({ event: 'conversationCreated', options: { maxRecords } });
		for (let index = 0; index < 1000; index++) conversation(`c${index}`, 1 + index * 0.045);
		const before = searches().length;
		const polls: number[] = [];
		for (let poll = 0; poll < 10; poll++) {
			clock.advance(60_000);
			const items = await subject.tick();
			if (!items) break;
			polls.push(items.length);
		}
		const used = searches().length - before;
		figures[`maxRecords${maxRecords}`] = { records: 1000, recordsPerPoll: polls, searchesIncludingTheQuietPollAfter: used };
		expect(polls.reduce((sum, count) => sum + count, 0)).toBe(1000);
		expect(Math.max(...polls)).toBeLessThanOrEqual(maxRecords);
		expect(used).toBeLessThanOrEqual(maxRecords === 500 ? 30 : 10);
	});

	test('a quiet poll costs one search; one with only the overlap to re-read, two', async () => {
		const subject = await activeTrigger({ event: 'conversationCreated' });
		clock.advance(60_000);
		let before = searches().length;
		expect(await subject.tick()).toBeNull();
		const quiet = searches().length - before;
		conversation('one', 100);
		clock.advance(60_000);
		expect(await subject.tick()).toHaveLength(1);
		clock.advance(30_000);
		before = searches().length;
		expect(await subject.tick()).toBeNull();
		const overlapOnly = searches().length - before;
		figures.quietPoll = { searches: quiet, withOnlyTheOverlapToReread: overlapOnly };
		expect(quiet).toBe(1);
		expect(overlapOnly).toBe(2);
	});
});

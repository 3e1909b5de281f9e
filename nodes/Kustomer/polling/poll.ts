import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { appBaseUrl } from '../actions/appLinks';
import { listKlasses } from '../actions/customObject/common';
import { asNodeError, KustomerClient } from '../transport';
import type { PollCursor, TimeWindow } from './cursor';
import { advance, FUTURE_MS, seenBefore, WINDOW_MARGIN_MS } from './cursor';
import { occurrenceItem } from './output';
import { TooManyAtOneInstant } from './search';
import { selectOccurrences } from './select';
import type { PollSettings } from './settings';
import { readSettings } from './settings';
import { changeMemory, loadState, saveState, startWatching } from './state';
import type { Found, WindowReader } from './window';
import { isLastPart, planPart, planWindow, recentRecords, searchReader } from './window';

/**
 * The static data of polls under way in this process. n8n starts a poll on schedule even
 * when the previous one of the same trigger is still running; the second one would read the
 * same cursor and report the same records, so it stands down.
 */
const pollsUnderWay = new WeakSet<object>();

const EVERYTHING = Number.MAX_SAFE_INTEGER;

/** What one read of a window brought: its records, Kustomer's count, and a part it could not read. */
interface WindowRead {
	window: TimeWindow;
	found: Found[];
	total?: number;
	unreadable?: string;
}

/**
 * Reads a window whole; an instant holding more records than one search serves is read in
 * parts by a second attribute, and one millisecond of that attribute holding more still is
 * skipped with an error item rather than failing every poll.
 */
async function readWindow(client: KustomerClient, reader: WindowReader, window: TimeWindow, maxRecords: number): Promise<WindowRead> {
	try {
		return { window, ...(await reader.read(window)) };
	} catch (error) {
		if (!(error instanceof TooManyAtOneInstant)) throw asNodeError(client.node, error);
		if (window.split) return { window, found: [], unreadable: error.message };
		// Only the window's last instant can hold that many (planWindow cuts before it otherwise).
		return await readWindow(client, reader, await planPart(reader, { at: window.until - 1, from: 0 }, maxRecords), maxRecords);
	}
}

/**
 * Records dated at least FUTURE_MS ahead of Kustomer's now: reported once (remembered by id and
 * instant until the cursor reaches it), never moving the cursor. Read only when some are new.
 */
async function readFuture(reader: WindowReader, cursor: PollCursor, kustomerNow: number, maxRecords: number): Promise<Found[]> {
	const from = kustomerNow + FUTURE_MS;
	const remembered = Object.values(cursor.seen).filter((at) => at >= from).length;
	if ((await reader.count({ since: from }, maxRecords + remembered)) <= remembered) return [];
	return (await reader.read({ since: from })).found;
}

/** The error item for a part of one instant that no search can serve. */
function unreadableItem(client: KustomerClient, settings: PollSettings, read: WindowRead): INodeExecutionData {
	const at = new Date(read.window.since).toISOString();
	const error = new NodeOperationError(client.node, `Kustomer Polling Trigger skipped records of ${settings.event.name} at ${at}: ${read.unreadable}`, {
		description: 'More records share both of their dates than one Kustomer search can return; read them with Customer → Get Many or Conversation → Get Many by a narrower criterion.',
	});
	return { json: { error: error.message, description: error.description ?? null, at }, error };
}

/**
 * A custom-object event's type, checked against the org's types when the trigger starts
 * watching (first activation, changed settings) and for Fetch Test Event. The search keeps the
 * records typed `kobject.<klass>` (events.ts), so a type the org does not have (a typo, an
 * expression) would match nothing, silently, on every poll. A key that may not list types
 * (GET /v1/klasses needs klass.read, OpenAPI) is not stopped by this check.
 */
async function checkKlass(client: KustomerClient, settings: PollSettings): Promise<void> {
	if (settings.klass === undefined) return;
	let names: string[];
	try {
		names = (await listKlasses(client)).map((klass) => klass.name);
	} catch (error) {
		if ((error as { httpCode?: string }).httpCode === '403') return;
		throw asNodeError(client.node, error);
	}
	if (names.includes(settings.klass)) return;
	throw new NodeOperationError(client.node, `Custom Object Type "${settings.klass}" is not a custom object type of this Kustomer org`, {
		description: `Its types are ${names.length ? names.map((name) => `"${name}"`).join(', ') : 'none yet'}. Pick one in Custom Object Type (by name, as Kustomer's API names it).`,
	});
}

/** One poll: reads the next window and what is dated in the future, reports their events, moves the cursor on. */
async function pollOnce(client: KustomerClient, settings: PollSettings, data: IDataObject): Promise<INodeExecutionData[]> {
	const reader = searchReader(client, settings.event, settings);
	const stored = loadState(data, settings);
	if (!stored) await checkKlass(client, settings);
	const state = stored ?? (await startWatching(reader, client, settings, client.clock.now()));
	const memory = await changeMemory(client, settings, state);
	// From now: the first poll only marks where to start (activation saves it).
	if (!stored && !state.backfill) {
		saveState(data, { ...state, memory: memory?.toStored() });
		return [];
	}
	const { cursor } = state;
	const openCount = await reader.count({ since: cursor.since }, settings.maxRecords + seenBefore(cursor, EVERYTHING));
	const kustomerNow = client.serverNow() ?? client.clock.now();
	const window = await planWindow(reader, cursor, settings.maxRecords, kustomerNow - WINDOW_MARGIN_MS, openCount);
	const read = openCount === 0 ? { window, found: [] } : await readWindow(client, reader, window, settings.maxRecords);
	const future = openCount > (read.total ?? read.found.length) ? await readFuture(reader, cursor, kustomerNow, settings.maxRecords) : [];
	const selection = { settings, cursor, window: read.window, memory, backfill: state.backfill, startedAt: state.startedAt };
	const { occurrences, handled } = selectOccurrences([...read.found, ...future], selection);
	// Items first (transcripts may fail): the cursor moves only once everything is in hand.
	const appBase = occurrences.length ? await appBaseUrl(client) : undefined;
	const items = await Promise.all(occurrences.map(async (occurrence) => await occurrenceItem(client, occurrence, settings, appBase)));
	if (read.unreadable) items.push(unreadableItem(client, settings, read));
	saveState(data, { ...state, cursor: advance(cursor, read.window, handled, isLastPart(read.window)), memory: memory?.toStored() });
	return items;
}

/** "Fetch Test Event": the most recently changed record the event would report, cursor untouched. */
async function sampleItem(client: KustomerClient, settings: PollSettings): Promise<INodeExecutionData> {
	const { event } = settings;
	await checkKlass(client, settings);
	// An event that keeps some of its search's records (one custom object type) looks further back.
	const recent = await recentRecords(client, settings, event.keeps ? 100 : 10);
	const record = recent.find((candidate) => event.timestampOf(candidate) !== undefined);
	if (!record) {
		throw new NodeOperationError(client.node, `Kustomer has no record yet for "${event.name}"`, {
			description: 'Make one in Kustomer (or in the sandbox), then fetch again. The published workflow reports what happens from its activation on.',
		});
	}
	const at = Date.parse(event.timestampOf(record)!);
	const neverUpdated = record.attributes?.createdAt === record.attributes?.updatedAt;
	const occurrence = { record, at, isCreate: event.reportsCreates && neverUpdated, changes: null };
	return await occurrenceItem(client, occurrence, settings, await appBaseUrl(client));
}

/** The polling trigger's poll(): n8n calls it on the node's schedule, and for "Fetch Test Event". */
export async function pollKustomer(context: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const client = new KustomerClient(context);
	const settings = readSettings(context, client.clock.now());
	if (context.getMode() === 'manual') return [[await sampleItem(client, settings)]];

	const data = context.getWorkflowStaticData('node');
	if (pollsUnderWay.has(data)) {
		context.logger.info('Kustomer Polling Trigger: the previous poll is still running; this one stands down');
		return null;
	}
	pollsUnderWay.add(data);
	try {
		const items = await pollOnce(client, settings, data);
		return items.length ? [items] : null;
	} finally {
		pollsUnderWay.delete(data);
	}
}

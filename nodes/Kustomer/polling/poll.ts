import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { appBaseUrl } from '../actions/appLinks';
import { KustomerClient } from '../transport';
import { advance } from './cursor';
import { occurrenceItem } from './output';
import { selectOccurrences } from './select';
import type { PollSettings } from './settings';
import { readSettings } from './settings';
import { changeMemory, loadState, saveState, startWatching } from './state';
import { planWindow, recentRecords, searchReader } from './window';

/**
 * The static data of polls under way in this process. n8n starts a poll on schedule even
 * when the previous one of the same trigger is still running; the second one would read the
 * same cursor and report the same records, so it stands down.
 */
const pollsUnderWay = new WeakSet<object>();

/** One poll: reads the next window, reports its events, moves the cursor on. */
async function pollOnce(client: KustomerClient, settings: PollSettings, data: IDataObject): Promise<INodeExecutionData[]> {
	const reader = searchReader(client, settings.event, settings);
	const stored = loadState(data, settings);
	const state = stored ?? (await startWatching(reader, settings, client.clock.now()));
	const memory = await changeMemory(client, settings, state);
	// From now: the first poll only marks where to start (activation saves it).
	if (!stored && !state.backfill) {
		saveState(data, { ...state, memory: memory?.toStored() });
		return [];
	}
	const window = await planWindow(reader, state.cursor, settings.maxRecords, client.clock.now());
	const found = await reader.read(window);
	const { occurrences, handled } = selectOccurrences(found, {
		settings,
		cursor: state.cursor,
		window,
		memory,
		backfill: state.backfill,
		startedAt: state.startedAt,
	});
	// Items first (transcripts may fail): the cursor moves only once everything is in hand.
	const appBase = occurrences.length ? await appBaseUrl(client) : undefined;
	const items = await Promise.all(occurrences.map(async (occurrence) => await occurrenceItem(client, occurrence, settings, appBase)));
	saveState(data, { ...state, cursor: advance(state.cursor, window, handled), memory: memory?.toStored() });
	return items;
}

/** "Fetch Test Event": the most recently changed record the event would report, cursor untouched. */
async function sampleItem(client: KustomerClient, settings: PollSettings): Promise<INodeExecutionData> {
	const { event } = settings;
	const recent = await recentRecords(client, settings, 10);
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

import type { IDataObject } from 'n8n-workflow';

import type { KustomerClient } from '../transport';
import type { StoredMemory } from './changes';
import { ChangeMemory, fingerprint } from './changes';
import type { PollCursor } from './cursor';
import { OVERLAP_MS } from './cursor';
import type { PollSettings } from './settings';
import { setupKey } from './settings';
import type { WindowReader } from './window';
import { recentRecords } from './window';

const STATE_VERSION = 1;
/** Records whose watched values are noted when Only When Changed starts from now. */
const PRELOAD_RECORDS = 1_000;

/** What the trigger keeps in the workflow's static data between polls. */
interface PollState {
	version: number;
	/** The settings the cursor belongs to (see setupKey). */
	setup: string;
	cursor: PollCursor;
	/** When the trigger began watching, in ms. */
	startedAt: number;
	/** Started from a start date: records changed before startedAt are reported as they are. */
	backfill: boolean;
	memory?: StoredMemory;
}

function isCursor(value: unknown): value is PollCursor {
	const cursor = value as PollCursor | undefined;
	return !!cursor && typeof cursor.since === 'number' && !!cursor.seen && typeof cursor.seen === 'object';
}

/** The stored state when it belongs to these settings; undefined means starting over. */
export function loadState(data: IDataObject, settings: PollSettings): PollState | undefined {
	if (data.version !== STATE_VERSION || data.setup !== setupKey(settings) || !isCursor(data.cursor)) return undefined;
	return {
		version: STATE_VERSION,
		setup: data.setup,
		cursor: data.cursor,
		startedAt: Number(data.startedAt),
		backfill: data.backfill === true,
		memory: data.memory as StoredMemory | undefined,
	};
}

/**
 * Writes the state into static data. Every key is assigned anew: n8n saves static data when
 * it sees an assignment, and objects made during the poll are not ones it watches.
 */
export function saveState(data: IDataObject, state: PollState): void {
	data.version = state.version;
	data.setup = state.setup;
	data.cursor = { since: state.cursor.since, seen: { ...state.cursor.seen }, ...(state.cursor.split ? { split: { ...state.cursor.split } } : {}) };
	data.startedAt = state.startedAt;
	data.backfill = state.backfill;
	if (state.memory) data.memory = state.memory;
	else delete data.memory;
}

/**
 * The state of a trigger starting to watch. From a start date: everything since then is to be
 * reported. From now: from Kustomer's own now, as its answer to a first search says it (its
 * Date header; n8n's clock only when Kustomer sent none), so what Kustomer stamped before the
 * activation is never reported, and nothing after it is missed, however the two clocks differ.
 */
export async function startWatching(reader: WindowReader, client: KustomerClient, settings: PollSettings, now: number): Promise<PollState> {
	const state = { version: STATE_VERSION, setup: setupKey(settings), startedAt: now };
	if (settings.startDate !== undefined) return { ...state, backfill: true, cursor: { since: settings.startDate, seen: {} } };
	await reader.count({ since: now }, 0);
	return { ...state, backfill: false, cursor: { since: client.serverNow() ?? now, seen: {} } };
}

function isBackfilling(state: PollState): boolean {
	return state.backfill && state.cursor.since + OVERLAP_MS <= state.startedAt;
}

/**
 * The Only When Changed memory for this poll: the stored one when it was taken for the same
 * patterns; else a new one, filled with the most recently updated records unless a backfill
 * is still reporting records as they are.
 */
export async function changeMemory(client: KustomerClient, settings: PollSettings, state: PollState): Promise<ChangeMemory | undefined> {
	if (!settings.patterns.length) return undefined;
	const patterns = settings.patterns.join(', ');
	if (state.memory?.patterns === patterns) return new ChangeMemory(patterns, state.memory.records);
	const memory = new ChangeMemory(patterns);
	if (isBackfilling(state)) return memory;
	const recent = await recentRecords(client, settings, PRELOAD_RECORDS);
	for (const record of recent.reverse()) memory.set(record.id, fingerprint(record, settings.patterns));
	return memory;
}

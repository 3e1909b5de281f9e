import type { JsonApiResource } from '../transport';
import type { ChangeMemory } from './changes';
import { fingerprint, fingerprintChanges } from './changes';
import type { PollCursor, TimeWindow } from './cursor';
import { alreadyHandled } from './cursor';
import type { Occurrence } from './output';
import type { PollSettings } from './settings';

/** What deciding about one window's records needs to know. */
interface Selection {
	settings: PollSettings;
	/** The cursor as the poll found it. */
	cursor: PollCursor;
	window: TimeWindow;
	/** Fingerprints for Only When Changed; undefined without it. */
	memory?: ChangeMemory;
	/** A backfill reports records changed before `startedAt` as they are now. */
	backfill: boolean;
	startedAt: number;
}

function createdAt(record: JsonApiResource): number {
	const value = record.attributes?.createdAt;
	return typeof value === 'string' ? Date.parse(value) : Number.NaN;
}

/** An update event's decision for one new version of a record, or undefined to report nothing. */
function decideUpdate(record: JsonApiResource, at: number, selection: Selection): Occurrence | undefined {
	const { settings, cursor, window, memory } = selection;
	const isNew = !(record.id in cursor.seen) && createdAt(record) >= window.since;
	const isCreate = settings.event.reportsCreates && isNew;
	const before = memory?.get(record.id);
	const after = memory ? fingerprint(record, settings.patterns) : undefined;
	if (memory && after) memory.set(record.id, after);
	// Never updated since it was created: a create, which an update-only event does not report.
	if (!settings.event.reportsCreates && createdAt(record) === at) return undefined;
	if (!memory || isCreate) return { record, at, isCreate, changes: null };
	if (before && after) {
		const changes = fingerprintChanges(before, after, record);
		return Object.keys(changes).length ? { record, at, isCreate: false, changes } : undefined;
	}
	// First sight of the record: what changed before is unknown. A backfill reports it as it is;
	// otherwise its values are the baseline for the next change.
	if (selection.backfill && at <= selection.startedAt) return { record, at, isCreate: false, changes: null };
	return undefined;
}

/**
 * Goes through a window's records (oldest first): skips what an earlier poll handled, and
 * answers the events to report and every record handled (id -> instant) for the cursor,
 * records the event ignores among them.
 */
export function selectOccurrences(
	found: Array<{ record: JsonApiResource; at: number; ignored?: boolean }>,
	selection: Selection,
): { occurrences: Occurrence[]; handled: Record<string, number> } {
	const occurrences: Occurrence[] = [];
	const handled: Record<string, number> = {};
	for (const { record, at, ignored } of found) {
		if (alreadyHandled(selection.cursor, record.id, at)) continue;
		handled[record.id] = at;
		if (ignored) continue;
		const occurrence = selection.settings.event.tracksUpdates
			? decideUpdate(record, at, selection)
			: { record, at, isCreate: false, changes: null };
		if (occurrence) occurrences.push(occurrence);
	}
	return { occurrences, handled };
}

import type { IDataObject, INode, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { parseDateTime } from '../shared/validation';
import { parseAttributePatterns } from '../shared/webhookEvents';
import { patternProblem } from './changes';
import type { PollEvent } from './events';
import { findPollEvent } from './events';

export const DEFAULT_MAX_RECORDS = 500;
export const MAX_RECORDS_LIMIT = 5_000;

/** The trigger's parameters, checked. */
export interface PollSettings {
	event: PollEvent;
	/** Only When Changed patterns (update events only). */
	patterns: string[];
	messageDirection: string;
	includeMessages: boolean;
	simplify: boolean;
	/** The start date for a backfill, in ms; undefined starts from the first activation. */
	startDate?: number;
	maxRecords: number;
}

const ZONED = /(?:Z|[+-]\d{2}:?\d{2})$/i;
const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?)?$/;

/** How far `timeZone` is ahead of UTC at the instant `utcMs`, in ms. */
function zoneOffsetMs(utcMs: number, timeZone: string): number {
	const parts = new Intl.DateTimeFormat('en-US', {
		timeZone,
		hourCycle: 'h23',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
		second: '2-digit',
	}).formatToParts(utcMs);
	const part = (type: string) => Number(parts.find((entry) => entry.type === type)?.value);
	const asUtc = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
	return asUtc - (utcMs - (((utcMs % 1000) + 1000) % 1000));
}

/**
 * A date-time parameter as ms since the epoch. n8n's date picker gives a local time without a
 * zone: it is read in the workflow's time zone, as n8n's own nodes read it.
 */
export function dateTimeInZone(value: unknown, timeZone: string): number | undefined {
	const text = typeof value === 'string' ? value.trim() : undefined;
	const local = text !== undefined && !ZONED.test(text) ? LOCAL_DATE_TIME.exec(text) : null;
	if (!local) return parseDateTime(value)?.getTime();
	const [, year, month, day, hour = '0', minute = '0', second = '0', ms = '0'] = local;
	const wallClock = Date.UTC(+year, +month - 1, +day, +hour, +minute, +second, +ms.padEnd(3, '0'));
	// The zone's offset at that wall-clock time (asked twice: the first guess may sit across a DST change).
	const guess = wallClock - zoneOffsetMs(wallClock, timeZone);
	return wallClock - zoneOffsetMs(guess, timeZone);
}

function problem(node: INode, message: string, description: string): NodeOperationError {
	return new NodeOperationError(node, message, { description });
}

/** The start date option, checked; a start date in the future is an error. */
function readStartDate(context: IPollFunctions, options: IDataObject, now: number): number | undefined {
	if (options.startDate === undefined || options.startDate === '' || options.startDate === null) return undefined;
	const startDate = dateTimeInZone(options.startDate, context.getTimezone());
	const node = context.getNode();
	if (startDate === undefined) {
		throw problem(node, `Start Date "${String(options.startDate)}" is not a date`, 'Pick a date and time, or leave Start Date empty to start from the activation.');
	}
	if (startDate > now) {
		throw problem(
			node,
			`Start Date ${new Date(startDate).toISOString()} is in the future`,
			'The start date says from when to report what already happened in Kustomer (a backfill). Pick a past date, or leave it empty to start from the activation.',
		);
	}
	return startDate;
}

function readPatterns(context: IPollFunctions, event: PollEvent): string[] {
	if (!event.tracksUpdates) return [];
	const patterns = parseAttributePatterns(context.getNodeParameter('changedAttributes', ''));
	for (const pattern of patterns) {
		const why = patternProblem(pattern);
		if (why) {
			throw problem(context.getNode(), `Only When Changed: "${pattern}" can never match`, `${why}. Example: status, priority, assignedUsers, tags, custom.*`);
		}
	}
	return patterns;
}

/** Reads and checks the trigger's parameters; `now` judges the start date. */
export function readSettings(context: IPollFunctions, now: number): PollSettings {
	const node = context.getNode();
	const event = findPollEvent(context.getNodeParameter('event', ''));
	if (!event) throw problem(node, 'Choose an event to watch', 'Event says which changes start the workflow.');
	const options = context.getNodeParameter('options', {}) as IDataObject;
	const maxRecords = Number(options.maxRecords ?? DEFAULT_MAX_RECORDS);
	if (!Number.isInteger(maxRecords) || maxRecords < 1 || maxRecords > MAX_RECORDS_LIMIT) {
		throw problem(node, `Max Records per Poll must be a whole number from 1 to ${MAX_RECORDS_LIMIT}`, `It is ${String(options.maxRecords)}.`);
	}
	return {
		event,
		patterns: readPatterns(context, event),
		messageDirection: event.value === 'messageCreated' ? String(context.getNodeParameter('messageDirection', 'any')) : 'any',
		includeMessages: event.value === 'conversationDone' && context.getNodeParameter('includeMessages', false) === true,
		simplify: context.getNodeParameter('output', 'simplified') !== 'raw',
		startDate: readStartDate(context, options, now),
		maxRecords,
	};
}

/**
 * What the cursor depends on: when it changes (another event, start date or message
 * direction), the trigger starts over as on its first activation.
 */
export function setupKey(settings: PollSettings): string {
	return JSON.stringify([settings.event.value, settings.startDate ?? null, settings.messageDirection]);
}

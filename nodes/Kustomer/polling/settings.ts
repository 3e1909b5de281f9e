import type { IDataObject, INode, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { isBlank, readDateTime } from '../shared/validation';
import { matchablePatterns, parseAttributePatterns } from '../shared/webhookEvents';
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
	/** The custom object type of a custom-object event; undefined for the others. */
	klass?: string;
	includeMessages: boolean;
	simplify: boolean;
	/** The start date for a backfill, in ms; undefined starts from the first activation. */
	startDate?: number;
	maxRecords: number;
	/** The node's version: 2 names Conversation Done as the webhook trigger reports it. */
	version: number;
}

function problem(node: INode, message: string, description: string): NodeOperationError {
	return new NodeOperationError(node, message, { description });
}

/**
 * The start date option, checked; a start date in the future is an error. n8n's date picker
 * gives a time without a zone: it is read in the workflow's time zone, as elsewhere.
 */
function readStartDate(context: IPollFunctions, options: IDataObject, now: number): number | undefined {
	if (isBlank(options.startDate)) return undefined;
	const read = readDateTime(options.startDate, context.getTimezone());
	const node = context.getNode();
	if ('problem' in read) {
		throw problem(node, `Start Date ${read.problem}`, 'Pick a date and time, or leave Start Date empty to start from the activation.');
	}
	const startDate = read.date.getTime();
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
	return matchablePatterns(context.getNode(), parseAttributePatterns(context.getNodeParameter('changedAttributes', '')));
}

/** The Custom Object Type of a custom-object event, required. */
function readKlass(context: IPollFunctions, event: PollEvent): string | undefined {
	if (!event.needsKlass) return undefined;
	const klass = context.getNodeParameter('klass', '');
	if (typeof klass !== 'string' || klass.trim() === '') {
		throw problem(context.getNode(), `Custom Object Type is required for "${event.name}"`, 'Choose the custom object type to watch (for example order) in Custom Object Type.');
	}
	return klass.trim();
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
		klass: readKlass(context, event),
		includeMessages: event.value === 'conversationDone' && context.getNodeParameter('includeMessages', false) === true,
		simplify: context.getNodeParameter('output', 'simplified') !== 'raw',
		startDate: readStartDate(context, options, now),
		maxRecords,
		version: context.getNode().typeVersion,
	};
}

/**
 * What the cursor depends on: when it changes (another event, start date, message
 * direction or custom object type), the trigger starts over as on its first activation.
 */
export function setupKey(settings: PollSettings): string {
	const key = [settings.event.value, settings.startDate ?? null, settings.messageDirection];
	// Another custom object type starts over too (kept out of the key otherwise, so cursors stored before it stay valid).
	return JSON.stringify(settings.klass === undefined ? key : [...key, settings.klass]);
}

import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { z } from 'zod';

export const OBJECT_ID_PATTERN = /^[0-9a-f]{24}$/i;
const EMAIL_PATTERN = /^[^\s@"<>(),;:\\]+@[^\s@"<>(),;:\\]+\.[a-z0-9-]{2,}$/i;
const E164_PATTERN = /^\+[1-9]\d{6,14}$/;
/** RFC 5321: a path holds at most 256 octets, so an address at most 254; its local part at most 64. */
const MAX_EMAIL_LENGTH = 254;
const MAX_EMAIL_LOCAL_PART = 64;
/**
 * Kustomer's tag names (openapi: POST /conversations/{id}/tags, `tags` of every write): a letter,
 * digit, Latin-1 letter or one of _ / < > - . first, then spaces too, 64 at most.
 */
const TAG_NAME_PATTERN = /^[0-9a-zA-Z\u00c0-\u00ff_/<>\-.][0-9a-zA-Z\u00c0-\u00ff _/<>\-.]*$/;
export const MAX_TAG_NAME_LENGTH = 64;

/** A problem with one input field, found before any request is made. */
export class InputProblem extends Error {
	constructor(
		readonly field: string,
		readonly problem: string,
		readonly received?: unknown,
	) {
		super(`${field} ${problem}`);
		this.name = 'InputProblem';
	}
}

export function isObjectId(value: unknown): value is string {
	return typeof value === 'string' && OBJECT_ID_PATTERN.test(value);
}

/**
 * The length of a text as Kustomer's schemas count it. JSON Schema's maxLength counts Unicode
 * code points (ajv's default `unicode: true`), so an emoji is one character, not two UTF-16 units.
 */
export function characterCount(text: string): number {
	return [...text].length;
}

/**
 * `null`, `undefined`, an empty string and a blank string are all "no value", in every field:
 * upstream JSON's null means the same as a field left empty in the editor.
 */
export function isBlank(value: unknown): boolean {
	return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/** "a, b, c" or ["a", " b "] -> trimmed text entries, empty ones left out (order and repeats kept). */
export function commaList(value: unknown): string[] {
	const list = Array.isArray(value) ? value : String(value ?? '').split(',');
	return list.map((entry) => String(entry).trim()).filter(Boolean);
}

/** Drops the spaces, dots, dashes and brackets people write phone numbers with. */
export function normalizePhone(value: string): string {
	return value.trim().replace(/[\s().-]/g, '');
}

/** "a list", "an object", "true or false" ... for error messages about a value's shape. */
function shapeOf(type: string): string {
	const names: Record<string, string> = {
		array: 'a list',
		object: 'an object',
		boolean: 'true or false',
		number: 'a number',
		date: 'a date',
		function: 'a function',
	};
	return names[type] ?? type;
}

/** Errors for a value that must be one piece of text. */
const TEXT_ERRORS: z.RawCreateParams = {
	errorMap: (issue, context) => {
		if (issue.code !== 'invalid_type') return { message: context.defaultError };
		if (issue.received === 'undefined' || issue.received === 'null') return { message: 'is required' };
		return { message: `must be one text value, not ${shapeOf(issue.received)}` };
	},
};

/** Numbers from expressions count as text; blank counts as absent; other shapes are left to fail. */
function asText(value: unknown): unknown {
	if (isBlank(value)) return undefined;
	if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'bigint') return String(value);
	if (typeof value === 'string') return value.trim();
	return value;
}

/** Text of at most `max` characters, counted as Kustomer counts them. */
const boundedText = (max: number) =>
	z.string(TEXT_ERRORS).refine((text) => characterCount(text) <= max, `must be at most ${max} characters`);

/** Text that must be present, at most `max` characters. */
export const requiredText = (max: number) => z.preprocess(asText, boundedText(max));

/** Text that may be absent (blank or null), at most `max` characters. */
export const optionalText = (max: number) => z.preprocess(asText, boundedText(max).optional());

/**
 * For update fields Kustomer lets clear: absent stays absent (undefined), blank or null becomes
 * null (clears the value), anything else is text of at most `max` characters.
 */
export const clearableText = (max: number) =>
	z.preprocess((value) => (value === undefined ? undefined : (asText(value) ?? null)), boundedText(max).nullable().optional());

export const objectId = z.preprocess(
	asText,
	z
		.string(TEXT_ERRORS)
		.regex(OBJECT_ID_PATTERN, 'must be a Kustomer ID: 24 hexadecimal characters, e.g. 5f1a2b3c4d5e6f7a8b9c0d1e'),
);

/** Whether text is an absolute http(s) URL: the only kind a browser may load as an image or open as a link without harm. */
export function isHttpUrl(text: string): boolean {
	try {
		return /^https?:$/.test(new URL(text).protocol);
	} catch {
		return false;
	}
}

/**
 * An http(s) URL. `z.string().url()` accepts any scheme, and Kustomer shows such addresses in
 * the agent's UI: a javascript:, data: or file: address there is an attack, not an image.
 */
export const httpUrl = z.preprocess(asText, z.string(TEXT_ERRORS).refine(isHttpUrl, 'must hold http(s) URLs'));

export const email = z.preprocess(
	asText,
	z
		.string(TEXT_ERRORS)
		.max(MAX_EMAIL_LENGTH, `must be at most ${MAX_EMAIL_LENGTH} characters (no email address is longer)`)
		.regex(EMAIL_PATTERN, 'must be an email address such as jane@example.com')
		.refine(
			(address) => address.indexOf('@') <= MAX_EMAIL_LOCAL_PART,
			`must have at most ${MAX_EMAIL_LOCAL_PART} characters before the @`,
		),
);

export const phone = z.preprocess(
	(value) => {
		const text = asText(value);
		return typeof text === 'string' ? normalizePhone(text) : text;
	},
	z
		.string(TEXT_ERRORS)
		.regex(E164_PATTERN, 'must be a phone number in E.164 form: "+", country code, number, e.g. +14155550123'),
);

/** A list from a multi-select, an array from an expression, or comma-separated text. */
function listOf(value: unknown): unknown {
	if (isBlank(value)) return [];
	const list = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [value];
	const entries = list
		.map((entry) => (typeof entry === 'string' ? entry.trim() : typeof entry === 'number' ? String(entry) : entry))
		.filter((entry) => entry !== '' && entry !== null && entry !== undefined);
	return [...new Set(entries)];
}

const ENTRY_ERRORS: z.RawCreateParams = {
	errorMap: (issue, context) =>
		issue.code === 'invalid_type' ? { message: `must hold text values, not ${shapeOf(issue.received)}` } : { message: context.defaultError },
};

/** A list of Kustomer IDs from a multi-select (or an array or comma-separated expression). */
export const objectIdList = (max: number) =>
	z.preprocess(
		listOf,
		z
			.array(z.string(ENTRY_ERRORS).regex(OBJECT_ID_PATTERN, 'must hold Kustomer IDs (24 hexadecimal characters each)'))
			.max(max, `accepts at most ${max} entries`),
	);

/** Tag names (or tag IDs) as Kustomer's tag endpoints and `tags` fields take them. */
export const tagList = (max: number) =>
	z.preprocess(
		listOf,
		z
			.array(
				z
					.string(ENTRY_ERRORS)
					.refine((name) => characterCount(name) <= MAX_TAG_NAME_LENGTH, `must hold tags of at most ${MAX_TAG_NAME_LENGTH} characters`)
					.refine(
						(name) => TAG_NAME_PATTERN.test(name),
						'must hold tag names Kustomer accepts: letters (Latin), digits, spaces and _ / < > - . (not starting with a space)',
					),
			)
			.max(max, `accepts at most ${max} tags`),
	);

/** Several of a fixed set of values, from a multi-select, an array or comma-separated text. */
export const choiceList = <T extends string | number>(choices: readonly T[]) =>
	z.preprocess(
		(value) => (listOf(value) as unknown[]).map((entry) => (typeof choices[0] === 'number' && typeof entry === 'string' && entry !== '' ? Number(entry) : entry)),
		z.array(
			z.custom<T>((entry) => choices.includes(entry as T), { message: `must hold only ${choices.map((choice) => JSON.stringify(choice)).join(', ')}` }),
		),
	);

/** Optional whole number within bounds; blank or null counts as absent. */
export const optionalInteger = (min: number, max: number) =>
	z.preprocess(
		(value) => (isBlank(value) ? undefined : typeof value === 'string' ? Number(value.trim()) : value),
		z
			.number({ invalid_type_error: `must be a whole number from ${min} to ${max}` })
			.int(`must be a whole number from ${min} to ${max}`)
			.min(min, `must be a whole number from ${min} to ${max}`)
			.max(max, `must be a whole number from ${min} to ${max}`)
			.optional(),
	);

/** Limit of a list operation: a whole number from 1; undefined when Return All is on. */
export function readLimit(returnAll: unknown, limit: unknown): number | undefined {
	if (returnAll === true) return undefined;
	const schema = z.object({
		limit: z.number({ invalid_type_error: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1'),
	});
	return parseInput(schema, { limit: typeof limit === 'string' && limit.trim() !== '' ? Number(limit) : limit }, { limit: 'Limit' }).limit;
}

// ---- Dates ----

const ISO_DATE_TIME =
	/^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/i;
const DATE_TIME_EXAMPLE = 'an ISO 8601 date-time such as 2026-11-21T09:30:00Z or 2026-11-21 09:30';
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function daysInMonth(year: number, month: number): number {
	return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const zoneFormats = new Map<string, Intl.DateTimeFormat>();

/** How far `timeZone`'s wall clock is ahead of UTC at the instant `utcMs`, in milliseconds. */
function zoneOffsetMs(timeZone: string, utcMs: number): number {
	let format = zoneFormats.get(timeZone);
	if (!format) {
		format = new Intl.DateTimeFormat('en-US', {
			timeZone,
			hourCycle: 'h23',
			year: 'numeric',
			month: 'numeric',
			day: 'numeric',
			hour: 'numeric',
			minute: 'numeric',
			second: 'numeric',
		});
		zoneFormats.set(timeZone, format);
	}
	const parts = Object.fromEntries(format.formatToParts(new Date(utcMs)).map((part) => [part.type, Number(part.value)]));
	const wallClock = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
	return wallClock - (utcMs - (((utcMs % 1000) + 1000) % 1000));
}

/** The UTC instant of a wall-clock time in `timeZone` (the later reading across a DST change). */
function wallClockToUtc(wallClockMs: number, timeZone: string): number {
	const first = wallClockMs - zoneOffsetMs(timeZone, wallClockMs);
	return wallClockMs - zoneOffsetMs(timeZone, first);
}

/** Whether Intl knows this IANA time zone name. */
export function isTimeZone(name: string): boolean {
	try {
		new Intl.DateTimeFormat('en-US', { timeZone: name });
		return true;
	} catch {
		return false;
	}
}

/**
 * A point in time from ISO 8601 text, a Date, or a Luxon DateTime (what n8n expressions such as
 * {{ $now }} give), or the reason it is none. Text without an offset is a wall-clock time in
 * `timeZone` (the workflow's time zone); impossible dates such as 2026-02-30 are refused rather
 * than rolled over into March.
 */
export function readDateTime(value: unknown, timeZone = 'UTC'): { date: Date } | { problem: string } {
	const invalid = { problem: `must be ${DATE_TIME_EXAMPLE}` };
	if (value instanceof Date) return Number.isNaN(value.getTime()) ? invalid : { date: value };
	if (value && typeof value === 'object' && typeof (value as { toISO?: unknown }).toISO === 'function') {
		const date = new Date(String((value as { toISO: () => string }).toISO()));
		return Number.isNaN(date.getTime()) ? invalid : { date };
	}
	if (typeof value !== 'string') return invalid;
	const match = ISO_DATE_TIME.exec(value.trim());
	if (!match) return invalid;
	const [year, month, day, hour = 0, minute = 0, second = 0] = match.slice(1, 7).map((part) => Number(part ?? 0));
	const fraction = Number(`0.${match[7] ?? '0'}`);
	if (month < 1 || month > 12) return { problem: `has no month ${month}: ${value.trim()} is not a date` };
	if (day < 1 || day > daysInMonth(year, month)) {
		return { problem: `is not a date: ${MONTHS[month - 1]} ${year} has ${daysInMonth(year, month)} days (${value.trim()})` };
	}
	if (hour > 23 || minute > 59 || second > 59) return { problem: `is not a time of day: ${value.trim()}` };
	const wallClock = Date.UTC(year, month - 1, day, hour, minute, second) + Math.round(fraction * 1000);
	const offset = match[8];
	if (!offset) return { date: new Date(wallClockToUtc(wallClock, isTimeZone(timeZone) ? timeZone : 'UTC')) };
	if (/^z$/i.test(offset)) return { date: new Date(wallClock) };
	const [, sign, hours, minutes] = /^([+-])(\d{2}):?(\d{2})$/.exec(offset) as RegExpExecArray;
	if (Number(hours) > 23 || Number(minutes) > 59) return { problem: `has no valid UTC offset: ${value.trim()}` };
	const offsetMs = (Number(hours) * 60 + Number(minutes)) * 60_000 * (sign === '-' ? -1 : 1);
	return { date: new Date(wallClock - offsetMs) };
}

/**
 * An optional date-time, sent as UTC ISO 8601. Text without an offset is read in `timeZone`
 * (pass the workflow's, from this.getTimezone()). Blank or null counts as absent.
 */
export const optionalDateTime = (timeZone = 'UTC') =>
	z.unknown().transform((value, context): string | undefined => {
		if (isBlank(value)) return undefined;
		const result = readDateTime(value, timeZone);
		if ('problem' in result) {
			context.addIssue({ code: 'custom', message: result.problem });
			return z.NEVER;
		}
		return result.date.toISOString();
	});

// ---- Reporting ----

/**
 * Checks `input` against `schema`. The first problem becomes an InputProblem naming the
 * field by its label in the editor.
 */
export function parseInput<T>(
	schema: z.ZodType<T, z.ZodTypeDef, unknown>,
	input: Record<string, unknown>,
	labels: Record<string, string>,
): T {
	const result = schema.safeParse(input);
	if (result.success) return result.data;
	const issue = result.error.issues[0];
	const key = String(issue.path[0] ?? '');
	const rest = issue.path.slice(1).map((part) => (typeof part === 'number' ? `#${part + 1}` : part));
	const field = [labels[key] ?? key, ...rest].join(' ');
	// The value at the issue's path; where the input had another shape (text a list was made of), the deepest value there is.
	let received: unknown = input;
	for (const part of issue.path) {
		if (!received || typeof received !== 'object') break;
		received = (received as Record<string | number, unknown>)[part];
	}
	const problem =
		issue.code === 'unrecognized_keys' ? `${issue.message} (not accepted: ${issue.keys.join(', ')})` : issue.message;
	throw new InputProblem(field, problem, issue.code === 'unrecognized_keys' ? undefined : received);
}

/**
 * An InputProblem as the NodeOperationError n8n shows, naming the field and the item. The item
 * is numbered as n8n numbers it: the 0-based index, as the suffix `[item N]` n8n-core's own
 * parameter errors carry (validate-value-against-schema.ts, binary-helper-functions.ts) and
 * as the editor's "Item Index" shows `context.itemIndex`.
 */
export function inputError(node: INode, error: unknown, itemIndex: number): NodeOperationError | undefined {
	if (!(error instanceof InputProblem)) return undefined;
	const received =
		error.received === undefined ? undefined : `Received: ${JSON.stringify(error.received)?.slice(0, 200)}`;
	return new NodeOperationError(node, `${error.field} ${error.problem} [item ${itemIndex}]`, {
		itemIndex,
		description: received,
	});
}

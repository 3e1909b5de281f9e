import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { z } from 'zod';

export const OBJECT_ID_PATTERN = /^[0-9a-f]{24}$/i;
const EMAIL_PATTERN = /^[^\s@"<>(),;:\\]+@[^\s@"<>(),;:\\]+\.[a-z0-9-]{2,}$/i;
const E164_PATTERN = /^\+[1-9]\d{6,14}$/;
const ISO_DATE_TIME =
	/^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;

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

/** Drops the spaces, dots, dashes and brackets people write phone numbers with. */
export function normalizePhone(value: string): string {
	return value.trim().replace(/[\s().-]/g, '');
}

/**
 * A point in time from an ISO 8601 string, a Date, or a Luxon DateTime (what n8n expressions
 * such as {{ $now }} give); undefined for anything else.
 */
export function parseDateTime(value: unknown): Date | undefined {
	let date: Date | undefined;
	if (value instanceof Date) date = value;
	else if (value && typeof value === 'object' && typeof (value as { toISO?: unknown }).toISO === 'function') {
		date = new Date(String((value as { toISO: () => string }).toISO()));
	} else if (typeof value === 'string' && ISO_DATE_TIME.test(value.trim())) date = new Date(value.trim());
	return date && !Number.isNaN(date.getTime()) ? date : undefined;
}

/** Numbers from expressions count as text; empty strings count as absent. */
function asText(value: unknown): unknown {
	if (typeof value === 'number' || typeof value === 'bigint') return String(value);
	if (typeof value === 'string') {
		const trimmed = value.trim();
		return trimmed === '' ? undefined : trimmed;
	}
	return value;
}

const requiredMessage = { required_error: 'is required', invalid_type_error: 'must be text' };

/** Text that must be present, at most `max` characters. */
export const requiredText = (max: number) =>
	z.preprocess(
		asText,
		z.string(requiredMessage).max(max, `must be at most ${max} characters`),
	);

/** Text that may be absent, at most `max` characters. */
export const optionalText = (max: number) =>
	z.preprocess(
		asText,
		z.string(requiredMessage).max(max, `must be at most ${max} characters`).optional(),
	);

export const objectId = z.preprocess(
	asText,
	z
		.string(requiredMessage)
		.regex(OBJECT_ID_PATTERN, 'must be a Kustomer ID: 24 hexadecimal characters, e.g. 5f1a2b3c4d5e6f7a8b9c0d1e'),
);

export const email = z.preprocess(
	asText,
	z.string(requiredMessage).regex(EMAIL_PATTERN, 'must be an email address such as jane@example.com'),
);

export const phone = z.preprocess(
	(value) => {
		const text = asText(value);
		return typeof text === 'string' ? normalizePhone(text) : text;
	},
	z
		.string(requiredMessage)
		.regex(E164_PATTERN, 'must be a phone number in E.164 form: "+", country code, number, e.g. +14155550123'),
);

/** An optional ISO 8601 date-time, sent as UTC. Empty counts as absent. */
export const optionalDateTime = z.preprocess(
	(value) => (value === '' || value === null || value === undefined ? undefined : (parseDateTime(value)?.toISOString() ?? value)),
	z
		.string({ invalid_type_error: 'must be an ISO 8601 date-time such as 2026-11-21T09:30:00Z' })
		.datetime({ offset: true, message: 'must be an ISO 8601 date-time such as 2026-11-21T09:30:00Z' })
		.optional(),
);

/** A list of Kustomer IDs from a multi-select (or a comma-separated expression). */
export const objectIdList = (max: number) =>
	z.preprocess(
		(value) => {
			if (value === undefined || value === null || value === '') return [];
			const list = Array.isArray(value) ? value : String(value).split(',');
			return [...new Set(list.map((entry) => String(entry).trim()).filter(Boolean))];
		},
		z
			.array(
				z.string().regex(OBJECT_ID_PATTERN, 'must hold Kustomer IDs (24 hexadecimal characters each)'),
			)
			.max(max, `accepts at most ${max} entries`),
	);

/** Optional whole number within bounds; empty counts as absent. */
export const optionalInteger = (min: number, max: number) =>
	z.preprocess(
		(value) => (value === '' || value === null ? undefined : typeof value === 'string' ? Number(value) : value),
		z
			.number({ invalid_type_error: `must be a whole number from ${min} to ${max}` })
			.int(`must be a whole number from ${min} to ${max}`)
			.min(min, `must be a whole number from ${min} to ${max}`)
			.max(max, `must be a whole number from ${min} to ${max}`)
			.optional(),
	);

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
	let received: unknown = input;
	for (const part of issue.path) {
		received = received && typeof received === 'object' ? (received as Record<string | number, unknown>)[part] : undefined;
	}
	const problem =
		issue.code === 'unrecognized_keys' ? `${issue.message} (not accepted: ${issue.keys.join(', ')})` : issue.message;
	throw new InputProblem(field, problem, issue.code === 'unrecognized_keys' ? undefined : received);
}

/** An InputProblem as the NodeOperationError n8n shows, naming the field and the item. */
export function inputError(node: INode, error: unknown, itemIndex: number): NodeOperationError | undefined {
	if (!(error instanceof InputProblem)) return undefined;
	const received =
		error.received === undefined ? undefined : `Received: ${JSON.stringify(error.received)?.slice(0, 200)}`;
	return new NodeOperationError(node, `${error.field} ${error.problem} [item ${itemIndex}]`, {
		itemIndex,
		description: received,
	});
}

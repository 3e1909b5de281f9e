import type { IDataObject } from 'n8n-workflow';
import { z } from 'zod';

import type { SearchQuery } from '../transport';
import { InputProblem, parseInput } from './validation';

export const SEARCH_OPERATORS = ['equals', 'contains', 'gt', 'gte', 'lt', 'lte', 'in', 'not_set'] as const;
export type SearchOperator = (typeof SEARCH_OPERATORS)[number];

/** One criterion slot of Kustomer's 20 is kept for reading past the 10,000-record cap. */
export const MAX_CRITERIA = 19;

const FIELD_PATTERN = /^[a-zA-Z][a-zA-Z0-9_.]*$/;
const NUMBER_PATTERN = /^-?\d+(?:\.\d+)?$/;

/**
 * The search attribute for what a user typed: "email" -> "customer_email",
 * "updatedAt" -> "customer_updated_at", "custom.tierStr" -> "customer_custom_tierStr";
 * a name that already starts with "customer_" stays as it is.
 */
export function searchAttribute(queryContext: string, field: string): string {
	const name = field.trim();
	if (name.startsWith(`${queryContext}_`)) return name;
	if (name.startsWith('custom.')) return `${queryContext}_custom_${name.slice('custom.'.length)}`;
	return `${queryContext}_${name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase()}`;
}

function typedValue(attribute: string, operator: SearchOperator, value: unknown): unknown {
	if (typeof value !== 'string') return value;
	const text = value.trim();
	if (/_custom_\w+Bool$/.test(attribute) && /^(true|false)$/i.test(text)) return text.toLowerCase() === 'true';
	if (/_custom_\w+Num$/.test(attribute) && NUMBER_PATTERN.test(text)) return Number(text);
	if (['gt', 'gte', 'lt', 'lte'].includes(operator) && NUMBER_PATTERN.test(text)) return Number(text);
	return text;
}

export interface CriterionRow {
	field?: unknown;
	operator?: unknown;
	value?: unknown;
}

/** A Kustomer criterion `{ "<context>_<attribute>": { "<operator>": value } }` from one editor row. */
export function criterionFromRow(queryContext: string, row: CriterionRow, position: number): IDataObject {
	const label = `Criterion #${position}`;
	const field = String(row.field ?? '').trim();
	if (!FIELD_PATTERN.test(field)) {
		throw new InputProblem(`${label} field`, 'must be an attribute name such as email, name, updatedAt or custom.tierStr', row.field);
	}
	const operator = String(row.operator ?? '') as SearchOperator;
	if (!SEARCH_OPERATORS.includes(operator)) {
		throw new InputProblem(`${label} operator`, `must be one of ${SEARCH_OPERATORS.join(', ')}`, row.operator);
	}
	const attribute = searchAttribute(queryContext, field);
	if (operator === 'not_set') return { [attribute]: { not_set: true } };

	const empty = row.value === undefined || row.value === null || (typeof row.value === 'string' && row.value.trim() === '');
	if (empty) throw new InputProblem(`${label} value`, `is required for "${operator}"`);
	if (operator === 'in') {
		const list = (Array.isArray(row.value) ? row.value : String(row.value).split(','))
			.map((entry) => typedValue(attribute, 'equals', typeof entry === 'string' ? entry.trim() : entry))
			.filter((entry) => entry !== '');
		return { [attribute]: { in: list } };
	}
	return { [attribute]: { [operator]: typedValue(attribute, operator, row.value) } };
}

const criteriaList = z.preprocess(
	(value) => (value && !Array.isArray(value) && typeof value === 'object' ? [value] : value),
	z
		.array(z.record(z.unknown(), { invalid_type_error: 'must hold criterion objects' }), {
			invalid_type_error: 'must be a criterion object or an array of them',
		})
		.max(MAX_CRITERIA, `accepts at most ${MAX_CRITERIA} criteria`),
);

const jsonQuerySchema = z
	.object({
		queryContext: z.literal('customer', { errorMap: () => ({ message: 'must be "customer" (this is Customer → Search)' }) }).optional(),
		and: criteriaList.optional(),
		or: criteriaList.optional(),
		not: criteriaList.optional(),
		includeDeleted: z.boolean({ invalid_type_error: 'must be true or false' }).optional(),
		timeZone: z.string({ invalid_type_error: 'must be a time zone name' }).optional(),
	})
	.strict('has a field Kustomer search does not take here; use and, or, not, includeDeleted, timeZone (the node sets sort and paging itself)');

const INVALID_JSON = Symbol('invalid JSON');

function parseJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return INVALID_JSON;
	}
}

/** A search body from the raw-JSON mode, checked against what Kustomer's search accepts. */
export function queryFromJson(raw: unknown): SearchQuery {
	let value = raw;
	if (typeof raw === 'string') {
		value = parseJson(raw);
		if (value === INVALID_JSON) throw new InputProblem('Query (JSON)', 'is not valid JSON', raw.slice(0, 200));
	}
	if (!value || typeof value !== 'object' || Array.isArray(value)) {
		throw new InputProblem('Query (JSON)', 'must be a JSON object such as {"and": [{"customer_email": {"equals": "jane@example.com"}}]}');
	}
	const query = parseInput(jsonQuerySchema, value as Record<string, unknown>, {
		queryContext: 'Query (JSON) queryContext',
		and: 'Query (JSON) and',
		or: 'Query (JSON) or',
		not: 'Query (JSON) not',
		includeDeleted: 'Query (JSON) includeDeleted',
		timeZone: 'Query (JSON) timeZone',
		'': 'Query (JSON)',
	});
	return { ...query, queryContext: 'customer' } as SearchQuery;
}

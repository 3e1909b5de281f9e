import type { IDataObject, IDisplayOptions, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import type { SearchQuery } from '../transport';
import { FROM_VERSION_2, ONLY_VERSION_1 } from '../versions';
import { fieldCollection } from './fields';
import { InputProblem, isBlank, parseInput, readDateTime } from './validation';

export const SEARCH_OPERATORS = ['equals', 'contains', 'gt', 'gte', 'lt', 'lte', 'in', 'not_set'] as const;
export type SearchOperator = (typeof SEARCH_OPERATORS)[number];

const OPERATOR_NAMES: Record<SearchOperator, string> = {
	equals: 'Equals',
	contains: 'Contains',
	gt: 'Greater Than',
	gte: 'Greater Than or Equal',
	lt: 'Less Than',
	lte: 'Less Than or Equal',
	in: 'In List (Comma-Separated)',
	not_set: 'Is Not Set',
};

/** Display options of a search's field shown for one choice of its Search By. */
export const showWhen = (searchBy: string) => ({ show: { searchBy: [searchBy] } });

/** The criteria rows and the JSON query fields, as errors name them. */
const CRITERIA = { displayName: 'Criteria', name: 'criteria' };
const QUERY_JSON = { displayName: 'Query (JSON)', name: 'queryJson' };

/** The Field of a criteria row: free text (version 1 nodes) or picked from the record type's attributes (version 2). */
function criterionFieldProperty(examples: string, picker: boolean): INodeProperties {
	const text = "An attribute name; the prefix and snake case Kustomer's search uses are added for you, custom attributes as custom.orderNumberStr";
	if (!picker) return { displayName: 'Field', name: 'field', type: 'string', default: '', placeholder: `e.g. ${examples}`, description: text };
	return {
		displayName: 'Field Name or ID',
		name: 'field',
		type: 'options',
		// The record type's standard attributes and the org's custom attributes (issue 20 item 8).
		typeOptions: { loadOptionsMethod: 'getSearchFields', loadOptionsDependsOn: ['resource'] },
		default: '',
		description:
			'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
	};
}

/**
 * Rows of field / operator / value, each one Kustomer search criterion; version 2 nodes pick the
 * field from a list, where one is known (`withPicker`: customers and conversations, whose standard
 * attributes Kustomer's OpenAPI file lists; companies' it does not).
 */
export function criteriaFields(displayOptions: IDisplayOptions, examples: string, description: string, withPicker = true): INodeProperties[] {
	const versions = withPicker ? [false, true] : [false];
	return versions.map((picker) => ({
		...CRITERIA,
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Criterion',
		default: {},
		description,
		displayOptions: withPicker ? { ...displayOptions, show: { ...displayOptions.show, ...(picker ? FROM_VERSION_2 : ONLY_VERSION_1).show } } : displayOptions,
		options: [
			{
				displayName: 'Criterion',
				name: 'criterion',
				values: [
					criterionFieldProperty(examples, picker),
					{
						displayName: 'Operator',
						name: 'operator',
						type: 'options',
						default: 'equals',
						options: SEARCH_OPERATORS.map((operator) => ({ name: OPERATOR_NAMES[operator], value: operator })),
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						description:
							"Numbers are compared as numbers for greater/less than. Dates as ISO 8601; a date-time without a UTC offset is read in the workflow's time zone.",
					},
				],
			},
		],
	}));
}

/** Whether a record must meet all the criteria rows, or any one of them. */
export function matchField(displayOptions: IDisplayOptions): INodeProperties {
	return {
		displayName: 'Match',
		name: 'match',
		type: 'options',
		default: 'all',
		options: [
			{ name: 'All Criteria', value: 'all' },
			{ name: 'Any Criterion', value: 'any' },
		],
		displayOptions,
	};
}

/**
 * A search of `queryContext` from the criteria rows, matched all (`and`) or any (`or`). The
 * time zone makes plain dates local dates of the workflow (Kustomer's search rule).
 */
export function criteriaQuery(queryContext: SearchContext, rows: CriterionRow[], match: unknown, timeZone: string): SearchQuery {
	if (!hasCriteria(rows)) throw new InputProblem(CRITERIA.displayName, 'needs at least one criterion');
	return { queryContext, [match === 'any' ? 'or' : 'and']: criteriaFromRows(queryContext, rows, timeZone), timeZone };
}

/** A search's Options: Include Deleted, and the ordering options of the operation. */
export function searchOptionsField(things: string, ordering: INodeProperties[]): INodeProperties {
	const includeDeleted: INodeProperties = {
		displayName: 'Include Deleted',
		name: 'includeDeleted',
		type: 'boolean',
		default: false,
		description: `Whether to include deleted ${things}`,
	};
	return fieldCollection('options', 'Options', [includeDeleted, ...ordering], 'Add Option');
}

/** Kustomer's own search criteria as JSON. */
export function queryJsonField(displayOptions: IDisplayOptions, example: string): INodeProperties {
	return {
		...QUERY_JSON,
		type: 'json',
		default: `{\n  "and": [\n    ${example}\n  ]\n}`,
		description: `A Kustomer search body with and / or / not criteria, e.g. {"and": [${example}]}. Sort and paging are set by the node.`,
		displayOptions,
	};
}

/** The record types this node searches (Kustomer's `queryContext`). */
export type SearchContext = 'customer' | 'conversation' | 'company';

/** Kustomer accepts 20 criteria in `and`; one slot is kept for reading past the 10,000-record cap. */
export const MAX_CRITERIA = 19;

const FIELD_PATTERN = /^[a-zA-Z][a-zA-Z0-9_.]*$/;
const NUMBER_PATTERN = /^-?\d+(?:\.\d+)?$/;
/** A date without a time: Kustomer reads it as a local date in the body's `timeZone`. */
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Attribute names that are not plain snake case in Kustomer's search ("Standard attributes JSON
 * Schema" in openapi: POST /customers/search lists customer_externalId, camelCase).
 */
const IRREGULAR_ATTRIBUTES: Record<string, string> = {
	customer_external_id: 'customer_externalId',
	customer_shared_external_id: 'customer_shared_externalId',
};

/**
 * The search attribute for what a user typed: "email" -> "customer_email",
 * "updatedAt" -> "customer_updated_at", "custom.tierStr" -> "customer_custom_tierStr";
 * a name that already starts with the context's prefix stays as it is.
 */
export function searchAttribute(queryContext: string, field: string): string {
	const name = field.trim();
	if (name.startsWith(`${queryContext}_`)) return name;
	if (name.startsWith('custom.')) return `${queryContext}_custom_${name.slice('custom.'.length)}`;
	const snake = `${queryContext}_${name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase()}`;
	return IRREGULAR_ATTRIBUTES[snake] ?? snake;
}

/** Whether Kustomer types the attribute as a date-time: standard `…_at` names and custom `…At` attributes. */
function isDateAttribute(attribute: string): boolean {
	return /_custom_\w+At$/.test(attribute) || (!attribute.includes('_custom_') && /_at$/.test(attribute));
}

/**
 * A date criterion's value: a date-time without an offset is a wall-clock time in the
 * workflow's time zone, sent in UTC; a plain date stays a local date (the search body carries
 * the time zone); an impossible date is refused.
 */
function dateValue(label: string, text: string, timeZone: string): string {
	const result = readDateTime(text, timeZone);
	if ('problem' in result) throw new InputProblem(label, result.problem, text);
	return DATE_ONLY.test(text) ? text : result.date.toISOString();
}

function typedValue(label: string, attribute: string, operator: SearchOperator, value: unknown, timeZone: string): unknown {
	if (value !== null && typeof value === 'object') {
		throw new InputProblem(label, `must be one value, not ${Array.isArray(value) ? 'a list' : 'an object'}`, value);
	}
	if (typeof value !== 'string') return value;
	const text = value.trim();
	if (isDateAttribute(attribute) && operator !== 'contains') return dateValue(label, text, timeZone);
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
export function criterionFromRow(queryContext: string, row: CriterionRow, position: number, timeZone = 'UTC'): IDataObject {
	const label = `Criterion #${position}`;
	const field = typeof row.field === 'string' ? row.field.trim() : '';
	if (!FIELD_PATTERN.test(field)) {
		throw new InputProblem(`${label} field`, 'must be an attribute name such as status, updatedAt or custom.tierStr', row.field);
	}
	const operator = String(row.operator ?? '') as SearchOperator;
	if (!SEARCH_OPERATORS.includes(operator)) {
		throw new InputProblem(`${label} operator`, `must be one of ${SEARCH_OPERATORS.join(', ')}`, row.operator);
	}
	const attribute = searchAttribute(queryContext, field);
	// Kustomer's only documented form (developer.kustomer.com docs/guides/search-recipes, "Unassigned").
	if (operator === 'not_set') return { [attribute]: { not_set: '' } };

	if (isBlank(row.value)) throw new InputProblem(`${label} value`, `is required for "${operator}"`);
	if (operator === 'in') {
		const entries = Array.isArray(row.value) ? row.value : String(row.value).split(',');
		const list = entries
			.map((entry) => typedValue(`${label} value`, attribute, 'equals', typeof entry === 'string' ? entry.trim() : entry, timeZone))
			.filter((entry) => entry !== '');
		return { [attribute]: { in: list } };
	}
	return { [attribute]: { [operator]: typedValue(`${label} value`, attribute, operator, row.value, timeZone) } };
}

/** The criteria of a list of editor rows, with the limit Kustomer sets. */
export function criteriaFromRows(queryContext: string, rows: CriterionRow[], timeZone: string, reserved = 0): IDataObject[] {
	// A row added and left empty (no field, no value) asks for nothing: it is left out, not an error (issue 20 item 8).
	const filled = rows.map((row, index) => ({ row, number: index + 1 })).filter(({ row }) => !isEmptyRow(row));
	if (filled.length + reserved > MAX_CRITERIA) {
		throw new InputProblem(CRITERIA.displayName, `accept at most ${MAX_CRITERIA - reserved} rows here (Kustomer takes ${MAX_CRITERIA + 1} criteria, the node keeps one)`);
	}
	return filled.map(({ row, number }) => criterionFromRow(queryContext, row, number, timeZone));
}

/** The Criteria rows of an item as the editor stores them (empty ones included: criteriaFromRows leaves them out). */
export function readCriteriaRows(context: IExecuteFunctions, itemIndex: number): CriterionRow[] {
	const rows = (context.getNodeParameter(CRITERIA.name, itemIndex, {}) as IDataObject).criterion;
	return Array.isArray(rows) ? (rows as CriterionRow[]) : [];
}

/** Whether any row asks for something. */
export const hasCriteria = (rows: CriterionRow[]) => rows.some((row) => !isEmptyRow(row));

/** A criteria row with neither a field nor a value. */
export function isEmptyRow(row: CriterionRow): boolean {
	return isBlank(row?.field) && isBlank(row?.value);
}

/**
 * A date range as Kustomer takes it: "Each criterion maps one attribute to one operator and
 * value" (developer.kustomer.com docs/concepts/search), so each bound is its own criterion, as
 * public clients send ranges (MeltanoLabs/tap-kustomer client.py, prepare_request_payload).
 */
export function rangeCriteria(attribute: string, { from, before }: { from?: string; before?: string }): IDataObject[] {
	return [...(from ? [{ [attribute]: { gte: from } }] : []), ...(before ? [{ [attribute]: { lt: before } }] : [])];
}

/** `{ attribute: { in: values } }`, or `equals` for one value. */
export function anyOfCriterion(attribute: string, values: unknown[]): IDataObject {
	return values.length === 1 ? { [attribute]: { equals: values[0] } } : { [attribute]: { in: values } };
}

const criteriaList = z.preprocess(
	(value) => (value && !Array.isArray(value) && typeof value === 'object' ? [value] : value),
	z
		.array(z.record(z.unknown(), { invalid_type_error: 'must hold criterion objects' }), {
			invalid_type_error: 'must be a criterion object or an array of them',
		})
		.max(MAX_CRITERIA, `accepts at most ${MAX_CRITERIA} criteria`),
);

function jsonQuerySchema(queryContext: SearchContext, operation: string) {
	return z
		.object({
			queryContext: z
				.literal(queryContext, { errorMap: () => ({ message: `must be "${queryContext}" (this is ${operation})` }) })
				.optional(),
			and: criteriaList.optional(),
			or: criteriaList.optional(),
			not: criteriaList.optional(),
			includeDeleted: z.boolean({ invalid_type_error: 'must be true or false' }).optional(),
			timeZone: z.string({ invalid_type_error: 'must be a time zone name' }).optional(),
		})
		.strict('has a field Kustomer search does not take here; use and, or, not, includeDeleted, timeZone (the node sets sort and paging itself)');
}

type CriteriaList = 'and' | 'or' | 'not';
const GROUPS = ['and', 'or', 'not'];

/** A criterion's attribute/operator pairs, one criterion each; a nested group stays whole. */
function singleConditions(criterion: IDataObject): IDataObject[] {
	const keys = Object.keys(criterion);
	if (keys.length === 1 && GROUPS.includes(keys[0])) return [criterion];
	return keys.flatMap((attribute): IDataObject[] => {
		const condition = criterion[attribute];
		if (!condition || typeof condition !== 'object' || Array.isArray(condition)) return [{ [attribute]: condition } as IDataObject];
		const operators = Object.entries(condition as IDataObject);
		return operators.length > 1 ? operators.map(([operator, value]) => ({ [attribute]: { [operator]: value } })) : [{ [attribute]: condition }];
	});
}

/** Why a criterion holds more than one attribute/operator pair, for the error that refuses it. */
function combinedConditions(criterion: IDataObject): string {
	const keys = Object.keys(criterion);
	if (keys.length > 1) return `${keys.length} attributes (${keys.join(', ')})`;
	const operators = Object.keys(criterion[keys[0]] as IDataObject);
	return `${keys[0]} ${operators.length === 2 ? 'two' : operators.length} operators (${operators.join(', ')})`;
}

/**
 * A JSON query's criteria with one attribute and one operator each, as Kustomer takes them
 * (see rangeCriteria): in `and` a combined criterion becomes its parts, which says the same;
 * in `or` and `not` that would change its meaning, so it is refused.
 */
function oneConditionEach(criteria: IDataObject[], list: CriteriaList): IDataObject[] {
	return criteria.flatMap((criterion, index) => {
		const parts = singleConditions(criterion);
		if (parts.length > 1 && list !== 'and') {
			throw new InputProblem(
				`${QUERY_JSON.displayName} ${list} #${index + 1}`,
				`gives ${combinedConditions(criterion)}: Kustomer takes one attribute and one operator per criterion. In "and", the node splits it; here, write each condition as its own criterion`,
			);
		}
		return parts;
	});
}

const INVALID_JSON = Symbol('invalid JSON');

function parseJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return INVALID_JSON;
	}
}

/** A search body from the raw-JSON mode, checked against what Kustomer's search accepts. */
export function queryFromJson(raw: unknown, queryContext: SearchContext = 'customer', operation = 'Customer → Get Many'): SearchQuery {
	let value = raw;
	if (typeof raw === 'string') {
		value = parseJson(raw);
		if (value === INVALID_JSON) throw new InputProblem(QUERY_JSON.displayName, 'is not valid JSON', raw.slice(0, 200));
	}
	const example = `{"and": [{"${queryContext}_updated_at": {"gte": "2026-01-01"}}]}`;
	if (!value || typeof value !== 'object' || Array.isArray(value)) {
		throw new InputProblem(QUERY_JSON.displayName, `must be a JSON object such as ${example}`);
	}
	const query = parseInput(jsonQuerySchema(queryContext, operation), value as Record<string, unknown>, {
		...Object.fromEntries(['queryContext', 'and', 'or', 'not', 'includeDeleted', 'timeZone'].map((key) => [key, `${QUERY_JSON.displayName} ${key}`])),
		'': QUERY_JSON.displayName,
	});
	for (const list of GROUPS as CriteriaList[]) {
		if (!query[list]) continue;
		query[list] = oneConditionEach(query[list] as IDataObject[], list);
		if ((query[list] as IDataObject[]).length > MAX_CRITERIA) {
			throw new InputProblem(`${QUERY_JSON.displayName} ${list}`, `accepts at most ${MAX_CRITERIA} criteria, a range counting as two`);
		}
	}
	return { ...query, queryContext } as SearchQuery;
}

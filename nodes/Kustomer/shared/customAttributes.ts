import type { IDataObject } from 'n8n-workflow';

import { characterCount, InputProblem, isBlank, readDateTime } from './validation';

/** The typed Custom Attributes field (shared/attributeMapper.ts), as errors name it. */
export const CUSTOM_ATTRIBUTES = { displayName: 'Custom Attributes', name: 'customAttributesMapper' };

/**
 * Kustomer types a custom attribute by the suffix of its name. Kustomer documents Str, Txt,
 * Num, At, Bool, Url and Id; real orgs also have Tree (hierarchical dropdowns, set by the
 * chosen node's id), which the metadata endpoint describes.
 */
export const CUSTOM_ATTRIBUTE_SUFFIXES = ['Str', 'Txt', 'Num', 'At', 'Bool', 'Url', 'Id', 'Tree'] as const;
export type CustomAttributeSuffix = (typeof CUSTOM_ATTRIBUTE_SUFFIXES)[number];

/** What a custom attribute holds, which decides how a value is converted and checked. */
export type AttributeKind = 'text' | 'longText' | 'number' | 'dateTime' | 'boolean' | 'url' | 'reference' | 'choice';

export interface AttributeChoice {
	name: string;
	value: string;
}

/** A custom attribute as the org defines it (from Kustomer's metadata), or as its name implies. */
export interface AttributeDefinition {
	/** The name Kustomer stores it under, suffix included (tierStr). */
	name: string;
	/** The name people see in Kustomer (Tier). */
	label: string;
	kind: AttributeKind;
	/** The allowed values, where Kustomer defines them. */
	choices?: AttributeChoice[];
	/** A reference attribute holding several IDs. */
	multi?: boolean;
}

interface CoerceOptions {
	/** The workflow's time zone: date-times written without an offset are read in it. */
	timeZone?: string;
}

const KIND_OF_SUFFIX: Record<CustomAttributeSuffix, AttributeKind> = {
	Str: 'text',
	Txt: 'longText',
	Num: 'number',
	At: 'dateTime',
	Bool: 'boolean',
	Url: 'url',
	Id: 'reference',
	Tree: 'choice',
};

const NAME_PATTERN = new RegExp(`^[a-zA-Z][a-zA-Z0-9]*(${CUSTOM_ATTRIBUTE_SUFFIXES.join('|')})$`);
/**
 * Str and Txt alike: "string or null, length: [ 0 .. 1024 ] characters" (the OpenAPI file's
 * naming-suffix table, e.g. POST /klasses/{name} and PATCH /conversations/{id}; the older
 * reference says the same, kustomer-api-docs/reference/createkobject). Kustomer's newer page
 * (docs/concepts/custom-attributes) gives Txt no length, so this limit is the strict reading.
 */
const MAX_TEXT_LENGTH = 1024;
const MAX_CUSTOM_ATTRIBUTES = 100;
const TRUE_WORDS = new Set(['true', 'yes', '1', 'on']);
const FALSE_WORDS = new Set(['false', 'no', '0', 'off']);
const NUMBER_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;

export interface CustomAttributeRow {
	name?: unknown;
	value?: unknown;
}

/** The suffix of a valid attribute name, or undefined. */
export function customAttributeSuffix(name: string): CustomAttributeSuffix | undefined {
	return NAME_PATTERN.exec(name)?.[1] as CustomAttributeSuffix | undefined;
}

/** The definition an attribute's name implies when Kustomer's metadata does not describe it. */
export function definitionFromName(name: string): AttributeDefinition | undefined {
	const suffix = customAttributeSuffix(name);
	return suffix ? { name, label: name, kind: KIND_OF_SUFFIX[suffix] } : undefined;
}

/** `"Tier (tierStr)"`: the label people see with the name Kustomer stores, or just the name. */
function describe({ label, name }: AttributeDefinition): string {
	return `Custom attribute "${!label || label.includes(name) ? label || name : `${label} (${name})`}"`;
}

type Problem = (text: string) => never;
type Coercer = (value: unknown, definition: AttributeDefinition, problem: Problem, options: CoerceOptions) => unknown;

/** A single value of an expression; lists and objects are refused rather than stringified. */
function scalar(value: unknown, problem: Problem): string | number | boolean {
	if (Array.isArray(value)) problem('must be a single value, not a list');
	if (typeof value === 'object' && value !== null) problem('must be a single value, not an object');
	if (typeof value === 'number' && !Number.isFinite(value)) problem('must be a finite number');
	return value as string | number | boolean;
}

function toText(value: unknown, definition: AttributeDefinition, problem: Problem): string | null {
	const single = scalar(value, problem);
	if (isBlank(single)) return null;
	const text = definition.kind === 'longText' ? String(single) : String(single).trim();
	if (characterCount(text) > MAX_TEXT_LENGTH) {
		const kind = definition.kind === 'longText' ? "a Txt attribute, as Kustomer's OpenAPI naming-suffix table says" : 'a Str attribute';
		problem(`must be at most ${MAX_TEXT_LENGTH} characters (${kind})`);
	}
	return text;
}

function toNumber(value: unknown, _definition: AttributeDefinition, problem: Problem): number {
	const single = scalar(value, problem);
	if (typeof single === 'number') return single;
	const text = typeof single === 'string' ? single.trim() : '';
	if (!NUMBER_TEXT.test(text)) problem('must be a number (a Num attribute), e.g. 42 or 19.99');
	return Number(text);
}

function toBoolean(value: unknown, _definition: AttributeDefinition, problem: Problem): boolean {
	const single = scalar(value, problem);
	if (typeof single === 'boolean') return single;
	const word = String(single).trim().toLowerCase();
	if (TRUE_WORDS.has(word)) return true;
	if (FALSE_WORDS.has(word)) return false;
	return problem('must be true or false (a Bool attribute)');
}

function toDateTime(value: unknown, _definition: AttributeDefinition, problem: Problem, options: CoerceOptions): string {
	if (Array.isArray(value)) problem('must be a single value, not a list');
	const result = readDateTime(value, options.timeZone);
	if ('problem' in result) {
		problem(`${result.problem} (an At attribute; without an offset it is read in the workflow's time zone${options.timeZone ? `, ${options.timeZone}` : ''})`);
	}
	return (result as { date: Date }).date.toISOString();
}

function toUrl(value: unknown, _definition: AttributeDefinition, problem: Problem): string {
	const text = String(scalar(value, problem)).trim();
	let url: URL | undefined;
	try {
		url = new URL(text);
	} catch {
		url = undefined;
	}
	if (!url || !/^https?:$/.test(url.protocol)) problem('must be an http(s) URL (a Url attribute)');
	return text;
}

function toReference(value: unknown, definition: AttributeDefinition, problem: Problem): string | string[] {
	if (definition.multi) {
		const list = Array.isArray(value) ? value : String(scalar(value, problem)).split(',');
		const ids = list.map((entry) => String(scalar(entry, problem)).trim()).filter(Boolean);
		return [...new Set(ids)];
	}
	const text = String(scalar(value, problem)).trim();
	if (!text) problem('must be the ID of the record it refers to');
	return text;
}

function toChoice(value: unknown, definition: AttributeDefinition, problem: Problem): string {
	const text = String(scalar(value, problem)).trim();
	const { choices } = definition;
	if (!choices?.length) return text;
	const lower = text.toLowerCase();
	const match =
		choices.find((choice) => choice.value === text) ??
		choices.find((choice) => choice.value.toLowerCase() === lower || choice.name.toLowerCase() === lower);
	if (!match) {
		const listed = choices.slice(0, 10).map((choice) => choice.value).join(', ');
		problem(`must be one of the values Kustomer allows: ${listed}${choices.length > 10 ? ', …' : ''}`);
	}
	return (match as AttributeChoice).value;
}

const COERCERS: Record<AttributeKind, Coercer> = {
	text: toText,
	longText: toText,
	number: toNumber,
	boolean: toBoolean,
	dateTime: toDateTime,
	url: toUrl,
	reference: toReference,
	choice: toChoice,
};

/**
 * One attribute's value in the type Kustomer stores: converted where the conversion is
 * unambiguous, otherwise an InputProblem naming the attribute. Empty (undefined, null, '')
 * is null, which clears the attribute.
 */
function coerceAttributeValue(definition: AttributeDefinition, value: unknown, options: CoerceOptions = {}): IDataObject[string] {
	if (value === undefined || value === null || value === '') return null;
	const field = describe(definition);
	const problem: Problem = (text) => {
		throw new InputProblem(field, text, value);
	};
	return COERCERS[definition.kind](value, definition, problem, options) as IDataObject[string];
}

/** An attribute's name from a row, as written or with Kustomer's `custom.` prefix. */
function rowName(row: CustomAttributeRow, index: number): string {
	if (row.name !== undefined && row.name !== null && typeof row.name !== 'string') {
		throw new InputProblem(`Custom Attribute #${index + 1} name`, 'must be text', row.name);
	}
	return String(row.name ?? '').trim().replace(/^custom\./, '');
}

/**
 * Turns attribute name/value entries into Kustomer's `custom` object. A name must be one the
 * metadata defines (`definitions`) or end in a type suffix; values are converted to the type
 * and checked (allowed values included). An empty value is null, which clears the attribute.
 */
export function toCustomAttributes(
	rows: CustomAttributeRow[],
	options: CoerceOptions & { definitions?: Map<string, AttributeDefinition> } = {},
): IDataObject {
	const custom: IDataObject = {};
	if (rows.length > MAX_CUSTOM_ATTRIBUTES) {
		throw new InputProblem(CUSTOM_ATTRIBUTES.displayName, `accept at most ${MAX_CUSTOM_ATTRIBUTES} attributes`);
	}
	rows.forEach((row, index) => {
		const name = rowName(row, index);
		const definition = options.definitions?.get(name) ?? definitionFromName(name);
		if (!definition) {
			throw new InputProblem(
				`Custom Attribute #${index + 1} name "${name}"`,
				`must be a camelCase name ending in a type suffix (${CUSTOM_ATTRIBUTE_SUFFIXES.join(', ')}), e.g. orderNumberStr or vipBool, or an attribute the Custom Attributes list shows`,
			);
		}
		if (name in custom) {
			throw new InputProblem(`Custom attribute "${name}"`, 'is set twice; keep one entry per attribute');
		}
		custom[name] = coerceAttributeValue(definition, row.value, options);
	});
	return custom;
}

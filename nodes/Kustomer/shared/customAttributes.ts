import type { IDataObject } from 'n8n-workflow';

import { InputProblem, parseDateTime } from './validation';

/** Kustomer types a custom attribute by the suffix of its name. */
export const CUSTOM_ATTRIBUTE_SUFFIXES = ['Str', 'Txt', 'Num', 'At', 'Bool', 'Url', 'Id'] as const;
export type CustomAttributeSuffix = (typeof CUSTOM_ATTRIBUTE_SUFFIXES)[number];

const NAME_PATTERN = new RegExp(`^[a-zA-Z][a-zA-Z0-9]*(${CUSTOM_ATTRIBUTE_SUFFIXES.join('|')})$`);
const MAX_STR_LENGTH = 1024;
const MAX_ATTRIBUTES = 100;
const TRUE_WORDS = new Set(['true', 'yes', '1', 'on']);
const FALSE_WORDS = new Set(['false', 'no', '0', 'off']);

export interface CustomAttributeRow {
	name?: unknown;
	value?: unknown;
}

/** The suffix of a valid attribute name, or undefined. */
export function customAttributeSuffix(name: string): CustomAttributeSuffix | undefined {
	return NAME_PATTERN.exec(name)?.[1] as CustomAttributeSuffix | undefined;
}

function coerce(field: string, suffix: CustomAttributeSuffix, value: unknown): unknown {
	const text = typeof value === 'string' ? value.trim() : value;
	switch (suffix) {
		case 'Str': {
			const result = String(text);
			if (result.length > MAX_STR_LENGTH) {
				throw new InputProblem(field, `must be at most ${MAX_STR_LENGTH} characters (a Str attribute); use a Txt attribute for longer text`);
			}
			return result;
		}
		case 'Txt':
		case 'Id':
			return String(text);
		case 'Num': {
			const number = typeof text === 'number' ? text : Number(text);
			if (typeof text === 'boolean' || !Number.isFinite(number)) {
				throw new InputProblem(field, 'must be a number (a Num attribute)', value);
			}
			return number;
		}
		case 'Bool': {
			if (typeof text === 'boolean') return text;
			const word = String(text).toLowerCase();
			if (TRUE_WORDS.has(word)) return true;
			if (FALSE_WORDS.has(word)) return false;
			throw new InputProblem(field, 'must be true or false (a Bool attribute)', value);
		}
		case 'At': {
			const date = parseDateTime(text);
			if (!date) {
				throw new InputProblem(field, 'must be an ISO 8601 date-time such as 2026-11-21T09:30:00Z (an At attribute)', value);
			}
			return date.toISOString();
		}
		case 'Url': {
			let url: URL | undefined;
			try {
				url = new URL(String(text));
			} catch {
				url = undefined;
			}
			if (!url || !/^https?:$/.test(url.protocol)) {
				throw new InputProblem(field, 'must be an http(s) URL (a Url attribute)', value);
			}
			return String(text);
		}
	}
}

/**
 * Turns the editor's name/value rows into Kustomer's `custom` object: names checked against
 * the type suffixes, values converted to the type. An empty value is null, which clears it.
 */
export function toCustomAttributes(rows: CustomAttributeRow[]): IDataObject {
	const custom: IDataObject = {};
	if (rows.length > MAX_ATTRIBUTES) {
		throw new InputProblem('Custom Attributes', `accepts at most ${MAX_ATTRIBUTES} attributes`);
	}
	rows.forEach((row, index) => {
		const name = String(row.name ?? '').trim().replace(/^custom\./, '');
		const suffix = customAttributeSuffix(name);
		if (!suffix) {
			throw new InputProblem(
				`Custom Attribute #${index + 1} name "${name}"`,
				`must be a camelCase name ending in a type suffix (${CUSTOM_ATTRIBUTE_SUFFIXES.join(', ')}), e.g. orderNumberStr or vipBool`,
			);
		}
		if (name in custom) {
			throw new InputProblem(`Custom Attribute "${name}"`, 'is set twice; keep one row per attribute');
		}
		const empty = row.value === undefined || row.value === null || row.value === '';
		custom[name] = empty ? null : (coerce(`Custom Attribute "${name}"`, suffix, row.value) as IDataObject[string]);
	});
	return custom;
}

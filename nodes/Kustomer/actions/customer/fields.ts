import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import { readCustomAttributes } from '../../shared/attributeMapper';
import type { CustomAttributeRow } from '../../shared/customAttributes';
import { alphabetical, customAttributesField, fieldLabels, tagsField } from '../../shared/fields';
import type { LocatorField } from '../../shared/locators';
import { companyLocator } from '../company/record';
import { companyInBody } from '../company/records';
import {
	clearableText,
	email,
	InputProblem,
	isBlank,
	isTimeZone,
	optionalText,
	parseInput,
	phone,
	tagList,
} from '../../shared/validation';

/**
 * How blank values read: `create` leaves them out (Create, Create or Update), `update` clears
 * the value in Kustomer (a field added to Update Fields and left empty, or null).
 */
export type BlankMeans = 'absent' | 'clear';

/** Kustomer's limits on a customer's contact lists (openapi: POST /customers, maxItems 10). */
const MAX_CONTACTS = 10;
const EMAIL_TYPES = ['home', 'work', 'other'] as const;
const PHONE_TYPES = ['mobile', 'home', 'work', 'fax', 'other'] as const;

const typeOptions = (types: readonly string[]) => types.map((type) => ({ name: `${type[0].toUpperCase()}${type.slice(1)}`, value: type }));

/**
 * Whose emails and phones: a customer's are unique across the org (Kustomer's docs); a
 * company's are not documented as unique (openapi: POST /companies, the same list shapes).
 */
export type ContactOwner = 'customer' | 'company';

/** Emails or Phones rows, for a customer's or a company's fields. */
export function contactField(kind: 'emails' | 'phones', blank: BlankMeans, owner: ContactOwner = 'customer'): INodeProperties {
	const isEmail = kind === 'emails';
	const replaces = blank === 'clear' ? ` Replaces all of the ${owner}'s; no rows (or all empty) removes them all.` : '';
	const unique = owner === 'customer' ? ', unique across your Kustomer org' : '';
	const what = isEmail
		? `Email addresses${unique}`
		: `Phone numbers in E.164 form (+14155550123; spaces, dashes and brackets are ignored)${unique}`;
	const description = `${what}. Up to ${MAX_CONTACTS}; empty rows are skipped.${replaces}`;
	const typeField: INodeProperties = isEmail
		? { displayName: 'Type', name: 'type', type: 'options', default: 'home', options: typeOptions(EMAIL_TYPES) }
		: { displayName: 'Type', name: 'type', type: 'options', default: 'mobile', options: typeOptions(PHONE_TYPES) };
	return {
		displayName: isEmail ? 'Emails' : 'Phones',
		name: kind,
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: isEmail ? 'Add Email' : 'Add Phone',
		default: {},
		description,
		options: [
			{
				displayName: isEmail ? 'Email' : 'Phone',
				name: isEmail ? 'email' : 'phone',
				values: [
					{
						displayName: isEmail ? 'Address' : 'Number',
						name: isEmail ? 'address' : 'number',
						type: 'string',
						default: '',
						placeholder: isEmail ? 'e.g. jane@example.com' : 'e.g. +14155550123',
					},
					typeField,
				],
			},
		],
	};
}

/** The fields of a customer, for Customer Fields (create, upsert) or Update Fields. */
export function customerFieldOptions(blank: BlankMeans): INodeProperties[] {
	const clears = blank === 'clear' ? '; empty clears it' : '';
	return alphabetical([
		{ ...companyFields[blank].property, required: false },
		{ ...customAttributesField },
		contactField('emails', blank),
		{
			displayName: 'External ID',
			name: 'externalId',
			type: 'string',
			default: '',
			description: `Your own unique ID for the customer, such as a CRM record ID (at most 256 characters)${clears}`,
		},
		{
			displayName: 'Locale',
			name: 'locale',
			type: 'string',
			default: '',
			placeholder: 'e.g. en_US',
			description: `The customer's language and region (at most 16 characters)${clears}`,
		},
		{ displayName: 'Name', name: 'name', type: 'string', default: '', description: `The customer's full name${clears}` },
		contactField('phones', blank),
		{
			...tagsField,
			description: `${blank === 'clear' ? 'Replaces the customer\'s tags (empty removes them all). ' : ''}${tagsField.description}`,
		},
		{
			displayName: 'Time Zone',
			name: 'timeZone',
			type: 'string',
			default: '',
			placeholder: 'e.g. America/New_York',
			description: `The customer's time zone, an IANA name${clears}`,
		},
	]);
}

/**
 * The company a customer belongs to, by the company locator (an ID saved by the earlier
 * dropdown reads as By ID). Per blank reading: Update Fields' Company left empty unlinks it.
 */
const companyFields: Record<BlankMeans, LocatorField> = {
	absent: companyLocator('The company the customer belongs to: pick one, or give an ID, app link or external ID'),
	clear: companyLocator('The company the customer belongs to: pick one, or give an ID, app link or external ID; empty unlinks it. Left out of Update Fields, the customer keeps its company.'),
};

/** The body's `company` (companyInBody), or null to unlink it. */
function readCompany(value: unknown, blank: BlankMeans): string | null | { externalId: string } | undefined {
	return companyInBody(companyFields[blank], value) ?? (blank === 'clear' ? null : undefined);
}

function scalarSchema(blank: BlankMeans) {
	const text = blank === 'clear' ? clearableText : optionalText;
	return z.object({
		name: text(256),
		externalId: text(256),
		locale: text(16),
		timeZone: text(64).refine((zone) => zone === null || zone === undefined || isTimeZone(zone), 'must be an IANA time zone such as America/New_York'),
		tags: tagList(20).optional(),
	});
}

interface ContactRow {
	address?: unknown;
	number?: unknown;
	type?: unknown;
}

/** The rows of Emails or Phones as Kustomer's list objects, checked, without blanks or repeats. */
export function contactList(kind: 'emails' | 'phones', rows: ContactRow[], label: string, owner: ContactOwner = 'customer'): IDataObject[] {
	const isEmail = kind === 'emails';
	const types: readonly string[] = isEmail ? EMAIL_TYPES : PHONE_TYPES;
	const seen = new Set<string>();
	const list: IDataObject[] = [];
	rows.forEach((row, index) => {
		const raw = isEmail ? row.address : row.number;
		if (isBlank(raw)) return;
		const value = parseInput(z.object({ value: isEmail ? email : phone }), { value: raw }, { value: `${label} #${index + 1}` }).value as string;
		if (!isBlank(row.type) && !types.includes(String(row.type))) {
			throw new InputProblem(`${label} #${index + 1} type`, `must be one of ${types.join(', ')}`, row.type);
		}
		const key = isEmail ? value.toLowerCase() : value;
		if (seen.has(key)) return;
		seen.add(key);
		list.push({ [isEmail ? 'email' : 'phone']: value, ...(isBlank(row.type) ? {} : { type: String(row.type) }) });
	});
	if (list.length > MAX_CONTACTS) throw new InputProblem(label, `accept at most ${MAX_CONTACTS} per ${owner} (${list.length} given)`);
	return list;
}

export function rowsOf(value: unknown, rowName: string, label: string): Array<Record<string, unknown>> {
	if (isBlank(value)) return [];
	const rows = (value as IDataObject)?.[rowName];
	if (rows === undefined) return [];
	if (!Array.isArray(rows)) throw new InputProblem(label, 'must be a list of rows', value);
	return rows as Array<Record<string, unknown>>;
}

/**
 * A customer body exactly as Kustomer's schema takes it (openapi: POST /customers, PATCH
 * /customers/{id}: the same properties): only fields given, blank ones left out or cleared.
 * Custom attributes come from the rows and the item's typed mapper.
 */
export function readCustomerBody(context: IExecuteFunctions, itemIndex: number, fields: IDataObject, blank: BlankMeans): IDataObject {
	const { emails, phones, customAttributes, company, ...scalars } = fields;
	const labels = fieldLabels(customerFieldOptions(blank));
	const parsed = parseInput(scalarSchema(blank), scalars, labels);
	const body: IDataObject = {};
	for (const key of ['name', 'externalId', 'locale', 'timeZone'] as const) {
		if (parsed[key] !== undefined) body[key] = parsed[key];
	}
	if ('company' in fields) {
		const linked = readCompany(company, blank);
		if (linked !== undefined) body.company = linked;
	}
	if (parsed.tags?.length || (blank === 'clear' && 'tags' in fields)) body.tags = parsed.tags ?? [];
	for (const [kind, rows, rowName] of [['emails', emails, 'email'], ['phones', phones, 'phone']] as const) {
		const list = contactList(kind, rowsOf(rows, rowName, labels[kind]), labels[kind]);
		if (list.length || (blank === 'clear' && kind in fields)) body[kind] = list;
	}
	const custom = readCustomAttributes(context, itemIndex, rowsOf(customAttributes, 'attribute', labels.customAttributes) as CustomAttributeRow[]);
	if (custom) body.custom = custom;
	return body;
}

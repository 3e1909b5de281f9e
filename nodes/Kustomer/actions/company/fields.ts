import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import { attributeRows, readCustomAttributes } from '../../shared/attributeMapper';
import { alphabetical, customAttributesField, fieldLabels, tagsField } from '../../shared/fields';
import type { BlankMeans } from '../customer/fields';
import { contactField, contactList, rowsOf } from '../customer/fields';
import { characterCount, clearableText, commaList, httpUrl, InputProblem, isBlank, optionalText, parseInput, tagList } from '../../shared/validation';

/** How blank values read (as for customers): `absent` leaves them out, `clear` clears the value. */
export type CompanyBlank = BlankMeans;

/**
 * Kustomer's limits on a company (openapi: POST /companies, PUT /companies/{id}): a name of 3
 * characters at least, at most 256 by its schema and 255 by its description (255 holds under
 * both), lists of at most 10, at most 20 tags, a default language of at most 100 characters.
 */
export const NAME_MIN = 3;
export const NAME_MAX = 255;
const MAX_LIST = 10;
const MAX_TAGS = 20;
/** A host name as the schema's `domain-name` format takes it: labels of letters, digits and hyphens, a dot between. */
const DOMAIN_PATTERN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/i;

export const companyNameSchema = z.preprocess(
	(value) => (typeof value === 'string' ? value.trim() : value),
	z
		.string({ invalid_type_error: 'must be text', required_error: 'is required' })
		.refine((name) => characterCount(name) >= NAME_MIN, `must be at least ${NAME_MIN} characters (Kustomer's minimum)`)
		.refine((name) => characterCount(name) <= NAME_MAX, `must be at most ${NAME_MAX} characters`),
);

/** The company's name, a required field of its own on Create and Create or Update. */
export const companyNameField: INodeProperties = {
	displayName: 'Name',
	name: 'name',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. Acme Inc',
	description: `The company's name, ${NAME_MIN} to ${NAME_MAX} characters`,
};

/** The fields of a company other than its name (Additional Fields), or all of them (Update Fields). */
export function companyFieldOptions(blank: CompanyBlank): INodeProperties[] {
	const clears = blank === 'clear' ? '; empty clears it' : '';
	const replaces = blank === 'clear' ? ' Replaces the whole list; empty removes them all.' : '';
	const name: INodeProperties[] = blank === 'clear' ? [{ ...companyNameField, required: false, description: `${companyNameField.description}; it cannot be cleared` }] : [];
	return alphabetical([
		...name,
		{ ...customAttributesField },
		contactField('emails', blank, 'company'),
		contactField('phones', blank, 'company'),
		{
			displayName: 'Default Language',
			name: 'defaultLang',
			type: 'string',
			default: '',
			placeholder: 'e.g. en_us',
			description: `The language Kustomer uses for the company (at most 100 characters)${clears}`,
		},
		{
			displayName: 'Domains',
			name: 'domains',
			type: 'string',
			default: '',
			placeholder: 'e.g. acme.com, acme.io',
			description: `The company's email and web domains, comma-separated (up to ${MAX_LIST}).${replaces}`,
		},
		{
			displayName: 'External ID',
			name: 'externalId',
			type: 'string',
			default: '',
			description: `Your own ID for the company, such as a CRM account ID (at most 256 characters)${clears}`,
		},
		{ ...tagsField, description: `${blank === 'clear' ? "Replaces the company's tags (empty removes them all). " : ''}${tagsField.description}` },
		{
			displayName: 'Websites',
			name: 'websites',
			type: 'string',
			default: '',
			placeholder: 'e.g. https://acme.com',
			description: `Web addresses (http or https), comma-separated (up to ${MAX_LIST}).${replaces}`,
		},
	]);
}

/** Comma-separated text, or a list of texts from an expression (anything else is refused by the schema). */
function textEntries(value: unknown): unknown {
	if (isBlank(value)) return [];
	if (typeof value === 'string') return commaList(value);
	return Array.isArray(value) ? value.map((entry) => (typeof entry === 'string' ? entry.trim() : entry)).filter((entry) => entry !== '') : value;
}

const listSchema = (entry: z.ZodTypeAny, what: string) =>
	z.preprocess(
		textEntries,
		z.array(entry, { invalid_type_error: `must be a comma-separated list of ${what}` }).max(MAX_LIST, `accept at most ${MAX_LIST} entries`),
	);

function scalarSchema(blank: CompanyBlank) {
	const text = blank === 'clear' ? clearableText : optionalText;
	return z.object({
		name: companyNameSchema.optional(),
		externalId: text(256),
		defaultLang: text(100),
		domains: listSchema(z.string({ invalid_type_error: 'must hold domain names such as acme.com' }).regex(DOMAIN_PATTERN, 'must hold domain names such as acme.com'), 'domains'),
		websites: listSchema(httpUrl, 'web addresses'),
		tags: tagList(MAX_TAGS).optional(),
	});
}

/**
 * A company body exactly as Kustomer's schema takes it (openapi: POST /companies, PUT
 * /companies/{id}: the same fields): only fields given, blank ones left out or cleared; custom
 * attributes from the rows and the item's typed mapper.
 */
export function readCompanyBody(context: IExecuteFunctions, itemIndex: number, fields: IDataObject, blank: CompanyBlank): IDataObject {
	const { customAttributes, emails, phones, ...scalars } = fields;
	const labels = fieldLabels(companyFieldOptions(blank));
	if (blank === 'clear' && 'name' in scalars && isBlank(scalars.name)) throw new InputProblem(labels.name, 'cannot be cleared: Kustomer requires a name');
	const parsed = parseInput(scalarSchema(blank), scalars, labels);
	const body: IDataObject = {};
	for (const key of ['name', 'externalId', 'defaultLang'] as const) {
		if (parsed[key] !== undefined) body[key] = parsed[key];
	}
	const listed = (key: 'domains' | 'websites' | 'tags') => (parsed[key]?.length ?? 0) > 0 || (blank === 'clear' && key in fields);
	if (listed('domains')) body.domains = parsed.domains.map((domain: string) => ({ domain: domain.toLowerCase() }));
	if (listed('websites')) body.urls = parsed.websites.map((url: string) => ({ type: 'website', url }));
	if (listed('tags')) body.tags = parsed.tags ?? [];
	for (const [kind, rows, rowName] of [['emails', emails, 'email'], ['phones', phones, 'phone']] as const) {
		const list = contactList(kind, rowsOf(rows, rowName, labels[kind]), labels[kind], 'company');
		if (list.length || (blank === 'clear' && kind in fields)) body[kind] = list;
	}
	const custom = readCustomAttributes(context, itemIndex, attributeRows(customAttributes));
	if (custom) body.custom = custom;
	return body;
}

import type { IExecuteFunctions, INodeProperties, INodePropertyMode } from 'n8n-workflow';
import { z } from 'zod';

import { fieldLabel, ID_VALIDATION } from './fields';
import { email, InputProblem, isBlank, objectId, parseInput, phone, requiredText } from './validation';

/** How a record is identified: by its Kustomer ID or by a value Kustomer can look it up by. */
export type RecordRef =
	| { by: 'id'; id: string }
	| { by: 'email'; email: string }
	| { by: 'phone'; phone: string }
	| { by: 'externalId'; externalId: string };

/** Kustomer's lookups by value: emails and phones checked as such, external IDs up to 256 characters. */
const VALUE_SCHEMAS = {
	id: objectId,
	email,
	phone,
	externalId: requiredText(256),
} as const;

/** The mode and value of a resource locator parameter (a bare value counts as an ID). */
function readLocator(field: string, locator: unknown): { mode: string; value: unknown } {
	if (locator && typeof locator === 'object' && !Array.isArray(locator) && 'mode' in locator) {
		const { mode, value } = locator as { mode: unknown; value: unknown };
		return { mode: String(mode), value };
	}
	if (locator !== null && typeof locator === 'object') {
		throw new InputProblem(field, `must be one ID, link or value, not ${Array.isArray(locator) ? 'a list' : 'an object'}`, locator);
	}
	return { mode: 'id', value: locator };
}

/** How a kind of record is pointed at: picked from a list, by ID, by its app link, or by a value Kustomer looks it up by. */
export interface LocatorSpec {
	/** The parameter's label and name: "Customer", "customer". */
	displayName: string;
	name: string;
	/** The list search method of the From List mode. */
	searchListMethod: string;
	/** Where group 1 of a match in an app link is the record's ID. */
	urlPattern: string;
	/** An app link as the By URL mode's placeholder shows one. */
	urlPlaceholder: string;
	/** The editor's message for a link that is not one of this record's. */
	urlError: string;
	/** An app link as an error message shows one. */
	urlExample: string;
	/** The modes after From List, By ID and By URL: values Kustomer looks the record up by (email, external ID, ...). */
	modes: INodePropertyMode[];
}

/** The locator parameter with every mode: From List, By ID, By URL, then the value modes. */
function locatorProperty(spec: LocatorSpec): INodeProperties {
	return {
		displayName: spec.displayName,
		name: spec.name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: `Select a ${spec.name}...`,
				typeOptions: { searchListMethod: spec.searchListMethod, searchable: true },
			},
			{ displayName: 'By ID', name: 'id', type: 'string', placeholder: 'e.g. 5f1a2b3c4d5e6f7a8b9c0d1e', validation: ID_VALIDATION },
			{
				displayName: 'By URL',
				name: 'url',
				type: 'string',
				placeholder: spec.urlPlaceholder,
				extractValue: { type: 'regex', regex: spec.urlPattern },
				validation: [{ type: 'regex', properties: { regex: `.*${spec.urlPattern}.*`, errorMessage: spec.urlError } }],
			},
			...spec.modes,
		],
	};
}

/** A locator field of one operation and its parser: one value, so the modes it offers are the modes it accepts. */
export interface LocatorField {
	/** The editor field. */
	property: INodeProperties;
	/** The record a locator's value names; throws InputProblem naming the field. */
	parse(locator: unknown): RecordRef;
	/** The same for an optional locator (a filter): blank means none. */
	parseOptional(locator: unknown): RecordRef | undefined;
	/** The item's record, read from the node's parameter. */
	read(context: IExecuteFunctions, itemIndex: number): RecordRef;
	/** The item's record, or undefined when the optional field is empty. */
	readOptional(context: IExecuteFunctions, itemIndex: number): RecordRef | undefined;
}

function parseRef(spec: LocatorSpec, field: string, locator: unknown, allowed: readonly string[]): RecordRef {
	const { mode, value } = readLocator(field, locator);
	if (!allowed.includes(mode)) {
		throw new InputProblem(field, `cannot be given "${mode}"; use one of: ${allowed.join(', ')}`);
	}
	// A list or an object is never one record, even when its text would happen to match.
	if (value !== null && typeof value === 'object') {
		throw new InputProblem(field, `must be one ${mode === 'url' ? 'link' : 'value'}, not ${Array.isArray(value) ? 'a list' : 'an object'}`, value);
	}
	if (mode === 'url') {
		if (isBlank(value)) throw new InputProblem(field, 'is required');
		const match = new RegExp(spec.urlPattern, 'i').exec(String(value));
		if (!match) throw new InputProblem(field, `must be a Kustomer link like ${spec.urlExample}`, value);
		return { by: 'id', id: match[1].toLowerCase() };
	}
	const by = mode === 'list' ? 'id' : (mode as keyof typeof VALUE_SCHEMAS);
	const parsed = parseInput(z.object({ value: VALUE_SCHEMAS[by] }), { value }, { value: field }).value as string;
	return by === 'id' ? { by, id: parsed.toLowerCase() } : ({ by, [by]: parsed } as RecordRef);
}

const locatorValue = (locator: unknown) => (locator && typeof locator === 'object' && 'mode' in locator ? (locator as unknown as { value: unknown }).value : locator);

/**
 * A kind of record's locator: `field(description, modes)` makes an operation's field offering
 * those modes (all when none are named, the first being the default) with its parser.
 */
export function recordLocator<Mode extends string>(spec: LocatorSpec): (description: string, modes?: readonly Mode[]) => LocatorField {
	const every = locatorProperty(spec);
	return (description, modes) => {
		const offered = (every.modes ?? []).filter((mode) => !modes || modes.includes(mode.name as Mode));
		const allowed = offered.map((mode) => mode.name);
		const property: INodeProperties = { ...every, description, default: { mode: allowed[0], value: '' }, modes: offered };
		const label = fieldLabel(property);
		const parse = (locator: unknown) => parseRef(spec, label, locator, allowed);
		const parseOptional = (locator: unknown) => (isBlank(locatorValue(locator)) ? undefined : parse(locator));
		return {
			property,
			parse,
			parseOptional,
			read: (context, itemIndex) => parse(context.getNodeParameter(property.name, itemIndex)),
			readOptional: (context, itemIndex) => parseOptional(context.getNodeParameter(property.name, itemIndex, '')),
		};
	};
}

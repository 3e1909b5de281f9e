import { z } from 'zod';

import { CONVERSATION_URL_PATTERN, CUSTOMER_URL_PATTERN } from './fields';
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

function parseRef(
	field: string,
	locator: unknown,
	allowed: readonly string[],
	urlPattern: string,
	urlExample: string,
): RecordRef {
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
		const match = new RegExp(urlPattern, 'i').exec(String(value));
		if (!match) throw new InputProblem(field, `must be a Kustomer link like ${urlExample}`, value);
		return { by: 'id', id: match[1].toLowerCase() };
	}
	const by = mode === 'list' ? 'id' : (mode as keyof typeof VALUE_SCHEMAS);
	const parsed = parseInput(z.object({ value: VALUE_SCHEMAS[by] }), { value }, { value: field }).value as string;
	return by === 'id' ? { by, id: parsed.toLowerCase() } : ({ by, [by]: parsed } as RecordRef);
}

export function parseCustomerRef(locator: unknown, allowed: readonly string[]): RecordRef {
	return parseRef(
		'Customer',
		locator,
		allowed,
		CUSTOMER_URL_PATTERN,
		'https://acme.kustomerapp.com/app/customers/<customer ID>',
	);
}

export function parseConversationRef(locator: unknown, allowed: readonly string[]): RecordRef {
	return parseRef(
		'Conversation',
		locator,
		allowed,
		CONVERSATION_URL_PATTERN,
		'https://acme.kustomerapp.com/app/customers/<customer ID>/event/<conversation ID>',
	);
}

/** An optional customer locator (Get Many's filter): blank means none. */
export function parseOptionalCustomerRef(locator: unknown, allowed: readonly string[]): RecordRef | undefined {
	const value = locator && typeof locator === 'object' && 'mode' in locator ? (locator as unknown as { value: unknown }).value : locator;
	return isBlank(value) ? undefined : parseCustomerRef(locator, allowed);
}

import { z } from 'zod';

import { CONVERSATION_URL_PATTERN, CUSTOMER_URL_PATTERN } from './fields';
import { email, InputProblem, objectId, parseInput, phone, requiredText } from './validation';

/** How a record is identified: by its Kustomer ID or by a value Kustomer can look it up by. */
export type RecordRef =
	| { by: 'id'; id: string }
	| { by: 'email'; email: string }
	| { by: 'phone'; phone: string }
	| { by: 'externalId'; externalId: string };

const VALUE_SCHEMAS = {
	id: objectId,
	email,
	phone,
	externalId: requiredText(256),
} as const;

/** The mode and value of a resource locator parameter (a bare value counts as an ID). */
function readLocator(locator: unknown): { mode: string; value: unknown } {
	if (locator && typeof locator === 'object' && 'mode' in locator) {
		const { mode, value } = locator as { mode: unknown; value: unknown };
		return { mode: String(mode), value };
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
	const { mode, value } = readLocator(locator);
	if (!allowed.includes(mode)) {
		throw new InputProblem(field, `cannot be given "${mode}"; use one of: ${allowed.join(', ')}`);
	}
	if (mode === 'url') {
		const match = new RegExp(urlPattern, 'i').exec(String(value ?? ''));
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

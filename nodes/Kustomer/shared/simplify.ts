import type { IDataObject } from 'n8n-workflow';

import type { JsonApiResource } from '../transport';

/** "assignedUsers" -> "assignedUser", for the name of a list of ids. */
function singular(name: string): string {
	return name.endsWith('s') ? name.slice(0, -1) : name;
}

/** The first of these attributes that is a non-blank string, for naming a record in a list. */
export function textAttribute(resource: JsonApiResource, ...names: string[]): string | undefined {
	for (const name of names) {
		const value = resource.attributes?.[name];
		if (typeof value === 'string' && value.trim() !== '') return value;
	}
	return undefined;
}

/** The id of the one record related to `resource` as `name` (e.g. its customer), if any. */
export function relatedId(resource: JsonApiResource, name: string): string | undefined {
	const data = resource.relationships?.[name]?.data;
	return data && !Array.isArray(data) && data.id ? data.id : undefined;
}

/**
 * A Kustomer record as one flat object: `id`, every attribute, and the id of every related
 * record (`customerId`, `queueId`, `createdById`, `messageIds`, ...). Attributes win when a
 * name is taken.
 */
export function simplifyResource(resource: JsonApiResource): IDataObject {
	const simple: IDataObject = { id: resource.id, ...(resource.attributes ?? {}) };
	for (const [name, relationship] of Object.entries(resource.relationships ?? {})) {
		const data = relationship?.data;
		if (Array.isArray(data)) {
			const key = `${singular(name)}Ids`;
			if (!(key in simple)) simple[key] = data.map((entry) => entry.id);
		} else if (data && typeof data === 'object' && data.id) {
			const key = `${name}Id`;
			if (!(key in simple)) simple[key] = data.id;
		}
	}
	return simple;
}

/** What a version 2 Simplify record holds, for the descriptions of every node that outputs one (plainRecord, shared/names.ts). */
export const READABLE_RECORD_FIELDS =
	"its ID, every attribute, related IDs (customerId, queueId, messageIds…), names beside IDs (tagNames, queueName, assignedTeamNames), a customer's first email and phone as email and phone, and appUrl, its page in Kustomer; without rev and orgId";

/** Bookkeeping a person never needs in a simplified record (the raw record keeps it). */
const BOOKKEEPING = ['rev', 'orgId'];

/** The text under `key` of a list's first entry (a customer's first email's `email`), if any. */
export const firstOf = (list: unknown, key: string): string | undefined => {
	const first = Array.isArray(list) ? (list[0] as IDataObject | undefined) : undefined;
	return typeof first?.[key] === 'string' ? (first[key] as string) : undefined;
};

/**
 * A simplified record as version 2's Simplify gives it (issue 20 item 7): without Kustomer's
 * bookkeeping (`rev`, `orgId`), with a customer's plain `email` and `phone` (the first of
 * `emails` and `phones`). Names beside IDs are added by shared/names.ts.
 */
export function plainRecord(record: IDataObject): IDataObject {
	const plain = Object.fromEntries(Object.entries(record).filter(([key]) => !BOOKKEEPING.includes(key)));
	const email = firstOf(record.emails, 'email');
	const phone = firstOf(record.phones, 'phone');
	if (email !== undefined && !('email' in plain)) plain.email = email;
	if (phone !== undefined && !('phone' in plain)) plain.phone = phone;
	return plain;
}

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

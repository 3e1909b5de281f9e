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

/**
 * The address an agent opens for a record in Kustomer's web app, under `appBase`
 * (https://<org>.kustomerapp.com): a customer's page, or a conversation in its customer's
 * timeline (`/app/customers/<customer>/event/<conversation>`, the form Kustomer's own links and
 * public integrations use; `/app/conversations/<id>` when the customer is not known). Messages
 * and notes link to their conversation. Undefined for other records.
 */
export function recordAppUrl(resource: JsonApiResource, appBase: string): string | undefined {
	const customerPage = (customerId: string) => `${appBase}/app/customers/${customerId}`;
	const conversationPage = (conversationId: string, customerId?: string) =>
		customerId ? `${customerPage(customerId)}/event/${conversationId}` : `${appBase}/app/conversations/${conversationId}`;
	// A custom object shows on its customer's timeline; Kustomer documents no page of its own.
	if (resource.type.startsWith('kobject.')) {
		const customerId = relatedId(resource, 'customer');
		return customerId ? customerPage(customerId) : undefined;
	}
	switch (resource.type) {
		case 'customer':
			return customerPage(resource.id);
		case 'conversation':
			return conversationPage(resource.id, relatedId(resource, 'customer'));
		case 'message':
		case 'note': {
			const conversationId = relatedId(resource, 'conversation');
			const customerId = relatedId(resource, 'customer');
			if (conversationId) return conversationPage(conversationId, customerId);
			return customerId ? customerPage(customerId) : undefined;
		}
		default:
			return undefined;
	}
}

/**
 * The output of an operation: simplified records, or the records as Kustomer sent them; both
 * with `appUrl`, the record's page in Kustomer, when the org's app address is known.
 */
export function formatResources(resources: JsonApiResource[], simplify: boolean, appBase?: string): IDataObject[] {
	return resources.map((resource) => {
		const json = simplify ? simplifyResource(resource) : ({ ...resource } as unknown as IDataObject);
		const appUrl = appBase ? recordAppUrl(resource, appBase) : undefined;
		if (appUrl) json.appUrl = appUrl;
		return json;
	});
}

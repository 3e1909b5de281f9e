import { NodeOperationError } from 'n8n-workflow';

import type { RecordRef } from '../shared/locators';
import { ROLES } from '../shared/roles';
import type { JsonApiDocument, JsonApiResource, KustomerClient } from '../transport';

function describeRef(ref: RecordRef): string {
	switch (ref.by) {
		case 'id':
			return `with ID ${ref.id}`;
		case 'email':
			return `with email "${ref.email}"`;
		case 'phone':
			return `with phone ${ref.phone}`;
		case 'externalId':
			return `with external ID "${ref.externalId}"`;
	}
}

/** Kustomer's lookup paths: the `=` belongs to the path, the value is URL-encoded. */
function lookupPath(collection: 'customers' | 'conversations', ref: RecordRef): string {
	if (ref.by === 'id') return `/v1/${collection}/${ref.id}`;
	const value = ref.by === 'email' ? ref.email : ref.by === 'phone' ? ref.phone : ref.externalId;
	return `/v1/${collection}/${ref.by}=${encodeURIComponent(value)}`;
}

/** The single record of a response document. */
export function singleRecord(client: KustomerClient, document: JsonApiDocument | undefined, itemIndex?: number): JsonApiResource {
	const data = Array.isArray(document?.data) ? document?.data[0] : document?.data;
	if (!data || typeof data !== 'object' || !data.id) {
		throw new NodeOperationError(client.node, 'Kustomer answered without the record', {
			itemIndex,
			description: 'The response had no data.id. Run again; if it persists, report it with the request shown in the execution log.',
		});
	}
	return data;
}

export async function fetchCustomer(client: KustomerClient, ref: RecordRef, itemIndex: number): Promise<JsonApiResource> {
	const document = await client.request({
		method: 'GET',
		path: lookupPath('customers', ref),
		itemIndex,
		roles: ROLES.customerRead,
		notFoundMessage: `No Kustomer customer ${describeRef(ref)}`,
	});
	return singleRecord(client, document, itemIndex);
}

/** The customer's ID, looked up only when the reference is not an ID already. */
export async function resolveCustomerId(client: KustomerClient, ref: RecordRef, itemIndex: number): Promise<string> {
	return ref.by === 'id' ? ref.id : (await fetchCustomer(client, ref, itemIndex)).id;
}

export async function fetchConversation(client: KustomerClient, ref: RecordRef, itemIndex: number): Promise<JsonApiResource> {
	const document = await client.request({
		method: 'GET',
		path: lookupPath('conversations', ref),
		itemIndex,
		roles: ROLES.conversationRead,
		notFoundMessage: `No Kustomer conversation ${describeRef(ref)}`,
	});
	return singleRecord(client, document, itemIndex);
}

/** The conversation with this external ID, or undefined when there is none. */
export async function findConversationByExternalId(
	client: KustomerClient,
	externalId: string,
	itemIndex: number,
): Promise<JsonApiResource | undefined> {
	const document = await client.request({
		method: 'GET',
		path: lookupPath('conversations', { by: 'externalId', externalId }),
		itemIndex,
		roles: ROLES.conversationRead,
		notFoundAsUndefined: true,
	});
	return document ? singleRecord(client, document, itemIndex) : undefined;
}

export async function resolveConversationId(client: KustomerClient, ref: RecordRef, itemIndex: number): Promise<string> {
	return ref.by === 'id' ? ref.id : (await fetchConversation(client, ref, itemIndex)).id;
}

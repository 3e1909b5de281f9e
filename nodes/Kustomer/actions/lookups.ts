import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { RecordRef } from '../shared/locators';
import { ROLES } from '../shared/roles';
import type { JsonApiDocument, JsonApiResource, KustomerClient } from '../transport';
import { recordsOf } from '../transport';

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
export function lookupPath(collection: 'customers' | 'conversations', ref: RecordRef): string {
	if (ref.by === 'id') return `/v1/${collection}/${ref.id}`;
	const value = ref.by === 'email' ? ref.email : ref.by === 'phone' ? ref.phone : ref.externalId;
	return `/v1/${collection}/${ref.by}=${encodeURIComponent(value)}`;
}

/** The single record of a response document. */
export function singleRecord(client: KustomerClient, document: JsonApiDocument | undefined, itemIndex?: number): JsonApiResource {
	const data = recordsOf(document)[0];
	if (!data || typeof data !== 'object' || !data.id) {
		throw new NodeOperationError(client.node, 'Kustomer answered without the record', {
			itemIndex,
			description: 'The response had no data.id. Run again; if it persists, report it with the request shown in the execution log.',
		});
	}
	return data;
}

/** The kinds of record the node looks up, with what each needs. */
const RECORD_KINDS = {
	customers: { label: 'customer', roles: ROLES.customerRead },
	conversations: { label: 'conversation', roles: ROLES.conversationRead },
} as const;

/** A customer or conversation by ID, or by what Kustomer can look it up by. A miss is a 404 naming it. */
async function fetchRecord(
	client: KustomerClient,
	collection: keyof typeof RECORD_KINDS,
	ref: RecordRef,
	itemIndex: number,
): Promise<JsonApiResource> {
	const { label, roles } = RECORD_KINDS[collection];
	const document = await client.request({
		method: 'GET',
		path: lookupPath(collection, ref),
		itemIndex,
		roles,
		notFoundMessage: `No Kustomer ${label} ${describeRef(ref)}`,
	});
	return singleRecord(client, document, itemIndex);
}

export async function fetchCustomer(client: KustomerClient, ref: RecordRef, itemIndex: number): Promise<JsonApiResource> {
	return await fetchRecord(client, 'customers', ref, itemIndex);
}

/** The customer's ID, looked up only when the reference is not an ID already. */
export async function resolveCustomerId(client: KustomerClient, ref: RecordRef, itemIndex: number): Promise<string> {
	return ref.by === 'id' ? ref.id : (await fetchCustomer(client, ref, itemIndex)).id;
}

export async function fetchConversation(client: KustomerClient, ref: RecordRef, itemIndex: number): Promise<JsonApiResource> {
	return await fetchRecord(client, 'conversations', ref, itemIndex);
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

/** Creates a message or note on a conversation (looked up first when not given by ID). */
export async function createOnConversation(
	client: KustomerClient,
	conversation: RecordRef,
	collection: 'messages' | 'notes',
	body: IDataObject,
	itemIndex: number,
): Promise<JsonApiResource> {
	const conversationId = await resolveConversationId(client, conversation, itemIndex);
	const document = await client.request({
		method: 'POST',
		path: `/v1/conversations/${conversationId}/${collection}`,
		body,
		itemIndex,
		roles: collection === 'messages' ? ROLES.messageCreate : ROLES.noteCreate,
		notFoundMessage: `No Kustomer conversation with ID ${conversationId}`,
	});
	return singleRecord(client, document, itemIndex);
}

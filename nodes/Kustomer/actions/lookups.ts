import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { RecordRef } from '../shared/locators';
import { ROLES } from '../shared/roles';
import type { JsonApiDocument, JsonApiResource, KustomerClient, KustomerRequest } from '../transport';
import { asNodeError, costs, idFromAnswer, recordsOf, searchAll } from '../transport';
import { resolveOnce } from './batch';
import { CONVERSATION } from './conversation/record';
import type { ExternalIdSource, WantedRecord } from './externalIds';
import { isConflict } from './conflicts';
import { findOwnRecord } from './externalIds';
import type { ItemFailures, LookedUpKind, PreparedItem } from './types';

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
export function lookupPath({ lookup }: LookedUpKind, ref: RecordRef): string {
	const { collection } = lookup;
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
	idFromAnswer(client.node, data.id, String(data.type ?? 'record'), itemIndex);
	return data;
}

/**
 * A PATCH or PUT of one record with only the given fields, paced as a write to that record
 * (Kustomer's Object Rate Limiting, which the governor's record-write cost paces); answers the
 * record written. A 404 says `notFoundMessage`.
 */
export async function writeRecord(
	client: KustomerClient,
	request: { method: 'PATCH' | 'PUT'; path: string; body: IDataObject; itemIndex: number; roles: readonly string[]; notFoundMessage: string },
): Promise<JsonApiResource> {
	const document = await client.request({ ...request, cost: costs.recordWrite(request.path) });
	return singleRecord(client, document, request.itemIndex);
}

/** A record (a customer, a conversation) by ID, or by what Kustomer can look it up by. A miss is a 404 naming it. */
export async function fetchRecord(client: KustomerClient, kind: LookedUpKind, ref: RecordRef, itemIndex: number): Promise<JsonApiResource> {
	const { noun, roles, findByValue } = kind.lookup;
	if (findByValue && ref.by !== 'id') {
		const found = await findByValue(client, ref, itemIndex);
		if (!found) throw new NodeOperationError(client.node, `No Kustomer ${noun} ${describeRef(ref)} [item ${itemIndex}]`, { itemIndex });
		return found;
	}
	const document = await client.request({
		method: 'GET',
		path: lookupPath(kind, ref),
		itemIndex,
		roles,
		notFoundMessage: `No Kustomer ${noun} ${describeRef(ref)}`,
	});
	return singleRecord(client, document, itemIndex);
}

/** The record's ID, looked up only when the reference is not an ID already. */
export async function resolveId(client: KustomerClient, kind: LookedUpKind, ref: RecordRef, itemIndex: number): Promise<string> {
	return ref.by === 'id' ? ref.id : (await fetchRecord(client, kind, ref, itemIndex)).id;
}

/** The record a reference names, or undefined when Kustomer has none. */
export async function findRecord(client: KustomerClient, kind: LookedUpKind, ref: RecordRef, itemIndex: number): Promise<JsonApiResource | undefined> {
	if (kind.lookup.findByValue && ref.by !== 'id') return await kind.lookup.findByValue(client, ref, itemIndex);
	return await findOptional(client, lookupPath(kind, ref), kind.lookup.roles, itemIndex);
}

/** The record a lookup path answers, or undefined on a 404 (a miss is an answer here). */
export async function findOptional(client: KustomerClient, path: string, roles: readonly string[], itemIndex: number): Promise<JsonApiResource | undefined> {
	const document = await client.request({ method: 'GET', path, itemIndex, roles, notFoundAsUndefined: true });
	return document ? singleRecord(client, document, itemIndex) : undefined;
}


/**
 * What a run learnt of Kustomer's message lookup: it answered a message (so its 404 means
 * none), or it missed one a search found (so the route is not Kustomer's, and is skipped).
 */
const messageLookupRoute = new WeakMap<KustomerClient, 'answers' | 'missing'>();

/**
 * The message with this exact external ID by Kustomer's search (`message_external_id`, OpenAPI:
 * POST /customers/search, "Standard attributes JSON Schema"), or undefined. A search that fails
 * leaves the question open, which is an error: a miss taken on trust could create a duplicate.
 */
async function searchMessageByExternalId(client: KustomerClient, externalId: string, itemIndex: number): Promise<JsonApiResource | undefined> {
	let found: JsonApiResource[];
	try {
		const query = { queryContext: 'message', and: [{ message_external_id: { equals: externalId } }] };
		found = await searchAll(client, query, { limit: 10, itemIndex, roles: ROLES.search });
	} catch (error) {
		throw new NodeOperationError(client.node, `Kustomer answered 404 to the lookup of the message with External ID "${externalId}", and the search that would confirm there is none failed [item ${itemIndex}]`, {
			itemIndex,
			description: `GET /v1/messages/externalid=… (the OpenAPI file's spelling, used by no public client) answers 404 for no such message, and would for a route Kustomer does not serve. So the node confirms a miss with a search on message_external_id before creating anything, and a re-run never makes the message twice. The search said: ${(error as Error).message} Give the key a search role (org.permission.search.create), or leave External ID empty. Nothing was created for this item.`,
		});
	}
	// Kustomer's equals may ignore case: only the exact External ID counts.
	return found.find((record) => record.attributes?.externalId === externalId);
}

/**
 * The message with this external ID, or undefined. Kustomer's path is literally
 * `/messages/externalid=:externalId`, lower-case "externalid" (OpenAPI: GET
 * /messages/externalid=:externalId), unlike the camel-case customer and conversation lookups,
 * and no public client uses it. So its 404 is believed only once the route has answered a
 * message in this run; until then a search confirms the miss (and finds the message if the
 * route is wrong).
 */
export async function findMessageByExternalId(
	client: KustomerClient,
	externalId: string,
	itemIndex: number,
): Promise<JsonApiResource | undefined> {
	if (messageLookupRoute.get(client) !== 'missing') {
		const found = await findOptional(client, `/v1/messages/externalid=${encodeURIComponent(externalId)}`, ROLES.messageRead, itemIndex);
		if (found) messageLookupRoute.set(client, 'answers');
		if (found || messageLookupRoute.get(client) === 'answers') return found;
	}
	const searched = await searchMessageByExternalId(client, externalId, itemIndex);
	if (searched) messageLookupRoute.set(client, 'missing');
	return searched;
}

/** A key for a reference that needs a lookup (undefined for an ID, which needs none). */
export function lookupKey(ref: RecordRef): string | undefined {
	switch (ref.by) {
		case 'id':
			return undefined;
		case 'email':
			return `email:${ref.email.toLowerCase()}`;
		case 'phone':
			return `phone:${ref.phone}`;
		case 'externalId':
			return `externalId:${ref.externalId}`;
	}
}

/**
 * For a batch step: the IDs of the records items name by email, phone or external ID, each
 * record looked up once for all the items naming it. Answers each item's looked-up ID
 * (undefined for a reference by ID, or one whose lookup failed and so failed its items).
 */
export async function resolveIdsOnce<Input>(
	client: KustomerClient,
	items: ReadonlyArray<PreparedItem<Input>>,
	kind: LookedUpKind,
	refOf: (input: Input) => RecordRef | undefined,
	failures: ItemFailures,
): Promise<(input: Input) => string | undefined> {
	const keyOf = (input: Input) => {
		const ref = refOf(input);
		return ref ? lookupKey(ref) : undefined;
	};
	const ids = await resolveOnce(client, items, keyOf, async (input, index) => await resolveId(client, kind, refOf(input) as RecordRef, index), failures);
	return (input) => ids.get(keyOf(input) ?? '');
}

/**
 * For a batch step: the items with their conversation's ID (`conversationId`), each
 * conversation looked up once; new inputs, the given ones untouched. Lookups that fail go in `failures`.
 */
export async function withConversationIds<Input extends { conversation: RecordRef; conversationId?: string }>(
	client: KustomerClient,
	items: ReadonlyArray<PreparedItem<Input>>,
	failures: ItemFailures,
): Promise<Array<PreparedItem<Input>>> {
	const conversationIdOf = await resolveIdsOnce(client, items, CONVERSATION, (input) => input.conversation, failures);
	return items.map((item) => ({ ...item, input: { ...item.input, conversationId: item.input.conversationId ?? conversationIdOf(item.input) } }));
}

/** A finder of the record a failed create may have made, as `findExisting` takes it: in a document. */
export function findingDocument(find: () => Promise<JsonApiResource | undefined>): () => Promise<JsonApiDocument | undefined> {
	return async () => {
		const found = await find();
		return found ? { data: found } : undefined;
	};
}

/**
 * Sends a create. With an External ID (`once`), a create whose outcome is unknown (a 5xx or
 * a dropped connection) is settled by looking for the record before sending again, and a 409
 * by answering the record that holds the External ID when it is the item's own.
 */
export async function createOnce(
	client: KustomerClient,
	request: KustomerRequest & { itemIndex: number },
	once?: { source: ExternalIdSource; wanted: WantedRecord },
): Promise<JsonApiResource> {
	const findOwn = async () => (once ? await findOwnRecord(client, once.source, once.wanted) : undefined);
	try {
		const document = await client.request({
			...request,
			findExisting: once ? findingDocument(findOwn) : undefined,
		});
		return singleRecord(client, document, request.itemIndex);
	} catch (error) {
		const found = isConflict(error) ? await findOwn() : undefined;
		if (found) return found;
		throw asNodeError(client.node, error, request.itemIndex);
	}
}

/**
 * Creates a message or note on a conversation (looked up first when not given by ID); with
 * `once`, idempotently by External ID (see createOnce).
 */
export async function createOnConversation(
	client: KustomerClient,
	conversation: RecordRef,
	collection: 'messages' | 'notes',
	body: IDataObject,
	itemIndex: number,
	once?: { source: ExternalIdSource; externalId: string },
): Promise<JsonApiResource> {
	const conversationId = await resolveId(client, CONVERSATION, conversation, itemIndex);
	return await createOnce(
		client,
		{
			method: 'POST',
			path: `/v1/conversations/${conversationId}/${collection}`,
			body,
			cost: costs.createUnder({ conversation: conversationId }, body),
			itemIndex,
			roles: collection === 'messages' ? ROLES.messageCreate : ROLES.noteCreate,
			notFoundMessage: `No Kustomer conversation with ID ${conversationId}`,
		},
		once && { source: once.source, wanted: { itemIndex, externalId: once.externalId, scope: conversationId } },
	);
}

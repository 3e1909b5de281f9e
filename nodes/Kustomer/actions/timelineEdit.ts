import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import { fieldLabel } from '../shared/fields';
import { InputProblem, objectId, parseInput } from '../shared/validation';
import type { JsonApiResource, KustomerClient } from '../transport';
import { writeRecord } from './lookups';
import type { BulkEndpoint, KustomerOperation } from './types';

/** What changes a message or a note: its collection in Kustomer's paths and what errors call it. */
export type TimelineCollection = 'messages' | 'notes';

const NOUNS: Record<TimelineCollection, string> = { messages: 'message', notes: 'note' };

/**
 * The ID of the message or note an edit changes. Kustomer has no app page, picker or lookup by
 * value for them (OpenAPI: GET /messages/{id}, GET /notes/{id}), so the ID is given: a
 * conversation's Get Many Messages or Notes, or a trigger's event, outputs it.
 */
export function timelineIdField(collection: TimelineCollection, description: string): INodeProperties {
	const noun = NOUNS[collection];
	return {
		displayName: `${noun[0].toUpperCase()}${noun.slice(1)} ID`,
		name: `${noun}Id`,
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 5f1a2b3c4d5e6f7a8b9c0d1e',
		description,
	};
}

/** The item's message or note ID, checked (24 hexadecimal characters), in lower case. */
export function readTimelineId(context: IExecuteFunctions, itemIndex: number, field: INodeProperties): string {
	const value = context.getNodeParameter(field.name, itemIndex, '');
	return (parseInput(z.object({ id: objectId }), { id: value }, { id: fieldLabel(field) }).id as string).toLowerCase();
}

/** Refuses an update with nothing in it, naming the collection of fields to fill. */
export function requireChanges(body: IDataObject, label: string, examples: string): void {
	if (Object.keys(body).length === 0) throw new InputProblem(label, `are empty: add the fields to change, such as ${examples}`);
}

/**
 * PATCH /v1/{messages|notes}/{id} with only the given fields (OpenAPI: "Updates attributes for a
 * message", "Updates one or more note attributes"); a 404 names the ID. Kustomer applies Object
 * Rate Limiting to both, which the governor's record-write cost paces.
 */
export async function patchTimelineEntry(
	client: KustomerClient,
	collection: TimelineCollection,
	request: { id: string; body: IDataObject; itemIndex: number; roles: readonly string[] },
): Promise<JsonApiResource> {
	const { id, body, itemIndex, roles } = request;
	return await writeRecord(client, { method: 'PATCH', path: `/v1/${collection}/${id}`, body, itemIndex, roles, notFoundMessage: `No Kustomer ${NOUNS[collection]} with ID ${id}` });
}

/** A checked update of a message or note: its ID and the fields to send. */
export interface TimelineUpdate {
	id: string;
	body: IDataObject;
}

/**
 * Send in Bulk for an update of messages or notes: PUT /v1/{messages|notes}/bulk, up to 100
 * records `{ id, ...fields }` (OpenAPI: "Updates a bulk batch of messages" / "of notes", items
 * requiring `id`); the same fields as the item's own PATCH would send.
 */
function timelineUpdateBulk(collection: TimelineCollection): BulkEndpoint<TimelineUpdate> {
	return { method: 'PUT', path: `/v1/${collection}/bulk`, item: ({ id, body }) => ({ id, ...body }) };
}

/**
 * The work of Message → Update and Note → Update once an item is checked: its PATCH, or its
 * record in a bulk. Items changing the same record go one after the other, in input order, so
 * the last one's values stay.
 */
export function timelineUpdateWork(collection: TimelineCollection, roles: readonly string[]): Pick<KustomerOperation<TimelineUpdate>, 'sequenceKey' | 'execute' | 'bulk'> {
	return {
		sequenceKey: (input) => input.id,
		async execute(client, input, itemIndex) {
			return [await patchTimelineEntry(client, collection, { ...input, itemIndex, roles })];
		},
		bulk: timelineUpdateBulk(collection),
	};
}

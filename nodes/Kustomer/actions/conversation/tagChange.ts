import type { INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import { simplifyField, tagNamesField } from '../../shared/fields';
import type { RecordRef } from '../../shared/locators';
import { parseInput, tagList } from '../../shared/validation';
import type { KustomerClient } from '../../transport';
import { costs } from '../../transport';
import type { OperationResult } from '../types';
import { fetchRecord, resolveId, singleRecord } from '../lookups';
import { CONVERSATION, conversationLocator } from './record';

/** Kustomer's tag endpoints take at most 20 tags a request (openapi: POST/DELETE /conversations/{id}/tags). */
const MAX_TAGS = 20;

export interface TagChange {
	conversation: RecordRef;
	tags: string[];
}

const conversationField = conversationLocator('The conversation whose tags change: pick one, or give its ID, app link or external ID');

/** The fields of Add Tags or Remove Tags. */
export function tagChangeFields(tagsDescription: string): INodeProperties[] {
	return [
		conversationField.property,
		{ ...tagNamesField, required: true, description: `${tagsDescription} ${tagNamesField.description}` },
		simplifyField(),
	];
}

/** Reads one item's conversation and tag names (1 to 20, as Kustomer's schema allows). */
export function readTagChange(conversationValue: unknown, tagsValue: unknown): TagChange {
	const { tags } = parseInput(
		z.object({ tags: tagList(MAX_TAGS).refine((list) => list.length > 0, 'needs at least one tag') }),
		{ tags: tagsValue },
		{ tags: 'Tags' },
	);
	return { conversation: conversationField.parse(conversationValue), tags };
}

/**
 * POST or DELETE /v1/conversations/{id}/tags with the names: Kustomer adds or removes exactly
 * these, so the conversation's other tags are never read and written back (a change made by
 * someone else in between survives). Answers the conversation; when Kustomer answers a delete
 * with no body, the conversation is read.
 */
export async function sendTagChange(
	client: KustomerClient,
	method: 'POST' | 'DELETE',
	input: TagChange,
	roles: readonly string[],
	itemIndex: number,
): Promise<OperationResult[]> {
	const id = await resolveId(client, CONVERSATION, input.conversation, itemIndex);
	const document = await client.request({
		method,
		path: `/v1/conversations/${id}/tags`,
		body: input.tags,
		// Kustomer's object rate limiting counts it against the conversation.
		cost: costs.recordWrite(`/v1/conversations/${id}`),
		// Adding a tag twice or removing it twice leaves the conversation the same.
		retryable: true,
		itemIndex,
		roles,
		notFoundMessage: `No Kustomer conversation with ID ${id}`,
	});
	if (!document) return [await fetchRecord(client, CONVERSATION, { by: 'id', id }, itemIndex)];
	return [singleRecord(client, document, itemIndex)];
}

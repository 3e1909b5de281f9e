import type { IDataObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { ROLES } from '../shared/roles';
import type { KustomerClient } from '../transport';
import { asNodeError, costs, recordsOf, searchPage } from '../transport';
import type { OperationResult } from './types';

/** What a delete removes: its path, and how Kustomer's search names the record (its context). */
export interface DeleteTarget {
	path: string;
	itemIndex: number;
	roles: readonly string[];
	/** What the record is called in errors: "conversation", "order object". */
	noun: string;
	/** The search context whose `<context>_id` attribute finds the record, deleted or not. */
	queryContext: 'customer' | 'conversation' | 'kobject' | 'note';
}

/**
 * Whether Kustomer's search knows the record, deleted records included. Kustomer answers the
 * same 404 for a record deleted before, a wrong ID and one the key cannot see; its search keeps
 * deleted records (OpenAPI POST /customers/search: `includeDeleted`, and `customer_id`,
 * `conversation_id`, `kobject_id`, `*_deleted` among its standard attributes), so a record it
 * finds existed and is gone, and one it does not is no record of this key's. Notes are searched
 * the same way (`note_id`, OpenAPI POST /customers/search: queryContext `note`).
 */
async function searchKnows(client: KustomerClient, target: Omit<DeleteTarget, 'path'>, id: string, deletedOnly = false): Promise<boolean> {
	const body = { queryContext: target.queryContext, includeDeleted: true, and: [{ [`${target.queryContext}_id`]: { equals: id } }] };
	const found = recordsOf(await searchPage(client, body, 1, 1, { itemIndex: target.itemIndex, roles: ROLES.search }));
	return found.some((record) => record.id.toLowerCase() === id.toLowerCase() && (!deletedOnly || record.attributes?.deleted === true));
}

/**
 * For Send in Bulk: an item whose record a bulk delete did not remove reads `alreadyDeleted`,
 * as without bulk, when Kustomer's search shows it deleted (`deleted: true`, includeDeleted);
 * undefined (the bulk's error stands) otherwise, a search refused included.
 */
export async function deletedBefore(client: KustomerClient, target: Omit<DeleteTarget, 'path'>, output: IDataObject & { id: string }): Promise<OperationResult[] | undefined> {
	const deleted = await searchKnows(client, target, output.id, true).catch(() => false);
	return deleted ? [{ json: { ...output, deleted: true, alreadyDeleted: true } }] : undefined;
}

/** The error of a delete whose 404 the search could not explain as "deleted already". */
function notFound(client: KustomerClient, target: DeleteTarget, id: string, searchFailure?: unknown): NodeOperationError {
	const why = searchFailure
		? `Kustomer answers 404 alike for a ${target.noun} deleted before, a wrong ID and one this API key cannot see; telling them apart needs its search, which refused this key (${(searchFailure as Error).message}). Give the key one of these roles: ${ROLES.search.join(', ')}.`
		: `Kustomer's search, deleted records included, does not know it either: a wrong ID, or a ${target.noun} this API key cannot see. Nothing was deleted.`;
	return new NodeOperationError(client.node, `No Kustomer ${target.noun} with ID ${id} [item ${target.itemIndex}]`, { itemIndex: target.itemIndex, description: why });
}

/**
 * DELETE of one record, safe to run again. A 404 after this request's own attempt that may
 * have landed (a 5xx, a dropped connection) means that attempt deleted it: the transport
 * answers it as done, and the output is a plain `deleted: true`. Any other 404 is
 * `alreadyDeleted: true` only when Kustomer's search shows the record existed (see
 * searchKnows); otherwise it is an error naming the ID, so a wrong ID never reads as success.
 */
export async function deleteRecord(client: KustomerClient, target: DeleteTarget, output: IDataObject & { id: string }): Promise<OperationResult[]> {
	try {
		await client.request({
			method: 'DELETE',
			path: target.path,
			cost: costs.recordWrite(target.path),
			itemIndex: target.itemIndex,
			roles: target.roles,
			notFoundAfterRetryMeansDone: true,
		});
		return [{ json: { ...output, deleted: true } }];
	} catch (error) {
		if (!(error instanceof NodeApiError && error.httpCode === '404')) throw asNodeError(client.node, error, target.itemIndex);
	}
	let known: boolean;
	try {
		known = await searchKnows(client, target, output.id);
	} catch (searchFailure) {
		throw notFound(client, target, output.id, searchFailure);
	}
	if (!known) throw notFound(client, target, output.id);
	return [{ json: { ...output, deleted: true, alreadyDeleted: true } }];
}

import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { LocatorField, RecordRef } from '../../shared/locators';
import { recordLocator } from '../../shared/locators';
import { ROLES } from '../../shared/roles';
import { InputProblem } from '../../shared/validation';
import { relatedId } from '../../shared/simplify';
import type { JsonApiResource, KustomerClient } from '../../transport';
import { asNodeError, getAllPages } from '../../transport';
import { findingDocument, lookupKey, resolveId, singleRecord } from '../lookups';
import { defineOperation } from '../types';
import { CUSTOMER, CUSTOMER_LOCATOR } from './record';

/** The first look at a merge after it starts; later looks double the wait up to the cap. */
const MERGE_FIRST_POLL_MS = 1_000;
const MERGE_POLL_CAP_MS = 15_000;
/** A merge still running this long after it started is reported, never started again. */
export const MERGE_MAX_WAIT_MS = 5 * 60_000;

/**
 * A merge's `status` (OpenAPI GET /customers/merges/{id}: a string, "success" in its examples;
 * no other value is documented). Anything neither succeeded nor ended is taken as still running.
 */
export const MERGE_SUCCEEDED = /^(success|succeeded|complete|completed|done|merged)$/i;
export const MERGE_ENDED_WITHOUT_SUCCESS = /^(fail|failed|failure|error|errored|cancell?ed|rejected)$/i;

/** A customer locator named otherwise: its list mode's placeholder says "customer" all the same. */
function namedCustomerLocator(displayName: string, name: string, description: string): LocatorField {
	const field = recordLocator<string>({ ...CUSTOMER_LOCATOR, displayName, name })(description);
	const modes = field.property.modes?.map((mode) => (mode.name === 'list' ? { ...mode, placeholder: 'Select a customer...' } : mode));
	return { ...field, property: { ...field.property, modes } };
}

const keepField = namedCustomerLocator(
	'Customer to Keep',
	'customer',
	"The customer that stays (Kustomer's merge target): its name, external ID, company and other single values win; emails, phones, tags, conversations and custom attributes of both end up here",
);
const duplicateField = namedCustomerLocator(
	'Duplicate Customer',
	'duplicateCustomer',
	'The customer merged into the one kept (the merge source): it no longer exists afterwards. A merge cannot be undone.',
);

const description: INodeProperties[] = [
	{
		displayName: 'A merge cannot be undone: the duplicate customer is removed and everything it had moves to the customer kept',
		name: 'mergeNotice',
		type: 'notice',
		default: '',
	},
	keepField.property,
	duplicateField.property,
];

interface Input {
	keep: RecordRef;
	duplicate: RecordRef;
}

/** Whether two references are written the same (IDs and emails in any case): the same customer for sure. */
function sameReference(a: RecordRef, b: RecordRef): boolean {
	if (a.by === 'id' && b.by === 'id') return a.id.toLowerCase() === b.id.toLowerCase();
	const [keyA, keyB] = [lookupKey(a), lookupKey(b)];
	return keyA !== undefined && keyA === keyB;
}

function sameCustomerError(client: KustomerClient, input: Input, id: string, itemIndex: number): NodeOperationError {
	const byValue = input.duplicate.by !== 'id';
	return new NodeOperationError(client.node, `Customer to Keep and Duplicate Customer are the same customer (ID ${id}) [item ${itemIndex}]`, {
		itemIndex,
		description: `Kustomer cannot merge a customer into itself; nothing was merged. ${byValue ? "If an earlier run merged them, this is the result: a merge moves the duplicate's emails and phones to the customer kept, so they now find it. " : ''}Point Duplicate Customer at the other record.`,
	});
}

/** The merge of `source` into `target` that Kustomer lists among the target's (GET /customers/{id}/merges), if any. */
async function earlierMerge(client: KustomerClient, target: string, source: string, itemIndex: number): Promise<JsonApiResource | undefined> {
	const merges = await getAllPages(client, { path: `/v1/customers/${target}/merges`, itemIndex, roles: ROLES.customerMergeList });
	return merges.find((merge) => relatedId(merge, 'source') === source);
}

/**
 * POST /v1/customers/merges `{ source, target }` (OpenAPI: both object IDs, nothing else). Not
 * sent twice blind: after an answer that was lost, the target's merges tell whether it landed.
 * A refusal (404 or 400) whose source the target's merges show merged already is that earlier
 * merge: the duplicate of a re-run no longer exists.
 */
async function startMerge(client: KustomerClient, source: string, target: string, itemIndex: number): Promise<{ merge: JsonApiResource; alreadyMerged: boolean }> {
	const find = findingDocument(async () => await earlierMerge(client, target, source, itemIndex));
	try {
		const document = await client.request({ method: 'POST', path: '/v1/customers/merges', body: { source, target }, itemIndex, roles: ROLES.customerMerge, findExisting: find, notFoundMessage: `No Kustomer customer with ID ${source} or ${target}` });
		return { merge: singleRecord(client, document, itemIndex), alreadyMerged: false };
	} catch (error) {
		const refused = error instanceof NodeApiError && ['400', '404'].includes(String(error.httpCode));
		const earlier = refused ? await find().catch(() => undefined) : undefined;
		if (earlier?.data) return { merge: earlier.data as JsonApiResource, alreadyMerged: true };
		throw asNodeError(client.node, error, itemIndex);
	}
}

const statusOf = (merge: JsonApiResource) => String(merge.attributes?.status ?? 'unknown');

/**
 * Waits until the merge has succeeded or ended (GET /customers/merges/{id}), looking after
 * MERGE_FIRST_POLL_MS and then ever less often, on the transport's clock; a merge that has not
 * by MERGE_MAX_WAIT_MS, or that ended otherwise, fails the item naming the merge.
 */
async function waitForMerge(client: KustomerClient, started: JsonApiResource, itemIndex: number): Promise<JsonApiResource> {
	const startedAt = client.clock.now();
	let merge = started;
	for (let interval = MERGE_FIRST_POLL_MS; !MERGE_SUCCEEDED.test(statusOf(merge)); interval = Math.min(interval * 2, MERGE_POLL_CAP_MS)) {
		if (MERGE_ENDED_WITHOUT_SUCCESS.test(statusOf(merge))) {
			throw new NodeOperationError(client.node, `Kustomer's customer merge ${merge.id} ended "${statusOf(merge)}" [item ${itemIndex}]`, {
				itemIndex,
				description: 'Look at both customers in Kustomer before running this item again: Kustomer does not document what a merge that ends so leaves behind.',
			});
		}
		if (client.clock.now() - startedAt >= MERGE_MAX_WAIT_MS) {
			throw new NodeOperationError(client.node, `Kustomer's customer merge ${merge.id} was still "${statusOf(merge)}" after ${MERGE_MAX_WAIT_MS / 60_000} minutes [item ${itemIndex}]`, {
				itemIndex,
				description: "It was not started again, and may still complete. Running the item again finds the merge once the duplicate is merged (the target's merges list it).",
			});
		}
		await client.sleep(Math.min(interval, startedAt + MERGE_MAX_WAIT_MS - client.clock.now()));
		const document = await client.request({ method: 'GET', path: `/v1/customers/merges/${merge.id}`, itemIndex, roles: ROLES.customerMergeRead });
		merge = singleRecord(client, document, itemIndex);
	}
	return merge;
}

function mergeOutput(merge: JsonApiResource, target: string, source: string, alreadyMerged: boolean): IDataObject {
	const { status, createdAt, updatedAt } = merge.attributes ?? {};
	return { id: merge.id, status, keptCustomerId: target, mergedCustomerId: source, createdAt, updatedAt, ...(alreadyMerged ? { alreadyMerged } : {}) };
}

export const mergeCustomers = defineOperation<Input>({
	option: {
		name: 'Merge',
		value: 'merge',
		action: 'Merge two customers permanently',
		description: 'Merge a duplicate customer into the one to keep, and wait for Kustomer to finish',
	},
	roles: ROLES.customerMerge,
	// The duplicate is gone afterwards: a merge cannot be undone.
	effect: 'delete',
	idempotent: true,
	docs: {
		moreRoles: "+ `customer.read` to find a customer by email, phone or external ID; + `customer_merge.read` (or `customer.read`) to find an earlier run's merge",
		runTwice: "By ID, Kustomer refuses the merge (the duplicate no longer exists) and the earlier merge, found among the kept customer's, is output with `alreadyMerged: true`. By email or phone the duplicate's values now find the kept customer, and the item fails saying both are the same; by external ID (the kept customer's wins) the duplicate's is found no more, and the item fails naming it.",
	},
	description,
	prepare(itemIndex) {
		const input = { keep: keepField.read(this, itemIndex), duplicate: duplicateField.read(this, itemIndex) };
		if (sameReference(input.keep, input.duplicate)) {
			throw new InputProblem(duplicateField.property.displayName, 'names the same customer as Customer to Keep: a customer cannot be merged into itself; point it at the other record');
		}
		return input;
	},
	async execute(client, input, itemIndex) {
		const target = await resolveId(client, CUSTOMER, input.keep, itemIndex);
		const source = await resolveId(client, CUSTOMER, input.duplicate, itemIndex);
		if (target === source) throw sameCustomerError(client, input, target, itemIndex);
		const { merge, alreadyMerged } = await startMerge(client, source, target, itemIndex);
		const finished = alreadyMerged ? merge : await waitForMerge(client, merge, itemIndex);
		return [{ json: mergeOutput(finished, target, source, alreadyMerged) }];
	},
});

import type { IDataObject, IDisplayOptions, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { customerLocator } from '../../shared/fields';

import type { RecordRef } from '../../shared/locators';
import { parseOptionalCustomerRef } from '../../shared/locators';
import { ROLES } from '../../shared/roles';
import type { JsonApiDocument, JsonApiResource, KustomerClient } from '../../transport';
import { lookupKey, resolveCustomerId, resolveOnce, singleRecord } from '../lookups';
import type { ItemFailures, PreparedItem } from '../types';
import type { KlassInput } from './common';
import { checkKlasses } from './common';

const CUSTOMER_MODES = ['list', 'id', 'url', 'email', 'phone', 'externalId'] as const;

/** The customer to link a new object to, optional: empty links it to nobody. */
export function optionalCustomer(displayOptions: IDisplayOptions): INodeProperties {
	return {
		...customerLocator([...CUSTOMER_MODES], displayOptions, 'The customer to link a new object to (optional): it then shows on their timeline'),
		required: false,
	};
}

/** The customer to link to, or undefined when the field is empty. */
export function readOptionalCustomer(context: IExecuteFunctions, itemIndex: number): RecordRef | undefined {
	return parseOptionalCustomerRef(context.getNodeParameter('customer', itemIndex, ''), CUSTOMER_MODES);
}

/** What a write that may link a customer carries. */
interface LinkInput extends KlassInput {
	customer?: RecordRef;
}

/**
 * Once per run, before any item's work: the klass check, then each customer given by email,
 * phone or external ID looked up once for all the items linking to them (by ID afterwards).
 */
export async function beforeObjectWrites(client: KustomerClient, items: Array<PreparedItem<LinkInput>>): Promise<ItemFailures> {
	const failures = await checkKlasses(client, items);
	const known = items.filter(({ itemIndex }) => !failures.has(itemIndex));
	const keyOf = (input: LinkInput) => (input.customer ? lookupKey(input.customer) : undefined);
	const ids = await resolveOnce(client, known, keyOf, async (input, index) => await resolveCustomerId(client, input.customer as RecordRef, index), failures);
	for (const { input } of known) {
		const id = ids.get(keyOf(input) ?? '');
		if (id) input.customer = { by: 'id', id };
	}
	return failures;
}

/**
 * Creates a custom object. Linked to a customer it goes under the customer
 * (POST /v1/customers/{id}/klasses/{name}), which Kustomer's per-customer create limit counts.
 */
export async function createObject(
	client: KustomerClient,
	klass: string,
	customer: RecordRef | undefined,
	body: IDataObject,
	itemIndex: number,
	findExisting?: () => Promise<JsonApiDocument | undefined>,
): Promise<JsonApiResource> {
	const customerId = customer ? await resolveCustomerId(client, customer, itemIndex) : undefined;
	const klassPath = `klasses/${encodeURIComponent(klass)}`;
	const document = await client.request({
		method: 'POST',
		path: customerId ? `/v1/customers/${customerId}/${klassPath}` : `/v1/${klassPath}`,
		body,
		itemIndex,
		roles: ROLES.kobjectCreate,
		notFoundMessage: customerId
			? `No Kustomer customer with ID ${customerId}, or no custom object type "${klass}"`
			: `No Kustomer custom object type "${klass}"`,
		findExisting,
	});
	return singleRecord(client, document, itemIndex);
}

/** Updates a custom object (PUT: Kustomer has no PATCH for them; only the given fields are sent). */
export async function updateObject(client: KustomerClient, klass: string, id: string, body: IDataObject, itemIndex: number): Promise<JsonApiResource> {
	const document = await client.request({
		method: 'PUT',
		path: `/v1/klasses/${encodeURIComponent(klass)}/${id}`,
		body,
		itemIndex,
		roles: ROLES.kobjectUpdate,
		notFoundMessage: `No Kustomer ${klass} object with ID ${id}`,
	});
	return singleRecord(client, document, itemIndex);
}

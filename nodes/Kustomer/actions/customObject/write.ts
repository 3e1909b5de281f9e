import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { RecordRef } from '../../shared/locators';
import { ROLES } from '../../shared/roles';
import type { JsonApiResource, KustomerClient } from '../../transport';
import { costs } from '../../transport';
import { findingDocument, resolveId, resolveIdsOnce, singleRecord, writeRecord } from '../lookups';
import type { BatchFindings, PreparedItem } from '../types';
import type { KlassInput } from './common';
import { klassFailures, klassPath, objectNotFoundMessage, objectPath } from './common';
import { companyIdIn, withCompanyIds } from '../company/records';
import { CUSTOMER, customerLocator } from '../customer/record';

/** The customer to link a new object to, optional: empty links it to nobody. */
const customerField = customerLocator('The customer to link a new object to (optional): it then shows on their timeline');

export function optionalCustomer(): INodeProperties {
	return { ...customerField.property, required: false };
}

/** The customer to link to, or undefined when the field is empty. */
export function readOptionalCustomer(context: IExecuteFunctions, itemIndex: number): RecordRef | undefined {
	return customerField.readOptional(context, itemIndex);
}

/** What a write that may link a customer or a company carries. */
interface LinkInput extends KlassInput {
	customer?: RecordRef;
	body: IDataObject;
}

/**
 * The batch step of the writes that may link a customer or a company: the klass check, then
 * each customer given by email, phone or external ID, and each company given by external ID,
 * looked up once for all the items linking to them (by ID afterwards).
 */
export async function checkObjectWrites<Input extends LinkInput>(client: KustomerClient, items: ReadonlyArray<PreparedItem<Input>>): Promise<BatchFindings<Input>> {
	const failures = await klassFailures(client, items);
	const checked = await withCompanyIds(
		client,
		items.filter(({ itemIndex }) => !failures.has(itemIndex)),
		failures,
	);
	const customerIdOf = await resolveIdsOnce(client, checked, CUSTOMER, (input) => input.customer, failures);
	const linkedById = ({ itemIndex, input }: PreparedItem<Input>): [number, Input] => {
		const id = customerIdOf(input);
		return [itemIndex, id ? { ...input, customer: { by: 'id', id } } : input];
	};
	return { inputs: new Map(checked.map(linkedById)), failures };
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
	findExisting?: () => Promise<JsonApiResource | undefined>,
): Promise<JsonApiResource> {
	const customerId = customer ? await resolveId(client, CUSTOMER, customer, itemIndex) : undefined;
	const document = await client.request({
		method: 'POST',
		path: klassPath(klass, customerId),
		body: await companyIdIn(client, body, itemIndex),
		// Under a customer, Kustomer's per-customer create limit counts it.
		cost: customerId ? costs.createUnder({ customer: customerId }, body) : undefined,
		itemIndex,
		roles: ROLES.kobjectCreate,
		notFoundMessage: customerId
			? `No Kustomer customer with ID ${customerId}, or no custom object type "${klass}"`
			: `No Kustomer custom object type "${klass}"`,
		findExisting: findExisting ? findingDocument(findExisting) : undefined,
	});
	return singleRecord(client, document, itemIndex);
}

/** Updates a custom object (PUT: Kustomer has no PATCH for them; only the given fields are sent). */
export async function updateObject(client: KustomerClient, klass: string, id: string, body: IDataObject, itemIndex: number): Promise<JsonApiResource> {
	const ref = { by: 'id', id } as const;
	return await writeRecord(client, { method: 'PUT', path: objectPath(klass, ref), body, itemIndex, roles: ROLES.kobjectUpdate, notFoundMessage: objectNotFoundMessage(klass, ref) });
}

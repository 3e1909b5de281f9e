import type { IDataObject } from 'n8n-workflow';

import { ROLES } from '../../shared/roles';
import { relatedId } from '../../shared/simplify';
import type { JsonApiResource, KustomerClient } from '../../transport';
import { explainConflict } from '../conflicts';
import { findingDocument, singleRecord, writeRecord } from '../lookups';

/**
 * The company a customer is linked to. Kustomer's examples never show it on a customer; a
 * JSON:API relationship is where links live (Kustomer's audit events report company changes
 * under `relationships`), and `attributes.company` is read too, defensively.
 */
export function companyOf(record: JsonApiResource): string | undefined {
	const attribute = record.attributes?.company;
	return relatedId(record, 'company') ?? (typeof attribute === 'string' && attribute ? attribute : undefined);
}

/**
 * Kustomer documents, on BOTH PUT and PATCH /customers/{id}: "If you omit the company, the
 * customer will no longer be linked to the company" (openapi: PATCH /customers/{id}, notes
 * §3.3). No public client shows what PATCH really does, so a change that does not set the
 * company re-sends the one the customer has, and the link is kept either way.
 */
export function keepCompany(body: IDataObject, current: JsonApiResource): IDataObject {
	const company = companyOf(current);
	return 'company' in body || !company ? body : { ...body, company };
}

export const CUSTOMER_CONFLICT =
	'Another customer already has one of these emails, phones or external IDs (Kustomer keeps them unique across the org), or the customer changed at the same moment. Nothing was written for this item. Find the other customer with Customer → Get, or use Create or Update to update the customer that has them.';

/** PATCH /v1/customers/{id} with only the given fields. */
export async function patchCustomer(client: KustomerClient, id: string, body: IDataObject, itemIndex: number): Promise<JsonApiResource> {
	try {
		return await writeRecord(client, { method: 'PATCH', path: `/v1/customers/${id}`, body, itemIndex, roles: ROLES.customerUpdate, notFoundMessage: `No Kustomer customer with ID ${id}` });
	} catch (error) {
		throw explainConflict(error, CUSTOMER_CONFLICT);
	}
}

/** POST /v1/customers. With `findExisting`, a failure that may have landed is checked before it is sent again. */
export async function postCustomer(
	client: KustomerClient,
	body: IDataObject,
	itemIndex: number,
	findExisting?: () => Promise<JsonApiResource | undefined>,
): Promise<JsonApiResource> {
	const document = await client.request({
		method: 'POST',
		path: '/v1/customers',
		body,
		itemIndex,
		roles: ROLES.customerCreate,
		findExisting: findExisting ? findingDocument(findExisting) : undefined,
	});
	return singleRecord(client, document, itemIndex);
}


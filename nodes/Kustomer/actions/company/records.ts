import type { IDataObject } from 'n8n-workflow';

import { ROLES } from '../../shared/roles';
import type { JsonApiResource, KustomerClient } from '../../transport';
import { explainConflict } from '../conflicts';
import type { LocatorField } from '../../shared/locators';
import { resolveOnce } from '../batch';
import { fetchRecord, findingDocument, singleRecord, writeRecord } from '../lookups';
import type { ItemFailures, PreparedItem } from '../types';
import { COMPANY, findCompany } from './record';

export const COMPANY_CONFLICT =
	'Kustomer refused the company as a conflict: another company may already have this External ID, or the company changed at the same moment. Nothing was written for this item. Find the other company with Company → Get (By External ID), or use Create or Update.';

/**
 * POST /v1/companies (openapi: CreateCompany, 201). With an External ID, a create whose
 * outcome is unknown (a 5xx, a dropped connection) looks for the company before it is sent
 * again, so a re-sent create never makes a second one.
 */
export async function postCompany(client: KustomerClient, body: IDataObject, itemIndex: number): Promise<JsonApiResource> {
	const externalId = typeof body.externalId === 'string' ? body.externalId : undefined;
	const findExisting = externalId ? findingDocument(async () => await findCompany(client, { by: 'externalId', externalId }, itemIndex)) : undefined;
	try {
		const document = await client.request({ method: 'POST', path: '/v1/companies', body, itemIndex, roles: ROLES.companyCreate, findExisting });
		return singleRecord(client, document, itemIndex);
	} catch (error) {
		throw explainConflict(error, COMPANY_CONFLICT);
	}
}

/**
 * PUT /v1/companies/{id} with only the given fields (openapi: UpdateCompanyAttributes, no
 * required field: "Updates the attributes of a company"). Subject to Kustomer's object rate
 * limiting per company, which the governor paces.
 */
export async function putCompany(client: KustomerClient, id: string, body: IDataObject, itemIndex: number): Promise<JsonApiResource> {
	try {
		return await writeRecord(client, { method: 'PUT', path: `/v1/companies/${id}`, body, itemIndex, roles: ROLES.companyUpdate, notFoundMessage: `No Kustomer company with ID ${id}` });
	} catch (error) {
		throw explainConflict(error, COMPANY_CONFLICT);
	}
}

/**
 * A body's `company` from a company locator: an ID, or the company to find by External ID first
 * (`{ externalId }`, which companyIdIn resolves before anything is sent); undefined when empty.
 * A bare ID, as the earlier Company fields saved it, reads as By ID.
 */
export function companyInBody(field: LocatorField, value: unknown): string | { externalId: string } | undefined {
	const ref = field.parseOptional(value);
	if (!ref) return undefined;
	return ref.by === 'id' ? ref.id : { externalId: (ref as { externalId: string }).externalId };
}

/** The External ID of the company a body (a customer's, a custom object's) names by it, not resolved yet, if any. */
export function companyExternalIdIn(body: IDataObject): string | undefined {
	const company = body.company;
	return company && typeof company === 'object' && !Array.isArray(company) ? String((company as IDataObject).externalId) : undefined;
}

/** The body with its company as Kustomer takes it: an ID, looked up by External ID when given so (a miss fails the item). */
export async function companyIdIn(client: KustomerClient, body: IDataObject, itemIndex: number, known?: string): Promise<IDataObject> {
	const externalId = companyExternalIdIn(body);
	if (externalId === undefined) return body;
	const id = known ?? (await fetchRecord(client, COMPANY, { by: 'externalId', externalId }, itemIndex)).id;
	return { ...body, company: id };
}

/**
 * For a batch step: the items with their company's ID in the body, each company given by
 * External ID looked up once for all the items naming it. A miss fails its items only.
 */
export async function withCompanyIds<Input extends { body: IDataObject }>(
	client: KustomerClient,
	items: ReadonlyArray<PreparedItem<Input>>,
	failures: ItemFailures,
): Promise<Array<PreparedItem<Input>>> {
	const keyOf = (input: Input) => companyExternalIdIn(input.body);
	const ids = await resolveOnce(client, items, keyOf, async (input, index) => (await fetchRecord(client, COMPANY, { by: 'externalId', externalId: keyOf(input) as string }, index)).id, failures);
	return await Promise.all(
		items.map(async (item) => {
			const externalId = keyOf(item.input);
			const id = externalId === undefined ? undefined : ids.get(externalId);
			return id === undefined ? item : { ...item, input: { ...item.input, body: await companyIdIn(client, item.input.body, item.itemIndex, id) } };
		}),
	);
}

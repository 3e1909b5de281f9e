import type { IDataObject } from 'n8n-workflow';

import { ROLES } from '../../shared/roles';
import type { JsonApiResource, KustomerClient } from '../../transport';
import { costs } from '../../transport';
import { explainConflict } from '../conflicts';
import { findingDocument, singleRecord } from '../lookups';
import { findCompany } from './record';

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
		const document = await client.request({
			method: 'PUT',
			path: `/v1/companies/${id}`,
			body,
			cost: costs.recordWrite(`/v1/companies/${id}`),
			itemIndex,
			roles: ROLES.companyUpdate,
			notFoundMessage: `No Kustomer company with ID ${id}`,
		});
		return singleRecord(client, document, itemIndex);
	} catch (error) {
		throw explainConflict(error, COMPANY_CONFLICT);
	}
}

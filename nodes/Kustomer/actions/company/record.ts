import { NodeOperationError } from 'n8n-workflow';

import { recordLocator } from '../../shared/locators';
import { ROLES } from '../../shared/roles';
import { textAttribute } from '../../shared/simplify';
import type { JsonApiResource, KustomerClient } from '../../transport';
import { getAllPages } from '../../transport';
import type { LookedUpKind } from '../types';

/**
 * A company's timeline in Kustomer's web app. Kustomer's help center describes the company
 * timeline (help.kustomer.com company-timelines-B1pfCfZ57) but no document gives its address;
 * `/app/companies/<id>` follows the customer page's form (`/app/customers/<id>`).
 */
export const companyPath = (companyId: string) => `/app/companies/${companyId}`;

const URL_PATTERN = '/app/companies/([0-9a-fA-F]{24})';
const SEARCH_METHOD = 'searchCompanies';

/** Every way to point at a company. */
export const companyLocator = recordLocator<'list' | 'id' | 'url' | 'externalId'>({
	displayName: 'Company',
	name: 'company',
	searchListMethod: SEARCH_METHOD,
	urlPattern: URL_PATTERN,
	urlPlaceholder: 'e.g. https://acme.kustomerapp.com/app/companies/5f1a2b3c4d5e6f7a8b9c0d1e',
	urlError: 'Not a Kustomer company link (…/app/companies/{ID})',
	urlExample: 'https://acme.kustomerapp.com/app/companies/<company ID>',
	modes: [{ displayName: 'By External ID', name: 'externalId', type: 'string', placeholder: 'e.g. crm-account-42' }],
});

/**
 * A company's External ID as Kustomer answers it: `externalId` as POST /companies takes it, or
 * `extenalId`, as the OpenAPI file's GET /companies answer schema spells it (required there).
 */
export function companyExternalId(record: JsonApiResource): string | undefined {
	for (const key of ['externalId', 'extenalId']) {
		const value = record.attributes?.[key];
		if (typeof value === 'string') return value;
	}
	return undefined;
}

/** How a company is matched: by External ID exactly, or by name (trimmed, any case). */
export type CompanyMatch = { by: 'externalId'; externalId: string } | { by: 'name'; name: string };

const sameName = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

function describeMatch(match: CompanyMatch): string {
	return match.by === 'externalId' ? `external ID "${match.externalId}"` : `name "${match.name}"`;
}

/**
 * The companies a match names: GET /v1/companies with `externalId` or `filter` (the name;
 * OpenAPI GET /companies, which documents both and that using both ignores both). Kustomer's
 * name filter matches part of a name (its example answers "foobar2 Company Name" to "foobar"),
 * so only exact names count. The External ID is checked too; a company answered without one
 * counts only when it is the only answer (Kustomer filtered, it just did not show it).
 */
export async function findCompanies(client: KustomerClient, match: CompanyMatch, itemIndex: number, limit?: number): Promise<JsonApiResource[]> {
	const qs = match.by === 'externalId' ? { externalId: match.externalId } : { filter: match.name };
	const records = await getAllPages(client, { path: '/v1/companies', qs, itemIndex, roles: ROLES.companyRead });
	if (match.by === 'name') return records.filter((record) => sameName(textAttribute(record, 'name') ?? '', match.name)).slice(0, limit);
	const exact = records.filter((record) => companyExternalId(record) === match.externalId);
	const unknown = records.filter((record) => companyExternalId(record) === undefined);
	if (unknown.length === 0) return exact.slice(0, limit);
	if (records.length === 1) return records;
	throw new NodeOperationError(client.node, `Kustomer answered ${records.length} companies for external ID "${match.externalId}" without saying which has it [item ${itemIndex}]`, {
		itemIndex,
		description: `GET /v1/companies?externalId=… answered companies that carry no externalId (${unknown.map((record) => record.id).join(', ')}), so the node cannot tell which one is meant. Nothing was written for this item. Give the company by ID instead.`,
	});
}

/** The one company a match names, undefined for none; several is an error naming them. */
export async function findCompany(client: KustomerClient, match: CompanyMatch, itemIndex: number): Promise<JsonApiResource | undefined> {
	const found = await findCompanies(client, match, itemIndex);
	if (found.length <= 1) return found[0];
	throw new NodeOperationError(client.node, `${found.length} Kustomer companies have the ${describeMatch(match)} [item ${itemIndex}]`, {
		itemIndex,
		description: `Found: ${found.map((record) => `${record.id} (${textAttribute(record, 'name') ?? 'no name'})`).join(', ')}. Nothing was written for this item. Give the company by ID, or make the ${match.by === 'name' ? 'names' : 'External IDs'} unique in Kustomer.`,
	});
}

export const COMPANY: LookedUpKind = {
	isType: (type) => type === 'company',
	appPath: (record) => companyPath(record.id),
	lookup: {
		collection: 'companies',
		noun: 'company',
		roles: ROLES.companyRead,
		// Kustomer has no /v1/companies/externalId=… route: the list endpoint filters by it.
		findByValue: async (client, ref, itemIndex) => (ref.by === 'externalId' ? await findCompany(client, ref, itemIndex) : undefined),
	},
	metadataName: () => 'company',
	listSearch: {
		method: SEARCH_METHOD,
		queryContext: 'company',
		// company_name: OpenAPI POST /customers/search, "Standard attributes JSON Schema".
		criteria: (text) => [{ company_name: { contains: text } }],
		entry(record, appBase) {
			return {
				name: textAttribute(record, 'name') ?? record.id,
				value: record.id,
				url: appBase ? `${appBase}${companyPath(record.id)}` : undefined,
			};
		},
	},
};

import { BAD } from '../../../../helpers/badInputs';
import { COMPANY_ATTRIBUTES, COMPANY_FIELDS, variants } from '../../../../helpers/bodyCases';
import { companyResource, unrecordedApi } from '../../../../helpers/kustomer';
import { BY_VALUE } from '../../../../helpers/operationFixture';
import type { OperationFixture } from '../../../../helpers/operationFixture';
import { attributeMapper } from '../../../../helpers/workflows';
import { BAD_COMPANY_NAMES, BAD_DOMAINS } from './create.fixture';

export const fixture: OperationFixture = {
	parameters: { resource: 'company', operation: 'upsert', matchBy: 'externalId', name: BY_VALUE, additionalFields: { externalId: 'new-acct' } },
	good: 'Acme Inc',
	bad: 'Ac',
	method: 'POST',
	path: '/v1/companies',
	success: { status: 201, body: { data: companyResource() } },
	notFound: 'Kustomer found nothing at POST /v1/companies (404)',
	// No company has the External ID yet: the main request is the create.
	background: () => {
		unrecordedApi().persist().get('/v1/companies').query({ externalId: 'new-acct', page: '1', pageSize: '100' }).reply(200, { data: [], links: { next: null } });
	},
	badInputs: [
		{ field: 'Name', parameters: { matchBy: 'name', name: BY_VALUE }, good: 'Acme Inc', bad: BAD_COMPANY_NAMES },
		{ field: 'Match By', parameters: { matchBy: BY_VALUE, name: 'Acme' }, good: 'name', bad: ['externalId', 'email', '', ['name']] },
		{ field: 'External ID', parameters: { matchBy: 'externalId', name: 'Acme', additionalFields: { externalId: BY_VALUE } }, good: 'crm-1', bad: BAD.text256 },
		{ field: 'Domains', parameters: { matchBy: 'name', name: 'Acme', additionalFields: { domains: BY_VALUE } }, good: 'acme.com', bad: BAD_DOMAINS },
		{ field: 'Custom attribute "Seats (seatsNum)"', parameters: { matchBy: 'name', name: 'Acme', customAttributesMapper: attributeMapper('company', { seatsNum: BY_VALUE }) }, good: 12, bad: ['many', '12 seats'] },
	],
	bodies: {
		// A new External ID: created; a name: found and updated with what differs.
		'matched by External ID, none yet: each field with the name and External ID, all together': [
			...Object.entries(COMPANY_FIELDS).map(([key, value]) => ({ matchBy: 'externalId', name: 'Acme Inc', additionalFields: { externalId: 'new-acct', [key]: value } })),
			{ matchBy: 'externalId', name: 'Acme Inc', additionalFields: { ...COMPANY_FIELDS, externalId: 'new-acct' } },
			{ matchBy: 'externalId', name: 'Acme Inc', additionalFields: { externalId: 'new-acct' }, customAttributesMapper: COMPANY_ATTRIBUTES },
		],
		'matched by name, found: each field and all, and the typed mapper': [
			...variants({ matchBy: 'name', name: 'Acme Inc' }, { ...COMPANY_FIELDS, externalId: 'crm-acct-9' }).slice(1),
			{ matchBy: 'name', name: 'Acme Inc', customAttributesMapper: COMPANY_ATTRIBUTES },
		],
	},
};

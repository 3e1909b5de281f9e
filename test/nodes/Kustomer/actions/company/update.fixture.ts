import { BAD, byLocator } from '../../../../helpers/badInputs';
import { COMPANY_ATTRIBUTES, COMPANY_FIELDS, inBulk, eachAndAll } from '../../../../helpers/bodyCases';
import { companyResource, COMPANY_ID } from '../../../../helpers/kustomer';
import { BY_VALUE } from '../../../../helpers/operationFixture';
import type { OperationFixture } from '../../../../helpers/operationFixture';
import { locator } from '../../../../helpers/workflows';
import { BAD_COMPANY_NAMES, BAD_DOMAINS, BAD_WEBSITES } from './create.fixture';

const byId = locator('id', COMPANY_ID);
const UPDATE_FIELDS = { name: 'Acme Corporation', ...COMPANY_FIELDS, externalId: 'crm-acct-2' };
/** Clearing: each clearable field added and left empty. */
const CLEARED = { externalId: '', defaultLang: '', domains: '', websites: '', tags: [] };

export const fixture: OperationFixture = {
	parameters: { resource: 'company', operation: 'update', company: locator('id', BY_VALUE), updateFields: { name: 'Acme Corporation' } },
	good: COMPANY_ID,
	bad: 'acme',
	method: 'PUT',
	path: `/v1/companies/${COMPANY_ID}`,
	success: { status: 200, body: { data: companyResource() } },
	notFound: `No Kustomer company with ID ${COMPANY_ID}`,
	badInputs: [
		...byLocator('company', ['id', 'url', 'externalId'], { updateFields: { name: 'Acme' } }),
		{ field: 'Name', parameters: { company: byId, updateFields: { name: BY_VALUE } }, good: 'Acme Corporation', bad: BAD_COMPANY_NAMES },
		{ field: 'Domains', parameters: { company: byId, updateFields: { domains: BY_VALUE } }, good: '', bad: BAD_DOMAINS },
		{ field: 'Websites', parameters: { company: byId, updateFields: { websites: BY_VALUE } }, good: '', bad: BAD_WEBSITES },
		{ field: 'External ID', parameters: { company: byId, updateFields: { externalId: BY_VALUE } }, good: '', bad: BAD.text256 },
	],
	bodies: {
		'each field alone and all together': eachAndAll({ company: byId }, UPDATE_FIELDS, 'updateFields'),
		'every field cleared': [{ company: byId, updateFields: CLEARED }],
		'by External ID, custom attributes through the typed mapper': [{ company: locator('externalId', 'crm-acct-1'), customAttributesMapper: COMPANY_ATTRIBUTES, updateFields: { name: 'Acme' } }],
		'Send in Bulk': inBulk([...eachAndAll({ company: byId }, UPDATE_FIELDS, 'updateFields'), { company: byId, updateFields: CLEARED }]),
	},
};

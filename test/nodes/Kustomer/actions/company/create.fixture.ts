import { BAD, emailRow, nonEmpty, phoneRow } from '../../../../helpers/badInputs';
import { COMPANY_ATTRIBUTES, COMPANY_FIELDS, inBulk, variants } from '../../../../helpers/bodyCases';
import { companyResource } from '../../../../helpers/kustomer';
import { BY_VALUE } from '../../../../helpers/operationFixture';
import type { OperationFixture } from '../../../../helpers/operationFixture';
import { attributeMapper } from '../../../../helpers/workflows';

/** Names Kustomer refuses (3 to 255 characters: OpenAPI POST /companies) and values that are no name. */
export const BAD_COMPANY_NAMES = ['', null, '  ', 'ab', ' ab ', 'x'.repeat(256), '🚀'.repeat(256), ['Acme'], { name: 'Acme' }, true];
export const BAD_DOMAINS = ['acme', 'acme..com', 'http://acme.com', '-acme.com', 'acme.com/path', 'a b.com', Array.from({ length: 11 }, (_, index) => `d${index}.com`), [['acme.com']], { domain: 'acme.com' }];
export const BAD_WEBSITES = ['acme.com', 'javascript:alert(1)', 'ftp://acme.com', Array.from({ length: 11 }, (_, index) => `https://d${index}.com`), [['https://acme.com']], { url: 'https://acme.com' }];

export const fixture: OperationFixture = {
	parameters: { resource: 'company', operation: 'create', name: BY_VALUE },
	good: 'Acme Inc',
	bad: 'Ac',
	method: 'POST',
	path: '/v1/companies',
	success: { status: 201, body: { data: companyResource() } },
	notFound: 'Kustomer found nothing at POST /v1/companies (404)',
	badInputs: [
		{ field: 'Name', parameters: { name: BY_VALUE }, good: 'Zoë 🚀 Co', bad: BAD_COMPANY_NAMES },
		{ field: 'External ID', parameters: { name: 'Acme', additionalFields: { externalId: BY_VALUE } }, good: 'new-crm/1', bad: nonEmpty(BAD.text256) },
		{ field: 'Domains', parameters: { name: 'Acme', additionalFields: { domains: BY_VALUE } }, good: 'acme.com, ACME.io', bad: BAD_DOMAINS },
		{ field: 'Emails #1', parameters: { name: 'Acme', additionalFields: emailRow(BY_VALUE) }, good: 'billing@acme.com', bad: nonEmpty(BAD.email) },
		{ field: 'Phones #1', parameters: { name: 'Acme', additionalFields: phoneRow(BY_VALUE) }, good: '+1 415 555 0100', bad: nonEmpty(BAD.phone) },
		{ field: 'Websites', parameters: { name: 'Acme', additionalFields: { websites: BY_VALUE } }, good: 'https://acme.com', bad: BAD_WEBSITES },
		{ field: 'Tags', parameters: { name: 'Acme', additionalFields: { tags: BY_VALUE } }, good: ['vip'], bad: BAD.tags },
		{ field: 'Default Language', parameters: { name: 'Acme', additionalFields: { defaultLang: BY_VALUE } }, good: 'en_us', bad: ['x'.repeat(101), ['en'], { l: 'en' }, true] },
		{ field: 'Custom attribute "Plan (planStr)"', parameters: { name: 'Acme', customAttributesMapper: attributeMapper('company', { planStr: BY_VALUE }) }, good: 'Growth', bad: ['Free', 'Platinum'] },
	],
	bodies: {
		'the name alone, each field with it, and all together': variants({ name: 'Acme Inc' }, COMPANY_FIELDS),
		'every custom attribute of the metadata fixture through the typed mapper': [{ name: 'Acme Inc', customAttributesMapper: COMPANY_ATTRIBUTES }],
		'Send in Bulk': inBulk([...variants({ name: 'Acme Inc' }, COMPANY_FIELDS), { name: 'Acme Inc', customAttributesMapper: COMPANY_ATTRIBUTES }]),
	},
};

import { BAD, COMPANY_LINK, emailRow, nonEmpty, phoneRow, SOME_ID } from '../../../../helpers/badInputs';
import { CUSTOMER_ATTRIBUTES, CUSTOMER_FIELDS, eachAndAll, inBulk } from '../../../../helpers/bodyCases';
import { customerResource } from '../../../../helpers/kustomer';
import { BY_VALUE } from '../../../../helpers/operationFixture';
import type { OperationFixture } from '../../../../helpers/operationFixture';
import { attributeMapper, locator } from '../../../../helpers/workflows';

export const fixture: OperationFixture = {
	parameters: { resource: 'customer', operation: 'create', customerFields: { emails: { email: [{ address: BY_VALUE, type: 'work' }] } } },
	good: 'new@example.com',
	bad: 'new at example.com',
	method: 'POST',
	path: '/v1/customers',
	success: { status: 201, body: { data: customerResource() } },
	notFound: 'Kustomer found nothing at POST /v1/customers (404)',
	badInputs: [
		{ field: 'Emails #1', parameters: { customerFields: emailRow(BY_VALUE) }, good: 'jane+vip@example.com', bad: nonEmpty(BAD.email) },
		{ field: 'Phones #1', parameters: { customerFields: phoneRow(BY_VALUE) }, good: '+1 (415) 555-0123', bad: nonEmpty(BAD.phone) },
		{ field: 'Time Zone', parameters: { customerFields: { timeZone: BY_VALUE } }, good: 'Asia/Kolkata', bad: BAD.timeZone },
		{ field: 'Locale', parameters: { customerFields: { locale: BY_VALUE } }, good: 'en_US', bad: ['x'.repeat(17), ['en'], { l: 'en' }, true] },
		{ field: 'Company', parameters: { customerFields: { company: BY_VALUE } }, good: SOME_ID, bad: BAD.optionalId },
		{ field: 'Company', parameters: { customerFields: { company: locator('externalId', BY_VALUE) } }, good: 'crm-acct-1', bad: nonEmpty(BAD.externalId) },
		{ field: 'Company', parameters: { customerFields: { company: locator('url', BY_VALUE) } }, good: COMPANY_LINK, bad: nonEmpty(BAD.link) },
		{ field: 'External ID', parameters: { customerFields: { externalId: BY_VALUE } }, good: 'crm/1', bad: BAD.text256 },
		{ field: 'Name', parameters: { customerFields: { name: BY_VALUE } }, good: 'Zoë 🚀', bad: BAD.text256 },
		{ field: 'Tags', parameters: { customerFields: { name: 'x', tags: BY_VALUE } }, good: ['vip'], bad: BAD.tags },
		{ field: 'Customer Fields', parameters: { customerFields: { name: BY_VALUE } }, good: 'Jane', bad: ['', null, '   '] },
		{ field: 'Custom attribute "Region (regionTree)"', parameters: { customAttributesMapper: attributeMapper('customer', { regionTree: BY_VALUE }) }, good: 'de', bad: ['emea', 'americas', 'Mars'] },
	],
	bodies: {
		'each field alone and all together': eachAndAll({}, CUSTOMER_FIELDS, 'customerFields'),
		'every custom attribute of the metadata fixture through the typed mapper': [{ customAttributesMapper: CUSTOMER_ATTRIBUTES }],
		'the company by External ID (looked up, its ID sent)': [{ customerFields: { name: 'Jane', company: locator('externalId', 'crm-acct-1') } }],
		'Send in Bulk': inBulk([...eachAndAll({}, CUSTOMER_FIELDS, 'customerFields'), { customAttributesMapper: CUSTOMER_ATTRIBUTES }]),
	},
};

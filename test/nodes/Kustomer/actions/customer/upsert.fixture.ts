import { BAD, emailRow, nonEmpty, phoneRow } from '../../../../helpers/badInputs';
import { CUSTOMER_ATTRIBUTES, CUSTOMER_FIELDS } from '../../../../helpers/bodyCases';
import { customerResource, unrecordedApi } from '../../../../helpers/kustomer';
import { BY_VALUE } from '../../../../helpers/operationFixture';
import type { OperationFixture } from '../../../../helpers/operationFixture';
import { attributeMapper } from '../../../../helpers/workflows';

export const fixture: OperationFixture = {
	parameters: {
		resource: 'customer',
		operation: 'upsert',
		matchBy: ['email'],
		customerFields: { name: 'New Person', emails: { email: [{ address: BY_VALUE, type: 'home' }] } },
	},
	good: 'new@example.com',
	bad: 'new@',
	method: 'POST',
	path: '/v1/customers',
	success: { status: 201, body: { data: customerResource() } },
	notFound: 'Kustomer found nothing at POST /v1/customers (404)',
	// Nobody has the email yet: the lookup misses, so the customer is created.
	background: () => unrecordedApi().persist().get(/\/v1\/customers\/email=/).reply(404, ''),
	badInputs: [
		{ field: 'Emails #1', parameters: { matchBy: ['email'], customerFields: emailRow(BY_VALUE) }, good: 'jane@example.com', bad: nonEmpty(BAD.email) },
		{ field: 'Phones #1', parameters: { matchBy: ['phone'], customerFields: phoneRow(BY_VALUE) }, good: '+44 20 7946 0958', bad: nonEmpty(BAD.phone) },
		{ field: 'Match By', parameters: { matchBy: BY_VALUE, customerFields: emailRow('jane@example.com') }, good: ['email'], bad: [['name'], 'emails', [1], ['phone'], []] },
		{ field: 'Custom attribute "VIP (vipBool)"', parameters: { matchBy: ['email'], customerFields: emailRow('jane@example.com'), customAttributesMapper: attributeMapper('customer', { vipBool: BY_VALUE }) }, good: 'yes', bad: ['maybe', [true], 2] },
	],
	bodies: {
		// The lookups answer the linked customer.
		'found: merged lists, rev and company in a PATCH': [
			{ matchBy: ['email', 'phone', 'externalId'], customerFields: CUSTOMER_FIELDS },
			{ matchBy: ['externalId'], customerFields: { externalId: 'crm-9', name: 'Only name changes' } },
		],
		'every custom attribute of the metadata fixture through the typed mapper': [
			{ matchBy: ['email'], customerFields: { emails: { email: [{ address: 'jane@example.com' }] } }, customAttributesMapper: CUSTOMER_ATTRIBUTES },
		],
	},
};

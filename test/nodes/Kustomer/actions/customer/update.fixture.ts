import { BAD, byLocator } from '../../../../helpers/badInputs';
import { CUSTOMER_ATTRIBUTES, CUSTOMER_FIELDS, eachAndAll, inBulk } from '../../../../helpers/bodyCases';
import { CUSTOMER_ID, customerResource, unrecordedApi } from '../../../../helpers/kustomer';
import { BY_VALUE } from '../../../../helpers/operationFixture';
import type { OperationFixture } from '../../../../helpers/operationFixture';
import { attributeMapper, locator } from '../../../../helpers/workflows';

/** Each update field alone and all together, then every field cleared. */
const UPDATES = eachAndAll({ customer: locator('id', CUSTOMER_ID) }, CUSTOMER_FIELDS, 'updateFields').concat([
	{
		customer: locator('externalId', 'crm-1'),
		updateFields: { name: '', externalId: '', company: '', locale: '', timeZone: '', tags: [], emails: { email: [] }, phones: {} },
	},
]);

export const fixture: OperationFixture = {
	parameters: { resource: 'customer', operation: 'update', customer: locator('id', CUSTOMER_ID), updateFields: { timeZone: BY_VALUE } },
	good: 'Europe/Paris',
	bad: 'Mars/Olympus',
	method: 'PATCH',
	path: `/v1/customers/${CUSTOMER_ID}`,
	success: { status: 200, body: { data: customerResource() } },
	notFound: `No Kustomer customer with ID ${CUSTOMER_ID}`,
	// The update reads the customer first, to keep its company link.
	background: () => unrecordedApi().persist().get(`/v1/customers/${CUSTOMER_ID}`).reply(200, { data: customerResource() }),
	badInputs: [
		...byLocator('customer', ['email', 'id'], { updateFields: { name: 'Jane' } }),
		{ field: 'Name', parameters: { customer: locator('id', CUSTOMER_ID), updateFields: { name: BY_VALUE } }, good: 'Jane', bad: BAD.text256 },
		{ field: 'Time Zone', parameters: { customer: locator('id', CUSTOMER_ID), updateFields: { timeZone: BY_VALUE } }, good: '', bad: BAD.timeZone },
		{ field: 'Custom attribute "Renewal (renewalAt)"', parameters: { customer: locator('id', CUSTOMER_ID), customAttributesMapper: attributeMapper('customer', { renewalAt: BY_VALUE }) }, good: '2027-01-31', bad: ['2027-02-30', 'next year', ['2027-01-31'], true] },
	],
	bodies: {
		'each field alone and all together, and every field cleared': UPDATES,
		'every custom attribute of the metadata fixture through the typed mapper': [{ customer: locator('id', CUSTOMER_ID), customAttributesMapper: CUSTOMER_ATTRIBUTES }],
		'Send in Bulk': inBulk([...UPDATES, { customer: locator('id', CUSTOMER_ID), customAttributesMapper: CUSTOMER_ATTRIBUTES }]),
	},
};

import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { labelOf, simplifyField } from '../../shared/fields';
import { customAttributesMapperField } from '../../shared/attributeMapper';
import { ROLES } from '../../shared/roles';
import { InputProblem } from '../../shared/validation';
import { explainConflict } from '../conflicts';
import { defineOperation } from '../types';
import { customerFieldOptions, readCustomerBody } from './fields';
import { inputsOf } from '../batch';
import type { ItemFailures } from '../types';
import { companyIdIn, withCompanyIds } from '../company/records';
import { CUSTOMER_CONFLICT, postCustomer } from './records';

const description: INodeProperties[] = [
	customAttributesMapperField('customer'),
	{
		displayName: 'Customer Fields',
		name: 'customerFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description: 'What the new customer holds. Empty fields (or null) are left out.',
		options: customerFieldOptions('absent'),
	},
	simplifyField(),
];

interface Input {
	body: IDataObject;
}

export const createCustomer = defineOperation<Input>({
	option: {
		name: 'Create',
		value: 'create',
		action: 'Create a customer',
		description: 'Create a customer with name, emails, phones, external ID, company, tags and custom attributes',
	},
	roles: ROLES.customerCreate,
	// Without an email, phone or external ID a second run makes a second customer; with one,
	// Kustomer refuses the second (409). Create or Update is the operation safe to repeat.
	effect: 'write',
	rerun: 'Running again fails the done items where Kustomer refuses a second customer with their email, phone or external ID, and creates the others again: Create or Update is safe to run again.',
	idempotent: false,
	docs: {
		moreRoles: 'A company given by External ID: + `company.read` (it is looked up first)',
		runTwice: 'Without an email, phone or external ID, a second customer; with one, Kustomer refuses the second (409: they are unique). Use Create or Update to be safe.',
	},
	description,
	prepare(itemIndex) {
		const body = readCustomerBody(this, itemIndex, this.getNodeParameter('customerFields', itemIndex, {}) as IDataObject, 'absent');
		if (Object.keys(body).length === 0) {
			throw new InputProblem(labelOf(description, 'customerFields'), 'are empty: give at least a name, an email, a phone or an external ID');
		}
		return { body };
	},
	/** Each company given by External ID is looked up once for all the items naming it. */
	async batch(client, items) {
		const failures: ItemFailures = new Map();
		return { inputs: inputsOf(await withCompanyIds(client, items, failures)), failures };
	},
	async execute(client, input, itemIndex) {
		try {
			return [await postCustomer(client, await companyIdIn(client, input.body, itemIndex), itemIndex)];
		} catch (error) {
			throw explainConflict(error, CUSTOMER_CONFLICT);
		}
	},
	// A record Kustomer refuses as a duplicate fails its item only ("duplicate detected").
	bulk: { method: 'POST', path: '/v1/customers/bulk', item: (input) => input.body },
});

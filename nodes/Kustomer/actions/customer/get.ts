import type { INodeProperties } from 'n8n-workflow';

import { customerLocator, showFor, simplifyField } from '../../shared/fields';
import type { RecordRef } from '../../shared/locators';
import { parseCustomerRef } from '../../shared/locators';
import { ROLES } from '../../shared/roles';
import { fetchCustomer } from '../lookups';
import { defineOperation } from '../types';

const show = showFor('customer', 'get');
const MODES = ['list', 'id', 'url', 'email', 'phone', 'externalId'] as const;

const description: INodeProperties[] = [
	customerLocator([...MODES], show, 'The customer to get: pick one, or give an ID, app link, email, phone (E.164) or external ID'),
	simplifyField(show),
];

interface Input {
	customer: RecordRef;
}

export const getCustomer = defineOperation<Input>({
	option: {
		name: 'Get',
		value: 'get',
		action: 'Get a customer',
		description: 'Get a customer by ID, app link, email, phone or external ID',
	},
	roles: ROLES.customerRead,
	effect: 'read',
	repeatable: true,
	description,
	prepare(itemIndex) {
		return {
			customer: parseCustomerRef(this.getNodeParameter('customer', itemIndex), MODES),
		};
	},
	async execute(client, input, itemIndex) {
		return [await fetchCustomer(client, input.customer, itemIndex)];
	},
});

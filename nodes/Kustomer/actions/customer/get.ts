import type { INodeProperties } from 'n8n-workflow';

import { simplifyField } from '../../shared/fields';
import type { RecordRef } from '../../shared/locators';
import { ROLES } from '../../shared/roles';
import { fetchRecord } from '../lookups';
import { defineOperation } from '../types';
import { customerLocator, CUSTOMER } from './record';

const customerField = customerLocator('The customer to get: pick one, or give an ID, app link, email, phone (E.164) or external ID');

const description: INodeProperties[] = [
	customerField.property,
	simplifyField(),
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
	idempotent: true,
	description,
	prepare(itemIndex) {
		return {
			customer: customerField.read(this, itemIndex),
		};
	},
	async execute(client, input, itemIndex) {
		return [await fetchRecord(client, CUSTOMER, input.customer, itemIndex)];
	},
});

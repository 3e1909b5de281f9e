import type { INodeProperties } from 'n8n-workflow';

import type { RecordRef } from '../../shared/locators';
import { ROLES } from '../../shared/roles';
import { resolveId } from '../lookups';
import { deleteRecord } from '../deleteRecord';
import { defineOperation } from '../types';
import { customerLocator, CUSTOMER } from './record';

const customerField = customerLocator('The customer to delete: pick one, or give an ID, app link, email, phone (E.164) or external ID');

const description: INodeProperties[] = [
	{
		displayName: 'Deleting a customer cannot be undone',
		name: 'deleteNotice',
		type: 'notice',
		default: '',
	},
	customerField.property,
];

interface Input {
	customer: RecordRef;
}

export const deleteCustomer = defineOperation<Input>({
	option: {
		name: 'Delete',
		value: 'delete',
		action: 'Delete a customer permanently',
		description: 'Delete a customer permanently',
	},
	roles: ROLES.customerDelete,
	// A second run finds nothing to delete (404) and says alreadyDeleted; nothing else changes.
	effect: 'delete',
	idempotent: true,
	docs: {
		moreRoles: '+ `customer.read` to find the customer by email, phone or external ID; + a search role (as for Customer → Get Many) to tell a customer deleted before from a wrong ID when Kustomer answers 404',
		runTwice: 'As Conversation → Delete: `alreadyDeleted: true` by ID once the search knows the customer; by email, phone or external ID the lookup fails naming the value.',
	},
	description,
	prepare(itemIndex) {
		return { customer: customerField.read(this, itemIndex) };
	},
	async execute(client, input, itemIndex) {
		const id = await resolveId(client, CUSTOMER, input.customer, itemIndex);
		return await deleteRecord(client, { path: `/v1/customers/${id}`, itemIndex, roles: ROLES.customerDelete, noun: 'customer', queryContext: 'customer' }, { id });
	},
});

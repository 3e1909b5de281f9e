import type { INodeProperties } from 'n8n-workflow';

import type { RecordRef } from '../../shared/locators';
import { ROLES } from '../../shared/roles';
import { resolveId, resolveIdsOnce } from '../lookups';
import { deleteRecord, deletedBefore } from '../deleteRecord';
import type { ItemFailures } from '../types';
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
	/** With Send in Bulk: the customer's ID, looked up by the batch step before the bulks go. */
	customerId?: string;
}

/** The ID a bulk delete names the customer by: looked up by the batch step, or given. */
const bulkCustomerId = (input: Input) => input.customerId ?? (input.customer.by === 'id' ? input.customer.id : undefined);

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
		runTwice: 'As Conversation → Delete: `alreadyDeleted: true` by ID once the search knows the customer; by email, phone or external ID the lookup fails naming the value. The same with Send in Bulk (an item the bulk did not delete is looked for among deleted customers).',
	},
	description,
	prepare(itemIndex) {
		return { customer: customerField.read(this, itemIndex) };
	},
	async execute(client, input, itemIndex) {
		const id = await resolveId(client, CUSTOMER, input.customer, itemIndex);
		return await deleteRecord(client, { path: `/v1/customers/${id}`, itemIndex, roles: ROLES.customerDelete, noun: 'customer', queryContext: 'customer' }, { id });
	},
	// OpenAPI DELETE /customers/bulk ("Bulk delete customers", `ids` in the query; roles customer.delete).
	bulk: {
		method: 'DELETE',
		path: '/v1/customers/bulk',
		item: (input) => ({ id: bulkCustomerId(input) }),
		recheck: async (client, input, itemIndex) =>
			await deletedBefore(client, { itemIndex, roles: ROLES.customerDelete, noun: 'customer', queryContext: 'customer' }, { id: String(bulkCustomerId(input)) }),
	},
	/** With Send in Bulk: each customer's ID, looked up once (by email, phone, external ID or link) before the bulks go. */
	async batch(client, items, { sendInBulk }) {
		if (!sendInBulk) return {};
		const failures: ItemFailures = new Map();
		const idOf = await resolveIdsOnce(client, items, CUSTOMER, (input) => input.customer, failures);
		const inputs = new Map(items.filter(({ itemIndex }) => !failures.has(itemIndex)).map(({ itemIndex, input }) => [itemIndex, { ...input, customerId: idOf(input) }]));
		return { inputs, failures };
	},
});

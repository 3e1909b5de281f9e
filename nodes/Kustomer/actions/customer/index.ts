import type { ResourceDefinition } from '../types';
import { createCustomer } from './create';
import { deleteCustomer } from './delete';
import { getCustomer } from './get';
import { searchCustomers } from './search';
import { updateCustomer } from './update';
import { upsertCustomer } from './upsert';

export const customerResource: ResourceDefinition = {
	name: 'Customer',
	value: 'customer',
	defaultOperation: 'search',
	operations: [createCustomer, upsertCustomer, getCustomer, searchCustomers, updateCustomer, deleteCustomer],
};

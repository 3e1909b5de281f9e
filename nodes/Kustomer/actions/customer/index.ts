import type { ResourceDefinition } from '../types';
import { createCustomer } from './create';
import { deleteCustomer } from './delete';
import { getCustomer } from './get';
import { mergeCustomers } from './merge';
import { searchCustomers } from './search';
import { trackCustomerEvent } from './trackEvent';
import { updateCustomer } from './update';
import { upsertCustomer } from './upsert';
import { CUSTOMER } from './record';

export const customerResource: ResourceDefinition = {
	name: 'Customer',
	value: 'customer',
	record: CUSTOMER,
	defaultOperation: 'search',
	operations: [createCustomer, upsertCustomer, getCustomer, searchCustomers, updateCustomer, deleteCustomer, mergeCustomers, trackCustomerEvent],
};

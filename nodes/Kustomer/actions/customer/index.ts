import type { ResourceDefinition } from '../types';
import { getCustomer } from './get';
import { searchCustomers } from './search';

export const customerResource: ResourceDefinition = {
	name: 'Customer',
	value: 'customer',
	defaultOperation: 'search',
	operations: [getCustomer, searchCustomers],
};

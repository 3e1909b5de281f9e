import type { INodeProperties } from 'n8n-workflow';

import { getCustomer } from './get';
import { searchCustomers } from './search';

export const customerOperationField: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['customer'] } },
	options: [
		{
			name: 'Get',
			value: 'get',
			action: 'Get a customer',
			description: 'Get a customer by ID, app link, email, phone or external ID',
		},
		{
			name: 'Search',
			value: 'search',
			action: 'Search customers',
			description: 'Find customers by email, phone, external ID or search criteria',
		},
	],
	default: 'search',
};

export const customerOperations = { get: getCustomer, search: searchCustomers };

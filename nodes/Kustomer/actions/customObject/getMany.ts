import type { INodeProperties } from 'n8n-workflow';

import { returnAllFields, simplifyField } from '../../shared/fields';
import type { RecordRef } from '../../shared/locators';
import { ROLES } from '../../shared/roles';
import { readLimit } from '../../shared/validation';
import { getAllPages } from '../../transport';
import { resolveId } from '../lookups';
import { defineOperation } from '../types';
import type { KlassInput } from './common';
import { checkKlasses, klassField, klassPath, readKlass } from './common';
import { customerLocator, CUSTOMER } from '../customer/record';

const customerField = customerLocator('The customer whose objects to list');

const description: INodeProperties[] = [
	klassField(),
	{
		displayName: 'Of',
		name: 'of',
		type: 'options',
		default: 'klass',
		options: [
			{ name: 'All Objects of the Type', value: 'klass' },
			{ name: 'One Customer', value: 'customer', description: "The objects linked to a customer" },
		],
	},
	{ ...customerField.property, displayOptions: { show: { of: ['customer'] } } },
	...returnAllFields(),
	simplifyField(),
];

interface Input extends KlassInput {
	customer?: RecordRef;
	limit?: number;
}

export const getManyCustomObjects = defineOperation<Input>({
	option: {
		name: 'Get Many',
		value: 'getAll',
		action: 'Get many custom objects',
		description: 'List the custom objects of a klass, or those linked to one customer',
	},
	// Listing a klass's objects takes a klass role, not kobject.read (openapi: GET /klasses/{name}).
	roles: ROLES.klassRead,
	effect: 'read',
	idempotent: true,
	docs: {
		moreRoles: "Kustomer's OpenAPI file asks a klass role, not `kobject.read`, to list a type's objects. One customer's objects: `customer.read` instead",
	},
	description,
	prepare(itemIndex) {
		const klass = readKlass(this, itemIndex);
		const customer = this.getNodeParameter('of', itemIndex, 'klass') === 'customer'
			? customerField.read(this, itemIndex)
			: undefined;
		return { klass, customer, limit: readLimit(this.getNodeParameter('returnAll', itemIndex, false), this.getNodeParameter('limit', itemIndex, 50)) };
	},
	batch: checkKlasses,
	async execute(client, input, itemIndex) {
		const customerId = input.customer ? await resolveId(client, CUSTOMER, input.customer, itemIndex) : undefined;
		return await getAllPages(
			client,
			{
				path: klassPath(input.klass, customerId),
				itemIndex,
				// Kustomer lists a customer's objects under the customer-read role (openapi: GET /customers/{id}/klasses/{name}).
				roles: customerId ? ROLES.customerRead : ROLES.klassRead,
				notFoundMessage: customerId ? `No Kustomer customer with ID ${customerId}` : `No Kustomer custom object type "${input.klass}"`,
			},
			{ limit: input.limit },
		);
	},
});

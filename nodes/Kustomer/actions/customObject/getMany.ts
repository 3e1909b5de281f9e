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
import type { KustomerClient, KustomerRequest } from '../../transport';
import { COMPANY, companyLocator } from '../company/record';
import { customerLocator, CUSTOMER } from '../customer/record';

const customerField = customerLocator('The customer whose objects to list');
const companyField = companyLocator('The company whose objects to list');

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
			{ name: 'One Company', value: 'company', description: 'The objects linked to a company' },
		],
	},
	{ ...customerField.property, displayOptions: { show: { of: ['customer'] } } },
	{ ...companyField.property, displayOptions: { show: { of: ['company'] } } },
	...returnAllFields(),
	simplifyField(),
];

interface Input extends KlassInput {
	customer?: RecordRef;
	company?: RecordRef;
	limit?: number;
}

/** Where a klass's objects are listed: all of them, a customer's or a company's, with the role each asks. */
async function listing(client: KustomerClient, input: Input, itemIndex: number): Promise<Omit<KustomerRequest, 'method'>> {
	const path = `/klasses/${encodeURIComponent(input.klass)}`;
	if (input.company) {
		const id = await resolveId(client, COMPANY, input.company, itemIndex);
		// OpenAPI GET /companies/{id}/klasses/{name}: the company-read role.
		return { path: `/v1/companies/${id}${path}`, itemIndex, roles: ROLES.companyRead, notFoundMessage: `No Kustomer company with ID ${id}` };
	}
	if (input.customer) {
		const id = await resolveId(client, CUSTOMER, input.customer, itemIndex);
		// Kustomer lists a customer's objects under the customer-read role (openapi: GET /customers/{id}/klasses/{name}).
		return { path: klassPath(input.klass, id), itemIndex, roles: ROLES.customerRead, notFoundMessage: `No Kustomer customer with ID ${id}` };
	}
	return { path: klassPath(input.klass), itemIndex, roles: ROLES.klassRead, notFoundMessage: `No Kustomer custom object type "${input.klass}"` };
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
		moreRoles: "Kustomer's OpenAPI file asks a klass role, not `kobject.read`, to list a type's objects. One customer's objects: `customer.read` instead; one company's: `company.read`",
	},
	description,
	prepare(itemIndex) {
		const klass = readKlass(this, itemIndex);
		const of = this.getNodeParameter('of', itemIndex, 'klass');
		const customer = of === 'customer' ? customerField.read(this, itemIndex) : undefined;
		const company = of === 'company' ? companyField.read(this, itemIndex) : undefined;
		return { klass, customer, company, limit: readLimit(this.getNodeParameter('returnAll', itemIndex, false), this.getNodeParameter('limit', itemIndex, 50)) };
	},
	batch: checkKlasses,
	async execute(client, input, itemIndex) {
		return await getAllPages(client, await listing(client, input, itemIndex), { limit: input.limit });
	},
});

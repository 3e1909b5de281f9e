import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { customerLocator, showFor, simplifyField } from '../../shared/fields';
import type { RecordRef } from '../../shared/locators';
import { parseCustomerRef } from '../../shared/locators';
import { customAttributesMapperField, readCustomAttributes } from '../../shared/attributeMapper';
import { ROLES } from '../../shared/roles';
import { InputProblem } from '../../shared/validation';
import { fetchCustomer } from '../lookups';
import { defineOperation } from '../types';
import { customerFieldOptions, readCustomerBody } from './fields';
import { keepCompany, patchCustomer } from './records';

const show = showFor('customer', 'update');
const MODES = ['list', 'id', 'url', 'email', 'phone', 'externalId'] as const;

const description: INodeProperties[] = [
	customerLocator([...MODES], show, 'The customer to change: pick one, or give an ID, app link, email, phone (E.164) or external ID'),
	customAttributesMapperField(show),
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description:
			'Only the fields added here are sent. A field added but left empty (or null) clears it; Emails, Phones and Tags replace the whole list.',
		displayOptions: show,
		options: customerFieldOptions('clear'),
	},
	simplifyField(show),
];

interface Input {
	customer: RecordRef;
	body: IDataObject;
}

export const updateCustomer = defineOperation<Input>({
	option: {
		name: 'Update',
		value: 'update',
		action: 'Update a customer',
		description: "Change a customer's name, emails, phones, external ID, company, tags or custom attributes; the company link is kept",
	},
	roles: ROLES.customerUpdate,
	// Only the given fields are sent; sending them twice leaves the customer the same.
	repeatable: true,
	description,
	prepare(itemIndex) {
		const fields = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
		const body = readCustomerBody(fields, 'clear', (rows) => readCustomAttributes(this, itemIndex, rows));
		if (Object.keys(fields).length === 0 && !body.custom) {
			throw new InputProblem('Update Fields', 'are empty: add the fields to change, such as Name, Emails or Custom Attributes');
		}
		return { customer: parseCustomerRef(this.getNodeParameter('customer', itemIndex), MODES), body };
	},
	async execute(client, input, itemIndex) {
		// The current record tells the company to keep (see keepCompany) and, for a lookup, the ID.
		const current = 'company' in input.body && input.customer.by === 'id' ? undefined : await fetchCustomer(client, input.customer, itemIndex);
		const id = current?.id ?? (input.customer as { id: string }).id;
		return [await patchCustomer(client, id, current ? keepCompany(input.body, current) : input.body, itemIndex)];
	},
});

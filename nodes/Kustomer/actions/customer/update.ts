import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { labelOf, simplifyField } from '../../shared/fields';
import type { RecordRef } from '../../shared/locators';
import { customAttributesMapperField } from '../../shared/attributeMapper';
import { ROLES } from '../../shared/roles';
import { InputProblem } from '../../shared/validation';
import type { JsonApiResource } from '../../transport';
import { resolveOnce } from '../batch';
import { fetchRecord, lookupKey } from '../lookups';
import type { ItemFailures } from '../types';
import { defineOperation } from '../types';
import { customerFieldOptions, readCustomerBody } from './fields';
import { inputsOf } from '../batch';
import { companyIdIn, withCompanyIds } from '../company/records';
import { keepCompany, patchCustomer } from './records';
import { customerLocator, CUSTOMER } from './record';

const customerField = customerLocator('The customer to change: pick one, or give an ID, app link, email, phone (E.164) or external ID');

const description: INodeProperties[] = [
	customerField.property,
	customAttributesMapperField('customer'),
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description:
			'Only the fields added here are sent. A field added but left empty (or null) clears it; Emails, Phones and Tags replace the whole list.',
		options: customerFieldOptions('clear'),
	},
	simplifyField(),
];

interface Input {
	customer: RecordRef;
	body: IDataObject;
	/** With Send in Bulk: the customer as read before the bulk, when the update needs it. */
	current?: JsonApiResource;
}

/**
 * The customer must be read first: to keep its company (see keepCompany) when Company is not
 * given, or for its ID when given by email, phone or external ID.
 */
const needsRead = ({ body, customer }: Input) => !('company' in body) || customer.by !== 'id';

/** One read per distinct customer an item needs read, by its reference. */
const readKey = (input: Input) => (needsRead(input) ? (lookupKey(input.customer) ?? `id:${(input.customer as { id: string }).id}`) : undefined);

/** What the update sends, and to which customer: its company kept when the customer was read. */
function patchOf({ customer, body }: Input, current: JsonApiResource | undefined): { id: string; body: IDataObject } {
	return { id: current?.id ?? (customer as { id: string }).id, body: current ? keepCompany(body, current) : body };
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
	effect: 'write',
	idempotent: true,
	docs: {
		moreRoles: '+ `customer.read` (the update reads the customer first to keep its company link); a company given by External ID + `company.read`',
		runTwice: 'Only the given fields are sent, so the second run sets the same values.',
	},
	description,
	prepare(itemIndex) {
		const fields = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
		const body = readCustomerBody(this, itemIndex, fields, 'clear');
		if (Object.keys(fields).length === 0 && !body.custom) {
			throw new InputProblem(labelOf(description, 'updateFields'), 'are empty: add the fields to change, such as Name, Emails or Custom Attributes');
		}
		return { customer: customerField.read(this, itemIndex), body };
	},
	async execute(client, input, itemIndex) {
		// The current record tells the company to keep (see keepCompany) and, for a lookup, the ID.
		const current = needsRead(input) ? await fetchRecord(client, CUSTOMER, input.customer, itemIndex) : undefined;
		const { id, body } = patchOf({ ...input, body: await companyIdIn(client, input.body, itemIndex) }, current);
		return [await patchCustomer(client, id, body, itemIndex)];
	},
	bulk: {
		method: 'PUT',
		path: '/v1/customers/bulk',
		item: (input) => {
			const { id, body } = patchOf(input, input.current);
			return { id, ...body };
		},
	},
	/**
	 * Each company given by External ID looked up once; with Send in Bulk, also the reads
	 * `execute` makes, for all items before the bulks go, each customer once. Given by ID with
	 * Company set (an ID, or empty to unlink), an item needs none.
	 */
	async batch(client, items, { sendInBulk }) {
		const failures: ItemFailures = new Map();
		const withCompanies = await withCompanyIds(client, items, failures);
		if (!sendInBulk) return { inputs: inputsOf(withCompanies), failures };
		const read = await resolveOnce(client, withCompanies, readKey, async (input, index) => await fetchRecord(client, CUSTOMER, input.customer, index), failures);
		const inputs = new Map(withCompanies.map(({ itemIndex, input }) => [itemIndex, { ...input, current: read.get(readKey(input) ?? '') }]));
		return { inputs, failures };
	},
});

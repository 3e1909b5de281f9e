import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { customAttributesMapperField } from '../../shared/attributeMapper';
import { fieldCollection, labelOf, simplifyField } from '../../shared/fields';
import type { RecordRef } from '../../shared/locators';
import { ROLES } from '../../shared/roles';
import { InputProblem } from '../../shared/validation';
import { resolveId, resolveIdsOnce } from '../lookups';
import type { ItemFailures } from '../types';
import { defineOperation } from '../types';
import { inputsOf } from '../batch';
import { companyFieldOptions, readCompanyBody } from './fields';
import { COMPANY, companyLocator } from './record';
import { putCompany } from './records';

const companyField = companyLocator('The company to change: pick one, or give an ID, app link or external ID');

const description: INodeProperties[] = [
	companyField.property,
	customAttributesMapperField('company'),
	{
		...fieldCollection('updateFields', 'Update Fields', companyFieldOptions('clear')),
		description: 'Only the fields added here are sent. A field added but left empty (or null) clears it; Emails, Phones, Domains, Websites and Tags replace the whole list.',
	},
	simplifyField(),
];

interface Input {
	company: RecordRef;
	body: IDataObject;
	/** The company's ID: given, or looked up once by the batch step. */
	companyId?: string;
}

export const updateCompany = defineOperation<Input>({
	option: {
		name: 'Update',
		value: 'update',
		action: 'Update a company',
		description: "Change a company's name, external ID, domains, websites, tags or custom attributes",
	},
	roles: ROLES.companyUpdate,
	effect: 'write',
	idempotent: true,
	docs: {
		moreRoles: '+ `company.read` to find the company by external ID',
		runTwice: 'Only the given fields are sent, so the second run sets the same values.',
	},
	description,
	prepare(itemIndex) {
		const fields = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
		const body = readCompanyBody(this, itemIndex, fields, 'clear');
		if (Object.keys(body).length === 0) {
			throw new InputProblem(labelOf(description, 'updateFields'), 'are empty: add the fields to change, such as Name, Domains or Custom Attributes');
		}
		const company = companyField.read(this, itemIndex);
		return { company, body, companyId: company.by === 'id' ? company.id : undefined };
	},
	/** Each company given by External ID is looked up once for all the items naming it. */
	async batch(client, items) {
		const failures: ItemFailures = new Map();
		const idOf = await resolveIdsOnce(client, items, COMPANY, (input) => input.company, failures);
		return { inputs: inputsOf(items.map((item) => ({ ...item, input: { ...item.input, companyId: item.input.companyId ?? idOf(item.input) } }))), failures };
	},
	sequenceKey: (input) => input.companyId,
	async execute(client, input, itemIndex) {
		const id = input.companyId ?? (await resolveId(client, COMPANY, input.company, itemIndex));
		return [await putCompany(client, id, input.body, itemIndex)];
	},
	// OpenAPI PUT /companies/bulk: records of PUT /companies/{id} with their `id`.
	bulk: { method: 'PUT', path: '/v1/companies/bulk', item: (input) => ({ id: input.companyId, ...input.body }) },
});

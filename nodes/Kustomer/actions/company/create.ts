import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { customAttributesMapperField } from '../../shared/attributeMapper';
import { fieldCollection, fieldLabels, simplifyField } from '../../shared/fields';
import { ROLES } from '../../shared/roles';
import { parseInput } from '../../shared/validation';
import { z } from 'zod';
import { resolveOnce } from '../batch';
import type { ItemFailures, OperationResult } from '../types';
import { defineOperation, RERUN_CREATE_BY_EXTERNAL_ID } from '../types';
import { companyFieldOptions, companyNameField, companyNameSchema, readCompanyBody } from './fields';
import { findCompany } from './record';
import { postCompany } from './records';

const description: INodeProperties[] = [
	companyNameField,
	customAttributesMapperField('company'),
	fieldCollection('additionalFields', 'Additional Fields', companyFieldOptions('absent')),
	simplifyField(),
];

interface Input {
	body: IDataObject;
	externalId?: string;
}

export const createCompany = defineOperation<Input>({
	option: {
		name: 'Create',
		value: 'create',
		action: 'Create a company',
		description: 'Create a company with name, external ID, emails, phones, domains, websites, tags and custom attributes',
	},
	roles: ROLES.companyCreate,
	effect: 'write',
	rerun: RERUN_CREATE_BY_EXTERNAL_ID,
	idempotent: false,
	docs: {
		moreRoles: 'With an External ID + `company.read` (the company is looked up by it first)',
		runTwice: 'With an External ID, the existing company is returned (no create is sent); without one, a second company.',
	},
	description,
	prepare(itemIndex) {
		const { name } = parseInput(z.object({ name: companyNameSchema }), { name: this.getNodeParameter('name', itemIndex, '') }, fieldLabels(description));
		const fields = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
		const body: IDataObject = { name, ...readCompanyBody(this, itemIndex, fields, 'absent') };
		return { body, externalId: body.externalId as string | undefined };
	},
	/**
	 * Which External IDs already have a company, each looked up once (GET /v1/companies?externalId=…):
	 * those items are done and nothing is sent for them. Kustomer documents no uniqueness of a
	 * company's External ID, so the check is the node's.
	 */
	async batch(client, items) {
		const failures: ItemFailures = new Map();
		const keyOf = (input: Input) => input.externalId;
		const found = await resolveOnce(client, items, keyOf, async (input, index) => await findCompany(client, { by: 'externalId', externalId: input.externalId as string }, index), failures);
		const done = new Map<number, OperationResult[]>();
		for (const { itemIndex, input } of items) {
			const existing = input.externalId ? found.get(input.externalId) : undefined;
			if (existing && !failures.has(itemIndex)) done.set(itemIndex, [existing]);
		}
		return { failures, done };
	},
	idempotencyKey: (input) => input.externalId,
	async execute(client, input, itemIndex) {
		return [await postCompany(client, input.body, itemIndex)];
	},
	// OpenAPI POST /companies/bulk: up to 100 records shaped as POST /companies takes them.
	bulk: { method: 'POST', path: '/v1/companies/bulk', item: (input) => input.body },
});

import type { INodeProperties } from 'n8n-workflow';

import { simplifyField } from '../../shared/fields';
import type { RecordRef } from '../../shared/locators';
import { ROLES } from '../../shared/roles';
import { fetchRecord } from '../lookups';
import { defineOperation } from '../types';
import { COMPANY, companyLocator } from './record';

const companyField = companyLocator('The company to get: pick one, or give an ID, app link or external ID');

const description: INodeProperties[] = [companyField.property, simplifyField()];

interface Input {
	company: RecordRef;
}

export const getCompany = defineOperation<Input>({
	option: {
		name: 'Get',
		value: 'get',
		action: 'Get a company',
		description: 'Get a company by ID, app link or external ID',
	},
	roles: ROLES.companyRead,
	effect: 'read',
	idempotent: true,
	description,
	prepare(itemIndex) {
		return { company: companyField.read(this, itemIndex) };
	},
	async execute(client, input, itemIndex) {
		return [await fetchRecord(client, COMPANY, input.company, itemIndex)];
	},
});

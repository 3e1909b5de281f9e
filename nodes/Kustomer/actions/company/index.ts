import type { ResourceDefinition } from '../types';
import { createCompany } from './create';
import { getCompany } from './get';
import { getManyCompanies } from './getMany';
import { COMPANY } from './record';
import { updateCompany } from './update';
import { upsertCompany } from './upsert';

export const companyResource: ResourceDefinition = {
	name: 'Company',
	value: 'company',
	record: COMPANY,
	defaultOperation: 'get',
	operations: [createCompany, upsertCompany, getCompany, getManyCompanies, updateCompany],
};

import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import { fieldLabels, labelOf, returnAllFields, simplifyField } from '../../shared/fields';
import { ROLES } from '../../shared/roles';
import { criteriaFields, criteriaQuery, matchField, MAX_CRITERIA, queryFromJson, queryJsonField, readCriteriaRows, showWhen } from '../../shared/searchCriteria';
import { InputProblem, parseInput, readLimit, requiredText } from '../../shared/validation';
import type { SearchQuery } from '../../transport';
import { getAllPages, searchAll } from '../../transport';
import { defineOperation } from '../types';
import { findCompanies } from './record';

const description: INodeProperties[] = [
	{
		displayName: 'Search By',
		name: 'searchBy',
		type: 'options',
		default: 'all',
		options: [
			{ name: 'All Companies', value: 'all', description: "Kustomer's company list" },
			{ name: 'Criteria', value: 'criteria', description: 'Field / operator / value rows (Kustomer search)' },
			{ name: 'External ID', value: 'externalId', description: 'The companies with exactly this external ID' },
			{ name: 'Name', value: 'name', description: "Companies whose name contains the text, as Kustomer's list filters it" },
			{ name: 'Query (JSON)', value: 'json', description: "Kustomer's own search criteria as JSON" },
		],
	},
	{ displayName: 'Name', name: 'name', type: 'string', default: '', required: true, placeholder: 'e.g. Acme', displayOptions: showWhen('name') },
	{ displayName: 'External ID', name: 'externalId', type: 'string', default: '', required: true, placeholder: 'e.g. crm-account-42', displayOptions: showWhen('externalId') },
	matchField(showWhen('criteria')),
	...criteriaFields(showWhen('criteria'), 'name, tags, updatedAt, custom.planStr', `Up to ${MAX_CRITERIA} conditions on company attributes`, false),
	queryJsonField(showWhen('json'), '{ "company_name": { "contains": "acme" } }'),
	...returnAllFields(),
	simplifyField(),
];

/** How the companies are read: Kustomer's company list (a filter at most), or its search. */
type Source = { list: IDataObject } | { externalId: string } | { search: SearchQuery };

interface Input {
	source: Source;
	limit?: number;
}

export const getManyCompanies = defineOperation<Input>({
	option: {
		name: 'Get Many',
		value: 'getAll',
		action: 'Get many companies',
		description: 'List companies, or find them by name, external ID, search criteria or JSON query',
	},
	roles: ROLES.companyRead,
	effect: 'read',
	idempotent: true,
	docs: { moreRoles: 'Criteria and Query (JSON): a search role instead (`search.create`)' },
	description,
	prepare(itemIndex) {
		const searchBy = this.getNodeParameter('searchBy', itemIndex, 'all') as string;
		const text = (name: 'name' | 'externalId') =>
			parseInput(z.object({ [name]: requiredText(256) }), { [name]: this.getNodeParameter(name, itemIndex, '') }, fieldLabels(description))[name] as string;
		let source: Source;
		if (searchBy === 'all') source = { list: {} };
		else if (searchBy === 'name') source = { list: { filter: text('name') } };
		else if (searchBy === 'externalId') source = { externalId: text('externalId') };
		else if (searchBy === 'criteria') {
			// Kustomer's search of companies (queryContext "company", OpenAPI POST /customers/search).
			source = { search: criteriaQuery('company', readCriteriaRows(this, itemIndex), this.getNodeParameter('match', itemIndex, 'all'), this.getTimezone()) };
		} else if (searchBy === 'json') source = { search: queryFromJson(this.getNodeParameter('queryJson', itemIndex), 'company', 'Company → Get Many') };
		else throw new InputProblem(labelOf(description, 'searchBy'), `cannot be "${searchBy}"`, searchBy);
		return { source, limit: readLimit(this.getNodeParameter('returnAll', itemIndex, false), this.getNodeParameter('limit', itemIndex, 50)) };
	},
	async execute(client, { source, limit }, itemIndex) {
		if ('search' in source) return await searchAll(client, source.search, { limit, itemIndex, roles: ROLES.search });
		if ('externalId' in source) return await findCompanies(client, { by: 'externalId', externalId: source.externalId }, itemIndex, limit);
		// GET /v1/companies, paged by links.next (OpenAPI GET /companies: `filter` by name).
		return await getAllPages(client, { path: '/v1/companies', qs: source.list, itemIndex, roles: ROLES.companyRead }, { limit });
	},
});

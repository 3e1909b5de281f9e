import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import { fieldLabels, labelOf, returnAllFields, simplifyField } from '../../shared/fields';
import { ROLES } from '../../shared/roles';
import { criteriaFields, criteriaQuery, matchField, MAX_CRITERIA, queryFromJson, queryJsonField, readCriteriaRows, showWhen } from '../../shared/searchCriteria';
import { email, InputProblem, parseInput, phone, readLimit, requiredText } from '../../shared/validation';
import type { SearchQuery } from '../../transport';
import { searchAll } from '../../transport';
import { orderingFields, readOrdering } from '../../shared/sorting';
import { defineOperation } from '../types';

const description: INodeProperties[] = [
	{
		displayName: 'Search By',
		name: 'searchBy',
		type: 'options',
		default: 'email',
		options: [
			{ name: 'Criteria', value: 'criteria', description: 'Field / operator / value rows' },
			{ name: 'Email', value: 'email' },
			{ name: 'External ID', value: 'externalId' },
			{ name: 'Phone', value: 'phone', description: 'E.164, e.g. +14155550123' },
			{ name: 'Query (JSON)', value: 'json', description: "Kustomer's own search criteria as JSON" },
		],
	},
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'e.g. jane@example.com',
		default: '',
		required: true,
		displayOptions: showWhen('email'),
	},
	{
		displayName: 'Phone',
		name: 'phone',
		type: 'string',
		placeholder: 'e.g. +14155550123',
		default: '',
		required: true,
		description: 'In E.164 form; spaces, dashes and brackets are ignored',
		displayOptions: showWhen('phone'),
	},
	{
		displayName: 'External ID',
		name: 'externalId',
		type: 'string',
		placeholder: 'e.g. crm-42',
		default: '',
		required: true,
		displayOptions: showWhen('externalId'),
	},
	matchField(showWhen('criteria')),
	...criteriaFields(
		showWhen('criteria'),
		'email, name, updatedAt, custom.tierStr',
		`Up to ${MAX_CRITERIA} conditions on customer attributes`,
	),
	queryJsonField(showWhen('json'), '{ "customer_email": { "equals": "jane@example.com" } }'),
	...returnAllFields(),
	...orderingFields('customers', [
		{
			displayName: 'Order',
			name: 'order',
			type: 'options',
			default: 'asc',
			options: [
				{ name: 'Newest Update First', value: 'desc' },
				{ name: 'Oldest Update First', value: 'asc' },
			],
			description: 'Results are ordered by last update; this is also how Return All reads past 10,000 results',
		},
	]),
	simplifyField(),
];

interface Input {
	query: SearchQuery;
	limit?: number;
	order: 'asc' | 'desc';
}

/** `{ customer_<attribute>: { equals: value } }`; Kustomer spells the external ID attribute customer_externalId. */
function equalsCriterion(attribute: 'email' | 'phone' | 'externalId', value: string): IDataObject {
	return { [`customer_${attribute}`]: { equals: value } };
}

export const searchCustomers = defineOperation<Input>({
	option: {
		// Named as every other list operation; the value stays "search" for saved workflows.
		name: 'Get Many',
		value: 'search',
		action: 'Get many customers',
		description: "Find customers by email, phone, external ID, search criteria or Kustomer's JSON query",
	},
	roles: ROLES.search,
	effect: 'read',
	idempotent: true,
	description,
	prepare(itemIndex) {
		const searchBy = this.getNodeParameter('searchBy', itemIndex) as string;
		const value = (name: string) => ({ [name]: this.getNodeParameter(name, itemIndex, '') });
		let query: SearchQuery;
		switch (searchBy) {
			case 'email': {
				const parsed = parseInput(z.object({ email }), value('email'), fieldLabels(description));
				query = { queryContext: 'customer', and: [equalsCriterion('email', parsed.email as string)] };
				break;
			}
			case 'phone': {
				const parsed = parseInput(z.object({ phone }), value('phone'), fieldLabels(description));
				query = { queryContext: 'customer', and: [equalsCriterion('phone', parsed.phone as string)] };
				break;
			}
			case 'externalId': {
				const parsed = parseInput(z.object({ externalId: requiredText(256) }), value('externalId'), fieldLabels(description));
				query = { queryContext: 'customer', and: [equalsCriterion('externalId', parsed.externalId as string)] };
				break;
			}
			case 'criteria': {
				query = criteriaQuery('customer', readCriteriaRows(this, itemIndex), this.getNodeParameter('match', itemIndex, 'all'), this.getTimezone());
				break;
			}
			case 'json':
				query = queryFromJson(this.getNodeParameter('queryJson', itemIndex));
				break;
			default:
				throw new InputProblem(labelOf(description, 'searchBy'), `cannot be "${searchBy}"`);
		}

		const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
		if (options.includeDeleted) query.includeDeleted = true;
		return {
			query,
			limit: readLimit(this.getNodeParameter('returnAll', itemIndex, false), this.getNodeParameter('limit', itemIndex, 50)),
			order: readOrdering(this, itemIndex, 'asc').order,
		};
	},
	async execute(client, input, itemIndex) {
		return await searchAll(client, input.query, {
			limit: input.limit,
			order: input.order,
			itemIndex,
			roles: ROLES.search,
		});
	},
});

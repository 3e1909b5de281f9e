import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import { returnAllFields, showFor, simplifyField } from '../../shared/fields';
import { ROLES } from '../../shared/roles';
import type { CriterionRow } from '../../shared/searchCriteria';
import { criterionFromRow, MAX_CRITERIA, queryFromJson, SEARCH_OPERATORS } from '../../shared/searchCriteria';
import { email, InputProblem, parseInput, phone, requiredText } from '../../shared/validation';
import type { SearchQuery } from '../../transport';
import { searchAll } from '../../transport';
import { defineOperation } from '../types';

const show = showFor('customer', 'search');
const showWhen = (searchBy: string) => showFor('customer', 'search', { searchBy: [searchBy] });

const OPERATOR_NAMES: Record<(typeof SEARCH_OPERATORS)[number], string> = {
	equals: 'Equals',
	contains: 'Contains',
	gt: 'Greater Than',
	gte: 'Greater Than or Equal',
	lt: 'Less Than',
	lte: 'Less Than or Equal',
	in: 'In List (Comma-Separated)',
	not_set: 'Is Not Set',
};

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
		displayOptions: show,
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
	{
		displayName: 'Match',
		name: 'match',
		type: 'options',
		default: 'all',
		options: [
			{ name: 'All Criteria', value: 'all' },
			{ name: 'Any Criterion', value: 'any' },
		],
		displayOptions: showWhen('criteria'),
	},
	{
		displayName: 'Criteria',
		name: 'criteria',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Criterion',
		default: {},
		description: `Up to ${MAX_CRITERIA} conditions on customer attributes`,
		displayOptions: showWhen('criteria'),
		options: [
			{
				displayName: 'Criterion',
				name: 'criterion',
				values: [
					{
						displayName: 'Field',
						name: 'field',
						type: 'string',
						default: '',
						placeholder: 'e.g. email, name, updatedAt, custom.tierStr',
						description: 'A customer attribute; the customer_ prefix Kustomer uses is added for you',
					},
					{
						displayName: 'Operator',
						name: 'operator',
						type: 'options',
						default: 'equals',
						options: SEARCH_OPERATORS.map((operator) => ({ name: OPERATOR_NAMES[operator], value: operator })),
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						description: 'Numbers are compared as numbers for greater/less than; dates as ISO 8601 text',
					},
				],
			},
		],
	},
	{
		displayName: 'Query (JSON)',
		name: 'queryJson',
		type: 'json',
		default: '{\n  "and": [\n    { "customer_email": { "equals": "jane@example.com" } }\n  ]\n}',
		description:
			'A Kustomer search body with and / or / not criteria, e.g. {"and": [{"customer_updated_at": {"gte": "2026-01-01"}}]}. Sort and paging are set by the node.',
		displayOptions: showWhen('json'),
	},
	...returnAllFields(show),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: show,
		options: [
			{
				displayName: 'Include Deleted',
				name: 'includeDeleted',
				type: 'boolean',
				default: false,
				description: 'Whether to include deleted customers',
			},
			{
				displayName: 'Order',
				name: 'order',
				type: 'options',
				default: 'asc',
				options: [
					{ name: 'Oldest Update First', value: 'asc' },
					{ name: 'Newest Update First', value: 'desc' },
				],
				description: 'Results are ordered by last update; this is also how Return All reads past 10,000 results',
			},
		],
	},
	simplifyField(show),
];

interface Input {
	query: SearchQuery;
	limit?: number;
	order: 'asc' | 'desc';
}

const LABELS = { email: 'Email', phone: 'Phone', externalId: 'External ID', limit: 'Limit' };

function equalsCriterion(attribute: string, value: string): IDataObject {
	return { [`customer_${attribute}`]: { equals: value } };
}

export const searchCustomers = defineOperation<Input>({
	option: {
		name: 'Search',
		value: 'search',
		action: 'Search customers',
		description: 'Find customers by email, phone, external ID or search criteria',
	},
	roles: ROLES.search,
	repeatable: true,
	description,
	prepare(itemIndex) {
		const searchBy = this.getNodeParameter('searchBy', itemIndex) as string;
		const value = (name: string) => ({ [name]: this.getNodeParameter(name, itemIndex, '') });
		let query: SearchQuery;
		switch (searchBy) {
			case 'email': {
				const parsed = parseInput(z.object({ email }), value('email'), LABELS);
				query = { queryContext: 'customer', and: [equalsCriterion('email', parsed.email as string)] };
				break;
			}
			case 'phone': {
				const parsed = parseInput(z.object({ phone }), value('phone'), LABELS);
				query = { queryContext: 'customer', and: [equalsCriterion('phone', parsed.phone as string)] };
				break;
			}
			case 'externalId': {
				const parsed = parseInput(z.object({ externalId: requiredText(256) }), value('externalId'), LABELS);
				query = { queryContext: 'customer', and: [equalsCriterion('external_id', parsed.externalId as string)] };
				break;
			}
			case 'criteria': {
				const rows = ((this.getNodeParameter('criteria', itemIndex, {}) as IDataObject).criterion ?? []) as CriterionRow[];
				if (rows.length === 0) throw new InputProblem('Criteria', 'needs at least one criterion');
				if (rows.length > MAX_CRITERIA) throw new InputProblem('Criteria', `accepts at most ${MAX_CRITERIA} criteria`);
				const criteria = rows.map((row, index) => criterionFromRow('customer', row, index + 1));
				const match = this.getNodeParameter('match', itemIndex, 'all') as string;
				query = { queryContext: 'customer', [match === 'any' ? 'or' : 'and']: criteria };
				break;
			}
			case 'json':
				query = queryFromJson(this.getNodeParameter('queryJson', itemIndex));
				break;
			default:
				throw new InputProblem('Search By', `cannot be "${searchBy}"`);
		}

		const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
		if (options.includeDeleted) query.includeDeleted = true;
		const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
		const { limit } = returnAll
			? { limit: undefined }
			: parseInput(
					z.object({ limit: z.number({ invalid_type_error: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1') }),
					{ limit: this.getNodeParameter('limit', itemIndex, 50) },
					LABELS,
				);
		return {
			query,
			limit,
			order: options.order === 'desc' ? 'desc' : 'asc',
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

import type { INodeParameters } from 'n8n-workflow';

import { BAD } from '../../../../helpers/badInputs';
import { companyResource } from '../../../../helpers/kustomer';
import { BY_VALUE } from '../../../../helpers/operationFixture';
import type { OperationFixture } from '../../../../helpers/operationFixture';

const criteria = (field: string, operator: string, value: string): INodeParameters => ({ searchBy: 'criteria', criteria: { criterion: [{ field, operator, value }] } });

export const fixture: OperationFixture = {
	parameters: { resource: 'company', operation: 'getAll', searchBy: 'name', name: BY_VALUE },
	good: 'Acme',
	bad: '',
	method: 'GET',
	path: '/v1/companies',
	success: { status: 200, body: { data: [companyResource()], links: { next: null } } },
	notFound: 'Kustomer found nothing at GET /v1/companies (404)',
	badInputs: [
		{ field: 'Name', parameters: { searchBy: 'name', name: BY_VALUE }, good: 'Acme', bad: ['', null, ' ', 'x'.repeat(257), ['Acme'], { name: 'Acme' }] },
		{ field: 'External ID', parameters: { searchBy: 'externalId', externalId: BY_VALUE }, good: 'crm-1', bad: BAD.externalId },
		{ field: 'Limit', parameters: { searchBy: 'all', limit: BY_VALUE }, good: 10, bad: BAD.limit },
		{ field: 'Query (JSON)', parameters: { searchBy: 'json', queryJson: BY_VALUE }, good: '{"and": [{"company_name": {"contains": "acme"}}]}', bad: [...BAD.json.filter((value) => value !== '{"queryContext": "note"}'), '{"queryContext": "customer"}'] },
		{ field: 'Criterion #1 field', parameters: criteria(BY_VALUE, 'equals', 'x'), good: 'name', bad: ['', '1name', 'na me', ['name']] },
		{ field: 'Criterion #1 value', parameters: criteria('updatedAt', 'gte', BY_VALUE), good: '2026-11-01', bad: BAD.date.filter((value) => typeof value === 'string') },
	],
	bodies: {
		'criteria rows and Kustomer JSON (a search)': [
			criteria('name', 'contains', 'acme'),
			{ ...criteria('custom.planStr', 'in', 'Growth, Enterprise'), match: 'any' },
			{ searchBy: 'json', queryJson: '{"and": [{"company_name": {"contains": "acme"}}, {"company_tags": {"equals": "vip"}}]}', returnAll: true },
		],
	},
};

import { BAD } from '../../../../helpers/badInputs';
import { customerResource, page } from '../../../../helpers/kustomer';
import { BY_VALUE } from '../../../../helpers/operationFixture';
import type { OperationFixture } from '../../../../helpers/operationFixture';

export const fixture: OperationFixture = {
	parameters: { resource: 'customer', operation: 'search', searchBy: 'email', email: BY_VALUE },
	good: 'jane@example.com',
	bad: 'jane at example',
	method: 'POST',
	path: '/v1/customers/search',
	success: { status: 200, body: page([customerResource()], null) },
	notFound: 'Kustomer found nothing at POST /v1/customers/search (404)',
	badInputs: [
		{ field: 'Email', parameters: { searchBy: 'email', email: BY_VALUE }, good: 'jane@example.com', bad: BAD.email },
		{ field: 'Phone', parameters: { searchBy: 'phone', phone: BY_VALUE }, good: '+14155550123', bad: BAD.phone },
		{ field: 'External ID', parameters: { searchBy: 'externalId', externalId: BY_VALUE }, good: 'crm-1', bad: BAD.externalId },
		{ field: 'Query (JSON)', parameters: { searchBy: 'json', queryJson: BY_VALUE }, good: '{"and": [{"customer_name": {"equals": "Jane"}}]}', bad: BAD.json },
		{ field: 'Criterion #1 field', parameters: { searchBy: 'criteria', criteria: { criterion: [{ field: BY_VALUE, operator: 'equals', value: 'x' }] } }, good: 'name', bad: ['e mail', '1name', ['name'], 'name!', 'na-me'] },
		{ field: 'Limit', parameters: { searchBy: 'email', email: 'a@b.co', limit: BY_VALUE }, good: 10, bad: BAD.limit },
	],
	bodies: {
		'by email, phone, External ID, criteria and JSON query': [
			{ searchBy: 'email', email: 'jane@example.com' },
			{ searchBy: 'phone', phone: '+14155550123' },
			{ searchBy: 'externalId', externalId: 'crm-42' },
			{
				searchBy: 'criteria',
				match: 'all',
				criteria: {
					criterion: [
						{ field: 'email', operator: 'contains', value: 'example.com' },
						{ field: 'custom.seatsNum', operator: 'gte', value: '10' },
						{ field: 'locale', operator: 'in', value: 'en,fr' },
						{ field: 'phones', operator: 'not_set', value: '' },
					],
				},
			},
			{ searchBy: 'criteria', match: 'any', criteria: { criterion: [{ field: 'name', operator: 'equals', value: 'Jane' }] } },
			{ searchBy: 'json', queryJson: '{"and":[{"customer_updated_at":{"gte":"2026-01-01"}}],"not":[{"customer_name":{"contains":"test"}}],"timeZone":"Europe/Paris"}' },
			{ searchBy: 'email', email: 'jane@example.com', returnAll: true, options: { includeDeleted: true, order: 'desc' } },
		],
	},
};

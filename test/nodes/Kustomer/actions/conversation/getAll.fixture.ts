import { BAD, byLocator, nonEmpty } from '../../../../helpers/badInputs';
import { users } from '../../../../helpers/bodyCases';
import { conversationResource, CUSTOMER_ID, objectId, page, QUEUE_ID, TEAM_ID } from '../../../../helpers/kustomer';
import { BY_VALUE } from '../../../../helpers/operationFixture';
import type { OperationFixture } from '../../../../helpers/operationFixture';
import { locator } from '../../../../helpers/workflows';

export const fixture: OperationFixture = {
	parameters: { resource: 'conversation', operation: 'getAll', customer: locator('id', BY_VALUE), filters: { status: ['open'] } },
	good: CUSTOMER_ID,
	bad: 'not-an-id',
	method: 'POST',
	path: '/v1/customers/search',
	success: { status: 200, body: page([conversationResource()], null) },
	notFound: 'Kustomer found nothing at POST /v1/customers/search (404)',
	badInputs: [
		// The customer is optional here: empty means every customer's conversations, so only malformed values.
		...byLocator('customer', ['email']).map((cases) => ({ ...cases, bad: nonEmpty(cases.bad) })),
		{ field: 'Status', parameters: { filters: { status: BY_VALUE } }, good: ['open'], bad: [['closed'], 'pending', [['open']], [{ s: 'open' }]] },
		{ field: 'Priority', parameters: { filters: { priority: BY_VALUE } }, good: [5], bad: [[0], [6], 'urgent', [2.5]] },
		{ field: 'Created After', parameters: { filters: { createdAfter: BY_VALUE } }, good: '2026-01-01', bad: BAD.date },
		{ field: 'Done Before', parameters: { filters: { doneBefore: BY_VALUE } }, good: '2026-01-01T00:00:00Z', bad: BAD.date.slice(0, 6) },
		{ field: 'Queues', parameters: { filters: { queues: BY_VALUE } }, good: [QUEUE_ID], bad: BAD.idList.slice(0, 4) },
		{ field: 'External ID', parameters: { filters: { externalId: BY_VALUE } }, good: 'zd-1', bad: BAD.text256 },
		{ field: 'Limit', parameters: { limit: BY_VALUE }, good: 5, bad: BAD.limit },
		// The archive searches by customer, dates and IDs only: with the Status filter it is refused.
		{ field: 'Include Archived', parameters: { filters: { status: ['open'] }, options: { includeArchived: BY_VALUE } }, good: false, bad: [true] },
		{ field: 'Include Archived', parameters: { filters: { externalId: 'zd-1' }, options: { includeArchived: BY_VALUE } }, good: false, bad: [true] },
		{ field: 'Query (JSON)', parameters: { searchBy: 'json', queryJson: BY_VALUE }, good: '{"and": [{"conversation_status": {"equals": "open"}}]}', bad: BAD.json },
		{ field: 'Criterion #1 value', parameters: { criteria: { criterion: [{ field: 'updatedAt', operator: 'gte', value: BY_VALUE }] } }, good: '2026-01-01', bad: ['2026-02-30', '', ['2026-01-01'], { d: 1 }] },
	],
	bodies: {
		'by customer, by filters and criteria, by JSON query': [
			{ customer: locator('id', CUSTOMER_ID) },
			{ customer: locator('email', 'jane@example.com'), options: { sortBy: 'createdAt', order: 'asc', includeDeleted: true } },
			{
				filters: {
					status: ['open', 'snoozed', 'done'],
					priority: [1, 5],
					queues: [QUEUE_ID],
					assignedUsers: users(3),
					assignedTeams: [TEAM_ID],
					tags: [objectId(0x300)],
					createdAfter: '2026-01-01',
					createdBefore: '2026-12-31T23:59:59',
					updatedAfter: '2026-06-01T00:00:00+02:00',
					updatedBefore: '2026-07-01',
					doneAfter: '2026-06-15',
					doneBefore: '2026-06-20',
				},
				criteria: { criterion: [{ field: 'custom.orderNumberStr', operator: 'equals', value: 'A-1' }, { field: 'channels', operator: 'in', value: 'email,chat' }, { field: 'name', operator: 'not_set', value: '' }] },
				returnAll: true,
			},
			{ searchBy: 'json', queryJson: '{"or": [{"conversation_status": {"equals": "open"}}], "timeZone": "Europe/Paris"}' },
		],
		'with the archive': [
			{ customer: locator('id', CUSTOMER_ID), filters: { createdAfter: '2020-01-01', updatedBefore: '2024-01-01' }, options: { includeArchived: true, includeDeleted: true }, returnAll: true },
			{ searchBy: 'json', queryJson: '{"and": [{"conversation_created_at": {"lte": "2020-11-19"}}]}', options: { includeArchived: true, order: 'asc' } },
		],
	},
};

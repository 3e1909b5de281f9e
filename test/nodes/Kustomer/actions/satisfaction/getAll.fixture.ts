import { BAD } from '../../../../helpers/badInputs';
import { conversationResource, objectId, page } from '../../../../helpers/kustomer';
import { BY_VALUE } from '../../../../helpers/operationFixture';
import type { OperationFixture } from '../../../../helpers/operationFixture';

/** A conversation with a rated survey (OpenAPI conversation schema: satisfactionLevel). */
export const ratedConversation = (id = objectId(0x5a), rating = 5) =>
	conversationResource(id, {
		satisfactionLevel: { form: objectId(0x5f), formResponse: objectId(0x5e), status: 'rated', rating, score: rating >= 4 ? 1 : 0, createdAt: '2026-11-02T10:00:00.000Z', sentAt: '2026-11-02T10:00:00.000Z' },
	});

export const fixture: OperationFixture = {
	parameters: { resource: 'satisfaction', operation: 'getAll', satisfactionFilters: { createdAfter: BY_VALUE } },
	good: '2026-11-01',
	bad: '2026-02-30',
	method: 'POST',
	path: '/v1/customers/search',
	success: { status: 200, body: page([ratedConversation()], null) },
	notFound: 'Kustomer found nothing at POST /v1/customers/search (404)',
	badInputs: [
		{ field: 'Created After', parameters: { satisfactionFilters: { createdAfter: BY_VALUE } }, good: '2026-11-01', bad: BAD.date },
		{ field: 'Created After', parameters: { satisfactionFilters: { createdAfter: BY_VALUE, createdBefore: '2026-11-01' } }, good: '2026-10-01', bad: ['2026-11-01', '2026-12-01'] },
		{ field: 'Min Rating', parameters: { satisfactionFilters: { minRating: BY_VALUE } }, good: 4, bad: [0, 6, 2.5, 'five', [4], true] },
		{ field: 'Min Rating', parameters: { satisfactionFilters: { minRating: BY_VALUE, maxRating: 2 } }, good: 1, bad: [3, 5] },
		{ field: 'Max Rating', parameters: { satisfactionFilters: { maxRating: BY_VALUE } }, good: 2, bad: [0, 6, 'two'] },
		{ field: 'Score', parameters: { satisfactionFilters: { score: BY_VALUE } }, good: 0, bad: [2, -1, 'good', [1]] },
		{ field: 'Status', parameters: { satisfactionFilters: { status: BY_VALUE } }, good: ['rated'], bad: [['happy'], 'pending', [['rated']]] },
		{ field: 'Survey ID', parameters: { satisfactionFilters: { surveyId: BY_VALUE } }, good: objectId(0x5f), bad: BAD.optionalId },
		{ field: 'Limit', parameters: { limit: BY_VALUE }, good: 5, bad: BAD.limit },
	],
	bodies: {
		// Read: Surveys sends no body (a GET): getAll.test.ts runs it.
		'each filter and all': [
			{},
			{ satisfactionFilters: { createdAfter: '2026-11-01', createdBefore: '2026-12-01T00:00:00+01:00' } },
			{ satisfactionFilters: { minRating: 4, maxRating: 5, score: 1, status: ['rated', 'commented'], surveyId: objectId(0x5f) }, returnAll: true },
		],
	},
};

import type { INodeParameters } from 'n8n-workflow';

import type { SandboxRecord } from '../../../../../sandbox/server';
import { SEED_IDS } from '../../../../../sandbox/store';
import { runWorkflow } from '../../../../helpers/harness';
import { CUSTOMER_ID, kustomerApi, objectId, page, resetApi, sent } from '../../../../helpers/kustomer';
import { useSandboxOrg } from '../../../../helpers/sandboxOrg';
import { itemsThenKustomer } from '../../../../helpers/workflows';
import { ratedConversation } from './getAll.fixture';

afterEach(resetApi);

const getMany = (parameters: INodeParameters) => itemsThenKustomer([{}], { resource: 'satisfaction', operation: 'getAll', ...parameters });

test('responses: a conversation search on the satisfaction attributes, one item per response with its conversation and customer', async () => {
	kustomerApi().post('/v1/customers/search').query(true).reply(200, page([ratedConversation(objectId(1), 5), ratedConversation(objectId(2), 2)], null));
	const result = await runWorkflow(
		getMany({ satisfactionFilters: { createdAfter: '2026-11-01T00:00:00Z', createdBefore: '2026-12-01T00:00:00Z', minRating: 2, maxRating: 5, score: 1, status: ['rated'] }, returnAll: true }),
	);
	expect(sent[0].body).toMatchObject({
		queryContext: 'conversation',
		and: [
			{ conversation_satisfaction_status: { equals: 'rated' } },
			{ conversation_satisfaction_created_at: { gte: '2026-11-01T00:00:00.000Z' } },
			{ conversation_satisfaction_created_at: { lt: '2026-12-01T00:00:00.000Z' } },
			{ conversation_satisfaction_rating: { gte: 2 } },
			{ conversation_satisfaction_rating: { lte: 5 } },
			{ conversation_satisfaction_score: { equals: 1 } },
		],
	});
	const items = result.output('Kustomer').map((item) => item.json);
	expect(items[0]).toMatchObject({ id: objectId(0x5e), surveyId: objectId(0x5f), rating: 5, score: 1, status: 'rated', conversationId: objectId(1), customerId: CUSTOMER_ID });
	expect(items).toHaveLength(2);
});

test('without a Status filter every status is asked for, so only conversations with a survey come back; a Limit reads one page of its size', async () => {
	kustomerApi().post('/v1/customers/search').query({ page: 1, pageSize: 3 }).reply(200, page([ratedConversation()], null));
	await runWorkflow(getMany({ limit: 3 }));
	expect((sent[0].body as { and: unknown[] }).and).toEqual([{ conversation_satisfaction_status: { in: ['scheduled', 'offered', 'rated', 'commented', 'unresponded', 'canceled'] } }]);
});

test('surveys: GET /v1/satisfaction, page after page to the end', async () => {
	const survey = (id: number) => ({ type: 'satisfaction', id: objectId(id), attributes: { name: `Survey ${id}`, channel: 'email', enabled: true } });
	kustomerApi().get('/v1/satisfaction').query({ page: 1, pageSize: 100 }).reply(200, page([survey(1)], '/v1/satisfaction?page=2&pageSize=100'));
	kustomerApi().get('/v1/satisfaction').query({ page: 2, pageSize: 100 }).reply(200, page([survey(2)], null, 2));
	const result = await runWorkflow(getMany({ satisfactionRead: 'surveys', returnAll: true }));
	expect(result.output('Kustomer').map((item) => item.json)).toMatchObject([{ id: objectId(1), name: 'Survey 1' }, { id: objectId(2) }]);
});

describe('against the sandbox', () => {
	const org = useSandboxOrg();

	test('finds the rated conversations of a date range and rating', async () => {
		const { data } = await org.call('POST', '/v1/conversations', { customer: SEED_IDS.customers.jane, name: 'Thanks!' });
		await org.call('POST', '/v1/conversations', { customer: SEED_IDS.customers.jane, name: 'No survey' });
		(org.sandbox.store.get('conversations', data.id) as SandboxRecord).attributes.satisfactionLevel = { status: 'rated', rating: 4, score: 1, form: objectId(0x5f), createdAt: '2026-11-02T10:00:00.000Z' };
		const result = await org.run(getMany({ satisfactionFilters: { createdAfter: '2026-11-01', minRating: 4 }, returnAll: true }));
		expect(result.error('Kustomer')).toBeUndefined();
		expect(result.output('Kustomer').map((item) => item.json.conversationId)).toEqual([data.id]);
		const surveys = await org.run(getMany({ satisfactionRead: 'surveys', returnAll: true }));
		expect(surveys.output('Kustomer')[0].json).toMatchObject({ name: 'Satisfaction Form for Email' });
	});
});

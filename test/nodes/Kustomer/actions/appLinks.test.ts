/** `appUrl` on output records when the credential does not name the org (a regional or custom host). */
import nock from 'nock';

import { runWorkflow, TEST_API_KEY } from '../../../helpers/harness';
import { CONVERSATION_ID, conversationResource, CUSTOMER_ID, customerResource, QUEUE_ID, resetApi } from '../../../helpers/kustomer';
import { itemsThenKustomer, locator } from '../../../helpers/workflows';

afterEach(resetApi);

const US = 'https://api.kustomerapp.com';
const regional = { kustomerApi: { host: 'us', apiKey: TEST_API_KEY } };

test('on a regional host the org comes from GET /v1/orgs/current, asked once per run', async () => {
	const api = nock(US);
	const orgs = api.get('/v1/orgs/current').once().reply(200, { data: { type: 'org', id: 'o1', attributes: { name: 'Globex' } } });
	api.get(`/v1/conversations/${CONVERSATION_ID}`).times(2).reply(200, { data: conversationResource() });
	const workflow = itemsThenKustomer([{}, {}], { resource: 'conversation', operation: 'get', conversation: locator('id', CONVERSATION_ID) });
	const result = await runWorkflow(workflow, { credentials: regional });
	orgs.done();
	expect(result.output('Kustomer').map((item) => item.json.appUrl)).toEqual([
		`https://globex.kustomerapp.com/app/customers/${CUSTOMER_ID}/event/${CONVERSATION_ID}`,
		`https://globex.kustomerapp.com/app/customers/${CUSTOMER_ID}/event/${CONVERSATION_ID}`,
	]);
});

test('when the key may not read its org, records go out without appUrl rather than with a guess', async () => {
	const api = nock(US);
	api.get('/v1/orgs/current').reply(403, { errors: [{ status: 403 }] });
	api.get(`/v1/customers/${CUSTOMER_ID}`).reply(200, { data: customerResource() });
	const result = await runWorkflow(itemsThenKustomer([{}], { resource: 'customer', operation: 'get', customer: locator('id', CUSTOMER_ID) }), {
		credentials: regional,
	});
	expect(result.error('Kustomer')).toBeUndefined();
	expect(result.output('Kustomer')[0].json).not.toHaveProperty('appUrl');
	expect(result.output('Kustomer')[0].json.id).toBe(CUSTOMER_ID);
});

test('deletes output no records, so nothing asks for the org', async () => {
	const api = nock(US);
	api.delete(`/v1/customers/${CUSTOMER_ID}`).reply(204);
	const result = await runWorkflow(itemsThenKustomer([{}], { resource: 'customer', operation: 'delete', customer: locator('id', CUSTOMER_ID) }), {
		credentials: regional,
	});
	expect(result.output('Kustomer')[0].json).toEqual({ id: CUSTOMER_ID, deleted: true });
	expect(nock.pendingMocks()).toEqual([]);
});

test('operations that build their own items (Escalate) share the one answer of the run', async () => {
	const api = nock(US);
	const orgs = api.get('/v1/orgs/current').once().reply(200, { data: { type: 'org', id: 'o1', attributes: { name: 'Globex' } } });
	api.get('/v1/customers/email=jane%40example.com').times(3).reply(200, { data: customerResource() });
	api.post('/v1/conversations').times(3).reply(201, { data: conversationResource() });
	api.post(`/v1/conversations/${CONVERSATION_ID}/notes`).times(3).reply(201, { data: { type: 'note', id: '0000000000000000000000bb' } });
	const parameters = { resource: 'conversation', operation: 'escalate', customerEmail: 'jane@example.com', subject: 'Broken', queue: QUEUE_ID, note: 'Escalated' };
	const result = await runWorkflow(itemsThenKustomer([{}, {}, {}], parameters), { credentials: regional });
	orgs.done();
	expect(result.output('Kustomer').map((item) => [item.json.appUrl, item.json.customerAppUrl])).toEqual(
		Array(3).fill([`https://globex.kustomerapp.com/app/customers/${CUSTOMER_ID}/event/${CONVERSATION_ID}`, `https://globex.kustomerapp.com/app/customers/${CUSTOMER_ID}`]),
	);
	expect(nock.pendingMocks()).toEqual([]);
});

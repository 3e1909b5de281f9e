import { runWorkflow } from '../../../../helpers/harness';
import { customerResource, CUSTOMER_ID, kustomerApi, ORG_ID, resetApi, sent } from '../../../../helpers/kustomer';
import { itemsThenKustomer, locator } from '../../../../helpers/workflows';

afterEach(resetApi);

const getBy = (mode: string, value: string, extra = {}) =>
	itemsThenKustomer([{}], { resource: 'customer', operation: 'get', customer: locator(mode, value), ...extra });

test('gets a customer by ID: GET /v1/customers/{id} with the bearer key, simplified output', async () => {
	const scope = kustomerApi().get(`/v1/customers/${CUSTOMER_ID}`).reply(200, { data: customerResource() });
	const result = await runWorkflow(getBy('id', CUSTOMER_ID));
	scope.done();
	expect(sent[0].headers.authorization).toBe('Bearer test-key-8c1f1f7e5f9d4c2aa7d1-secret');
	expect(result.output('Kustomer')).toEqual([
		{
			json: {
				id: CUSTOMER_ID,
				name: 'Jane Doe',
				displayName: 'Jane Doe',
				emails: [{ email: 'jane@example.com', type: 'home', verified: true }],
				updatedAt: '2026-11-01T10:00:00.000Z',
				orgId: ORG_ID,
				appUrl: `https://acme.kustomerapp.com/app/customers/${CUSTOMER_ID}`,
			},
			pairedItem: { item: 0 },
		},
	]);
});

test('raw output is the record exactly as Kustomer sent it, with its app link', async () => {
	kustomerApi().get(`/v1/customers/${CUSTOMER_ID}`).reply(200, { data: customerResource() });
	const result = await runWorkflow(getBy('id', CUSTOMER_ID, { simplify: false }));
	expect(result.output('Kustomer')[0].json).toEqual({
		...customerResource(),
		appUrl: `https://acme.kustomerapp.com/app/customers/${CUSTOMER_ID}`,
	});
});

test.each([
	['email', 'jane+vip@example.com', '/v1/customers/email=jane%2Bvip%40example.com'],
	['phone', '+1 (415) 555-0123', '/v1/customers/phone=%2B14155550123'],
	['externalId', 'crm/42', '/v1/customers/externalId=crm%2F42'],
	['url', `https://acme.kustomerapp.com/app/customers/${CUSTOMER_ID}`, `/v1/customers/${CUSTOMER_ID}`],
])('gets a customer by %s with the value URL-encoded in the path', async (mode, value, path) => {
	kustomerApi().get(path).reply(200, { data: customerResource() });
	const result = await runWorkflow(getBy(mode, value));
	expect(sent.map((request) => request.path)).toEqual([path]);
	expect(result.output('Kustomer')[0].json.id).toBe(CUSTOMER_ID);
});

test('a miss is a clear 404 error', async () => {
	kustomerApi().get('/v1/customers/email=nobody%40example.com').reply(404, { errors: [{ status: 404, title: 'Not Found' }] });
	const result = await runWorkflow(getBy('email', 'nobody@example.com'));
	const error = result.error('Kustomer');
	expect(error?.message).toBe('No Kustomer customer with email "nobody@example.com"');
	expect((error as { httpCode?: string }).httpCode).toBe('404');
});

test('values arrive as expressions from the previous node, one request per item', async () => {
	const second = '5f1a2b3c4d5e6f7a8b9c0d1f';
	kustomerApi().get('/v1/customers/email=a%40example.com').reply(200, { data: customerResource() });
	kustomerApi().get('/v1/customers/email=b%40example.com').reply(200, { data: customerResource(second) });
	const result = await runWorkflow(
		itemsThenKustomer([{ email: 'a@example.com' }, { email: 'b@example.com' }], {
			resource: 'customer',
			operation: 'get',
			customer: locator('email', '={{ $json.email }}'),
		}),
	);
	expect(result.output('Kustomer').map((item) => [item.json.id, item.pairedItem])).toEqual([
		[CUSTOMER_ID, { item: 0 }],
		[second, { item: 1 }],
	]);
});

test('a malformed email fails before any request, naming the field and the item', async () => {
	const result = await runWorkflow(
		itemsThenKustomer([{ email: 'a@example.com' }, { email: 'not-an-email' }], {
			resource: 'customer',
			operation: 'get',
			customer: locator('email', '={{ $json.email }}'),
		}),
	);
	expect(result.error('Kustomer')?.message).toBe('Customer must be an email address such as jane@example.com [item 1]');
	expect(sent).toHaveLength(0);
});

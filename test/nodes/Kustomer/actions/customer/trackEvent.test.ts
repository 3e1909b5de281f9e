import type { INodeParameters } from 'n8n-workflow';

import { SEED_IDS } from '../../../../../sandbox/store';
import { runWorkflow } from '../../../../helpers/harness';
import { customerResource, CUSTOMER_ID, kustomerApi, objectId, resetApi, sent } from '../../../../helpers/kustomer';
import { useSandboxOrg } from '../../../../helpers/sandboxOrg';
import { itemsThenKustomer, locator } from '../../../../helpers/workflows';
import { identityAnswer, TYPED_PROPERTIES } from './trackEvent.fixture';

afterEach(resetApi);

const track = (parameters: INodeParameters, items = [{}]) => itemsThenKustomer(items, { resource: 'customer', operation: 'trackEvent', eventName: 'order.placed', ...parameters });

test('by identity: one identityEvent with the identity and the event, properties typed by suffix, the time as occurredAt', async () => {
	kustomerApi().post('/v1/tracking/identityEvent').reply(201, identityAnswer());
	const result = await runWorkflow(
		track({
			identifyBy: 'identity',
			identityEmail: 'jane@example.com',
			occurredAt: '2026-11-21T10:00:00+01:00',
			eventProperties: { property: TYPED_PROPERTIES },
		}),
	);
	expect(sent.map(({ method, path }) => `${method} ${path}`)).toEqual(['POST /v1/tracking/identityEvent']);
	expect(sent[0].body).toEqual({
		identity: { email: 'jane@example.com' },
		event: {
			name: 'order.placed',
			meta: { orderNumber: 'A-1042', totalNum: 64.67, itemsNum: 3, paidAt: '2026-11-21T09:59:00.000Z', gift: 'true', occurredAt: '2026-11-21T09:00:00.000Z' },
		},
	});
	expect(result.output('Kustomer')[0].json).toMatchObject({ customerId: CUSTOMER_ID, event: 'order.placed', trackingId: objectId(0x1e) });
});

test('by customer: each customer read once for all its items, identified by its external ID, else its email', async () => {
	const other = objectId(0x77);
	kustomerApi().get(`/v1/customers/${CUSTOMER_ID}`).reply(200, { data: customerResource(CUSTOMER_ID, { externalId: 'crm-7' }) });
	kustomerApi().get(`/v1/customers/${other}`).reply(200, { data: customerResource(other) });
	kustomerApi()
		.post('/v1/tracking/identityEvent')
		.times(3)
		.reply(201, (_uri, body) => identityAnswer((body as { identity: { externalId?: string } }).identity.externalId ? CUSTOMER_ID : other));
	const result = await runWorkflow(
		track({ identifyBy: 'customer', customer: locator('id', '={{ $json.id }}') }, [{ id: CUSTOMER_ID }, { id: CUSTOMER_ID }, { id: other }]),
	);
	expect(result.error('Kustomer')).toBeUndefined();
	expect(sent.filter(({ method }) => method === 'GET')).toHaveLength(2);
	const identities = sent.filter(({ method }) => method === 'POST').map(({ body }) => (body as { identity: unknown }).identity);
	expect(identities).toHaveLength(3);
	expect(identities).toEqual(expect.arrayContaining([{ externalId: 'crm-7' }, { email: 'jane@example.com' }]));
	expect(result.output('Kustomer').map((item) => item.json.customerId)).toEqual([CUSTOMER_ID, CUSTOMER_ID, other]);
});

test('a customer Kustomer cannot identify (no external ID, email or phone) fails its item before anything is sent for it', async () => {
	kustomerApi().get(`/v1/customers/${CUSTOMER_ID}`).reply(200, { data: customerResource(CUSTOMER_ID, { emails: [] }) });
	const result = await runWorkflow(track({ identifyBy: 'customer', customer: locator('id', CUSTOMER_ID) }));
	expect(result.error('Kustomer')?.message).toContain('has no external ID, email or phone');
	expect(sent.filter(({ method }) => method === 'POST')).toHaveLength(0);
});

test('an answer naming another customer fails the item, saying where the event went', async () => {
	kustomerApi().get(`/v1/customers/${CUSTOMER_ID}`).reply(200, { data: customerResource() });
	kustomerApi().post('/v1/tracking/identityEvent').reply(201, identityAnswer(objectId(0x99)));
	const result = await runWorkflow(track({ identifyBy: 'customer', customer: locator('id', CUSTOMER_ID) }));
	expect(result.error('Kustomer')?.message).toBe(`Kustomer recorded the event for customer ${objectId(0x99)}, not ${CUSTOMER_ID} [item 0]`);
});

test('no identity at all is refused naming the fields, before anything is sent', async () => {
	const result = await runWorkflow(track({ identifyBy: 'identity' }));
	expect(result.error('Kustomer')?.message).toMatch(/^Email is empty, and so are Phone and External ID/);
	expect(sent).toHaveLength(0);
});

test('a 5xx is not retried: the event may have been recorded, and a second send would record it twice', async () => {
	kustomerApi().post('/v1/tracking/identityEvent').reply(503, '');
	const result = await runWorkflow(track({ identifyBy: 'identity', identityEmail: 'jane@example.com' }));
	expect(result.error('Kustomer')).toBeDefined();
	expect(sent).toHaveLength(1);
});

describe('against the sandbox', () => {
	const org = useSandboxOrg();

	test("the event lands on the customer's timeline; a new identity makes a customer", async () => {
		const run = await org.run(track({ identifyBy: 'customer', customer: locator('email', 'jane@example.com') }));
		expect(run.error('Kustomer')).toBeUndefined();
		const fresh = await org.run(track({ identifyBy: 'identity', identityExternalId: 'shop-991', eventName: 'plan-changed' }));
		expect(fresh.error('Kustomer')).toBeUndefined();
		const { tracked } = await org.call<{ tracked: Array<{ customerId: string; event: { name: string } }> }>('GET', '/_sandbox/tracked');
		expect(tracked[0]).toMatchObject({ customerId: SEED_IDS.customers.jane, event: { name: 'order.placed' } });
		expect(tracked[1].customerId).toBe(fresh.output('Kustomer')[0].json.customerId);
		expect(tracked[1].customerId).not.toBe(SEED_IDS.customers.jane);
	});
});

/**
 * The company a customer belongs to, by the company locator (issue 21): From List, ID, app
 * link or External ID, on Create, Update and Create or Update; a workflow saved with the earlier
 * dropdown (a bare company ID) still reads as By ID.
 */
import type { INodeParameters } from 'n8n-workflow';

import { runWorkflow } from '../../../../helpers/harness';
import { companyResource, COMPANY_ID, customerResource, CUSTOMER_ID, kustomerApi, objectId, resetApi, sent } from '../../../../helpers/kustomer';
import { useSandboxOrg } from '../../../../helpers/sandboxOrg';
import { SEED_IDS } from '../../../../../sandbox/store';
import { itemsThenKustomer, locator } from '../../../../helpers/workflows';

afterEach(resetApi);

const createWith = (items: object[], company: INodeParameters['company'], extra: INodeParameters = {}) =>
	itemsThenKustomer(items as never, { resource: 'customer', operation: 'create', customerFields: { name: '={{ $json.name }}', company }, ...extra }, { onError: 'continueRegularOutput' });

test('a workflow saved with the company dropdown (a bare ID) sends that ID, no lookup', async () => {
	kustomerApi().post('/v1/customers').reply(201, { data: customerResource() });
	await runWorkflow(createWith([{ name: 'Jane' }], COMPANY_ID));
	expect(sent.map(({ method, body }) => ({ method, body }))).toEqual([{ method: 'POST', body: { name: 'Jane', company: COMPANY_ID } }]);
});

test.each([
	['id', COMPANY_ID],
	['list', COMPANY_ID],
	['url', `https://acme.kustomerapp.com/app/companies/${COMPANY_ID}`],
])('by %s: the company ID in the body', async (mode, value) => {
	kustomerApi().post('/v1/customers').reply(201, { data: customerResource() });
	await runWorkflow(createWith([{ name: 'Jane' }], locator(mode, value)));
	expect(sent[0].body).toEqual({ name: 'Jane', company: COMPANY_ID });
});

test('by External ID: each company looked up once for all the items, an unknown one failing its items only', async () => {
	kustomerApi().get('/v1/companies').query({ externalId: 'crm-acct-1', page: '1', pageSize: '100' }).once().reply(200, { data: [companyResource()], links: { next: null } });
	kustomerApi().get('/v1/companies').query({ externalId: 'crm-gone', page: '1', pageSize: '100' }).once().reply(200, { data: [], links: { next: null } });
	kustomerApi().post('/v1/customers').times(2).reply(201, { data: customerResource() });
	const result = await runWorkflow(
		createWith([{ name: 'A', account: 'crm-acct-1' }, { name: 'B', account: 'crm-gone' }, { name: 'C', account: 'crm-acct-1' }], locator('externalId', '={{ $json.account }}')),
	);
	expect(sent.filter((request) => request.method === 'POST').map((request) => request.body)).toEqual([
		{ name: 'A', company: COMPANY_ID },
		{ name: 'C', company: COMPANY_ID },
	]);
	expect(result.output('Kustomer')[1].json.error).toBe('No Kustomer company with external ID "crm-gone" [item 1]');
});

test('Update: Company added and left empty unlinks it; by External ID it is found first', async () => {
	const update = (company: INodeParameters['company']) =>
		itemsThenKustomer([{}], { resource: 'customer', operation: 'update', customer: locator('id', CUSTOMER_ID), updateFields: { company } });
	kustomerApi().patch(`/v1/customers/${CUSTOMER_ID}`).times(2).reply(200, { data: customerResource() });
	kustomerApi().get('/v1/companies').query(true).reply(200, { data: [companyResource(objectId(9))], links: { next: null } });
	await runWorkflow(update(locator('list', '')));
	await runWorkflow(update(locator('externalId', 'crm-acct-1')));
	expect(sent.filter((request) => request.method === 'PATCH').map((request) => request.body)).toEqual([{ company: null }, { company: objectId(9) }]);
});

describe('against the sandbox', () => {
	const org = useSandboxOrg();

	test('Create or Update and Send in Bulk link customers to a company given by External ID', async () => {
		await org.call('PUT', `/v1/companies/${SEED_IDS.companies.globex}`, { externalId: 'crm-globex' });
		const upserted = await org.run(
			itemsThenKustomer([{}], {
				resource: 'customer',
				operation: 'upsert',
				matchBy: ['email'],
				customerFields: { emails: { email: [{ address: 'jane@example.com', type: 'home' }] }, company: locator('externalId', 'crm-globex') },
			}),
		);
		expect(upserted.error('Kustomer')).toBeUndefined();
		expect(org.sandbox.store.get('customers', SEED_IDS.customers.jane)?.relationships.company).toEqual({ type: 'company', id: SEED_IDS.companies.globex });
		const bulk = await org.run(
			itemsThenKustomer([{ email: 'new1@example.com' }, { email: 'new2@example.com' }], {
				resource: 'customer',
				operation: 'create',
				customerFields: { emails: { email: [{ address: '={{ $json.email }}', type: 'work' }] }, company: locator('externalId', 'crm-globex') },
				sendInBulk: true,
			}),
		);
		expect(bulk.error('Kustomer')).toBeUndefined();
		const linked = org.sandbox.store.list('customers').filter((customer) => customer.relationships.company?.id === SEED_IDS.companies.globex);
		expect(linked).toHaveLength(3);
	});
});

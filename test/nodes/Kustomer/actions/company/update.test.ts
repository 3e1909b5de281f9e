import type { INodeParameters } from 'n8n-workflow';

import { runWorkflow } from '../../../../helpers/harness';
import { companyResource, COMPANY_ID, kustomerApi, objectId, resetApi, sent } from '../../../../helpers/kustomer';
import { useSandboxOrg } from '../../../../helpers/sandboxOrg';
import { SEED_IDS } from '../../../../../sandbox/store';
import { itemsThenKustomer, locator } from '../../../../helpers/workflows';

afterEach(resetApi);

const update = (items: object[], company: INodeParameters['company'], updateFields: INodeParameters, extra: INodeParameters = {}) =>
	itemsThenKustomer(items as never, { resource: 'company', operation: 'update', company, updateFields, ...extra }, { onError: 'continueRegularOutput' });

test('sends only the fields given: PUT /v1/companies/{id}', async () => {
	kustomerApi().put(`/v1/companies/${COMPANY_ID}`).reply(200, { data: companyResource(COMPANY_ID, { name: 'Acme Corporation' }) });
	const result = await runWorkflow(update([{}], locator('id', COMPANY_ID), { name: 'Acme Corporation', domains: 'acme.com' }));
	expect(sent.map(({ method, path, body }) => ({ method, path, body }))).toEqual([
		{ method: 'PUT', path: `/v1/companies/${COMPANY_ID}`, body: { name: 'Acme Corporation', domains: [{ domain: 'acme.com' }] } },
	]);
	expect(result.output('Kustomer')[0].json).toMatchObject({ name: 'Acme Corporation', appUrl: `https://acme.kustomerapp.com/app/companies/${COMPANY_ID}` });
});

test('fields added and left empty clear them; the name cannot be cleared', async () => {
	kustomerApi().put(`/v1/companies/${COMPANY_ID}`).reply(200, { data: companyResource() });
	await runWorkflow(update([{}], locator('id', COMPANY_ID), { externalId: '', defaultLang: null, domains: '', websites: '', tags: [] }));
	expect(sent[0].body).toEqual({ externalId: null, defaultLang: null, domains: [], urls: [], tags: [] });
	resetApi();
	const refused = await runWorkflow(update([{}], locator('id', COMPANY_ID), { name: '' }));
	expect(refused.output('Kustomer')[0].json.error).toBe('Name cannot be cleared: Kustomer requires a name [item 0]');
	expect(sent).toEqual([]);
});

test('by External ID: each company looked up once for all the items naming it', async () => {
	kustomerApi()
		.get('/v1/companies')
		.query({ externalId: 'crm-acct-1', page: '1', pageSize: '100' })
		.once()
		.reply(200, { data: [companyResource(objectId(7))], links: { next: null } });
	kustomerApi().put(`/v1/companies/${objectId(7)}`).times(2).reply(200, { data: companyResource(objectId(7)) });
	const result = await runWorkflow(update([{ plan: 'a' }, { plan: 'b' }], locator('externalId', 'crm-acct-1'), { defaultLang: '={{ $json.plan }}' }));
	expect(sent.map((request) => request.method)).toEqual(['GET', 'PUT', 'PUT']);
	// Writes to one company go one after the other, in input order.
	expect(sent.slice(1).map((request) => request.body)).toEqual([{ defaultLang: 'a' }, { defaultLang: 'b' }]);
	expect(result.output('Kustomer')).toHaveLength(2);
});

test('an unknown External ID fails its item only, with Continue On Fail', async () => {
	kustomerApi().get('/v1/companies').query({ externalId: 'crm-gone', page: '1', pageSize: '100' }).reply(200, { data: [], links: { next: null } });
	kustomerApi().get('/v1/companies').query({ externalId: 'crm-acct-1', page: '1', pageSize: '100' }).reply(200, { data: [companyResource()], links: { next: null } });
	kustomerApi().put(`/v1/companies/${COMPANY_ID}`).reply(200, { data: companyResource() });
	const result = await runWorkflow(
		update([{ value: 'crm-gone' }, { value: 'crm-acct-1' }], locator('externalId', '={{ $json.value }}'), { name: 'Acme' }, {}),
	);
	expect(result.error('Kustomer')).toBeUndefined();
	const continued = result.output('Kustomer');
	expect(continued.map((item) => [item.json.error ?? item.json.id, item.pairedItem])).toEqual([
		['No Kustomer company with external ID "crm-gone" [item 0]', { item: 0 }],
		[COMPANY_ID, { item: 1 }],
	]);
	expect(sent.filter((request) => request.method === 'PUT')).toHaveLength(1);
});

describe('against the sandbox', () => {
	const org = useSandboxOrg();

	test('Send in Bulk updates each company through PUT /v1/companies/bulk, custom attributes merged', async () => {
		const result = await org.run(
			itemsThenKustomer([{ id: SEED_IDS.companies.acme, plan: 'Growth' }, { id: SEED_IDS.companies.globex, plan: 'Enterprise' }], {
				resource: 'company',
				operation: 'update',
				company: locator('id', '={{ $json.id }}'),
				updateFields: { customAttributes: { attribute: [{ name: 'planStr', value: '={{ $json.plan }}' }] } },
				sendInBulk: true,
			}),
		);
		expect(result.error('Kustomer')).toBeUndefined();
		expect(org.sandbox.store.get('companies', SEED_IDS.companies.globex)?.attributes.custom).toEqual({ planStr: 'Enterprise' });
		expect((await org.requests()).some((request) => request.method === 'PUT' && request.path === '/v1/companies/bulk' && request.status === 201)).toBe(true);
	});
});

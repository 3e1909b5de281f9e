import { runWorkflow } from '../../../../helpers/harness';
import { companyResource, COMPANY_ID, kustomerApi, resetApi, sent } from '../../../../helpers/kustomer';
import { useSandboxOrg } from '../../../../helpers/sandboxOrg';
import { SEED_IDS } from '../../../../../sandbox/store';
import { itemsThenKustomer } from '../../../../helpers/workflows';

afterEach(resetApi);

const upsert = (items: object[], parameters: object) => itemsThenKustomer(items as never, { resource: 'company', operation: 'upsert', name: '={{ $json.name }}', ...parameters });

test('by name: the company found (any case, keeping its spelling) gets only what differs, lists merged, with the revision read', async () => {
	kustomerApi()
		.get('/v1/companies')
		.query({ filter: 'acme inc', page: '1', pageSize: '100' })
		.reply(200, { data: [companyResource(undefined, { name: 'Acme Inc Europe' }), companyResource()], links: { next: null } });
	kustomerApi().put(`/v1/companies/${COMPANY_ID}`).reply(200, { data: companyResource() });
	await runWorkflow(upsert([{ name: 'acme inc' }], { matchBy: 'name', additionalFields: { domains: 'acme.com, acme.io', externalId: 'crm-acct-1' } }));
	expect(sent[1]).toMatchObject({ method: 'PUT', body: { domains: [{ domain: 'acme.com' }, { domain: 'acme.io' }], rev: 4 } });
	expect(Object.keys(sent[1].body as object).sort()).toEqual(['domains', 'rev']);
});

test('emails and phones it lacks are added to the ones it has (written as the schema takes them)', async () => {
	kustomerApi()
		.get('/v1/companies')
		.query(true)
		.reply(200, { data: [companyResource(undefined, { emails: [{ email: 'Billing@acme.com', type: 'work', id: null }], phones: [] })], links: { next: null } });
	kustomerApi().put(`/v1/companies/${COMPANY_ID}`).reply(200, { data: companyResource() });
	await runWorkflow(
		upsert([{ name: 'Acme Inc' }], {
			matchBy: 'externalId',
			additionalFields: { externalId: 'crm-acct-1', emails: { email: [{ address: 'billing@acme.com' }, { address: 'ap@acme.com', type: 'other' }] }, phones: { phone: [{ number: '+14155550100' }] } },
		}),
	);
	expect(sent[1].body).toEqual({
		emails: [{ email: 'Billing@acme.com', type: 'work' }, { email: 'ap@acme.com', type: 'other' }],
		// n8n fills the row's Type with its default.
		phones: [{ phone: '+14155550100', type: 'mobile' }],
		rev: 4,
	});
});

test('nothing differs: nothing is written', async () => {
	kustomerApi().get('/v1/companies').query(true).reply(200, { data: [companyResource()], links: { next: null } });
	const result = await runWorkflow(upsert([{ name: 'Acme Inc' }], { matchBy: 'externalId', additionalFields: { externalId: 'crm-acct-1', domains: 'acme.com' } }));
	expect(sent.map((request) => request.method)).toEqual(['GET']);
	expect(result.output('Kustomer')[0].json.id).toBe(COMPANY_ID);
});

test('by External ID, none yet: created', async () => {
	kustomerApi().get('/v1/companies').query(true).reply(200, { data: [], links: { next: null } });
	kustomerApi().post('/v1/companies').reply(201, { data: companyResource() });
	await runWorkflow(upsert([{ name: 'Acme Inc' }], { matchBy: 'externalId', additionalFields: { externalId: 'crm-acct-1' } }));
	expect(sent[1]).toMatchObject({ method: 'POST', body: { name: 'Acme Inc', externalId: 'crm-acct-1' } });
});

test('a create refused as a conflict (another run made it first) updates the company that appeared', async () => {
	kustomerApi().get('/v1/companies').query(true).reply(200, { data: [], links: { next: null } });
	kustomerApi().post('/v1/companies').reply(409, { errors: [{ status: 409, title: 'Conflict' }] });
	kustomerApi().get('/v1/companies').query(true).reply(200, { data: [companyResource(undefined, { name: 'Old name' })], links: { next: null } });
	kustomerApi().put(`/v1/companies/${COMPANY_ID}`).reply(200, { data: companyResource() });
	const result = await runWorkflow(upsert([{ name: 'Acme Inc' }], { matchBy: 'externalId', additionalFields: { externalId: 'crm-acct-1' } }));
	expect(result.error('Kustomer')).toBeUndefined();
	expect(sent.map((request) => request.method)).toEqual(['GET', 'POST', 'GET', 'PUT']);
	expect(sent[3].body).toEqual({ name: 'Acme Inc' });
});

test('Match By External ID without one is refused before anything is sent', async () => {
	const result = await runWorkflow(upsert([{ name: 'Acme Inc' }], { matchBy: 'externalId' }));
	expect(result.error('Kustomer')?.message).toMatch(/^Match By is External ID, but the item has none/);
	expect(sent).toEqual([]);
});

describe('against the sandbox', () => {
	const org = useSandboxOrg();

	test('run twice, and twice in one run: one company, updated', async () => {
		const workflow = upsert([{ name: 'Initech', d: 'initech.com' }, { name: 'Initech', d: 'initech.io' }], {
			matchBy: 'externalId',
			additionalFields: { externalId: 'crm-initech', domains: '={{ $json.d }}' },
		});
		await org.run(workflow);
		await org.run(workflow);
		const made = org.sandbox.store.list('companies').filter((company) => company.attributes.externalId === 'crm-initech');
		expect(made).toHaveLength(1);
		expect(made[0].attributes.domains).toEqual([{ domain: 'initech.com' }, { domain: 'initech.io' }]);
	});

	test('by name finds the seeded company whatever the case', async () => {
		await org.run(upsert([{ name: 'GLOBEX' }], { matchBy: 'name', additionalFields: { websites: 'https://globex.example' } }));
		expect(org.sandbox.store.get('companies', SEED_IDS.companies.globex)?.attributes.urls).toEqual([{ type: 'website', url: 'https://globex.example' }]);
		expect(org.sandbox.store.list('companies')).toHaveLength(2);
	});
});

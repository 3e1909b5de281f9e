import { runWorkflow } from '../../../../helpers/harness';
import { companyResource, COMPANY_ID, kustomerApi, objectId, ORG_ID, resetApi, sent } from '../../../../helpers/kustomer';
import { useSandboxOrg } from '../../../../helpers/sandboxOrg';
import { attributeMapper, itemsThenKustomer } from '../../../../helpers/workflows';

afterEach(resetApi);

const create = (items: object[], parameters: object = {}) =>
	itemsThenKustomer(items as never, { resource: 'company', operation: 'create', name: '={{ $json.name }}', ...parameters });

test('creates a company: POST /v1/companies with the name and the given fields as Kustomer takes them; simplified, with its app link', async () => {
	kustomerApi().get('/v1/companies').query({ externalId: 'crm-acct-1', page: '1', pageSize: '100' }).reply(200, { data: [], links: { next: null } });
	kustomerApi().post('/v1/companies').reply(201, { data: companyResource() });
	const result = await runWorkflow(
		create([{ name: '  Acme Inc ' }], {
			additionalFields: { externalId: 'crm-acct-1', domains: 'Acme.com, acme.io', websites: 'https://acme.com', tags: ['vip'], defaultLang: 'en_us' },
			customAttributesMapper: attributeMapper('company', { planStr: 'Growth', seatsNum: '=120' }),
		}),
	);
	expect(sent[1]).toMatchObject({
		method: 'POST',
		body: {
			name: 'Acme Inc',
			externalId: 'crm-acct-1',
			defaultLang: 'en_us',
			domains: [{ domain: 'acme.com' }, { domain: 'acme.io' }],
			urls: [{ type: 'website', url: 'https://acme.com' }],
			tags: ['vip'],
			custom: { planStr: 'Growth', seatsNum: 120 },
		},
	});
	expect(result.output('Kustomer')[0].json).toMatchObject({ id: COMPANY_ID, name: 'Acme Inc', orgId: ORG_ID, appUrl: `https://acme.kustomerapp.com/app/companies/${COMPANY_ID}` });
});

test('a company that already has the External ID is returned, nothing created; two items with one External ID make one company', async () => {
	const existing = objectId(0xc1);
	kustomerApi()
		.get('/v1/companies')
		.query({ externalId: 'crm-acct-1', page: '1', pageSize: '100' })
		.reply(200, { data: [companyResource(existing, { externalId: 'crm-acct-1' })], links: { next: null } });
	kustomerApi().get('/v1/companies').query({ externalId: 'crm-acct-2', page: '1', pageSize: '100' }).reply(200, { data: [], links: { next: null } });
	kustomerApi().post('/v1/companies').once().reply(201, { data: companyResource(objectId(0xc2), { externalId: 'crm-acct-2' }) });
	const result = await runWorkflow(
		create([{ name: 'Acme', id: 'crm-acct-1' }, { name: 'Globex', id: 'crm-acct-2' }, { name: 'Globex', id: 'crm-acct-2' }], { additionalFields: { externalId: '={{ $json.id }}' } }),
	);
	expect(sent.filter((request) => request.method === 'POST')).toHaveLength(1);
	expect(result.output('Kustomer').map((item) => [item.json.id, item.pairedItem])).toEqual([
		[existing, { item: 0 }],
		[objectId(0xc2), { item: 1 }],
		[objectId(0xc2), { item: 2 }],
	]);
});

test('an answer that holds other External IDs (the filter ignored) finds none of them: the company is created', async () => {
	kustomerApi()
		.get('/v1/companies')
		.query(true)
		.reply(200, { data: [companyResource(objectId(0xc1), { externalId: 'other' }), companyResource(objectId(0xc3), { externalId: undefined, extenalId: 'another' })], links: { next: null } });
	kustomerApi().post('/v1/companies').reply(201, { data: companyResource() });
	const result = await runWorkflow(create([{ name: 'Acme' }], { additionalFields: { externalId: 'crm-acct-1' } }));
	expect(result.output('Kustomer')[0].json.id).toBe(COMPANY_ID);
});

test('the External ID as the OpenAPI file spells it in list answers (extenalId) is found too', async () => {
	kustomerApi()
		.get('/v1/companies')
		.query(true)
		.reply(200, { data: [companyResource(objectId(0xc1), { externalId: undefined, extenalId: 'crm-acct-1' })], links: { next: null } });
	const result = await runWorkflow(create([{ name: 'Acme' }], { additionalFields: { externalId: 'crm-acct-1' } }));
	expect(sent.map((request) => request.method)).toEqual(['GET']);
	expect(result.output('Kustomer')[0].json.id).toBe(objectId(0xc1));
});

describe('against the sandbox', () => {
	const org = useSandboxOrg();

	test('run twice with an External ID: one company; without one, a second', async () => {
		const workflow = create([{ name: 'Initech' }], { additionalFields: { externalId: 'crm-initech' } });
		const first = await org.run(workflow);
		const second = await org.run(workflow);
		expect(second.output('Kustomer')[0].json.id).toBe(first.output('Kustomer')[0].json.id);
		expect(org.sandbox.store.list('companies').filter((company) => company.attributes.name === 'Initech')).toHaveLength(1);
		await org.run(create([{ name: 'Initech' }]));
		expect(org.sandbox.store.list('companies').filter((company) => company.attributes.name === 'Initech')).toHaveLength(2);
	});

	test('Send in Bulk creates every company once; a re-run sends nothing for the ones with External IDs', async () => {
		const workflow = create([{ name: 'Umbrella', id: 'crm-u' }, { name: 'Hooli', id: 'crm-h' }], { additionalFields: { externalId: '={{ $json.id }}' }, sendInBulk: true });
		const first = await org.run(workflow);
		expect(first.output('Kustomer')).toHaveLength(2);
		await org.run(workflow);
		expect(org.sandbox.store.list('companies').map((company) => company.attributes.externalId).filter(Boolean).sort()).toEqual(['crm-h', 'crm-u']);
		// One bulk made them (the first try with _clientRef is refused under the documented reading, as the OpenAPI file's item schema has it).
		expect((await org.requests()).filter((request) => request.path.startsWith('/v1/companies/bulk') && request.status === 201)).toHaveLength(1);
	});
});

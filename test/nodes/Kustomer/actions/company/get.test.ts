import { runWorkflow } from '../../../../helpers/harness';
import { companyResource, COMPANY_ID, kustomerApi, objectId, resetApi, sent } from '../../../../helpers/kustomer';
import { itemsThenKustomer, locator } from '../../../../helpers/workflows';

afterEach(resetApi);

const getBy = (mode: string, value: string, extra = {}) => itemsThenKustomer([{}], { resource: 'company', operation: 'get', company: locator(mode, value), ...extra });
const list = (...records: object[]) => ({ data: records, links: { next: null } });

test.each([
	['id', COMPANY_ID],
	['url', `https://acme.kustomerapp.com/app/companies/${COMPANY_ID.toUpperCase()}`],
])('gets a company by %s: GET /v1/companies/{id}, with its app link', async (mode, value) => {
	kustomerApi().get(`/v1/companies/${COMPANY_ID}`).reply(200, { data: companyResource() });
	const result = await runWorkflow(getBy(mode, value));
	expect(result.output('Kustomer')[0].json).toMatchObject({ id: COMPANY_ID, name: 'Acme Inc', externalId: 'crm-acct-1', appUrl: `https://acme.kustomerapp.com/app/companies/${COMPANY_ID}` });
});

test('raw output is the record as Kustomer sent it, with its app link', async () => {
	kustomerApi().get(`/v1/companies/${COMPANY_ID}`).reply(200, { data: companyResource() });
	const result = await runWorkflow(getBy('id', COMPANY_ID, { simplify: false }));
	expect(result.output('Kustomer')[0].json).toEqual({ ...companyResource(), appUrl: `https://acme.kustomerapp.com/app/companies/${COMPANY_ID}` });
});

test('by External ID: the list filtered by it (OpenAPI GET /companies), the value encoded, the exact match kept', async () => {
	kustomerApi()
		.get('/v1/companies')
		.query({ externalId: 'crm/42 #x', page: '1', pageSize: '100' })
		.reply(200, list(companyResource(objectId(1), { externalId: 'crm/42 #x' })));
	const result = await runWorkflow(getBy('externalId', 'crm/42 #x'));
	expect(sent[0].path).toBe('/v1/companies?externalId=crm%2F42%20%23x&page=1&pageSize=100');
	expect(result.output('Kustomer')[0].json.id).toBe(objectId(1));
});

test('no company with the External ID: the item fails naming it', async () => {
	kustomerApi().get('/v1/companies').query(true).reply(200, list(companyResource(objectId(1), { externalId: 'crm-other' })));
	const result = await runWorkflow(getBy('externalId', 'crm-missing'));
	expect(result.error('Kustomer')?.message).toBe('No Kustomer company with external ID "crm-missing" [item 0]');
});

test('two companies with the External ID: an error naming both, rather than a guess', async () => {
	kustomerApi().get('/v1/companies').query(true).reply(200, list(companyResource(objectId(1)), companyResource(objectId(2))));
	const result = await runWorkflow(getBy('externalId', 'crm-acct-1'));
	const error = result.error('Kustomer') as { message: string; description?: string };
	expect(error.message).toBe('2 Kustomer companies have the external ID "crm-acct-1" [item 0]');
	expect(error.description).toContain(objectId(1));
	expect(error.description).toContain(objectId(2));
});

test('companies answered without any External ID, several of them: refused as ambiguous', async () => {
	kustomerApi()
		.get('/v1/companies')
		.query(true)
		.reply(200, list(companyResource(objectId(1), { externalId: undefined }), companyResource(objectId(2), { externalId: undefined })));
	const result = await runWorkflow(getBy('externalId', 'crm-acct-1'));
	expect(result.error('Kustomer')?.message).toBe('Kustomer answered 2 companies for external ID "crm-acct-1" without saying which has it [item 0]');
});

test('a link from an expression that is not a company link fails before any request', async () => {
	const result = await runWorkflow(getBy('url', '={{ "https://acme.kustomerapp.com/app/customers/5f1a2b3c4d5e6f7a8b9c0d1e" }}'));
	expect(result.error('Kustomer')?.message).toMatch(/^Company must be a Kustomer link like https:\/\/acme.kustomerapp.com\/app\/companies\/<company ID>/);
	expect(sent).toEqual([]);
});

import { runWorkflow } from '../../../../helpers/harness';
import { companyResource, kustomerApi, objectId, resetApi, sent } from '../../../../helpers/kustomer';
import { useSandboxOrg } from '../../../../helpers/sandboxOrg';
import { itemsThenKustomer } from '../../../../helpers/workflows';

afterEach(resetApi);

const getMany = (parameters: object) => itemsThenKustomer([{}], { resource: 'company', operation: 'getAll', ...parameters });
const companies = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, index) => companyResource(objectId(from + index)));

test('Return All follows links.next through every page of GET /v1/companies', async () => {
	kustomerApi().get('/v1/companies').query({ page: '1', pageSize: '100' }).reply(200, { data: companies(1, 100), links: { next: '/v1/companies?page=2&pageSize=100' } });
	kustomerApi().get('/v1/companies').query({ page: '2', pageSize: '100' }).reply(200, { data: companies(101, 130), links: { next: null } });
	const result = await runWorkflow(getMany({ searchBy: 'all', returnAll: true }));
	expect(result.output('Kustomer')).toHaveLength(130);
	expect(result.output('Kustomer')[129].json.appUrl).toBe(`https://acme.kustomerapp.com/app/companies/${objectId(130)}`);
});

test('a Limit asks for no more than it needs; by Name it is Kustomer\'s `filter`', async () => {
	kustomerApi().get('/v1/companies').query({ filter: 'Acme', page: '1', pageSize: '5' }).reply(200, { data: companies(1, 5), links: { next: '/v1/companies?page=2' } });
	const result = await runWorkflow(getMany({ searchBy: 'name', name: 'Acme', limit: 5 }));
	expect(result.output('Kustomer')).toHaveLength(5);
	expect(sent).toHaveLength(1);
});

test('Criteria and Query (JSON) search companies (queryContext "company")', async () => {
	kustomerApi().post('/v1/customers/search').query(true).reply(200, { data: companies(1, 2), links: { next: null } });
	const result = await runWorkflow(getMany({ searchBy: 'criteria', criteria: { criterion: [{ field: 'name', operator: 'contains', value: 'acme' }, { field: 'custom.planStr', operator: 'equals', value: 'Growth' }] }, limit: 10 }));
	expect(result.output('Kustomer')).toHaveLength(2);
	expect(sent[0].body).toMatchObject({ queryContext: 'company', and: [{ company_name: { contains: 'acme' } }, { company_custom_planStr: { equals: 'Growth' } }] });
});

test('a JSON query for another record type is refused before anything is sent', async () => {
	const result = await runWorkflow(getMany({ searchBy: 'json', queryJson: '{"queryContext": "customer", "and": []}' }));
	expect(result.error('Kustomer')?.message).toMatch(/^Query \(JSON\) queryContext must be "company" \(this is Company → Get Many\)/);
	expect(sent).toEqual([]);
});

describe('against the sandbox', () => {
	const org = useSandboxOrg();

	test('the seeded companies, by name part, by External ID and by search', async () => {
		await org.call('POST', '/v1/companies', { name: 'Acme Europe', externalId: 'crm-eu' });
		const names = async (parameters: object) => (await org.run(getMany({ returnAll: true, ...parameters }))).output('Kustomer').map((item) => item.json.name).sort();
		expect(await names({ searchBy: 'all' })).toEqual(['Acme Europe', 'Acme Inc', 'Globex']);
		expect(await names({ searchBy: 'name', name: 'acme' })).toEqual(['Acme Europe', 'Acme Inc']);
		expect(await names({ searchBy: 'externalId', externalId: 'crm-eu' })).toEqual(['Acme Europe']);
		expect(await names({ searchBy: 'criteria', criteria: { criterion: [{ field: 'name', operator: 'contains', value: 'glob' }] } })).toEqual(['Globex']);
	});
});

/** The sandbox's companies (sandbox/companies.js), as Kustomer's OpenAPI file describes them. */
import { SEED_IDS } from '../../sandbox/store';
import { useSandbox } from '../helpers/sandbox';

const { call } = useSandbox();

const names = (body: { data: Array<{ attributes: { name: string } }> }) => body.data.map((company) => company.attributes.name).sort();

test('created (201), read, updated with custom merged and `rev` checked; a bad body is a 400', async () => {
	const created = await call('POST', '/v1/companies', { name: 'Initech', externalId: 'crm-1', custom: { planStr: 'Growth' } });
	expect(created.status).toBe(201);
	expect(created.body.data).toMatchObject({ type: 'company', attributes: { name: 'Initech', externalId: 'crm-1', tags: [] }, links: { self: `/v1/companies/${created.body.data.id}` } });
	const id = created.body.data.id as string;
	const updated = await call('PUT', `/v1/companies/${id}`, { domains: [{ domain: 'initech.com' }], custom: { seatsNum: 12 } });
	expect(updated.body.data.attributes).toMatchObject({ name: 'Initech', domains: [{ domain: 'initech.com' }], custom: { planStr: 'Growth', seatsNum: 12 }, rev: 2 });
	expect((await call('PUT', `/v1/companies/${id}`, { name: 'Initech Corp', rev: 1 })).status).toBe(409);
	expect((await call('GET', `/v1/companies/${id}`)).body.data.attributes.name).toBe('Initech');
	expect((await call('POST', '/v1/companies', { name: 'ab' })).status).toBe(400);
	expect((await call('POST', '/v1/companies', { name: 'Acme', website: 'x' })).status).toBe(400);
	expect((await call('GET', '/v1/companies/5a00000000000000000000ff')).status).toBe(404);
});

test('the list: by part of the name, by External ID, and both together ignoring both (as the OpenAPI file says)', async () => {
	await call('POST', '/v1/companies', { name: 'Acme Europe', externalId: 'crm-eu' });
	expect(names((await call('GET', '/v1/companies?filter=acme')).body)).toEqual(['Acme Europe', 'Acme Inc']);
	expect(names((await call('GET', '/v1/companies?externalId=crm-eu')).body)).toEqual(['Acme Europe']);
	expect(names((await call('GET', '/v1/companies?externalId=crm-eu&filter=glob')).body)).toEqual(['Acme Europe', 'Acme Inc', 'Globex']);
	expect(names((await call('POST', '/v1/customers/search', { queryContext: 'company', and: [{ company_name: { contains: 'glob' } }] })).body)).toEqual(['Globex']);
});

test('a second company with an External ID is refused only under the "enforced" reading', async () => {
	await call('POST', '/v1/companies', { name: 'Hooli', externalId: 'crm-h' });
	expect((await call('POST', '/v1/companies', { name: 'Hooli XYZ', externalId: 'crm-h' })).status).toBe(201);
	await call('PATCH', '/_sandbox/config', { readings: { externalIdUniqueness: 'enforced' } });
	expect((await call('POST', '/v1/companies', { name: 'Hooli 3', externalId: 'crm-h' })).status).toBe(409);
	expect((await call('PUT', `/v1/companies/${SEED_IDS.companies.acme}`, { externalId: 'crm-h' })).status).toBe(409);
});

/** The per-batch success and failure counts of a bulk job, once it completes. */
async function bulkCounts(job: string): Promise<number[]> {
	for (let tries = 0; tries < 100; tries++) {
		if ((await call('GET', `/v1/bulk/${job}`)).body.data.attributes.status === 'complete') break;
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
	const batches = (await call('GET', `/v1/bulk/${job}/batches`)).body.data as Array<{ attributes: { successCount: number; failureCount: number } }>;
	return batches.flatMap((batch) => [batch.attributes.successCount, batch.attributes.failureCount]);
}

test('bulk creates and updates run each record as its single request (an unknown company fails alone)', async () => {
	const created = await call('POST', '/v1/companies/bulk', [{ name: 'Umbrella' }, { name: 'Hooli' }]);
	expect(created.status).toBe(201);
	expect(await bulkCounts(created.body.data.id)).toEqual([2, 0]);
	const updated = await call('PUT', '/v1/companies/bulk', [{ id: SEED_IDS.companies.globex, defaultLang: 'de' }, { id: '5a00000000000000000000ff', name: 'Nobody' }]);
	expect(updated.status).toBe(201);
	expect(await bulkCounts(updated.body.data.id)).toEqual([1, 1]);
	expect((await call('GET', `/v1/companies/${SEED_IDS.companies.globex}`)).body.data.attributes.defaultLang).toBe('de');
});

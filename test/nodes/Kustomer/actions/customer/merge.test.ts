import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { MERGE_MAX_WAIT_MS } from '../../../../../nodes/Kustomer/actions/customer/merge';
import { runWorkflow } from '../../../../helpers/harness';
import { CUSTOMER_ID, customerResource, kustomerApi, objectId, resetApi, sent } from '../../../../helpers/kustomer';
import { clock } from '../../../../helpers/virtualClock';
import { itemsThenKustomer, locator } from '../../../../helpers/workflows';
import { DUPLICATE_ID, MERGE_ID, mergeResource } from './merge.fixture';

afterEach(resetApi);

const merge = (duplicate: INodeParameters = locator('id', DUPLICATE_ID), keep: INodeParameters = locator('id', CUSTOMER_ID), items: IDataObject[] = [{}], extra = {}) =>
	itemsThenKustomer(items, { resource: 'customer', operation: 'merge', customer: keep, duplicateCustomer: duplicate }, extra);

const requests = () => sent.map((request) => `${request.method} ${request.path.split('?')[0]}`);
const OUTPUT = { id: MERGE_ID, status: 'success', keptCustomerId: CUSTOMER_ID, mergedCustomerId: DUPLICATE_ID, createdAt: '2026-11-22T12:00:00.000Z', updatedAt: '2026-11-22T12:00:01.000Z' };

test('by ID: one POST /v1/customers/merges { source: the duplicate, target: the one kept }; a merge Kustomer answers done is output at once', async () => {
	kustomerApi().post('/v1/customers/merges').reply(201, { data: mergeResource('success') });
	const result = await runWorkflow(merge());
	expect(requests()).toEqual(['POST /v1/customers/merges']);
	expect(sent[0].body).toEqual({ source: DUPLICATE_ID, target: CUSTOMER_ID });
	expect(result.output('Kustomer')).toEqual([{ json: OUTPUT, pairedItem: { item: 0 } }]);
});

test('by email and external ID: each customer is looked up first', async () => {
	kustomerApi().get('/v1/customers/email=jane%40example.com').reply(200, { data: customerResource() });
	kustomerApi().get('/v1/customers/externalId=crm-2').reply(200, { data: customerResource(DUPLICATE_ID) });
	kustomerApi().post('/v1/customers/merges').reply(201, { data: mergeResource('success') });
	await runWorkflow(merge(locator('externalId', 'crm-2'), locator('email', 'jane@example.com')));
	expect(requests()).toEqual(['GET /v1/customers/email=jane%40example.com', 'GET /v1/customers/externalId=crm-2', 'POST /v1/customers/merges']);
	expect(sent[2].body).toEqual({ source: DUPLICATE_ID, target: CUSTOMER_ID });
});

describe('waiting for the merge, on the transport clock (virtual here)', () => {
	test('a running merge is looked at after 1 s, then ever less often, until it has succeeded', async () => {
		kustomerApi().post('/v1/customers/merges').reply(201, { data: mergeResource('running') });
		for (const status of ['running', 'queued', 'success']) kustomerApi().get(`/v1/customers/merges/${MERGE_ID}`).reply(200, { data: mergeResource(status) });
		const result = await runWorkflow(merge());
		expect(requests()).toEqual(['POST /v1/customers/merges', ...Array(3).fill(`GET /v1/customers/merges/${MERGE_ID}`)]);
		expect(sent.slice(1).map((request, index) => request.at - sent[index].at)).toEqual([1000, 2000, 4000]);
		expect(result.output('Kustomer')[0].json).toEqual(OUTPUT);
	});

	test(`bounded: a merge still running after ${MERGE_MAX_WAIT_MS / 60_000} minutes fails the item naming it, and is never started again`, async () => {
		kustomerApi().post('/v1/customers/merges').reply(201, { data: mergeResource('running') });
		kustomerApi().get(`/v1/customers/merges/${MERGE_ID}`).times(Infinity).reply(200, { data: mergeResource('running') });
		const started = clock.now();
		const result = await runWorkflow(merge());
		const error = result.error('Kustomer');
		expect(error?.message).toBe(`Kustomer's customer merge ${MERGE_ID} was still "running" after 5 minutes [item 0]`);
		expect(error?.description).toContain('not started again');
		expect(requests().filter((request) => request.startsWith('POST'))).toHaveLength(1);
		// After 1, 2, 4 and 8 s (15 s), then every 15 s to the bound (19 more): 23 looks, the last at the bound.
		expect(requests()).toHaveLength(1 + 23);
		expect(clock.now() - started).toBe(MERGE_MAX_WAIT_MS);
	});

	test('a merge that ends otherwise ("failed") fails the item with its status', async () => {
		kustomerApi().post('/v1/customers/merges').reply(201, { data: mergeResource('running') });
		kustomerApi().get(`/v1/customers/merges/${MERGE_ID}`).reply(200, { data: mergeResource('failed') });
		const result = await runWorkflow(merge());
		expect(result.error('Kustomer')?.message).toBe(`Kustomer's customer merge ${MERGE_ID} ended "failed" [item 0]`);
	});
});

describe('the same customer twice is refused', () => {
	test('two locators that find the same customer: looked up, compared, and that item fails with nothing merged', async () => {
		kustomerApi().get('/v1/customers/email=jane%40old.example').reply(200, { data: customerResource() });
		const result = await runWorkflow(merge(locator('email', 'jane@old.example')));
		expect(requests()).toEqual(['GET /v1/customers/email=jane%40old.example']);
		expect(result.error('Kustomer')?.message).toBe(`Customer to Keep and Duplicate Customer are the same customer (ID ${CUSTOMER_ID}) [item 0]`);
		expect(result.error('Kustomer')?.description).toContain('If an earlier run merged them, this is the result');
	});

	test('under Continue On Fail only that item fails; the others are merged', async () => {
		kustomerApi().get('/v1/customers/email=jane%40old.example').reply(200, { data: customerResource() });
		kustomerApi().post('/v1/customers/merges').reply(201, { data: mergeResource('success') });
		const items = [{ duplicate: 'jane@old.example', mode: 'email' }, { duplicate: DUPLICATE_ID, mode: 'id' }];
		const duplicate = { __rl: true, mode: '={{ $json.mode }}', value: '={{ $json.duplicate }}' };
		const result = await runWorkflow(merge(duplicate as INodeParameters, locator('id', CUSTOMER_ID), items, { onError: 'continueRegularOutput' }));
		const output = result.output('Kustomer');
		expect(output[0].json.error).toMatch(/same customer .*\[item 0\]$/);
		expect(output[1].json).toEqual(OUTPUT);
		expect(requests().filter((request) => request.startsWith('POST'))).toHaveLength(1);
	});
});

test('an unknown customer fails its item, never the run, under Continue On Fail', async () => {
	kustomerApi().get('/v1/customers/email=nobody%40example.com').reply(404, '');
	kustomerApi().post('/v1/customers/merges').reply(201, { data: mergeResource('success') });
	const items = [{ mode: 'email', duplicate: 'nobody@example.com' }, { mode: 'id', duplicate: DUPLICATE_ID }];
	const duplicate = { __rl: true, mode: '={{ $json.mode }}', value: '={{ $json.duplicate }}' };
	const result = await runWorkflow(merge(duplicate as INodeParameters, locator('id', CUSTOMER_ID), items, { onError: 'continueRegularOutput' }));
	expect(result.error('Kustomer')).toBeUndefined();
	const output = result.output('Kustomer');
	expect(output[0].json.error).toBe('No Kustomer customer with email "nobody@example.com"');
	expect(output[1].json.id).toBe(MERGE_ID);
});

describe('running it again', () => {
	test('by ID: Kustomer refuses the merge (the duplicate is gone); the earlier merge, found among the kept customer\'s, is output as alreadyMerged', async () => {
		kustomerApi().post('/v1/customers/merges').reply(404, { errors: [{ status: 404, title: 'Not Found' }] });
		kustomerApi()
			.get(`/v1/customers/${CUSTOMER_ID}/merges`)
			.query(true)
			.reply(200, { data: [mergeResource('success', objectId(0x77), CUSTOMER_ID, objectId(0x3f)), mergeResource('success')], links: { next: null } });
		const result = await runWorkflow(merge());
		expect(requests()).toEqual(['POST /v1/customers/merges', `GET /v1/customers/${CUSTOMER_ID}/merges`]);
		expect(result.output('Kustomer')[0].json).toEqual({ ...OUTPUT, alreadyMerged: true });
	});

	test('a refusal the kept customer\'s merges do not explain stays an error', async () => {
		kustomerApi().post('/v1/customers/merges').reply(404, { errors: [{ status: 404, title: 'Not Found' }] });
		kustomerApi().get(`/v1/customers/${CUSTOMER_ID}/merges`).query(true).reply(200, { data: [], links: { next: null } });
		const result = await runWorkflow(merge());
		expect(result.error('Kustomer')?.message).toBe(`No Kustomer customer with ID ${DUPLICATE_ID} or ${CUSTOMER_ID}`);
	});

	test('a merge whose answer was lost (503) is looked for before it is sent again: found, it is not started twice', async () => {
		kustomerApi().post('/v1/customers/merges').reply(503, '');
		kustomerApi().get(`/v1/customers/${CUSTOMER_ID}/merges`).query(true).reply(200, { data: [mergeResource('success')], links: { next: null } });
		const result = await runWorkflow(merge());
		expect(requests()).toEqual(['POST /v1/customers/merges', `GET /v1/customers/${CUSTOMER_ID}/merges`]);
		expect(result.output('Kustomer')[0].json).toEqual(OUTPUT);
	});
});

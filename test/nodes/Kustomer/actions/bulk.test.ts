/**
 * Send in Bulk through real workflows: records go 100 per request to Kustomer's bulk endpoint,
 * the jobs are polled with backoff until complete, and each item gets what the batch results
 * say of it (by _clientRef), paired with it. Kustomer is nock; time is virtual.
 */
import type { IDataObject } from 'n8n-workflow';

import { validateRequestBody } from '../../../../sandbox/contract';
import { SEED_IDS } from '../../../../sandbox/store';
import { RESOURCES } from '../../../../nodes/Kustomer/actions';
import { KUSTOMER_NODE, nodeDescription, runWorkflow } from '../../../helpers/harness';
import { bulkBatches, bulkJob, conversationResource, customerResource, CONVERSATION_ID, CUSTOMER_ID, kustomerApi, networkError, objectId, resetApi, sent, serveBulk } from '../../../helpers/kustomer';
import { clock } from '../../../helpers/virtualClock';
import { underEachReading } from '../../../helpers/readings';
import type { SandboxRequest } from '../../../helpers/sandboxOrg';
import { useSandboxOrg } from '../../../helpers/sandboxOrg';
import { itemsThenKustomer, locator } from '../../../helpers/workflows';

afterEach(resetApi);

const BULK_PATH = '/v1/conversations/bulk';
const customers = (index: number) => objectId(0x1000 + (index % 20));

/** Conversation → Create in bulk, customer, subject and External ID from each item. */
const createInBulk = (count: number, extra: IDataObject = {}, node = {}, item = (index: number): IDataObject => ({})) =>
	itemsThenKustomer(
		Array.from({ length: count }, (_, index) => ({ customer: customers(index), subject: `Item ${index}`, ...item(index) })),
		{
			resource: 'conversation',
			operation: 'create',
			customer: locator('id', '={{ $json.customer }}'),
			additionalFields: { name: '={{ $json.subject }}' },
			sendInBulk: true,
			...extra,
		},
		node,
	);

const requests = () => sent.map((request) => `${request.method} ${request.path}`);

test('three records in one bulk request with _clientRef; polled until complete; each item gets its record id, paired', async () => {
	const submitted = serveBulk(BULK_PATH);
	const result = await runWorkflow(createInBulk(3));
	expect(requests()).toEqual([`POST ${BULK_PATH}`, `GET /v1/bulk/${objectId(0xa001)}`, `GET /v1/bulk/${objectId(0xa001)}/batches`]);
	expect(submitted[0]).toEqual([
		{ customer: customers(0), name: 'Item 0', _clientRef: '0' },
		{ customer: customers(1), name: 'Item 1', _clientRef: '1' },
		{ customer: customers(2), name: 'Item 2', _clientRef: '2' },
	]);
	expect(validateRequestBody('POST', BULK_PATH, submitted[0])).toMatchObject({ schema: `POST ${BULK_PATH}`, valid: true });
	expect(result.output('Kustomer')).toEqual([0, 1, 2].map((index) => ({
		json: { id: objectId(0xc000 + index), bulkResult: 'created', bulkOperationId: objectId(0xa001) },
		pairedItem: { item: index },
	})));
});

test('slow completion: polled after 1 s, then ever less often, until Kustomer says complete', async () => {
	serveBulk(BULK_PATH, { statuses: ['queued', 'running', 'running', 'complete'] });
	const start = clock.now();
	const result = await runWorkflow(createInBulk(2));
	const polls = sent.filter((request) => /^\/v1\/bulk\/\w+$/.test(request.path)).map((request) => request.at - start);
	expect(polls).toEqual([1_000, 3_000, 7_000, 15_000]);
	expect(result.output('Kustomer')).toHaveLength(2);
	expect(sent.filter((request) => request.method === 'POST')).toHaveLength(1);
});

test('250 items go as bulks of 100, 100 and 50, one request of the budget each; results map back across them', async () => {
	const submitted = serveBulk(BULK_PATH);
	const result = await runWorkflow(createInBulk(250));
	expect(submitted.map((body) => body.length)).toEqual([100, 100, 50]);
	expect(submitted[2][0]._clientRef).toBe('200');
	expect(sent).toHaveLength(3 * 3);
	const output = result.output('Kustomer');
	expect(output.map((item) => item.json.id)).toEqual(Array.from({ length: 250 }, (_, index) => objectId(0xc000 + index)));
	expect(output.map((item) => item.pairedItem)).toEqual(Array.from({ length: 250 }, (_, item) => ({ item })));
});

describe('partial failures', () => {
	const rejectSecond = (_record: IDataObject, index: number) =>
		index === 1 ? { status: 'error' as const, error: 'customer does not exist' } : { status: 'created' as const, objectId: objectId(0xc000 + index) };

	test('with Continue On Fail, a rejected record is an error item naming the item; the rest stand', async () => {
		serveBulk(BULK_PATH, { outcome: rejectSecond });
		const result = await runWorkflow(createInBulk(3, {}, { onError: 'continueRegularOutput' }));
		const output = result.output('Kustomer');
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(output[0].json.id).toBe(objectId(0xc000));
		expect(output[1].json.error).toBe(`Kustomer rejected this item in bulk operation ${objectId(0xa001)}: customer does not exist [item 1]`);
		expect(output[1].json.description).toContain('The other items of the bulk stand');
		expect(output[2].json.id).toBe(objectId(0xc002));
	});

	test('without Continue On Fail, the node fails naming the rejected item', async () => {
		serveBulk(BULK_PATH, { outcome: rejectSecond });
		const result = await runWorkflow(createInBulk(3));
		expect(result.error('Kustomer')?.message).toBe(`Kustomer rejected this item in bulk operation ${objectId(0xa001)}: customer does not exist [item 1]`);
	});

	test('an item the results do not mention is an error item, not a silent success', async () => {
		kustomerApi().post(BULK_PATH).reply(201, bulkJob(objectId(0xa001), 'queued'));
		kustomerApi().get(`/v1/bulk/${objectId(0xa001)}`).reply(200, bulkJob(objectId(0xa001), 'complete'));
		kustomerApi()
			.get(`/v1/bulk/${objectId(0xa001)}/batches`)
			.reply(200, { data: [{ type: 'bulk_batch', id: objectId(1), attributes: { results: [{ _clientRef: '0', status: 'created', objectId: objectId(5) }] } }] });
		const result = await runWorkflow(createInBulk(2, {}, { onError: 'continueRegularOutput' }));
		expect(result.output('Kustomer')[1].json.error).toBe(`Kustomer's results for bulk operation ${objectId(0xa001)} do not mention this item [item 1]`);
	});
});

describe('without _clientRef (a bulk Kustomer refused for it, sent again without)', () => {
	/** The first submit is refused for _clientRef; the second (without) makes a job whose batches are `batches`. */
	function serveRefusedThen(batches: IDataObject[]) {
		kustomerApi().post(BULK_PATH).reply(400, { errors: [{ status: '400', title: 'Bad Request', detail: '/0 must NOT have additional properties "_clientRef"' }] });
		kustomerApi().post(BULK_PATH).reply(201, bulkJob(objectId(0xa001), 'queued'));
		kustomerApi().get(`/v1/bulk/${objectId(0xa001)}`).reply(200, bulkJob(objectId(0xa001), 'complete'));
		kustomerApi().get(`/v1/bulk/${objectId(0xa001)}/batches`).reply(200, { data: batches.map((attributes, index) => ({ type: 'bulk_batch', id: objectId(0xb000 + index), attributes })) });
	}

	test('batches that made all or none of their records: each item its ID in order, or its own error', async () => {
		serveRefusedThen([
			{ successCount: 2, failureCount: 0, objectIds: [objectId(0xc001), objectId(0xc002)], errors: [] },
			{ successCount: 0, failureCount: 2, objectIds: [], errors: [{ error: 'customer x not found' }, { error: 'customer y not found' }] },
		]);
		const result = await runWorkflow(createInBulk(4, {}, { onError: 'continueRegularOutput' }));
		expect((sent[1].body as IDataObject[]).map((record) => '_clientRef' in record)).toEqual([false, false, false, false]);
		const output = result.output('Kustomer');
		expect(output.slice(0, 2).map((item) => item.json.id)).toEqual([objectId(0xc001), objectId(0xc002)]);
		expect(output[2].json.error).toBe(`Kustomer rejected this item in bulk operation ${objectId(0xa001)}: customer x not found [item 2]`);
		expect(output[3].json.error).toBe(`Kustomer rejected this item in bulk operation ${objectId(0xa001)}: customer y not found [item 3]`);
	});

	test('batches whose counts do not add up to the items sent: no item is taken as made', async () => {
		serveRefusedThen([{ successCount: 1, failureCount: 0, objectIds: [objectId(0xc001)], errors: [] }]);
		const result = await runWorkflow(createInBulk(2, {}, { onError: 'continueRegularOutput' }));
		expect(result.output('Kustomer').map((item) => item.json.error)).toEqual([0, 1].map((index) => `Kustomer's results for bulk operation ${objectId(0xa001)} do not mention this item [item ${index}]`));
	});

	test('updates: matched by the ID each names; batches that list no ID and count nothing mention no item', async () => {
		const UPDATE_PATH = '/v1/conversations/bulk';
		const updateInBulk = (ids: string[]) =>
			itemsThenKustomer(
				ids.map((id) => ({ id })),
				{ resource: 'conversation', operation: 'update', conversation: locator('id', '={{ $json.id }}'), updateFields: { priority: 5 }, sendInBulk: true },
				{ onError: 'continueRegularOutput' },
			);
		const serve = (batches: IDataObject[]) => {
			kustomerApi().put(UPDATE_PATH).reply(400, { errors: [{ status: '400', detail: '/0 must NOT have additional properties "_clientRef"' }] });
			kustomerApi().put(UPDATE_PATH).reply(201, bulkJob(objectId(0xa001), 'queued'));
			kustomerApi().get(`/v1/bulk/${objectId(0xa001)}`).reply(200, bulkJob(objectId(0xa001), 'complete'));
			kustomerApi().get(`/v1/bulk/${objectId(0xa001)}/batches`).reply(200, { data: batches.map((attributes) => ({ type: 'bulk_batch', id: objectId(0xb000), attributes })) });
		};
		serve([{ successCount: 1, failureCount: 1, objectIds: [objectId(2)], errors: [{ error: 'conversation not found' }] }]);
		const listed = (await runWorkflow(updateInBulk([objectId(1), objectId(2)]))).output('Kustomer');
		expect(listed[0].json.error).toBe(`Kustomer rejected this item in bulk operation ${objectId(0xa001)}: conversation not found [item 0]`);
		expect(listed[1].json).toMatchObject({ id: objectId(2), bulkResult: 'updated' });
		resetApi();
		serve([{}]);
		const silent = (await runWorkflow(updateInBulk([objectId(1)]))).output('Kustomer');
		expect(silent[0].json.error).toBe(`Kustomer's results for bulk operation ${objectId(0xa001)} do not mention this item [item 0]`);
	});

	test('a 400 that is not about _clientRef fails the items with what Kustomer said the second time', async () => {
		kustomerApi().post(BULK_PATH).times(2).reply(400, { errors: [{ status: '400', title: 'Bad Request', detail: '/0/priority must be <= 5' }] });
		const result = await runWorkflow(createInBulk(1, {}, { onError: 'continueRegularOutput' }));
		expect(sent.map((request) => request.method)).toEqual(['POST', 'POST']);
		expect(result.output('Kustomer')[0].json.error).toContain('/0/priority must be <= 5');
	});
});

describe('a bulk is never sent twice', () => {
	test('a job whose status cannot be read: the items fail naming the bulk, and it is not resent', async () => {
		kustomerApi().post(BULK_PATH).reply(201, bulkJob(objectId(0xa001), 'queued'));
		kustomerApi().get(`/v1/bulk/${objectId(0xa001)}`).times(Infinity).reply(503, '');
		const result = await runWorkflow(createInBulk(2, {}, { onError: 'continueRegularOutput' }));
		expect(sent.filter((request) => request.method === 'POST')).toHaveLength(1);
		// The status reads were retried with backoff for about a minute first.
		expect(sent.filter((request) => request.method === 'GET').length).toBeGreaterThan(3);
		const output = result.output('Kustomer');
		expect(output[0].json.error).toBe(
			`Kustomer's bulk operation ${objectId(0xa001)} was submitted, but its outcome could not be read: Kustomer had a server error (503) [item 0]`,
		);
		expect(output[1].json.description).toContain('It was not sent again');
	});

	test('a job still running after 15 minutes is reported, not resent', async () => {
		serveBulk(BULK_PATH, { statuses: ['running'] });
		const start = clock.now();
		const result = await runWorkflow(createInBulk(1, {}, { onError: 'continueRegularOutput' }));
		expect(result.output('Kustomer')[0].json.error).toBe(`Kustomer's bulk operation ${objectId(0xa001)} was still "running" after 15 minutes [item 0]`);
		expect(clock.now() - start).toBeGreaterThanOrEqual(15 * 60_000);
		expect(clock.now() - start).toBeLessThan(16 * 60_000);
		expect(sent.filter((request) => request.method === 'POST')).toHaveLength(1);
	});

	test.each(['failed', 'error', 'cancelled', 'canceled'])('a job that ends "%s" is not polled on: what its batches say stands, the rest fail naming it, at once', async (status) => {
		const bulkId = objectId(0xa001);
		kustomerApi().post(BULK_PATH).reply(201, bulkJob(bulkId, 'queued'));
		kustomerApi().get(`/v1/bulk/${bulkId}`).times(Infinity).reply(200, { data: { type: 'bulk', id: bulkId, attributes: { status, completed: false } } });
		kustomerApi()
			.get(`/v1/bulk/${bulkId}/batches`)
			.reply(200, bulkBatches([{ _clientRef: '0', status: 'created', objectId: objectId(0xc001) }]));
		const start = clock.now();
		const result = await runWorkflow(createInBulk(2, {}, { onError: 'continueRegularOutput' }));
		expect(clock.now() - start).toBeLessThan(5_000);
		expect(sent.filter((request) => request.path === `/v1/bulk/${bulkId}`)).toHaveLength(1);
		const output = result.output('Kustomer');
		expect(output[0].json).toMatchObject({ id: objectId(0xc001), bulkResult: 'created' });
		expect(output[1].json.error).toBe(`Kustomer's bulk operation ${bulkId} ended "${status}" without a result for this item [item 1]`);
		expect(output[1].json.description).toContain('It was not sent again');
		expect(sent.filter((request) => request.method === 'POST')).toHaveLength(1);
	});

	test('a bulk request that fails with a 5xx or a dropped connection is not repeated', async () => {
		kustomerApi().post(BULK_PATH).reply(502, '');
		kustomerApi().post(BULK_PATH).replyWithError(networkError('ECONNRESET', 'socket hang up'));
		const result = await runWorkflow(createInBulk(150, {}, { onError: 'continueRegularOutput' }));
		expect(requests()).toEqual([`POST ${BULK_PATH}`, `POST ${BULK_PATH}`]);
		const output = result.output('Kustomer');
		expect(output[0].json).toMatchObject({ error: 'Kustomer had a server error (502)', httpCode: '502' });
		expect(output[0].json.description).toContain('bulk request of items 0–99, which was not sent again');
		expect(output[120].json.error).toBe('Could not reach Kustomer (ECONNRESET)');
	});

	test('a 429 on the bulk request waits for the reset and sends it then (Kustomer did not take it)', async () => {
		kustomerApi().post(BULK_PATH).reply(429, '', { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '2' });
		serveBulk(BULK_PATH);
		const result = await runWorkflow(createInBulk(2));
		expect(result.output('Kustomer')).toHaveLength(2);
		expect(sent.filter((request) => request.method === 'POST')).toHaveLength(2);
	});
});

describe('External IDs stay safe to repeat in bulk', () => {
	const withExternalIds = (count: number, node = {}) =>
		createInBulk(count, { additionalFields: { name: '={{ $json.subject }}', externalId: '={{ $json.ref }}' } }, node, (index) => ({ ref: `order-${index % 4}` }));

	test('records whose External ID exists are answered without being sent; a repeated External ID is sent once', async () => {
		// Four External IDs (looked up one by one, fewer than a search is worth); order-1 exists for its customer.
		kustomerApi().get('/v1/conversations/externalId=order-1').reply(200, { data: conversationResource(objectId(0xe001), { externalId: 'order-1' }, customers(1)) });
		for (const ref of ['order-0', 'order-2', 'order-3']) kustomerApi().get(`/v1/conversations/externalId=${ref}`).reply(404, '');
		const submitted = serveBulk(BULK_PATH);
		const result = await runWorkflow(withExternalIds(4));
		expect(submitted[0].map((record) => record.externalId)).toEqual(['order-0', 'order-2', 'order-3']);
		const output = result.output('Kustomer');
		expect(output[1].json).toMatchObject({ id: objectId(0xe001), externalId: 'order-1' });
		expect(output.map((item) => item.pairedItem)).toEqual([0, 1, 2, 3].map((item) => ({ item })));
	});

	test('items repeating an External ID get the first one\'s record', async () => {
		kustomerApi().post('/v1/customers/search').query(true).reply(200, { data: [], links: { next: null } });
		// The customer, read directly, has no conversation: the search's empty answer is complete.
		kustomerApi().get(`/v1/customers/${CUSTOMER_ID}`).reply(200, { data: customerResource(CUSTOMER_ID, { conversationCounts: { all: 0, open: 0, snoozed: 0, done: 0 } }) });
		const submitted = serveBulk(BULK_PATH);
		// One customer; items 5, 6 and 7 repeat the External IDs of items 0, 1 and 2.
		const sameCustomer = createInBulk(
			8,
			{ additionalFields: { name: '={{ $json.subject }}', externalId: '={{ $json.ref }}' }, customer: locator('id', CUSTOMER_ID) },
			{},
			(index) => ({ ref: `order-${index % 5}` }),
		);
		const result = await runWorkflow(sameCustomer);
		expect(submitted[0].map((record) => record.externalId)).toEqual(['order-0', 'order-1', 'order-2', 'order-3', 'order-4']);
		const output = result.output('Kustomer');
		expect(output[5].json.id).toBe(output[0].json.id);
		expect(output[7].json.id).toBe(output[2].json.id);
		expect(output[5].pairedItem).toEqual({ item: 5 });
	});
});

describe('checked before anything is sent', () => {
	test('an item over what one bulk request carries is refused naming the item and the field', async () => {
		const result = await runWorkflow(
			createInBulk(2, {
				// 100 attributes of 1,024 characters (each within Kustomer's limit) make over 100 KB.
				additionalFields: {
					customAttributes: { attribute: Array.from({ length: 100 }, (_, index) => ({ name: `line${index}Txt`, value: '={{ $json.subject === "Item 1" ? "x".repeat(1024) : "short" }}' })) },
				},
			}),
		);
		expect(result.error('Kustomer')?.message).toBe("Send in Bulk: this item's record is 102 KB, over the 100 KB Kustomer accepts in one request [item 1]");
		expect(sent).toHaveLength(0);
	});

	test('an item with attachments is refused naming the field: each file needs its own upload', async () => {
		const notes = itemsThenKustomer(
			[{}, { $binary: { data: { fileName: 'invoice.pdf', mimeType: 'application/pdf', text: '%PDF-1.4' } } }],
			{ resource: 'note', operation: 'create', conversation: locator('id', CONVERSATION_ID), body: 'See file', additionalFields: { attachments: '={{ $binary.data ? "data" : "" }}' }, sendInBulk: true },
		);
		const result = await runWorkflow(notes);
		expect(result.error('Kustomer')?.message).toBe(
			'Attachments cannot be sent with Send in Bulk: each file is uploaded on its own before its record. Turn Send in Bulk off for items with attachments [item 1]',
		);
		expect(sent).toHaveLength(0);
	});

	test('Send in Bulk is offered exactly for the operations that declare a bulk endpoint', async () => {
		const { properties } = await nodeDescription(KUSTOMER_NODE);
		const shown = properties
			.filter((property) => property.name === 'sendInBulk')
			.flatMap((property) => {
				const show = property.displayOptions?.show as { resource: string[]; operation: string[] };
				return show.operation.map((operation) => `${show.resource[0]}:${operation}`);
			});
		const declared = RESOURCES.flatMap((resource) =>
			resource.operations.filter((operation) => operation.bulk).map((operation) => `${resource.value}:${operation.option.value}`),
		);
		expect(shown.sort()).toEqual(declared.sort());
		expect(declared).toEqual(expect.arrayContaining(['conversation:create', 'conversation:update', 'customer:create', 'customer:update', 'message:create', 'note:create']));
	});
});

describe('against the sandbox: whether Kustomer takes _clientRef (its bulk pages) or refuses it (its OpenAPI file), nothing is written twice', () => {
	const bulkSubmits = (requests: SandboxRequest[], path = BULK_PATH) => requests.filter((request) => request.method !== 'GET' && request.path === path);
	const created = (org: ReturnType<typeof useSandboxOrg>) => org.sandbox.store.list('conversations');
	const seedCustomers = Object.values(SEED_IDS.customers);

	underEachReading('bulkClientRef', (bulkClientRef) => {
		const org = useSandboxOrg(() => ({ readings: { bulkClientRef } }));
		const bulkCreate = (count: number, customer = (index: number) => seedCustomers[index % seedCustomers.length]) =>
			itemsThenKustomer(
				Array.from({ length: count }, (_, index) => ({ customer: customer(index), subject: `Bulk ${index}` })),
				{ resource: 'conversation', operation: 'create', customer: locator('id', '={{ $json.customer }}'), additionalFields: { name: '={{ $json.subject }}' }, sendInBulk: true },
				{ onError: 'continueRegularOutput' },
			);

		test('130 creates in two bulks: each record made once, each item given its own', async () => {
			const result = await org.run(bulkCreate(130));
			const output = result.output('Kustomer');
			expect(output).toHaveLength(130);
			const byId = new Map(created(org).map((record) => [record.id, record.attributes.name]));
			expect(byId.size).toBe(130);
			output.forEach((item, index) => {
				expect(item.json).toMatchObject({ bulkResult: 'created' });
				expect(byId.get(String(item.json.id))).toBe(`Bulk ${index}`);
			});
			const submits = bulkSubmits(await org.requests());
			if (bulkClientRef === 'refused') {
				// The first bulk is refused for _clientRef and sent again without it; the second goes without it at once.
				expect(submits.map((request) => [request.status, (request.body as IDataObject[]).length, '_clientRef' in (request.body as IDataObject[])[0]])).toEqual([
					[400, 100, true],
					[201, 100, false],
					[201, 30, false],
				]);
			} else {
				expect(submits.map((request) => [request.status, (request.body as IDataObject[]).length, '_clientRef' in (request.body as IDataObject[])[0]])).toEqual([
					[201, 100, true],
					[201, 30, true],
				]);
			}
		});

		test('a rejected record: the others are made once; no item is reported made unless Kustomer said so', async () => {
			const result = await org.run(bulkCreate(3, (index) => (index === 1 ? '0'.repeat(24) : SEED_IDS.customers.jane)));
			const output = result.output('Kustomer');
			expect(created(org).map((record) => record.attributes.name).sort()).toEqual(['Bulk 0', 'Bulk 2']);
			if (bulkClientRef === 'accepted') {
				expect(output[1].json.error).toMatch(/^Kustomer rejected this item in bulk operation \w+: customer 0{24} not found \[item 1\]$/);
				expect(output.map((item) => item.json.id)).toEqual([created(org)[0].id, undefined, created(org)[1].id]);
			} else {
				// Without _clientRef, Kustomer's batch lists the 2 records it made, not which item failed.
				for (const [index, item] of output.entries()) {
					expect(item.json.error).toMatch(new RegExp(`^Kustomer's results for bulk operation \\w+ do not say which of its records failed: 2 of 3 were made \\[item ${index}\\]$`));
					expect(item.json.description).toContain(created(org)[0].id);
					expect(item.json.description).toContain('customer 000000000000000000000000 not found');
				}
			}
		});

		test('updates in bulk: each item matched by the ID it updates', async () => {
			const conversations = [];
			for (const name of ['A', 'B']) conversations.push((await org.call('POST', '/v1/conversations', { customer: SEED_IDS.customers.jane, name })).data.id);
			const ids = [conversations[0], '0'.repeat(24), conversations[1]];
			const result = await org.run(
				itemsThenKustomer(
					ids.map((id) => ({ id })),
					{ resource: 'conversation', operation: 'update', conversation: locator('id', '={{ $json.id }}'), updateFields: { priority: 5 }, sendInBulk: true },
					{ onError: 'continueRegularOutput' },
				),
			);
			const output = result.output('Kustomer');
			expect(output[0].json).toMatchObject({ id: conversations[0], bulkResult: 'updated' });
			expect(output[2].json).toMatchObject({ id: conversations[1], bulkResult: 'updated' });
			expect(output[1].json.error).toMatch(/\[item 1\]$/);
			expect(conversations.map((id) => org.sandbox.store.get('conversations', id)?.attributes.priority)).toEqual([5, 5]);
			expect(bulkSubmits(await org.requests(), '/v1/conversations/bulk').filter((request) => request.status < 300)).toHaveLength(1);
		});
	});
});

describe('custom objects and customer deletes in bulk (a klass per endpoint; deletes by their ids query)', () => {
	const objectsOf = (klasses: string[]) =>
		itemsThenKustomer(
			klasses.map((klass, index) => ({ klass, title: `Object ${index}` })),
			{ resource: 'customObject', operation: 'create', klass: '={{ $json.klass }}', title: '={{ $json.title }}', sendInBulk: true },
		);

	test("custom objects of two klasses go in one bulk per klass's endpoint; each item gets its own record, in input order", async () => {
		kustomerApi().get('/v1/klasses').query(true).times(Infinity).reply(200, { data: ['order', 'subscription'].map((name, index) => ({ type: 'klass', id: objectId(0xc1 + index), attributes: { name } })), links: { next: null } });
		// One job counter for both endpoints (nock takes a pattern where the helper names a path).
		const submitted = serveBulk(/\/v1\/klasses\/\w+\/bulk$/ as unknown as string);
		const result = await runWorkflow(objectsOf(['order', 'subscription', 'order']));
		expect(sent.filter((request) => request.method === 'POST').map((request) => request.path)).toEqual(['/v1/klasses/order/bulk', '/v1/klasses/subscription/bulk']);
		expect(submitted).toEqual([[{ title: 'Object 0', _clientRef: '0' }, { title: 'Object 2', _clientRef: '2' }], [{ title: 'Object 1', _clientRef: '1' }]]);
		expect(validateRequestBody('POST', '/v1/klasses/order/bulk', submitted[0])).toMatchObject({ schema: 'POST /v1/klasses/{name}/bulk', valid: true });
		expect(result.output('Kustomer').map((item) => item.pairedItem)).toEqual([0, 1, 2].map((item) => ({ item })));
		expect(result.output('Kustomer').every((item) => item.json.bulkResult === 'created')).toBe(true);
	});

	test('a bulk delete names each record once in its ids query, with no body; items naming the same customer share its outcome', async () => {
		const submitted = serveBulk('/v1/customers/bulk', { method: 'DELETE' });
		const ids = [objectId(0xd1), objectId(0xd2), objectId(0xd1)];
		const result = await runWorkflow(itemsThenKustomer(ids.map((id) => ({ id })), { resource: 'customer', operation: 'delete', customer: locator('id', '={{ $json.id }}'), sendInBulk: true }));
		expect(submitted).toEqual([[{ id: objectId(0xd1) }, { id: objectId(0xd2) }]]);
		const deletion = sent.find((request) => request.method === 'DELETE');
		expect(deletion?.body).toBeUndefined();
		expect(result.output('Kustomer').map((item) => item.json)).toEqual(ids.map((id) => ({ id, deleted: true, bulkResult: 'deleted', bulkOperationId: objectId(0xa001) })));
	});

	test('a customer the bulk did not delete reads alreadyDeleted when the search shows it deleted, as without bulk; an unknown one stays an error', async () => {
		const [gone, unknown, fine] = [objectId(0xd1), objectId(0xd2), objectId(0xd3)];
		serveBulk('/v1/customers/bulk', { method: 'DELETE', outcome: (record) => (record.id === fine ? { status: 'deleted', objectId: fine } : { status: 'error', error: 'customer not found' }) });
		kustomerApi()
			.post('/v1/customers/search')
			.query(true)
			.times(Infinity)
			.reply((_uri, body) => {
				const id = ((body as IDataObject).and as IDataObject[])[0].customer_id as IDataObject;
				return [200, { data: id.equals === gone ? [{ type: 'customer', id: gone, attributes: { deleted: true } }] : [], links: { next: null } }];
			});
		const result = await runWorkflow(
			itemsThenKustomer([gone, unknown, fine].map((id) => ({ id })), { resource: 'customer', operation: 'delete', customer: locator('id', '={{ $json.id }}'), sendInBulk: true }, { onError: 'continueRegularOutput' }),
		);
		const output = result.output('Kustomer').map((item) => item.json);
		expect(output[0]).toEqual({ id: gone, deleted: true, alreadyDeleted: true });
		expect(output[1].error).toMatch(/^Kustomer rejected this item in bulk operation \w+: customer not found(; customer not found)? \[item 1\]$/);
		expect(output[2]).toMatchObject({ id: fine, deleted: true, bulkResult: 'deleted' });
	});

	underEachReading('bulkClientRef', (bulkClientRef) => {
		const org = useSandboxOrg(() => ({ readings: { bulkClientRef } }));
		const objects = () => org.sandbox.store.list('kobjects');

		test('custom objects created, updated by External ID and deleted in bulk, each once; deleting again reads alreadyDeleted', async () => {
			const orders = ['o-1', 'o-2'].map((externalId) => ({ externalId }));
			const create = await org.run(
				itemsThenKustomer(orders, { resource: 'customObject', operation: 'create', klass: 'order', title: '={{ $json.externalId }}', additionalFields: { externalId: '={{ $json.externalId }}' }, sendInBulk: true }),
			);
			expect(create.error('Kustomer')).toBeUndefined();
			expect(objects().map((record) => record.attributes.title).sort()).toEqual(['o-1', 'o-2']);
			const update = await org.run(
				itemsThenKustomer(orders, { resource: 'customObject', operation: 'update', klass: 'order', customObject: locator('externalId', '={{ $json.externalId }}'), updateFields: { icon: 'box' }, sendInBulk: true }),
			);
			expect(update.output('Kustomer').map((item) => item.json.bulkResult)).toEqual(['updated', 'updated']);
			expect(objects().map((record) => record.attributes.icon)).toEqual(['box', 'box']);
			const ids = objects().map((record) => ({ id: record.id }));
			const deleteAll = () =>
				org.run(itemsThenKustomer(ids, { resource: 'customObject', operation: 'delete', klass: 'order', customObject: locator('id', '={{ $json.id }}'), sendInBulk: true }));
			expect((await deleteAll()).output('Kustomer').map((item) => item.json)).toEqual(ids.map(({ id }) => expect.objectContaining({ id, deleted: true, bulkResult: 'deleted' })));
			expect(objects()).toEqual([]);
			expect((await deleteAll()).output('Kustomer').map((item) => item.json)).toEqual(ids.map(({ id }) => ({ id, klass: 'order', deleted: true, alreadyDeleted: true })));
			const submits = (await org.requests()).filter((request) => request.method !== 'GET' && request.path.split('?')[0].endsWith('/bulk') && request.status < 300);
			expect(submits.map((request) => `${request.method} ${request.path}`)).toEqual([
				'POST /v1/klasses/order/bulk',
				'PUT /v1/klasses/order/bulk',
				`DELETE /v1/klasses/order/bulk?ids=${ids.map(({ id }) => id).join('%2C')}`,
				`DELETE /v1/klasses/order/bulk?ids=${ids.map(({ id }) => id).join('%2C')}`,
			]);
		});

		test('customers deleted in bulk by email; a second run fails their lookups, as without bulk', async () => {
			const emails = ['bulk-1@example.com', 'bulk-2@example.com'];
			for (const email of emails) await org.call('POST', '/v1/customers', { name: email, emails: [{ email, type: 'home' }] });
			const run = () =>
				org.run(
					itemsThenKustomer(emails.map((email) => ({ email })), { resource: 'customer', operation: 'delete', customer: locator('email', '={{ $json.email }}'), sendInBulk: true }, { onError: 'continueRegularOutput' }),
				);
			const first = (await run()).output('Kustomer').map((item) => item.json);
			expect(first).toEqual([expect.objectContaining({ deleted: true, bulkResult: 'deleted' }), expect.objectContaining({ deleted: true, bulkResult: 'deleted' })]);
			expect(org.sandbox.store.list('customers').some((record) => emails.includes(String((record.attributes.emails as IDataObject[])?.[0]?.email)))).toBe(false);
			// By email the lookup fails once the customer is gone, as without bulk (README: delete by ID to run again safely).
			const second = (await run()).output('Kustomer').map((item) => item.json);
			expect(second.map((item) => item.error)).toEqual(emails.map((email) => `No Kustomer customer with email "${email}"`));
		});
	});
});

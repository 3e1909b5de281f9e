/**
 * What every operation shares, run for each operation in the node's registry through real
 * workflows: rate limits, retries (only where a repeat cannot create a second record), error
 * mapping with the operation's own roles, and Continue On Fail with values arriving as
 * expressions. Each operation's test folder holds its fixture (`<operation>.fixture.ts`).
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import type nock from 'nock';

import { validateRequestBody } from '../../../../sandbox/contract';
import { runWorkflow } from '../../../helpers/harness';
import { kustomerApi, objectId, resetApi, sent, serveBulk } from '../../../helpers/kustomer';
import { registryFixtures } from '../../../helpers/operationFixture';
import type { OperationFixture } from '../../../helpers/operationFixture';
import { limitsOf, requestCost } from '../../../helpers/requestCosts';
import { itemsThenKustomer } from '../../../helpers/workflows';
import { KustomerClient } from '../../../../nodes/Kustomer/transport';
import type { KustomerRequest } from '../../../../nodes/Kustomer/transport';

afterEach(resetApi);

const OPERATIONS = registryFixtures();

test('every operation in the registry has a fixture here', () => {
	expect(OPERATIONS.filter(({ fixture }) => !fixture).map(({ label }) => label)).toEqual([]);
});

type ErrorWithDetails = { message: string; description?: string; httpCode?: string };

describe.each(OPERATIONS.filter(({ fixture }) => fixture))('$label', ({ fixture: found, definition: operation }) => {
	const fixture = found as OperationFixture;
	beforeEach(() => fixture.background?.());
	const request = (): nock.Interceptor => kustomerApi().intercept(fixture.path, fixture.method).query(true);
	const workflow = (values: string[], extra: IDataObject = {}, parameters: INodeParameters = {}) =>
		itemsThenKustomer(
			values.map((value) => ({ value })),
			{ ...fixture.parameters, ...parameters },
			extra,
		);
	const failure = async () => (await runWorkflow(workflow([fixture.good]))).error('Kustomer') as ErrorWithDetails | undefined;
	const succeed = () => request().reply(fixture.success.status, fixture.success.body);

	test('a 429 holds the request until x-ratelimit-reset, then it succeeds', async () => {
		request().reply(429, '', { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1' });
		succeed();
		const result = await runWorkflow(workflow([fixture.good]));
		expect(result.output('Kustomer')).toHaveLength(1);
		expect(sent.map((entry) => entry.method)).toEqual([fixture.method, fixture.method]);
		expect(sent[1].at - sent[0].at).toBeGreaterThanOrEqual(1000);
	});

	test("every request declares the cost Kustomer's limits give it (a search, a create under a customer, a record's writes)", async () => {
		const requests: KustomerRequest[] = [];
		const request_ = KustomerClient.prototype.request;
		const spy = jest.spyOn(KustomerClient.prototype, 'request').mockImplementation(async function (this: KustomerClient, sent_: KustomerRequest) {
			requests.push(sent_);
			return await request_.call(this, sent_);
		} as typeof request_);
		try {
			succeed();
			expect((await runWorkflow(workflow([fixture.good]))).output('Kustomer')).toHaveLength(1);
		} finally {
			spy.mockRestore();
		}
		expect(requests.length).toBeGreaterThan(0);
		expect(requests.map(({ method, path, cost }) => ({ method, path, cost: limitsOf(cost ?? {}) }))).toEqual(
			requests.map(({ method, path, body }) => ({ method, path, cost: requestCost(method, path, body) })),
		);
	});

	test('429 up to the retry bound gives a "rate limited" error', async () => {
		request().times(9).reply(429, '', { 'x-ratelimit-reset': '0' });
		const error = await failure();
		expect(sent).toHaveLength(9);
		expect(error?.httpCode).toBe('429');
		expect(error?.message).toContain('rate limited');
	});

	if (operation.idempotent) {
		test('a 5xx is retried: running it twice is harmless', async () => {
			request().reply(503, '');
			succeed();
			const result = await runWorkflow(workflow([fixture.good]));
			expect(result.output('Kustomer')).toHaveLength(1);
			expect(sent).toHaveLength(2);
		});
	} else {
		test('a 5xx is not retried: a repeat could create a second record', async () => {
			request().reply(503, '');
			const error = await failure();
			expect(sent).toHaveLength(1);
			expect(error?.httpCode).toBe('503');
			expect(error?.description).toContain('not retried automatically');
		});
	}

	test.each(([
		[401, 'Kustomer refused the API key (401)', 'role'],
		[403, 'The API key is not allowed to do this (403)', 'role'],
		[404, 'notFound', 'The record may have been deleted'],
		[409, 'Kustomer reported a conflict (409)', 'as Kustomer said it'],
		[413, "The request is larger than Kustomer's 100 KB limit (413)", 'Shorten'],
	] as const).filter(([status]) => status !== 404 || !fixture.notFoundOutput))('%i is mapped to an error with its status and fix', async (status, message, hint) => {
		request().reply(status, { errors: [{ status, title: 'Refused', detail: 'as Kustomer said it' }] });
		const error = await failure();
		expect(error?.httpCode).toBe(String(status));
		// 404 names what was looked for; 401 and 403 name the roles this operation needs.
		expect(error?.message).toBe(message === 'notFound' ? fixture.notFound : message);
		expect(error?.description).toContain(hint === 'role' ? operation.roles[0] : hint);
	});

	const { notFoundOutput } = fixture;
	if (notFoundOutput) {
		test('a 404 is an answer, not an error: the output says so', async () => {
			request().reply(404, { errors: [{ status: 404, title: 'Not Found' }] });
			const result = await runWorkflow(workflow([fixture.good]));
			expect(result.output('Kustomer')).toEqual([{ json: notFoundOutput, pairedItem: { item: 0 } }]);
		});

		test('a 404 on the retry after a 5xx: the first attempt did it, so no "already"', async () => {
			request().reply(503, '');
			request().reply(404, '');
			const result = await runWorkflow(workflow([fixture.good]));
			const { alreadyDeleted: _already, ...done } = notFoundOutput;
			expect(result.output('Kustomer')).toEqual([{ json: done, pairedItem: { item: 0 } }]);
			expect(sent).toHaveLength(2);
		});
	}

	const { bulk } = operation;
	if (bulk) {
		test('Send in Bulk: one bulk request in Kustomer\'s schema; each record maps back to its item, a rejected one as an error item', async () => {
			const path = typeof bulk.path === 'string' ? bulk.path : String(fixture.bulkPath);
			// A bulk delete carries no body, so no _clientRef: its results are read by the IDs sent (distinct here, as one item may not be rejected for another).
			const deleting = bulk.method === 'DELETE';
			const done = { POST: 'created', PUT: 'updated', DELETE: 'deleted' }[bulk.method] as 'created';
			const idOf = (record: IDataObject, index: number) => (deleting ? String(record.id) : objectId(0xc000 + index));
			const submitted = serveBulk(path, {
				method: bulk.method,
				outcome: (record, index) => (index === 1 ? { status: 'error', error: 'refused' } : { status: done, objectId: idOf(record, index) }),
			});
			const { parameters, values, bad } = fixture.bulkCase ?? { parameters: {}, values: [fixture.good, fixture.good, fixture.good], bad: fixture.bad };
			const result = await runWorkflow(workflow([values[0], values[1], bad, values[2]], { onError: 'continueRegularOutput' }, { ...parameters, sendInBulk: true }));
			expect(submitted).toHaveLength(1);
			if (deleting) expect(submitted[0]).toEqual(values.map((id) => ({ id })));
			else {
				expect(submitted[0].map((record) => record._clientRef)).toEqual(['0', '1', '3']);
				expect(validateRequestBody(bulk.method, path, submitted[0])).toMatchObject({ valid: true });
			}
			const output = result.output('Kustomer');
			expect(output.map((item) => item.pairedItem)).toEqual([0, 1, 2, 3].map((item) => ({ item })));
			const deleted = deleting ? { deleted: true } : {};
			expect(output[0].json).toEqual({ id: deleting ? values[0] : objectId(0xc000), ...deleted, bulkResult: done, bulkOperationId: expect.any(String) });
			expect(output[1].json.error).toMatch(/refused \[item 1\]$/);
			expect(output[2].json.error).toMatch(/\[item 2\]$/);
			expect(output[3].json.id).toBe(deleting ? values[2] : objectId(0xc002));
		});
	}

	test('Continue On Fail: a bad item becomes an error item paired to it; values come from the previous node', async () => {
		succeed();
		succeed();
		const result = await runWorkflow(workflow([fixture.good, fixture.bad, fixture.good], { onError: 'continueRegularOutput' }));
		const output = result.output('Kustomer');
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(output[1].json.error).toMatch(/\[item 1\]$/);
		expect(output[1].json.description).toContain(fixture.bad);
		expect(output[0].json.id).toBeDefined();
		expect(output[2].json.id).toBeDefined();
		// The bad item was never sent.
		expect(sent).toHaveLength(2);
	});
});

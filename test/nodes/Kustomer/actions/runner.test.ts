/**
 * How the node runs an operation over many items: several at once under the run's rate
 * governor, with the input's order and pairing, the check-every-item-first pass, Continue On
 * Fail, and Max Parallel Requests. Kustomer's budget is simulated on virtual time.
 */
import type { IDataObject } from 'n8n-workflow';

import { runWorkflow } from '../../../helpers/harness';
import { BudgetSimulator } from '../../../helpers/budget';
import { conversationResource, CUSTOMER_ID, kustomerApi, objectId, resetApi, sent } from '../../../helpers/kustomer';
import { clock } from '../../../helpers/virtualClock';
import { itemsThenKustomer, locator } from '../../../helpers/workflows';

afterEach(resetApi);

const customers = (count: number) => Array.from({ length: count }, (_, index) => objectId(0x1000 + (index % 20)));

/** Conversation → Create per item, the customer and subject from the item. */
const createEach = (items: IDataObject[], extra: IDataObject = {}, node = {}) =>
	itemsThenKustomer(
		items,
		{
			resource: 'conversation',
			operation: 'create',
			customer: locator('id', '={{ $json.customer }}'),
			additionalFields: { name: '={{ $json.subject }}' },
			...extra,
		},
		node,
	);

const records = (count: number) => customers(count).map((customer, index) => ({ customer, subject: `Item ${index}` }));

/** Answers creates after a real delay that varies by item, counting requests in flight. */
function serveSlowly() {
	const seen = { inFlight: 0, most: 0 };
	kustomerApi()
		.post('/v1/conversations')
		.times(Infinity)
		.reply(async (_uri, body) => {
			seen.inFlight++;
			seen.most = Math.max(seen.most, seen.inFlight);
			const { name } = body as IDataObject;
			await new Promise((resolve) => setTimeout(resolve, 2 + ((Number(String(name).split(' ')[1]) * 7) % 13)));
			seen.inFlight--;
			return [201, { data: conversationResource(objectId(0x9000 + Number(String(name).split(' ')[1])), body as IDataObject) }];
		});
	return seen;
}

test('items run several at once; the output keeps the input order and pairing', async () => {
	const seen = serveSlowly();
	const result = await runWorkflow(createEach(records(40)));
	const output = result.output('Kustomer');
	expect(output.map((item) => item.json.name)).toEqual(records(40).map((record) => record.subject));
	expect(output.map((item) => item.pairedItem)).toEqual(records(40).map((_, item) => ({ item })));
	expect(seen.most).toBeGreaterThan(1);
});

test('Max Parallel Requests 1 handles one item at a time', async () => {
	const seen = serveSlowly();
	const result = await runWorkflow(createEach(records(8), { requestOptions: { maxParallelRequests: 1 } }));
	expect(result.output('Kustomer')).toHaveLength(8);
	expect(seen.most).toBe(1);
});

test.each([0, 51, 2.5, '={{ "many" }}'])('Max Parallel Requests %p is refused before anything is sent', async (value) => {
	const result = await runWorkflow(createEach(records(2), { requestOptions: { maxParallelRequests: value } }));
	expect(result.error('Kustomer')?.message).toBe('Max Parallel Requests must be a whole number from 1 to 50 [item 0]');
	expect(sent).toHaveLength(0);
});

test('a bad item stops the node before any request, as one at a time did', async () => {
	serveSlowly();
	const items = records(10);
	items[7] = { customer: 'nope', subject: 'Bad' };
	const result = await runWorkflow(createEach(items));
	expect(result.error('Kustomer')?.message).toContain('[item 7]');
	expect(sent).toHaveLength(0);
});

test('without Continue On Fail, a failed item stops new items from starting and fails the node with its error', async () => {
	let count = 0;
	kustomerApi()
		.post('/v1/conversations')
		.times(Infinity)
		.reply((_uri, body) => {
			count++;
			return (body as IDataObject).name === 'Item 3'
				? [400, { errors: [{ title: 'Bad Request', detail: 'queue does not exist' }] }]
				: [201, { data: conversationResource(objectId(count), body as IDataObject) }];
		});
	const result = await runWorkflow(createEach(records(200), {}, {}));
	expect(result.error('Kustomer')?.message).toBe('Kustomer rejected the request as invalid (400): queue does not exist');
	expect((result.error('Kustomer') as { context?: { itemIndex?: number } }).context?.itemIndex).toBe(3);
	// Items already under way finished; later ones never started.
	expect(sent.length).toBeLessThan(200);
});

describe('a failed run says what it wrote (no Continue On Fail)', () => {
	function serveFailingAt(failing: string) {
		kustomerApi()
			.post('/v1/conversations')
			.times(Infinity)
			.reply((_uri, body) => {
				const index = Number(String((body as IDataObject).name).split(' ')[1]);
				return (body as IDataObject).name === failing
					? [400, { errors: [{ title: 'Bad Request', detail: 'queue does not exist' }] }]
					: [201, { data: conversationResource(objectId(0x9000 + index), body as IDataObject) }];
			});
	}

	test('the error lists the items written with their IDs, then the items not done, and whether running again is safe', async () => {
		serveFailingAt('Item 2');
		const result = await runWorkflow(createEach(records(5), { requestOptions: { maxParallelRequests: 1 } }));
		const error = result.error('Kustomer') as { message: string; description?: string; httpCode?: string };
		expect(error.message).toBe('Kustomer rejected the request as invalid (400): queue does not exist');
		expect(error.httpCode).toBe('400');
		const lines = String(error.description).split('\n');
		expect(lines[0]).toBe(`Done before the failure (not undone): item 0 (conversation ${objectId(0x9000)}), item 1 (conversation ${objectId(0x9001)}).`);
		expect(lines[1]).toBe('Not done: item 2 (failed: this error); items 3–4 (not started).');
		expect(lines[2]).toContain('Running again creates the done items again unless they carry an External ID');
		expect(error.description).toContain('queue does not exist');
	});

	test('a read that fails lists nothing: it wrote nothing', async () => {
		kustomerApi().get(`/v1/customers/${CUSTOMER_ID}`).reply(404, '');
		const result = await runWorkflow(itemsThenKustomer([{}], { resource: 'customer', operation: 'get', customer: locator('id', CUSTOMER_ID) }));
		expect(result.error('Kustomer')?.description).not.toContain('Done before the failure');
	});
});

test('with Continue On Fail, every item is answered in order, failures as error items', async () => {
	kustomerApi()
		.post('/v1/conversations')
		.times(Infinity)
		.reply((_uri, body) =>
			Number(String((body as IDataObject).name).split(' ')[1]) % 5 === 0
				? [400, { errors: [{ title: 'Bad Request', detail: 'nope' }] }]
				: [201, { data: conversationResource(objectId(1), body as IDataObject) }],
		);
	const result = await runWorkflow(createEach(records(30), {}, { onError: 'continueRegularOutput' }));
	const output = result.output('Kustomer');
	expect(output).toHaveLength(30);
	output.forEach((item, index) => {
		expect(item.pairedItem).toEqual({ item: index });
		expect(item.json.error !== undefined).toBe(index % 5 === 0);
	});
});

describe('under an org budget (virtual time)', () => {
	/** Serves creates under `budget`; answers how many conversations were made. */
	function serveUnder(budget: BudgetSimulator) {
		const made = new Set<string>();
		kustomerApi()
			.post('/v1/conversations')
			.times(Infinity)
			.reply(
				budget.reply((body) => {
					made.add(String(body.name));
					return { data: conversationResource(objectId(made.size), body) };
				}),
			);
		return made;
	}

	test('a batch far over the budget finishes near the least time the budget allows, with few 429s (no reserve)', async () => {
		const budget = new BudgetSimulator(50, 10_000);
		const made = serveUnder(budget);
		const start = clock.now();
		const result = await runWorkflow(createEach(records(300), { requestOptions: { budgetReservePercent: 0 } }));
		expect(result.output('Kustomer')).toHaveLength(300);
		expect(made.size).toBe(300);
		expect(budget.answered).toBe(300);
		const elapsed = clock.now() - start;
		expect(elapsed).toBeGreaterThanOrEqual(budget.floorMs(300));
		expect(elapsed).toBeLessThanOrEqual(budget.floorMs(300) + 2_000);
		// Paced from the headers: a 429 is the exception, not the way the node finds the limit.
		expect(budget.limited).toBe(0);
	});

	test('with another client spending half the budget, it takes what is left without a storm of 429s', async () => {
		const budget = new BudgetSimulator(50, 10_000, 25);
		const made = serveUnder(budget);
		const start = clock.now();
		const result = await runWorkflow(createEach(records(200)));
		expect(result.output('Kustomer')).toHaveLength(200);
		expect(made.size).toBe(200);
		const elapsed = clock.now() - start;
		expect(elapsed).toBeLessThanOrEqual(budget.floorMs(200) * 1.3);
		expect(budget.limited).toBe(0);
	});

	test("alone on the budget, each window's requests start as soon as it opens: the batch ends within 1.05 x the least time the budget allows", async () => {
		const budget = new BudgetSimulator(250, 15_000);
		serveUnder(budget);
		const start = clock.now();
		const result = await runWorkflow(createEach(records(900)));
		expect(result.output('Kustomer')).toHaveLength(900);
		expect(clock.now() - start).toBeLessThanOrEqual(budget.floorMs(900) * 1.05);
		expect(budget.limited).toBe(0);
	});

	test("with another client spending half of each window through it, that client gets under 5 % of 429s, and the batch takes within 1.3 x the least time for the half it may use", async () => {
		const budget = new BudgetSimulator(250, 15_000, 125, Infinity, true);
		serveUnder(budget);
		const start = clock.now();
		const result = await runWorkflow(createEach(records(1000)));
		expect(result.output('Kustomer')).toHaveLength(1000);
		expect(budget.otherRefusedShare()).toBeLessThan(0.05);
		expect(clock.now() - start).toBeLessThanOrEqual(budget.floorMs(1000) * 1.3);
	});

	test('the reserve (Request Options) is left unspent in every window, even alone', async () => {
		const budget = new BudgetSimulator(100, 10_000);
		const perWindow = new Map<number, number>();
		kustomerApi()
			.post('/v1/conversations')
			.times(Infinity)
			.reply((uri, body) => {
				const answer = budget.reply(() => ({ data: conversationResource(objectId(1), body as IDataObject) }))(uri, body);
				perWindow.set(budget.window, (perWindow.get(budget.window) ?? 0) + 1);
				return answer;
			});
		await runWorkflow(createEach(records(250), { requestOptions: { budgetReservePercent: 20 } }));
		expect(Math.max(...perWindow.values())).toBeLessThanOrEqual(80);
		expect(budget.limited).toBe(0);
	});

	test('a storm of 429s pauses the whole run until the reset, instead of each request retrying on its own', async () => {
		const budget = new BudgetSimulator(1000, 10_000, 1000, 1);
		const made = serveUnder(budget);
		const start = clock.now();
		const result = await runWorkflow(createEach(records(20)));
		expect(made.size).toBe(20);
		expect(result.output('Kustomer')).toHaveLength(20);
		// The first window is spent by someone else: the probes are refused, then the run waits
		// for the reset together, and the next window has room for all.
		expect(budget.limited).toBeLessThanOrEqual(4);
		expect(clock.now() - start).toBeGreaterThanOrEqual(10_000);
	});
});

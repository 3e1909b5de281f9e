import { SEED_IDS } from '../../../../../sandbox/store';
import { runWorkflow } from '../../../../helpers/harness';
import { underEachReading } from '../../../../helpers/readings';
import { useSandboxOrg } from '../../../../helpers/sandboxOrg';
import { conversationResource, CONVERSATION_ID, CUSTOMER_ID, kustomerApi, objectId, page, resetApi, sent } from '../../../../helpers/kustomer';
import { itemsThenKustomer, locator } from '../../../../helpers/workflows';
import { CONVERSATIONS_PER_REQUEST, idGroups, slaStatus } from '../../../../../nodes/Kustomer/actions/conversation/metrics';

afterEach(resetApi);

const SLA_ID = '5fadc1ba6647f1953ff94916';
const metricsOf = (values: string[], options = {}) =>
	itemsThenKustomer(
		values.map((value) => ({ value })),
		{ resource: 'conversation', operation: 'getMetrics', conversation: locator('id', '={{ $json.value }}'), metricsOptions: options },
	);

const SLA_STAMP = {
	slaId: SLA_ID,
	slaName: 'Email Policy',
	slaVersion: 1,
	matchedAt: '2026-11-01T09:00:00.000Z',
	metrics: { firstResponse: { breachAt: '2026-11-01T10:00:00.000Z' } },
	breach: { metric: 'firstResponse', at: '2026-11-01T10:00:00.000Z' },
};

const SLA_DOCUMENT = {
	data: { type: 'sla', id: SLA_ID, attributes: { currentVersion: 1 } },
	included: { type: 'sla_version', id: objectId(900), attributes: { name: 'Email Policy', version: 1, hours: 'calendar', metrics: { firstResponse: { enabled: true, times: { 1: 3600000 } } } } },
};

const timeRecord = (conversationId: string, handleTime: number) => ({
	type: 'conversation_time',
	id: objectId(handleTime),
	attributes: { createdAt: '2026-11-01T11:00:00.000Z', handleAt: '2026-11-01T10:59:00.000Z', handleTime, channels: ['email'], assignedUsers: [], assignedTeams: [], createdByTeams: [] },
	relationships: { conversation: { data: { type: 'conversation', id: conversationId } } },
});

test('reads many conversations in one request each group, each SLA policy once, and one row per item with times, SLA status and handle times', async () => {
	const ids = [CONVERSATION_ID, objectId(1), objectId(2)];
	const firstDone = { time: 27122, businessTime: 20000, createdAt: '2026-11-01T11:00:00.000Z' };
	kustomerApi()
		.get(`/v1/conversations/${ids.join(',')}`)
		.reply(200, { data: ids.map((id) => conversationResource(id, { firstDone, sla: SLA_STAMP })) });
	kustomerApi().get(`/v1/slas/${SLA_ID}`).reply(200, SLA_DOCUMENT);
	for (const id of [...ids, CONVERSATION_ID]) kustomerApi().get(`/v1/conversations/${id}/times`).query(true).reply(200, page([timeRecord(id, 30), timeRecord(id, 12)], null));

	const result = await runWorkflow(metricsOf([...ids, CONVERSATION_ID]));

	const rows = result.output('Kustomer').map((item) => item.json);
	expect(rows).toHaveLength(4);
	expect(rows[0]).toMatchObject({
		id: CONVERSATION_ID,
		customerId: CUSTOMER_ID,
		firstDone,
		slaStatus: 'breached',
		sla: SLA_STAMP,
		slaPolicy: { id: SLA_ID, name: 'Email Policy', version: 1, hours: 'calendar' },
		handleTimeTotal: 42,
	});
	expect(rows[0].handleTimes).toHaveLength(2);
	const paths = sent.map((request) => request.path.split('?')[0]);
	// One read of the three conversations, one of the SLA, one of each conversation's times (the repeated item too).
	expect(paths.filter((path) => path === `/v1/conversations/${ids.join(',')}`)).toHaveLength(1);
	expect(paths.filter((path) => path.startsWith('/v1/slas/'))).toHaveLength(1);
	expect(paths.filter((path) => path.endsWith('/times'))).toHaveLength(4);
});

test('a conversation given by External ID is read once, by its lookup, for all the items naming it', async () => {
	kustomerApi().get('/v1/conversations/externalId=order-7').reply(200, { data: conversationResource(CONVERSATION_ID, { externalId: 'order-7' }) });
	const items = [{ value: 'order-7' }, { value: 'order-7' }];
	const workflow = itemsThenKustomer(items, {
		resource: 'conversation',
		operation: 'getMetrics',
		conversation: locator('externalId', '={{ $json.value }}'),
		metricsOptions: { handleTimes: false, slaPolicy: false },
	});
	const result = await runWorkflow(workflow);
	expect(result.output('Kustomer').map((item) => item.json.id)).toEqual([CONVERSATION_ID, CONVERSATION_ID]);
	expect(sent.map((request) => request.path)).toEqual(['/v1/conversations/externalId=order-7']);
});

test('a conversation without an SLA has slaStatus none and reads no policy; the options turn the extra reads off', async () => {
	kustomerApi().get(`/v1/conversations/${CONVERSATION_ID}`).reply(200, { data: conversationResource() });
	const result = await runWorkflow(metricsOf([CONVERSATION_ID], { handleTimes: false, slaPolicy: false }));
	expect(result.output('Kustomer')[0].json).toMatchObject({ id: CONVERSATION_ID, slaStatus: 'none', sla: null });
	expect(result.output('Kustomer')[0].json).not.toHaveProperty('handleTimes');
	expect(sent).toHaveLength(1);
});

test('an unknown conversation in a group fails its own item only (Continue On Fail), the others read one by one', async () => {
	const missing = objectId(3);
	kustomerApi().get(`/v1/conversations/${CONVERSATION_ID},${missing}`).reply(404, { errors: [{ status: 404, title: 'Not Found' }] });
	kustomerApi().get(`/v1/conversations/${CONVERSATION_ID}`).reply(200, { data: conversationResource() });
	kustomerApi().get(`/v1/conversations/${missing}`).reply(404, { errors: [{ status: 404, title: 'Not Found' }] });
	const workflow = metricsOf([CONVERSATION_ID, missing], { handleTimes: false });
	workflow.nodes.find((node) => node.name === 'Kustomer')!.continueOnFail = true;
	const result = await runWorkflow(workflow);
	const items = result.output('Kustomer').map((item) => item.json);
	expect(items[0]).toMatchObject({ id: CONVERSATION_ID });
	expect(String(items[1].error)).toContain(`No Kustomer conversation with ID ${missing}`);
});

test('a group the answer leaves a conversation out of: that item reads it alone and fails naming it', async () => {
	const missing = objectId(4);
	kustomerApi().get(`/v1/conversations/${CONVERSATION_ID},${missing}`).reply(200, { data: [conversationResource()] });
	kustomerApi().get(`/v1/conversations/${missing}`).reply(404, '');
	const workflow = metricsOf([CONVERSATION_ID, missing], { handleTimes: false });
	workflow.nodes.find((node) => node.name === 'Kustomer')!.continueOnFail = true;
	const result = await runWorkflow(workflow);
	expect(result.output('Kustomer')[1].json.error).toBe(`No Kustomer conversation with ID ${missing}`);
});

test('groups hold at most CONVERSATIONS_PER_REQUEST distinct IDs', () => {
	const ids = Array.from({ length: 60 }, (_, index) => objectId(index));
	const groups = idGroups([...ids, ids[0].toUpperCase()]);
	expect(groups.map((group) => group.length)).toEqual([CONVERSATIONS_PER_REQUEST, CONVERSATIONS_PER_REQUEST, 10]);
});

test.each([
	[undefined, 'none'],
	[{ breached: true }, 'breached'],
	[{ breached: false, status: 'paused' }, 'paused'],
	[{ metrics: { firstResponse: { breachAt: 'x', satisfiedAt: 'y' } } }, 'done'],
	[{ metrics: { firstResponse: { breachAt: 'x' } } }, 'pending'],
])('SLA stamp %j is %s', (sla, status) => {
	expect(slaStatus(sla)).toBe(status);
});

underEachReading('conversationListMissing', (conversationListMissing) => {
	const org = useSandboxOrg(() => ({ readings: { conversationListMissing } }));

	test('against the sandbox: an unknown conversation among known ones fails only its item; the known ones get their rows', async () => {
		const ids: string[] = [];
		for (const name of ['One', 'Two']) ids.push((await org.call('POST', '/v1/conversations', { customer: SEED_IDS.customers.jane, name })).data.id);
		const unknown = objectId(0xdead);
		const workflow = metricsOf([ids[0], unknown, ids[1]]);
		workflow.nodes.find((node) => node.name === 'Kustomer')!.continueOnFail = true;
		const result = await org.run(workflow);
		const items = result.output('Kustomer').map((item) => item.json);
		expect(items[0]).toMatchObject({ id: ids[0], name: 'One', slaStatus: 'none', handleTimes: [] });
		expect(String(items[1].error)).toContain(unknown);
		expect(items[2]).toMatchObject({ id: ids[1], name: 'Two' });
	});
});

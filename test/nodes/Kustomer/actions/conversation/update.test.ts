import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { validateRequestBody } from '../../../../../sandbox/contract';
import { SEED_IDS } from '../../../../../sandbox/store';
import { runWorkflow } from '../../../../helpers/harness';
import {
	CONVERSATION_ID,
	conversationResource,
	kustomerApi,
	objectId,
	QUEUE_ID,
	resetApi,
	sent,
	serveBulk,
	TEAM_ID,
	USER_ID,
} from '../../../../helpers/kustomer';
import { underEachReading } from '../../../../helpers/readings';
import { useSandboxOrg } from '../../../../helpers/sandboxOrg';
import { itemsThenKustomer, locator } from '../../../../helpers/workflows';

afterEach(resetApi);

const PATH = `/v1/conversations/${CONVERSATION_ID}`;
const update = (updateFields: INodeParameters, items: IDataObject[] = [{}], extra: INodeParameters = {}) =>
	itemsThenKustomer(items, { resource: 'conversation', operation: 'update', conversation: locator('id', CONVERSATION_ID), updateFields, ...extra });

/** Answers PATCHes with the conversation as the body made it. */
function servePatch(times = 1, attributes: IDataObject = {}) {
	return kustomerApi()
		.patch(PATH)
		.times(times)
		.reply(200, (_uri, body) => ({ data: conversationResource(CONVERSATION_ID, { ...attributes, ...(body as IDataObject) }) }));
}

test('sends only the given fields, as a plain partial object with Content-Type application/json', async () => {
	servePatch();
	const result = await runWorkflow(update({ priority: 5, name: 'Refund for order 1042' }));
	expect(sent).toHaveLength(1);
	expect(sent[0]).toMatchObject({ method: 'PATCH', path: PATH, body: { priority: 5, name: 'Refund for order 1042' } });
	// The OpenAPI file labels this body json-patch+json, but it is a partial object (notes §2.1).
	expect(sent[0].headers['content-type']).toBe('application/json');
	expect(result.output('Kustomer')[0].json).toMatchObject({ id: CONVERSATION_ID, priority: 5 });
});

test('closes, re-queues, re-directs and sets custom attributes in one PATCH', async () => {
	servePatch();
	await runWorkflow(
		update({
			status: 'done',
			queue: QUEUE_ID,
			direction: 'out',
			externalId: 'ticket-7',
			customAttributes: { attribute: [{ name: 'resolutionStr', value: 'refunded' }, { name: 'refundNum', value: '49.90' }] },
		}),
	);
	expect(sent[0].body).toEqual({
		status: 'done',
		queue: { id: QUEUE_ID },
		direction: 'out',
		externalId: 'ticket-7',
		custom: { resolutionStr: 'refunded', refundNum: 49.9 },
	});
});

describe('snooze', () => {
	test('Snoozed with Snooze Until sends status and Kustomer\'s snooze object', async () => {
		servePatch();
		await runWorkflow(update({ status: 'snoozed', snoozeUntil: '2099-01-02T09:00:00Z' }));
		expect(sent[0].body).toEqual({ status: 'snoozed', snooze: { status: 'scheduled', time: '2099-01-02T09:00:00.000Z' } });
	});

	test('Snooze Until alone snoozes; a time without an offset is in the workflow\'s time zone', async () => {
		servePatch();
		const workflow = { ...update({ snoozeUntil: '2099-01-02T09:00:00' }), settings: { timezone: 'Asia/Kolkata' } };
		await runWorkflow(workflow);
		expect(sent[0].body).toEqual({ status: 'snoozed', snooze: { status: 'scheduled', time: '2099-01-02T03:30:00.000Z' } });
	});

	test.each([
		[{ status: 'snoozed' }, 'Snooze Until is required when Status is Snoozed [item 0]'],
		[{ status: 'done', snoozeUntil: '2099-01-02T09:00:00Z' }, 'Snooze Until only applies when Status is Snoozed (Status is "done")'],
		[{ snoozeUntil: '2001-01-02T09:00:00Z' }, 'Snooze Until must be in the future [item 0]'],
		[{ snoozeUntil: '2099-02-30T09:00:00Z' }, 'Snooze Until is not a date: February 2099 has 28 days'],
		[{ snoozeUntil: '' }, 'Snooze Until is empty'],
	])('%j is refused before any request', async (fields, message) => {
		const result = await runWorkflow(update(fields));
		expect(result.error('Kustomer')?.message).toContain(message);
		expect(sent).toHaveLength(0);
	});
});

test('a field added but empty, or null from the previous node, clears it where Kustomer allows', async () => {
	servePatch();
	await runWorkflow(
		update({ name: '', externalId: '={{ $json.ticket }}', assignedUsers: [], customAttributes: { attribute: [{ name: 'orderStr', value: '' }] } }, [
			{ ticket: null },
		]),
	);
	expect(sent[0].body).toEqual({ name: null, externalId: null, assignedUsers: [], custom: { orderStr: null } });
});

test.each(['status', 'priority', 'queue', 'direction'])('emptying %s is an error: Kustomer always keeps one', async (field) => {
	const result = await runWorkflow(update({ [field]: '={{ null }}' }));
	expect(result.error('Kustomer')?.message).toMatch(/cannot be emptied .* \[item 0\]$/);
	expect(sent).toHaveLength(0);
});

describe('adding and removing assignees', () => {
	const current = { assignedUsers: [objectId(1), objectId(2)], assignedTeams: [TEAM_ID], rev: 7 };

	test('reads the conversation, then writes the new lists with the rev it read', async () => {
		kustomerApi().get(PATH).reply(200, { data: conversationResource(CONVERSATION_ID, current) });
		servePatch();
		await runWorkflow(update({ addAssignedUsers: [USER_ID, objectId(1)], removeAssignedUsers: [objectId(2)], removeAssignedTeams: [TEAM_ID], priority: 4 }));
		expect(sent.map((request) => request.method)).toEqual(['GET', 'PATCH']);
		expect(sent[1].body).toEqual({ priority: 4, assignedUsers: [objectId(1), USER_ID], assignedTeams: [], rev: 7 });
	});

	test('nothing to change: no write, the conversation is returned', async () => {
		kustomerApi().get(PATH).reply(200, { data: conversationResource(CONVERSATION_ID, current) });
		const result = await runWorkflow(update({ addAssignedUsers: [objectId(1)], removeAssignedTeams: [objectId(9)] }));
		expect(sent.map((request) => request.method)).toEqual(['GET']);
		expect(result.output('Kustomer')[0].json.id).toBe(CONVERSATION_ID);
	});

	test('a conflict (409: it changed in between) is read and applied again, keeping the other change', async () => {
		kustomerApi().get(PATH).reply(200, { data: conversationResource(CONVERSATION_ID, current) });
		kustomerApi().patch(PATH).reply(409, { errors: [{ status: 409, title: 'Conflict', detail: 'rev mismatch' }] });
		kustomerApi().get(PATH).reply(200, { data: conversationResource(CONVERSATION_ID, { ...current, assignedUsers: [objectId(3)], rev: 8 }) });
		servePatch();
		const result = await runWorkflow(update({ addAssignedUsers: [USER_ID] }));
		expect(sent.map((request) => request.method)).toEqual(['GET', 'PATCH', 'GET', 'PATCH']);
		expect(sent[3].body).toEqual({ assignedUsers: [objectId(3), USER_ID], rev: 8 });
		expect(result.error('Kustomer')).toBeUndefined();
	});

	test('a conflict that keeps coming back says what happened and what to do', async () => {
		kustomerApi().get(PATH).times(3).reply(200, { data: conversationResource(CONVERSATION_ID, current) });
		kustomerApi().patch(PATH).times(3).reply(409, { errors: [{ status: 409, title: 'Conflict', detail: 'rev mismatch' }] });
		const result = await runWorkflow(update({ addAssignedUsers: [USER_ID] }));
		const error = result.error('Kustomer') as { message: string; description?: string; httpCode?: string };
		expect(sent.filter((request) => request.method === 'PATCH')).toHaveLength(3);
		expect(error.httpCode).toBe('409');
		expect(error.description).toContain('The conversation changed while its assignees were being edited, 3 times in a row');
		expect(error.description).toContain('run it again');
		expect(error.description).toContain('rev mismatch');
	});

	test('more than 10 after adding is an error naming the list', async () => {
		const ten = Array.from({ length: 10 }, (_, index) => objectId(index + 1));
		kustomerApi().get(PATH).reply(200, { data: conversationResource(CONVERSATION_ID, { assignedUsers: ten }) });
		const result = await runWorkflow(update({ addAssignedUsers: [USER_ID] }));
		expect(result.error('Kustomer')?.message).toBe('Assigned Users would hold 11; Kustomer allows 10 [item 0]');
		expect(sent.map((request) => request.method)).toEqual(['GET']);
	});

	test('replacing and adding to the same list at once is refused', async () => {
		const result = await runWorkflow(update({ assignedTeams: [TEAM_ID], addAssignedTeams: [objectId(5)] }));
		expect(result.error('Kustomer')?.message).toContain('Assigned Teams replaces the whole list, so it cannot be combined with Add Assigned Teams');
		expect(sent).toHaveLength(0);
	});
});

test('by external ID: looked up once, then changed by ID', async () => {
	kustomerApi().get('/v1/conversations/externalId=ticket%2F7%3Fa%23b%25').reply(200, { data: conversationResource(CONVERSATION_ID, { assignedUsers: [] }) });
	servePatch();
	await runWorkflow(
		itemsThenKustomer([{}], {
			resource: 'conversation',
			operation: 'update',
			conversation: locator('externalId', 'ticket/7?a#b%'),
			updateFields: { addAssignedUsers: [USER_ID] },
		}),
	);
	expect(sent.map((request) => `${request.method} ${request.path}`)).toEqual([
		'GET /v1/conversations/externalId=ticket%2F7%3Fa%23b%25',
		`PATCH ${PATH}`,
	]);
});

test('a 409 on a plain update says what happened and that running again is safe', async () => {
	kustomerApi().patch(PATH).reply(409, { errors: [{ status: 409, title: 'Conflict' }] });
	const result = await runWorkflow(update({ status: 'done' }));
	const error = result.error('Kustomer') as { message: string; description?: string };
	expect(error.message).toBe('Kustomer reported a conflict (409)');
	expect(error.description).toMatch(/^Kustomer refused the change because the conversation changed at the same moment/);
	expect(error.description).toContain('repeating it is safe');
});

test.each([{}, { customAttributes: {} }])('no fields to change (%j) is an error before any request: Kustomer refuses an empty change', async (updateFields) => {
	const result = await runWorkflow(update(updateFields));
	expect(result.error('Kustomer')?.message).toBe('Update Fields are empty: add the fields to change, such as Status, Priority or Assigned Teams [item 0]');
	expect(sent).toHaveLength(0);
});

describe('Send in Bulk (PUT /v1/conversations/bulk)', () => {
	const BULK_PATH = '/v1/conversations/bulk';
	const OTHER_ID = objectId(0xd3);
	const bulkUpdate = (updateFields: INodeParameters, items: IDataObject[], conversation = locator('id', '={{ $json.id }}'), node = {}) =>
		itemsThenKustomer(items, { resource: 'conversation', operation: 'update', conversation, updateFields, sendInBulk: true }, node);

	test('by ID: no read, one bulk request whose records are the PATCH bodies with their id, in Kustomer\'s schema', async () => {
		const submitted = serveBulk(BULK_PATH, { method: 'PUT' });
		const result = await runWorkflow(
			bulkUpdate({ status: '={{ $json.status }}', queue: QUEUE_ID, assignedTeams: [TEAM_ID], customAttributes: { attribute: [{ name: 'refundNum', value: '49.90' }] } }, [
				{ id: CONVERSATION_ID, status: 'done' },
				{ id: OTHER_ID, status: 'open' },
			]),
		);
		expect(sent.map((request) => `${request.method} ${request.path}`)).toEqual([
			`PUT ${BULK_PATH}`,
			`GET /v1/bulk/${objectId(0xa001)}`,
			`GET /v1/bulk/${objectId(0xa001)}/batches`,
		]);
		expect(submitted[0]).toEqual([
			{ id: CONVERSATION_ID, status: 'done', queue: { id: QUEUE_ID }, assignedTeams: [TEAM_ID], custom: { refundNum: 49.9 }, _clientRef: '0' },
			{ id: OTHER_ID, status: 'open', queue: { id: QUEUE_ID }, assignedTeams: [TEAM_ID], custom: { refundNum: 49.9 }, _clientRef: '1' },
		]);
		expect(validateRequestBody('PUT', BULK_PATH, submitted[0])).toMatchObject({ schema: `PUT ${BULK_PATH}`, valid: true });
		expect(result.output('Kustomer').map((item) => item.json)).toEqual([
			{ id: CONVERSATION_ID, bulkResult: 'updated', bulkOperationId: objectId(0xa001) },
			{ id: OTHER_ID, bulkResult: 'updated', bulkOperationId: objectId(0xa001) },
		]);
	});

	test('a snooze goes in the shape Kustomer\'s schema requires', async () => {
		const submitted = serveBulk(BULK_PATH, { method: 'PUT' });
		await runWorkflow(bulkUpdate({ snoozeUntil: '2099-01-01T09:00:00Z' }, [{ id: CONVERSATION_ID }]));
		expect(submitted[0][0]).toEqual({ id: CONVERSATION_ID, status: 'snoozed', snooze: { status: 'scheduled', time: '2099-01-01T09:00:00.000Z' }, _clientRef: '0' });
		expect(validateRequestBody('PUT', BULK_PATH, submitted[0])).toMatchObject({ valid: true });
	});

	test('by external ID: each looked up once before the bulk; one not found fails its item, the others go', async () => {
		kustomerApi().get('/v1/conversations/externalId=ticket-1').reply(200, { data: conversationResource(CONVERSATION_ID) });
		kustomerApi().get('/v1/conversations/externalId=ticket-2').reply(404, '');
		const submitted = serveBulk(BULK_PATH, { method: 'PUT' });
		const result = await runWorkflow(
			bulkUpdate({ priority: 2 }, [{ ref: 'ticket-1' }, { ref: 'ticket-2' }, { ref: 'ticket-1' }], locator('externalId', '={{ $json.ref }}'), { onError: 'continueRegularOutput' }),
		);
		expect(sent.filter((request) => request.path.includes('externalId='))).toHaveLength(2);
		expect(submitted[0]).toEqual([
			{ id: CONVERSATION_ID, priority: 2, _clientRef: '0' },
			{ id: CONVERSATION_ID, priority: 2, _clientRef: '2' },
		]);
		expect(result.output('Kustomer')[1].json).toMatchObject({ error: 'No Kustomer conversation with external ID "ticket-2"', httpCode: '404' });
	});

	test.each([
		['addAssignedUsers', 'Add Assigned Users', 'Assigned Users'],
		['removeAssignedTeams', 'Remove Assigned Teams', 'Assigned Teams'],
	])('%s is refused naming the field before anything is sent: it reads and writes back with rev', async (field, label, replace) => {
		const result = await runWorkflow(bulkUpdate({ status: 'done', [field]: [field.includes('Users') ? USER_ID : TEAM_ID] }, [{ id: CONVERSATION_ID }, { id: OTHER_ID }]));
		expect(result.error('Kustomer')?.message).toBe(
			`${label} cannot be sent with Send in Bulk: it reads the conversation and writes the list back with its revision (rev), one conversation at a time. Use ${replace} to replace the whole list, or turn Send in Bulk off for this item [item 0]`,
		);
		expect(sent).toHaveLength(0);
	});

	test('with Continue On Fail, only the items with a list edit are refused; the others go in the bulk', async () => {
		const submitted = serveBulk(BULK_PATH, { method: 'PUT' });
		const result = await runWorkflow(
			bulkUpdate({ status: 'done', addAssignedUsers: `={{ $json.add ? ["${USER_ID}"] : [] }}` }, [{ id: CONVERSATION_ID }, { id: OTHER_ID, add: true }], undefined, {
				onError: 'continueRegularOutput',
			}),
		);
		expect(submitted[0]).toEqual([{ id: CONVERSATION_ID, status: 'done', _clientRef: '0' }]);
		const output = result.output('Kustomer');
		expect(output[0].json).toMatchObject({ id: CONVERSATION_ID, bulkResult: 'updated' });
		expect(output[1].json.error).toMatch(/^Add Assigned Users cannot be sent with Send in Bulk.*\[item 1\]$/);
	});

	test('a bulk of updates answered 5xx is sent again, as a single update would be: it sets the same values', async () => {
		kustomerApi().put(BULK_PATH).reply(502, '');
		serveBulk(BULK_PATH, { method: 'PUT' });
		const result = await runWorkflow(bulkUpdate({ status: 'done' }, [{ id: CONVERSATION_ID }]));
		expect(sent.filter((request) => request.method === 'PUT')).toHaveLength(2);
		expect(result.output('Kustomer')[0].json).toMatchObject({ id: CONVERSATION_ID, bulkResult: 'updated' });
	});

	test('a record Kustomer rejects is an error item naming the item; the rest of the bulk stands', async () => {
		serveBulk(BULK_PATH, {
			method: 'PUT',
			outcome: (record, index) => (index === 1 ? { status: 'error', error: 'conversation not found' } : { status: 'updated', objectId: String(record.id) }),
		});
		const result = await runWorkflow(bulkUpdate({ status: 'done' }, [{ id: CONVERSATION_ID }, { id: OTHER_ID }], undefined, { onError: 'continueRegularOutput' }));
		const output = result.output('Kustomer');
		expect(output[0].json).toMatchObject({ id: CONVERSATION_ID, bulkResult: 'updated' });
		expect(output[1].json.error).toBe(`Kustomer rejected this item in bulk operation ${objectId(0xa001)}: conversation not found [item 1]`);
		expect(output[1].json.description).toBe('The other items of the bulk stand. Fix this item and run again; running the batch again is safe, as an update sets the same values again.');
	});
});

describe('Txt attributes against the sandbox: at most 1,024 characters, whichever of Kustomer\'s readings holds', () => {
	underEachReading('txtLength', (txtLength) => {
		const org = useSandboxOrg(() => ({ readings: { txtLength } }));
		const updateNotes = (conversation: string, notes: string) =>
			itemsThenKustomer([{ notes }], {
				resource: 'conversation',
				operation: 'update',
				conversation: locator('id', conversation),
				updateFields: { customAttributes: { attribute: [{ name: 'notesTxt', value: '={{ $json.notes }}' }] } },
			});

		test('1,024 characters are sent and stored; 1,025 are refused before anything is sent, naming the field, the item and the limit', async () => {
			const { data } = await org.call('POST', '/v1/conversations', { customer: SEED_IDS.customers.jane });
			const fits = await org.run(updateNotes(data.id, '✓'.repeat(1024)));
			expect(fits.error('Kustomer')).toBeUndefined();
			expect((org.sandbox.store.get('conversations', data.id)?.attributes.custom as IDataObject).notesTxt).toBe('✓'.repeat(1024));
			const before = (await org.requests()).length;

			const tooLong = await org.run(updateNotes(data.id, 'x'.repeat(1025)));
			expect(tooLong.error('Kustomer')?.message).toBe(
				'Custom attribute "notesTxt" must be at most 1024 characters (a Txt attribute, as Kustomer\'s OpenAPI naming-suffix table says) [item 0]',
			);
			expect(await org.requests()).toHaveLength(before);
		});
	});
});

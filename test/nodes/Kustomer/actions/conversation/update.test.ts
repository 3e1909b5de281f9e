import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { runWorkflow } from '../../../../helpers/harness';
import {
	CONVERSATION_ID,
	conversationResource,
	kustomerApi,
	objectId,
	QUEUE_ID,
	resetApi,
	sent,
	TEAM_ID,
	USER_ID,
} from '../../../../helpers/kustomer';
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

test('no fields to change is an error before any request', async () => {
	const result = await runWorkflow(update({}));
	expect(result.error('Kustomer')?.message).toBe('Update Fields are empty: add the fields to change, such as Status, Priority or Assigned Teams [item 0]');
	expect(sent).toHaveLength(0);
});

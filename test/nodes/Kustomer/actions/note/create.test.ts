import type { IDataObject } from 'n8n-workflow';

import { runWorkflow } from '../../../../helpers/harness';
import { CONVERSATION_ID, kustomerApi, networkError, noteResource, objectId, page, resetApi, sent, TEAM_ID, USER_ID } from '../../../../helpers/kustomer';
import { itemsThenKustomer, locator } from '../../../../helpers/workflows';

afterEach(resetApi);

const NOTES_PATH = `/v1/conversations/${CONVERSATION_ID}/notes`;
const create = (parameters: IDataObject, items: IDataObject[] = [{}]) =>
	itemsThenKustomer(items, {
		resource: 'note',
		operation: 'create',
		conversation: locator('id', CONVERSATION_ID),
		body: 'Customer is VIP, refund approved',
		...parameters,
	});

test('adds an internal note: POST /v1/conversations/{id}/notes with the body', async () => {
	kustomerApi().post(NOTES_PATH).reply(201, { data: noteResource('0000000000000000000000bb') });
	const result = await runWorkflow(create({}));
	expect(sent).toEqual([
		expect.objectContaining({ method: 'POST', path: NOTES_PATH, body: { body: 'Customer is VIP, refund approved' } }),
	]);
	expect(result.output('Kustomer')[0].json).toMatchObject({ id: '0000000000000000000000bb', conversationId: CONVERSATION_ID });
});

test('mentions users and teams in one userMentions list, with an external ID', async () => {
	kustomerApi().get(NOTES_PATH).query(true).reply(200, page([], null));
	kustomerApi().post(NOTES_PATH).reply(201, { data: noteResource('0000000000000000000000bc') });
	await runWorkflow(
		create({ additionalFields: { userMentions: [USER_ID], teamMentions: [TEAM_ID], externalId: 'note-1' } }),
	);
	expect(sent[1].body).toEqual({
		body: 'Customer is VIP, refund approved',
		userMentions: [{ user: USER_ID }, { team: TEAM_ID }],
		externalId: 'note-1',
	});
});

test('the note text comes from the previous node', async () => {
	kustomerApi().post(NOTES_PATH).times(2).reply(201, { data: noteResource('0000000000000000000000bd') });
	await runWorkflow(create({ body: '=Escalated by {{ $json.agent }}' }, [{ agent: 'Ana' }, { agent: 'Bo' }]));
	expect(sent.map((request) => (request.body as IDataObject).body)).toEqual(['Escalated by Ana', 'Escalated by Bo']);
});

test.each([
	['a blank body', { body: '   ' }, 'Body is required [item 0]'],
	[
		'21 mentions',
		{
			additionalFields: {
				userMentions: Array.from({ length: 15 }, (_, index) => objectId(index + 1)),
				teamMentions: Array.from({ length: 6 }, (_, index) => objectId(index + 100)),
			},
		},
		'Mentions accept at most 20 users and teams together [item 0]',
	],
	['a mention that is not an ID', { additionalFields: { userMentions: '={{ ["ana"] }}' } }, 'Mention Users #1 must hold Kustomer IDs'],
])('%s fails before any request', async (_label, parameters, message) => {
	const result = await runWorkflow(create(parameters));
	expect(result.error('Kustomer')?.message).toContain(message);
	expect(sent).toHaveLength(0);
});

describe('safe to run again with an External ID (as Escalate finds its note)', () => {
	const withExternalId = (refs: string[]) =>
		itemsThenKustomer(
			refs.map((ref) => ({ ref })),
			{ resource: 'note', operation: 'create', conversation: locator('id', CONVERSATION_ID), body: '={{ "Note " + $json.ref }}', additionalFields: { externalId: '={{ $json.ref }}' } },
		);
	const earlier = (ref: string) => noteResource(objectId(0xe100 + Number(ref.split('-')[1])), { externalId: ref });

	test("an earlier run's note with the External ID is answered, found among the conversation's notes (read, not searched): nothing is added", async () => {
		kustomerApi().get(NOTES_PATH).query(true).reply(200, page([noteResource(objectId(0xe0ff)), earlier('note-1')], null));
		const result = await runWorkflow(withExternalId(['note-1']));
		expect(sent.map((request) => request.method)).toEqual(['GET']);
		expect(result.output('Kustomer')[0].json).toMatchObject({ id: objectId(0xe101), externalId: 'note-1' });
	});

	test("the conversation's notes are read once for all its items; only the missing notes are added, each once", async () => {
		kustomerApi().get(NOTES_PATH).query(true).reply(200, page([earlier('note-2')], null));
		kustomerApi().post(NOTES_PATH).times(Infinity).reply(201, (_uri, body) => ({ data: noteResource(objectId(0xd100), body as IDataObject) }));
		const result = await runWorkflow(withExternalId(['note-1', 'note-2', 'note-3', 'note-1']));
		expect(sent.filter((request) => request.method === 'GET')).toHaveLength(1);
		expect(sent.filter((request) => request.method === 'POST').map((request) => (request.body as IDataObject).externalId)).toEqual(['note-1', 'note-3']);
		expect(result.output('Kustomer')[3].json.id).toBe(result.output('Kustomer')[0].json.id);
	});

	test('a create whose answer is lost is looked for among the notes before it is sent again', async () => {
		kustomerApi().get(NOTES_PATH).query(true).reply(200, page([], null));
		kustomerApi().post(NOTES_PATH).replyWithError(networkError('ECONNRESET', 'socket hang up'));
		kustomerApi().get(NOTES_PATH).query(true).reply(200, page([earlier('note-4')], null));
		const result = await runWorkflow(withExternalId(['note-4']));
		expect(sent.filter((request) => request.method === 'POST')).toHaveLength(1);
		expect(result.output('Kustomer')[0].json.id).toBe(objectId(0xe104));
	});
});

import type { IDataObject } from 'n8n-workflow';

import { runWorkflow } from '../../../../helpers/harness';
import { CONVERSATION_ID, kustomerApi, noteResource, objectId, resetApi, sent, TEAM_ID, USER_ID } from '../../../../helpers/kustomer';
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
	kustomerApi().post(NOTES_PATH).reply(201, { data: noteResource('0000000000000000000000bc') });
	await runWorkflow(
		create({ additionalFields: { userMentions: [USER_ID], teamMentions: [TEAM_ID], externalId: 'note-1' } }),
	);
	expect(sent[0].body).toEqual({
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

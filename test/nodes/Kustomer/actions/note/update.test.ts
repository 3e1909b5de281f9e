import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { validateRequestBody } from '../../../../../sandbox/contract';
import { runWorkflow } from '../../../../helpers/harness';
import { kustomerApi, noteResource, resetApi, sent, serveBulk, TEAM_ID, USER_ID } from '../../../../helpers/kustomer';
import { itemsThenKustomer } from '../../../../helpers/workflows';
import { NOTE_ID } from './update.fixture';

afterEach(resetApi);

const PATH = `/v1/notes/${NOTE_ID}`;
const update = (updateFields: INodeParameters, extra: INodeParameters = {}, items: IDataObject[] = [{}]) =>
	itemsThenKustomer(items, { resource: 'note', operation: 'update', noteId: NOTE_ID, updateFields, ...extra });
const servePatch = () =>
	kustomerApi()
		.patch(PATH)
		.reply(200, (_uri, body) => ({ data: noteResource(NOTE_ID, body as IDataObject) }));

test('PATCH /v1/notes/{id} with only the given fields', async () => {
	servePatch();
	const result = await runWorkflow(update({ body: 'Refund approved (corrected)' }));
	expect(sent.map((request) => `${request.method} ${request.path}`)).toEqual([`PATCH ${PATH}`]);
	expect(sent[0].body).toEqual({ body: 'Refund approved (corrected)' });
	expect(result.output('Kustomer')[0].json).toMatchObject({ id: NOTE_ID, body: 'Refund approved (corrected)' });
});

test('mentions are sent as Kustomer lists them, users and teams in one list that replaces the note\'s', async () => {
	servePatch();
	await runWorkflow(update({ userMentions: [USER_ID], teamMentions: [TEAM_ID] }));
	expect(sent[0].body).toEqual({ userMentions: [{ user: USER_ID }, { team: TEAM_ID }] });
});

test('a mention field added but left empty clears the mentions; External ID emptied is cleared', async () => {
	servePatch();
	await runWorkflow(update({ userMentions: [], externalId: '' }));
	expect(sent[0].body).toEqual({ userMentions: [], externalId: null });
});

test('Update Fields empty: the item fails naming them, and nothing is sent', async () => {
	const result = await runWorkflow(update({}));
	expect(result.error('Kustomer')?.message).toBe('Update Fields are empty: add the fields to change, such as Body or Mention Users [item 0]');
	expect(sent).toEqual([]);
});

test('Send in Bulk: PUT /v1/notes/bulk with { id, ...fields } per item, in the schema', async () => {
	const submitted = serveBulk('/v1/notes/bulk', { method: 'PUT' });
	const result = await runWorkflow(update({ body: 'Reviewed' }, { sendInBulk: true }));
	expect(submitted[0].map(({ _clientRef, ...record }) => record)).toEqual([{ id: NOTE_ID, body: 'Reviewed' }]);
	expect(validateRequestBody('PUT', '/v1/notes/bulk', submitted[0]).errors).toEqual([]);
	expect(result.output('Kustomer')[0].json).toMatchObject({ id: NOTE_ID, bulkResult: 'updated' });
});

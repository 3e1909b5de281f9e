import { runWorkflow } from '../../../../helpers/harness';
import { kustomerApi, noteResource, resetApi, sent } from '../../../../helpers/kustomer';
import { itemsThenKustomer } from '../../../../helpers/workflows';
import { NOTE_ID } from './update.fixture';

afterEach(resetApi);

const remove = () => itemsThenKustomer([{}], { resource: 'note', operation: 'delete', noteId: NOTE_ID });
const searched = { queryContext: 'note', includeDeleted: true, and: [{ note_id: { equals: NOTE_ID } }] };

test('DELETE /v1/notes/{id}, 204, and says which one went', async () => {
	kustomerApi().delete(`/v1/notes/${NOTE_ID}`).reply(204);
	const result = await runWorkflow(remove());
	expect(sent.map((request) => `${request.method} ${request.path}`)).toEqual([`DELETE /v1/notes/${NOTE_ID}`]);
	expect(result.output('Kustomer')).toEqual([{ json: { id: NOTE_ID, deleted: true }, pairedItem: { item: 0 } }]);
});

test('run again: the 404 is "deleted already" once Kustomer\'s search (deleted notes included) knows the note', async () => {
	kustomerApi().delete(`/v1/notes/${NOTE_ID}`).reply(404, '');
	kustomerApi().post('/v1/customers/search').query(true).reply(200, { data: [noteResource(NOTE_ID, { deleted: true })], links: { next: null } });
	const result = await runWorkflow(remove());
	expect(sent[1].body).toMatchObject(searched);
	expect(result.output('Kustomer')[0].json).toEqual({ id: NOTE_ID, deleted: true, alreadyDeleted: true });
});

test('a 404 for a note the search does not know either is an error naming the ID', async () => {
	kustomerApi().delete(`/v1/notes/${NOTE_ID}`).reply(404, '');
	kustomerApi().post('/v1/customers/search').query(true).reply(200, { data: [], links: { next: null } });
	const result = await runWorkflow(remove());
	expect(result.error('Kustomer')?.message).toBe(`No Kustomer note with ID ${NOTE_ID} [item 0]`);
});

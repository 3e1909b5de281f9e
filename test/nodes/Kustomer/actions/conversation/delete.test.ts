import { runWorkflow } from '../../../../helpers/harness';
import { CONVERSATION_ID, conversationResource, kustomerApi, resetApi, sent } from '../../../../helpers/kustomer';
import { itemsThenKustomer, locator } from '../../../../helpers/workflows';

afterEach(resetApi);

const remove = (mode: string, value: string) =>
	itemsThenKustomer([{}], { resource: 'conversation', operation: 'delete', conversation: locator(mode, value) });

test('deletes by ID: DELETE /v1/conversations/{id}, 204, and says which one went', async () => {
	kustomerApi().delete(`/v1/conversations/${CONVERSATION_ID}`).reply(204);
	const result = await runWorkflow(remove('id', CONVERSATION_ID));
	expect(sent.map((request) => `${request.method} ${request.path}`)).toEqual([`DELETE /v1/conversations/${CONVERSATION_ID}`]);
	expect(sent[0].body).toBeUndefined();
	expect(result.output('Kustomer')).toEqual([{ json: { id: CONVERSATION_ID, deleted: true }, pairedItem: { item: 0 } }]);
});

test('deletes by external ID after looking it up', async () => {
	kustomerApi().get('/v1/conversations/externalId=ticket-9').reply(200, { data: conversationResource() });
	kustomerApi().delete(`/v1/conversations/${CONVERSATION_ID}`).reply(204);
	await runWorkflow(remove('externalId', 'ticket-9'));
	expect(sent.map((request) => request.method)).toEqual(['GET', 'DELETE']);
});

describe("a 404: Kustomer answers the same for a conversation deleted before, a wrong ID and one this key cannot see", () => {
	const searchForIt = () => kustomerApi().post('/v1/customers/search').query(true);
	const searched = { queryContext: 'conversation', includeDeleted: true, and: [{ conversation_id: { equals: CONVERSATION_ID } }] };

	test('one Kustomer\'s search still knows (deleted records included) was there: deleted already, flagged alreadyDeleted', async () => {
		kustomerApi().delete(`/v1/conversations/${CONVERSATION_ID}`).reply(404, '');
		searchForIt().reply(200, { data: [conversationResource(CONVERSATION_ID, { deleted: true })], links: { next: null } });
		const result = await runWorkflow(remove('id', CONVERSATION_ID));
		expect(result.output('Kustomer')).toEqual([{ json: { id: CONVERSATION_ID, deleted: true, alreadyDeleted: true }, pairedItem: { item: 0 } }]);
		expect(sent[1].body).toMatchObject(searched);
	});

	test('one the search does not know either is an error naming the ID: a wrong ID does not read as success', async () => {
		kustomerApi().delete(`/v1/conversations/${CONVERSATION_ID}`).reply(404, '');
		searchForIt().reply(200, { data: [], links: { next: null } });
		const result = await runWorkflow(remove('id', CONVERSATION_ID));
		expect(result.error('Kustomer')?.message).toBe(`No Kustomer conversation with ID ${CONVERSATION_ID} [item 0]`);
		expect(result.error('Kustomer')?.description).toContain('a wrong ID, or a conversation this API key cannot see');
	});

	test('when the key may not search, the 404 stays an error saying why it cannot be told apart', async () => {
		kustomerApi().delete(`/v1/conversations/${CONVERSATION_ID}`).reply(404, '');
		searchForIt().reply(403, { errors: [{ title: 'Forbidden' }] });
		const result = await runWorkflow(remove('id', CONVERSATION_ID));
		expect(result.error('Kustomer')?.message).toBe(`No Kustomer conversation with ID ${CONVERSATION_ID} [item 0]`);
		expect(result.error('Kustomer')?.description).toContain('org.permission.search.create');
	});
});

test('by external ID, a lookup that finds nothing is still an error naming it: a mistyped value looks the same', async () => {
	kustomerApi().get('/v1/conversations/externalId=ticket-9').reply(404, '');
	const result = await runWorkflow(remove('externalId', 'ticket-9'));
	expect(result.error('Kustomer')?.message).toBe('No Kustomer conversation with external ID "ticket-9"');
	expect(sent.map((request) => request.method)).toEqual(['GET']);
});

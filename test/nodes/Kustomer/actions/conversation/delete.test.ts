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

test('a conversation already gone is a 404 naming it', async () => {
	kustomerApi().delete(`/v1/conversations/${CONVERSATION_ID}`).reply(404, '');
	const result = await runWorkflow(remove('id', CONVERSATION_ID));
	expect(result.error('Kustomer')?.message).toBe(`No Kustomer conversation with ID ${CONVERSATION_ID}`);
});

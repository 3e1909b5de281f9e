/** Conversation → Add Tags and Remove Tags: Kustomer's own tag endpoints, by name. */
import type { INodeParameters } from 'n8n-workflow';

import { runWorkflow } from '../../../../helpers/harness';
import { CONVERSATION_ID, conversationResource, kustomerApi, resetApi, sent } from '../../../../helpers/kustomer';
import { itemsThenKustomer, locator } from '../../../../helpers/workflows';

afterEach(resetApi);

const TAGS = `/v1/conversations/${CONVERSATION_ID}/tags`;
const tagging = (operation: 'addTags' | 'removeTags', parameters: INodeParameters, items = [{}]) =>
	itemsThenKustomer(items, { resource: 'conversation', operation, conversation: locator('id', CONVERSATION_ID), ...parameters });

test('Add Tags POSTs the names, and nothing else: the other tags are never read or written back', async () => {
	kustomerApi().post(TAGS).reply(200, { data: conversationResource(CONVERSATION_ID, { tags: ['5a00000000000000000000d1'] }) });
	const result = await runWorkflow(tagging('addTags', { tags: ['vip', 'needs review'] }));
	expect(sent.map((request) => `${request.method} ${request.path}`)).toEqual([`POST ${TAGS}`]);
	expect(sent[0].body).toEqual(['vip', 'needs review']);
	expect(result.output('Kustomer')[0].json).toMatchObject({ id: CONVERSATION_ID, tags: ['5a00000000000000000000d1'] });
});

test('Remove Tags DELETEs the names, with the body sent', async () => {
	kustomerApi().delete(TAGS).reply(200, { data: conversationResource() });
	await runWorkflow(tagging('removeTags', { tags: '={{ $json.tags }}' }, [{ tags: ['vip', 'refund'] }]));
	expect(sent.map((request) => `${request.method} ${request.path}`)).toEqual([`DELETE ${TAGS}`]);
	expect(sent[0].body).toEqual(['vip', 'refund']);
	expect(sent[0].headers['content-type']).toBe('application/json');
});

test('a delete answered without a body reads the conversation for the output', async () => {
	kustomerApi().delete(TAGS).reply(204);
	kustomerApi().get(`/v1/conversations/${CONVERSATION_ID}`).reply(200, { data: conversationResource() });
	const result = await runWorkflow(tagging('removeTags', { tags: 'vip' }));
	expect(sent.map((request) => request.method)).toEqual(['DELETE', 'GET']);
	expect(result.output('Kustomer')[0].json.id).toBe(CONVERSATION_ID);
});

test('names typed as comma-separated text are split, trimmed and sent once each', async () => {
	kustomerApi().post(TAGS).reply(200, { data: conversationResource() });
	await runWorkflow(tagging('addTags', { tags: '={{ "vip, Déjà-vu ,vip" }}' }));
	expect(sent[0].body).toEqual(['vip', 'Déjà-vu']);
});

test('Remove Tags names the delete role Kustomer asks for, not update', async () => {
	kustomerApi().delete(TAGS).reply(403, { errors: [{ status: 403, title: 'Forbidden' }] });
	const result = await runWorkflow(tagging('removeTags', { tags: ['vip'] }));
	expect(result.error('Kustomer')?.description).toContain('org.permission.conversation.delete');
});

test('the conversation by external ID is looked up first', async () => {
	kustomerApi().get('/v1/conversations/externalId=order%2F1042').reply(200, { data: conversationResource() });
	kustomerApi().post(TAGS).reply(200, { data: conversationResource() });
	await runWorkflow(
		itemsThenKustomer([{}], { resource: 'conversation', operation: 'addTags', conversation: locator('externalId', 'order/1042'), tags: ['vip'] }),
	);
	expect(sent.map((request) => `${request.method} ${request.path}`)).toEqual(['GET /v1/conversations/externalId=order%2F1042', `POST ${TAGS}`]);
});

test.each([
	['no tags from an expression', { tags: '={{ [] }}' }, 'Tags needs at least one tag [item 0]'],
	['21 tags', { tags: Array.from({ length: 21 }, (_, index) => `t${index}`) }, 'Tags accepts at most 20 tags [item 0]'],
	['an emoji tag', { tags: ['🔥'] }, 'Tags #1 must hold tag names Kustomer accepts'],
	['a 65-character tag', { tags: ['x'.repeat(65)] }, 'Tags #1 must hold tags of at most 64 characters'],
	['a tag starting with a space in a list', { tags: '={{ [" ok", " x"] }}' }, ''],
	['a nested list', { tags: '={{ [["vip"]] }}' }, 'Tags #1 must hold text values, not a list'],
])('%s', async (_label, parameters, message) => {
	kustomerApi().post(TAGS).reply(200, { data: conversationResource() });
	const result = await runWorkflow(tagging('addTags', parameters as INodeParameters));
	if (!message) {
		// Surrounding spaces are trimmed, not sent: this one is valid.
		expect(sent[0].body).toEqual(['ok', 'x']);
		return;
	}
	expect(result.error('Kustomer')?.message).toContain(message);
	expect(sent).toHaveLength(0);
});

import type { IDataObject } from 'n8n-workflow';

import { KUSTOMER_NODE, nodeDescription, runWorkflow } from '../../../../helpers/harness';
import { CONVERSATION_ID, conversationResource, kustomerApi, messageResource, resetApi, sent } from '../../../../helpers/kustomer';
import { itemsThenKustomer, locator } from '../../../../helpers/workflows';

afterEach(resetApi);

const MESSAGES_PATH = `/v1/conversations/${CONVERSATION_ID}/messages`;
const create = (parameters: IDataObject, items: IDataObject[] = [{}]) =>
	itemsThenKustomer(items, {
		resource: 'message',
		operation: 'create',
		conversation: locator('id', CONVERSATION_ID),
		body: 'My order never arrived',
		...parameters,
	});

test('records a message: POST /v1/conversations/{id}/messages with channel, app, direction and the text as preview', async () => {
	kustomerApi().post(MESSAGES_PATH).reply(201, { data: messageResource('0000000000000000000000aa') });
	const result = await runWorkflow(create({ channel: 'chat', direction: 'out' }));
	expect(sent).toEqual([
		expect.objectContaining({
			method: 'POST',
			path: MESSAGES_PATH,
			body: { channel: 'chat', direction: 'out', preview: 'My order never arrived', app: 'n8n' },
		}),
	]);
	expect(result.output('Kustomer')[0].json).toMatchObject({
		id: '0000000000000000000000aa',
		conversationId: CONVERSATION_ID,
		preview: 'Hello',
	});
});

test('sends the optional fields, with Sent At in UTC', async () => {
	kustomerApi().post(MESSAGES_PATH).reply(201, { data: messageResource('0000000000000000000000ab') });
	await runWorkflow(
		create({
			channel: 'email',
			additionalFields: {
				app: 'order-portal',
				subject: 'Order 1042',
				externalId: 'portal-msg-1',
				sentAt: '2026-11-21T10:15:00+01:00',
			},
		}),
	);
	expect(sent[0].body).toEqual({
		channel: 'email',
		direction: 'in',
		preview: 'My order never arrived',
		app: 'order-portal',
		subject: 'Order 1042',
		externalId: 'portal-msg-1',
		sentAt: '2026-11-21T09:15:00.000Z',
	});
});

test('finds the conversation by external ID first', async () => {
	kustomerApi().get('/v1/conversations/externalId=ticket-9').reply(200, { data: conversationResource() });
	kustomerApi().post(MESSAGES_PATH).reply(201, { data: messageResource('0000000000000000000000ac') });
	await runWorkflow(create({ conversation: locator('externalId', 'ticket-9') }));
	expect(sent.map((request) => `${request.method} ${request.path}`)).toEqual([
		'GET /v1/conversations/externalId=ticket-9',
		`POST ${MESSAGES_PATH}`,
	]);
});

test('the editor says plainly that this records and does not deliver', async () => {
	const { properties } = await nodeDescription(KUSTOMER_NODE);
	const notice = properties.find((property) => property.name === 'recordsOnlyNotice');
	expect(notice?.type).toBe('notice');
	expect(notice?.displayName).toContain('does not deliver anything to the customer');
	expect(notice?.displayOptions?.show).toEqual({ resource: ['message'], operation: ['create'] });
});

test.each([
	['an empty body from an expression', { body: '={{ "" }}' }, 'Body is required [item 0]'],
	['a body over 10,240 characters', { body: 'x'.repeat(10_241) }, 'Body must be at most 10240 characters'],
	['an unknown channel', { channel: '={{ "carrier-pigeon" }}' }, 'Channel must be one of chat, email'],
	['a Sent At that is not a date', { additionalFields: { sentAt: '={{ "yesterday" }}' } }, 'Sent At must be an ISO 8601 date-time'],
	['an empty app', { additionalFields: { app: '' } }, 'App is required'],
])('%s fails before any request', async (_label, parameters, message) => {
	const result = await runWorkflow(create(parameters));
	expect(result.error('Kustomer')?.message).toContain(message);
	expect(sent).toHaveLength(0);
});

/**
 * What Kustomer answers is not trusted blindly where it decides where the next request goes:
 * an ID from an answer must be an ID before it is put in a request path, and the storage
 * addresses Kustomer hands out for uploads and downloads must be https addresses of its file
 * storage (S3) or of the credential's own host. Anything else fails the item, naming what
 * Kustomer answered, and nothing is sent with it.
 */
import type { IDataObject } from 'n8n-workflow';
import nock from 'nock';

import { runWorkflow } from '../../../helpers/harness';
import {
	attachmentCreated,
	CONVERSATION_ID,
	conversationResource,
	CUSTOMER_ID,
	kustomerApi,
	messageResource,
	page,
	resetApi,
	sent,
	STORAGE_ORIGIN,
} from '../../../helpers/kustomer';
import { itemsThenKustomer, locator } from '../../../helpers/workflows';

afterEach(resetApi);

const MESSAGES_PATH = `/v1/conversations/${CONVERSATION_ID}/messages`;
const requests = () => sent.map((request) => `${request.method} ${request.path}`);

describe('IDs from Kustomer\'s answers', () => {
	test.each([
		['a path', '../customers/5f1a2b3c4d5e6f7a8b9c0d1e'],
		['a query', `${CONVERSATION_ID}?x=1`],
		['not hexadecimal', 'not-an-id'],
	])('a conversation looked up by external ID whose answered ID is %s: the message is not sent', async (_label, answeredId) => {
		kustomerApi().get('/v1/conversations/externalId=ticket-9').reply(200, { data: { ...conversationResource(), id: answeredId } });
		const result = await runWorkflow(
			itemsThenKustomer([{}], { resource: 'message', operation: 'create', conversation: locator('externalId', 'ticket-9'), body: 'Hi' }),
		);
		expect(result.error('Kustomer')?.message).toBe(`Kustomer answered a conversation ID that is not a Kustomer ID: ${JSON.stringify(answeredId)} [item 0]`);
		expect(requests()).toEqual(['GET /v1/conversations/externalId=ticket-9']);
	});

	test('a conversation whose customer is not an ID: Send creates no draft', async () => {
		const conversation = conversationResource(CONVERSATION_ID, { channels: ['chat'] });
		(conversation.relationships as IDataObject).customer = { data: { type: 'customer', id: `${CUSTOMER_ID}/../../orgs` } };
		kustomerApi().get(`/v1/conversations/${CONVERSATION_ID}`).reply(200, { data: conversation });
		const result = await runWorkflow(
			itemsThenKustomer([{}], { resource: 'message', operation: 'send', conversation: locator('id', CONVERSATION_ID), channel: 'chat', body: 'Hi' }),
		);
		expect(result.error('Kustomer')?.message).toBe(`Kustomer answered a customer ID that is not a Kustomer ID: "${CUSTOMER_ID}/../../orgs" [item 0]`);
		expect(requests()).toEqual([`GET /v1/conversations/${CONVERSATION_ID}`]);
	});
});

describe('storage addresses from Kustomer\'s answers', () => {
	const withFile = (parameters: IDataObject) =>
		itemsThenKustomer([{ $binary: { file: { fileName: 'label.pdf', mimeType: 'application/pdf', text: 'label-bytes' } } }], {
			resource: 'message',
			operation: 'create',
			conversation: locator('id', CONVERSATION_ID),
			body: 'Label attached',
			additionalFields: { attachments: 'file' },
			...parameters,
		});

	test.each([
		['another host', 'https://collector.example.com/upload'],
		['plain http', 'http://kustomer-attachments.s3.amazonaws.com/'],
		['a host that only ends like S3', 'https://evil-amazonaws.com/'],
	])('an upload address on %s is refused before the file is sent there', async (_label, url) => {
		const created = attachmentCreated('0000000000000000000000f1', 'label.pdf', 'application/pdf', 11);
		((created.meta as IDataObject).upload as IDataObject).url = url;
		kustomerApi().post('/v1/attachments').reply(201, created);
		const storage = nock(new URL(url).origin).post(/.*/).reply(204);
		const result = await runWorkflow(withFile({}));
		expect(result.error('Kustomer')?.message).toBe(`Kustomer gave an upload address for "label.pdf" that is not its file storage: ${new URL(url).origin} [item 0]`);
		expect(storage.isDone()).toBe(false);
		expect(requests()).toEqual(['POST /v1/attachments']);
		nock.cleanAll();
	});

	test('a download address on another host is not fetched', async () => {
		const message = messageResource('0000000000000000000000c1', { sentAt: '2026-11-01T00:00:00Z' });
		(message.relationships as IDataObject).attachments = { data: [{ type: 'attachment', id: '00000000000000000000aa01' }] };
		kustomerApi().get(MESSAGES_PATH).query(true).reply(200, page([message], null));
		kustomerApi()
			.get(`/v1/conversations/${CONVERSATION_ID}/attachments`)
			.query(true)
			.reply(
				200,
				page([{ type: 'attachment', id: '00000000000000000000aa01', attributes: { name: 'receipt.pdf', contentLength: 11 }, links: { related: 'https://collector.example.com/a1' } }], null),
			);
		const elsewhere = nock('https://collector.example.com').get(/.*/).reply(200, 'x');
		const result = await runWorkflow(
			itemsThenKustomer([{}], {
				resource: 'message',
				operation: 'getAll',
				conversation: locator('id', CONVERSATION_ID),
				returnAll: true,
				options: { downloadAttachments: true },
			}),
		);
		expect(result.error('Kustomer')?.message).toBe('Kustomer gave a download address for "receipt.pdf" that is not its file storage: https://collector.example.com [item 0]');
		expect(elsewhere.isDone()).toBe(false);
		nock.cleanAll();
	});

	test("Kustomer's S3 storage is accepted, as is the credential's own host (a proxy or the sandbox)", async () => {
		kustomerApi().post('/v1/attachments').reply(201, attachmentCreated('0000000000000000000000f1', 'label.pdf', 'application/pdf', 11));
		nock(STORAGE_ORIGIN).post('/').reply(204);
		kustomerApi().post(MESSAGES_PATH).reply(201, { data: messageResource('0000000000000000000000aa') });
		expect((await runWorkflow(withFile({}))).error('Kustomer')).toBeUndefined();
	});
});

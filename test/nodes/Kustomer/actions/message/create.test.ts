import type { IDataObject } from 'n8n-workflow';

import { parseMultipart } from '../../../../../sandbox/files';
import { SEED_IDS } from '../../../../../sandbox/store';
import { KUSTOMER_NODE, nodeDescription, runWorkflow } from '../../../../helpers/harness';
import {
	attachmentCreated,
	bodyBytes,
	CONVERSATION_ID,
	conversationResource,
	kustomerApi,
	messageResource,
	networkError,
	objectId,
	resetApi,
	sent,
	serveSearchMiss,
	storageApi,
} from '../../../../helpers/kustomer';
import { underEachReading } from '../../../../helpers/readings';
import { useSandboxOrg } from '../../../../helpers/sandboxOrg';
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
	kustomerApi().get('/v1/messages/externalid=portal-msg-1').reply(404, '');
	serveSearchMiss();
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
	expect(sent[2].body).toEqual({
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

describe('idempotent by External ID', () => {
	const withExternalId = (refs: string[], node = {}) =>
		itemsThenKustomer(
			refs.map((ref) => ({ ref })),
			{
				resource: 'message',
				operation: 'create',
				conversation: locator('id', CONVERSATION_ID),
				body: '={{ "Message " + $json.ref }}',
				additionalFields: { externalId: '={{ $json.ref }}' },
			},
			node,
		);
	const existing = (ref: string, conversationId = CONVERSATION_ID) => ({
		...messageResource(objectId(0xe000 + Number(ref.split('-')[1])), { externalId: ref, createdAt: '2026-01-01T00:00:00Z' }),
		relationships: { conversation: { data: { type: 'conversation', id: conversationId } } },
	});

	test('one or a few: Kustomer\'s direct lookup (GET /v1/messages/externalid=…, lower case as Kustomer spells it); an existing one is answered', async () => {
		kustomerApi().get('/v1/messages/externalid=mail-1').reply(200, { data: existing('mail-1') });
		const result = await runWorkflow(withExternalId(['mail-1']));
		expect(sent.map((request) => `${request.method} ${request.path}`)).toEqual(['GET /v1/messages/externalid=mail-1']);
		expect(result.output('Kustomer')[0].json).toMatchObject({ id: objectId(0xe001), externalId: 'mail-1' });
	});

	/** The conversation read directly (its messageCount), and the index's count of its messages (a search's meta.total). */
	function serveCounts(messageCount: number, indexed: number) {
		kustomerApi().get(`/v1/conversations/${CONVERSATION_ID}`).reply(200, { data: conversationResource(CONVERSATION_ID, { messageCount }) });
		kustomerApi()
			.post('/v1/customers/search', (body: IDataObject) => JSON.stringify(body).includes('message_conversation_id'))
			.query({ page: 1, pageSize: 1 })
			.reply(200, { data: [], meta: { page: 1, pageSize: 1, total: indexed, totalPages: indexed }, links: { next: null } });
	}

	test('a batch: one search for the External IDs (message_external_id), then one create per new message', async () => {
		kustomerApi().post('/v1/customers/search', (body: IDataObject) => JSON.stringify(body).includes('message_external_id')).query(true).reply(200, { data: [existing('mail-2')], links: { next: null } });
		// The misses are answers only because the conversation counts as many messages as the index holds.
		serveCounts(7, 7);
		kustomerApi().post(MESSAGES_PATH).times(5).reply(201, (_uri, body) => ({ data: messageResource(objectId(0xd000), body as IDataObject) }));
		const refs = Array.from({ length: 6 }, (_, index) => `mail-${index}`);
		const result = await runWorkflow(withExternalId(refs));
		expect(sent[0].body).toEqual({
			queryContext: 'message',
			and: [{ message_external_id: { in: refs } }],
			sort: [{ message_updated_at: 'asc' }],
		});
		expect(sent[2].body).toMatchObject({ queryContext: 'message', and: [{ message_conversation_id: { in: [CONVERSATION_ID] } }] });
		const posted = sent.filter((request) => request.method === 'POST' && request.path === MESSAGES_PATH);
		expect(posted.map((request) => (request.body as IDataObject).externalId)).toEqual(['mail-0', 'mail-1', 'mail-3', 'mail-4', 'mail-5']);
		expect(sent).toHaveLength(1 + 2 + 5);
		expect(result.output('Kustomer')[2].json.id).toBe(objectId(0xe002));
	});

	test('a 404 from the lookup is believed only once a search confirms it; a message the search finds is answered', async () => {
		kustomerApi().get('/v1/messages/externalid=mail-1').reply(404, '');
		kustomerApi().get('/v1/messages/externalid=mail-2').delay(50).reply(404, '');
		kustomerApi()
			.post('/v1/customers/search')
			.query(true)
			.times(2)
			.reply(200, (_uri, body) => {
				const ref = (body as { and: Array<{ message_external_id: { equals: string } }> }).and[0].message_external_id.equals;
				// Kustomer's equals may ignore case: MAIL-2 is not mail-2.
				return { data: [ref === 'mail-1' ? existing('mail-1') : messageResource(objectId(0xe0ff), { externalId: 'MAIL-2' })], links: { next: null } };
			});
		kustomerApi().post(MESSAGES_PATH).reply(201, (_uri, body) => ({ data: messageResource(objectId(0xd000), body as IDataObject) }));
		const result = await runWorkflow(withExternalId(['mail-1', 'mail-2']));
		expect(sent.map((request) => `${request.method} ${request.path.split('?')[0]}`)).toEqual([
			'GET /v1/messages/externalid=mail-1',
			'GET /v1/messages/externalid=mail-2',
			'POST /v1/customers/search',
			'POST /v1/customers/search',
			`POST ${MESSAGES_PATH}`,
		]);
		expect((sent[2].body as IDataObject).and).toEqual([{ message_external_id: { equals: 'mail-1' } }]);
		expect((sent[4].body as IDataObject).externalId).toBe('mail-2');
		expect(result.output('Kustomer').map((item) => item.json.id)).toEqual([objectId(0xe001), objectId(0xd000)]);
	});

	test('once the lookup has answered a message, its 404s are believed without a search', async () => {
		kustomerApi().get('/v1/messages/externalid=mail-1').reply(200, { data: existing('mail-1') });
		// Answered after mail-1's, as the two lookups go at once.
		kustomerApi().get('/v1/messages/externalid=mail-2').delay(50).reply(404, '');
		kustomerApi().post(MESSAGES_PATH).reply(201, (_uri, body) => ({ data: messageResource(objectId(0xd000), body as IDataObject) }));
		await runWorkflow(withExternalId(['mail-1', 'mail-2']));
		expect(sent.map((request) => `${request.method} ${request.path}`)).toEqual(['GET /v1/messages/externalid=mail-1', 'GET /v1/messages/externalid=mail-2', `POST ${MESSAGES_PATH}`]);
	});

	test('a message recorded seconds ago and not in the index yet is found by a lookup, not recorded again', async () => {
		// Issue 23 item 2: the conversation counts 8 messages, the index 7: its misses are looked up.
		// The batch's search, and (the index lagging) each search confirming a lookup's 404 before the route has answered a message.
		kustomerApi().post('/v1/customers/search', (body: IDataObject) => JSON.stringify(body).includes('message_external_id')).query(true).times(6).reply(200, { data: [], links: { next: null } });
		serveCounts(8, 7);
		for (const ref of ['mail-0', 'mail-1', 'mail-2', 'mail-4', 'mail-5']) kustomerApi().get(`/v1/messages/externalid=${ref}`).reply(404, '');
		kustomerApi().get('/v1/messages/externalid=mail-3').reply(200, { data: existing('mail-3') });
		kustomerApi().post(MESSAGES_PATH).times(5).reply(201, (_uri, body) => ({ data: messageResource(objectId(0xd000), body as IDataObject) }));
		const result = await runWorkflow(withExternalId(Array.from({ length: 6 }, (_, index) => `mail-${index}`)));
		const posted = sent.filter((request) => request.method === 'POST' && request.path === MESSAGES_PATH);
		expect(posted.map((request) => (request.body as IDataObject).externalId)).toEqual(['mail-0', 'mail-1', 'mail-2', 'mail-4', 'mail-5']);
		expect(result.output('Kustomer')[3].json.id).toBe(objectId(0xe003));
	});

	test('an External ID held by a message of another conversation fails the item', async () => {
		kustomerApi().get('/v1/messages/externalid=mail-1').reply(200, { data: existing('mail-1', objectId(0x77)) });
		const result = await runWorkflow(withExternalId(['mail-1']));
		expect(result.error('Kustomer')?.message).toBe('External ID "mail-1" already belongs to a message of another conversation [item 0]');
		expect(sent.filter((request) => request.method === 'POST')).toHaveLength(0);
	});

	test('a dropped connection on create: looked up before sending again, so it is recorded once', async () => {
		kustomerApi().get('/v1/messages/externalid=mail-1').reply(404, '');
		serveSearchMiss();
		kustomerApi().post(MESSAGES_PATH).replyWithError(networkError('ECONNRESET', 'socket hang up'));
		kustomerApi().get('/v1/messages/externalid=mail-1').reply(200, { data: existing('mail-1') });
		const result = await runWorkflow(withExternalId(['mail-1']));
		expect(sent.filter((request) => request.method === 'POST' && request.path === MESSAGES_PATH)).toHaveLength(1);
		expect(result.output('Kustomer')[0].json.id).toBe(objectId(0xe001));
	});
});

describe('attachments from binary properties', () => {
	const ATTACHMENT_ID = '0000000000000000000000f1';
	const invoice = { fileName: 'invoice-1042.pdf', mimeType: 'application/pdf', text: '%PDF-1.4 invoice' };
	const withFile = (parameters: IDataObject, files: IDataObject = { invoice }) =>
		create({ additionalFields: { attachments: Object.keys(files).join(', ') }, ...parameters }, [{ $binary: files }]);

	test('creates the attachment record, uploads the bytes to the storage address without the API key, then links it', async () => {
		const size = Buffer.byteLength(invoice.text);
		kustomerApi().post('/v1/attachments').reply(201, attachmentCreated(ATTACHMENT_ID, invoice.fileName, invoice.mimeType, size));
		let upload: { contentType: string; body: Buffer } | undefined;
		storageApi()
			.post('/')
			.reply(function (_uri, body) {
				upload = { contentType: String(this.req.headers['content-type']), body: bodyBytes(body) };
				return [204, ''];
			});
		kustomerApi().post(MESSAGES_PATH).reply(201, { data: messageResource('0000000000000000000000ad') });

		const result = await runWorkflow(withFile({}));
		expect(result.error('Kustomer')).toBeUndefined();
		expect(sent.map((request) => `${request.method} ${request.path}`)).toEqual(['POST /v1/attachments', `POST ${MESSAGES_PATH}`]);
		expect(sent[0].body).toEqual({ name: 'invoice-1042.pdf', contentType: 'application/pdf', contentLength: size });
		// Every field of meta.upload.fields verbatim and in order, the file last under "file".
		const parts = parseMultipart(upload!.body, upload!.contentType) ?? [];
		expect(parts.map((part) => part.name)).toEqual(['key', 'acl', 'Content-Type', 'X-Amz-Meta-Attachment-Id', 'Policy', 'X-Amz-Signature', 'file']);
		expect(parts[0].data.toString()).toBe(`attachments/${ATTACHMENT_ID}/invoice-1042.pdf`);
		expect(parts[6]).toMatchObject({ filename: 'invoice-1042.pdf', contentType: 'application/pdf' });
		expect(parts[6].data.toString()).toBe(invoice.text);
		expect((sent[1].body as IDataObject).attachments).toEqual([{ _id: ATTACHMENT_ID, name: 'invoice-1042.pdf', contentType: 'application/pdf', contentLength: size }]);
	});

	test('several binary properties become several attachments', async () => {
		const photo = { fileName: 'photo.png', mimeType: 'image/png', base64: Buffer.from('png-bytes').toString('base64') };
		kustomerApi().post('/v1/attachments').reply(201, attachmentCreated(ATTACHMENT_ID, invoice.fileName, invoice.mimeType, 16));
		kustomerApi().post('/v1/attachments').reply(201, attachmentCreated('0000000000000000000000f2', 'photo.png', 'image/png', 9));
		storageApi().post('/').times(2).reply(204);
		kustomerApi().post(MESSAGES_PATH).reply(201, { data: messageResource('0000000000000000000000ae') });
		await runWorkflow(withFile({}, { invoice, photo }));
		expect(((sent[2].body as IDataObject).attachments as IDataObject[]).map((entry) => entry.name)).toEqual(['invoice-1042.pdf', 'photo.png']);
	});

	test('a failed upload creates no message and says what the storage said', async () => {
		kustomerApi().post('/v1/attachments').reply(201, attachmentCreated(ATTACHMENT_ID, invoice.fileName, invoice.mimeType, 16));
		storageApi().post('/').reply(403, '<Error><Code>AccessDenied</Code><Message>Policy expired.</Message></Error>');
		const result = await runWorkflow(withFile({}));
		expect(result.error('Kustomer')?.message).toBe('Uploading "invoice-1042.pdf" to Kustomer\'s file storage failed (403) [item 0]');
		expect(result.error('Kustomer')?.description).toContain('Policy expired.');
		expect(sent.map((request) => request.path)).toEqual(['/v1/attachments']);
	});

	test.each([
		['a binary property the item does not have', { attachments: 'missing' }, { invoice }, 'Attachments: binary property "missing" is not on this item (it has: invoice)'],
		['an empty file', { attachments: 'empty' }, { empty: { fileName: 'empty.txt', text: '' } }, 'file "empty.txt" (binary property "empty") is empty'],
		['a file over 25 MB', { attachments: 'big' }, { big: { fileName: 'big.bin.pdf', base64: Buffer.alloc(25 * 1024 * 1024 + 1).toString('base64') } }, 'is 25.0 MB; attachments may be at most 25 MB'],
		['a type Kustomer blocks', { attachments: 'tool' }, { tool: { fileName: 'setup.exe', text: 'MZ' } }, 'is a .exe file, a type Kustomer blocks'],
	])('%s fails before anything is sent or uploaded', async (_label, additionalFields, files, message) => {
		const result = await runWorkflow(create({ additionalFields }, [{ $binary: files }]));
		expect(result.error('Kustomer')?.message).toContain(message);
		expect(sent).toHaveLength(0);
	});
});

describe("against the sandbox: the message External ID lookup, whichever route Kustomer serves", () => {
	const NO_SEARCH = 'sandbox-key-no-search';

	underEachReading('messageExternalIdRoute', (messageExternalIdRoute) => {
		const org = useSandboxOrg(() => ({ readings: { messageExternalIdRoute } }), { [NO_SEARCH]: { except: ['org.permission.search.create'] } });
		const createOnce = (conversation: string) =>
			itemsThenKustomer([{}], { resource: 'message', operation: 'create', conversation: locator('id', conversation), body: 'Hello', channel: 'chat', additionalFields: { externalId: 'portal/msg 1' } });
		const messagesWithExternalId = () => org.sandbox.store.list('messages').filter((message) => message.attributes.externalId === 'portal/msg 1');

		test('run twice: one message, the second run answers it; a miss is confirmed by a search before anything is created', async () => {
			const conversation = (await org.call('POST', '/v1/conversations', { customer: SEED_IDS.customers.jane })).data.id;
			const first = await org.run(createOnce(conversation));
			expect(first.error('Kustomer')).toBeUndefined();
			const second = await org.run(createOnce(conversation));
			expect(second.error('Kustomer')).toBeUndefined();
			expect(messagesWithExternalId()).toHaveLength(1);
			expect(second.output('Kustomer')[0].json.id).toBe(first.output('Kustomer')[0].json.id);
			const requests = (await org.requests()).map((request) => `${request.method} ${request.path.split('?')[0]} ${request.status}`);
			expect(requests.slice(1, 4)).toEqual([
				'GET /v1/messages/externalid=portal%2Fmsg%201 404',
				'POST /v1/customers/search 200',
				`POST /v1/conversations/${conversation}/messages 201`,
			]);
		});

		test('a key that may not search: the miss cannot be confirmed, so the item fails saying why and nothing is created', async () => {
			const conversation = (await org.call('POST', '/v1/conversations', { customer: SEED_IDS.customers.jane })).data.id;
			const result = await org.run(createOnce(conversation), NO_SEARCH);
			expect(result.error('Kustomer')?.message).toBe(
				'Kustomer answered 404 to the lookup of the message with External ID "portal/msg 1", and the search that would confirm there is none failed [item 0]',
			);
			expect(result.error('Kustomer')?.description).toContain('org.permission.search.create');
			expect(messagesWithExternalId()).toHaveLength(0);
		});
	});
});

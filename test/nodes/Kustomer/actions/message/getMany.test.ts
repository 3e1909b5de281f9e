import type { IDataObject } from 'n8n-workflow';

import { SEED_IDS } from '../../../../../sandbox/store';
import { runWorkflow } from '../../../../helpers/harness';
import { CONVERSATION_ID, conversationResource, kustomerApi, messageResource, page, resetApi, sent, STORAGE_ORIGIN, storageApi } from '../../../../helpers/kustomer';
import { underEachReading } from '../../../../helpers/readings';
import { useSandboxOrg } from '../../../../helpers/sandboxOrg';
import { itemsThenKustomer, locator } from '../../../../helpers/workflows';

afterEach(resetApi);

const MESSAGES_PATH = `/v1/conversations/${CONVERSATION_ID}/messages`;
const ATTACHMENTS_PATH = `/v1/conversations/${CONVERSATION_ID}/attachments`;
const getMany = (parameters: IDataObject = {}) =>
	itemsThenKustomer([{}], { resource: 'message', operation: 'getAll', conversation: locator('id', CONVERSATION_ID), returnAll: true, ...parameters });

const message = (seed: string, sentAt: string, attachmentIds: string[] = []) => {
	const resource = messageResource(`0000000000000000000000${seed}`, { sentAt, preview: `message ${seed}` });
	return { ...resource, relationships: { ...(resource.relationships as IDataObject), attachments: { data: attachmentIds.map((id) => ({ type: 'attachment', id })) } } };
};
const attachment = (id: string, messageId: string, attributes: IDataObject, related?: string) => ({
	type: 'attachment',
	id,
	attributes: { contentLength: 11, redacted: false, ...attributes },
	relationships: { message: { data: { type: 'message', id: messageId } } },
	links: { self: `/v1/attachments/${id}`, ...(related ? { related } : {}) },
});

test('every page, oldest first whatever order Kustomer answers in; Limit applies after sorting', async () => {
	kustomerApi()
		.get(MESSAGES_PATH)
		.query({ page: 1, pageSize: 100 })
		.reply(200, page([message('c3', '2026-11-03T00:00:00Z'), message('c1', '2026-11-01T00:00:00Z')], `${MESSAGES_PATH}?page=2&pageSize=100`));
	kustomerApi().get(MESSAGES_PATH).query({ page: 2, pageSize: 100 }).reply(200, page([message('c2', '2026-11-02T00:00:00Z')], null, 2));
	const result = await runWorkflow(getMany({ returnAll: false, limit: 2 }));
	expect(result.output('Kustomer').map((item) => item.json.preview)).toEqual(['message c1', 'message c2']);
	expect(result.output('Kustomer').map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 0 }]);
});

test('attachment details from the conversation\'s attachment list, one request, only when a message has files', async () => {
	kustomerApi().get(MESSAGES_PATH).query(true).reply(200, page([message('c1', '2026-11-01T00:00:00Z', ['00000000000000000000aa01']), message('c2', '2026-11-02T00:00:00Z')], null));
	kustomerApi()
		.get(ATTACHMENTS_PATH)
		.query(true)
		.reply(200, page([attachment('00000000000000000000aa01', '0000000000000000000000c1', { name: 'receipt.pdf', contentType: 'application/pdf' })], null));
	const output = (await runWorkflow(getMany())).output('Kustomer');
	expect(output[0].json.attachments).toEqual([{ id: '00000000000000000000aa01', name: 'receipt.pdf', contentType: 'application/pdf', contentLength: 11, redacted: false }]);
	expect(output[1].json.attachments).toEqual([]);
	expect(output[0].binary).toBeUndefined();

	resetApi();
	kustomerApi().get(MESSAGES_PATH).query(true).reply(200, page([message('c2', '2026-11-02T00:00:00Z')], null));
	await runWorkflow(getMany());
	expect(sent.map((request) => request.path.split('?')[0])).toEqual([MESSAGES_PATH]);
});

test('Download Attachments puts each file into a binary property, fetched without the API key; redacted files are skipped', async () => {
	kustomerApi()
		.get(MESSAGES_PATH)
		.query(true)
		.reply(200, page([message('c1', '2026-11-01T00:00:00Z', ['00000000000000000000aa01', '00000000000000000000aa02', '00000000000000000000aa03'])], null));
	kustomerApi()
		.get(ATTACHMENTS_PATH)
		.query(true)
		.reply(
			200,
			page(
				[
					attachment('00000000000000000000aa01', '0000000000000000000000c1', { name: 'receipt.pdf', contentType: 'application/pdf' }, `${STORAGE_ORIGIN}/a1?X-Amz-Signature=s1`),
					attachment('00000000000000000000aa02', '0000000000000000000000c1', { name: 'card.png', contentType: 'image/png', redacted: true }),
					attachment('00000000000000000000aa03', '0000000000000000000000c1', { name: 'photo.jpg', contentType: 'image/jpeg' }),
				],
				null,
			),
		);
	// Not in the list with an address: asked for on its own.
	kustomerApi()
		.get('/v1/messages/0000000000000000000000c1/attachments/00000000000000000000aa03')
		.reply(200, { data: attachment('00000000000000000000aa03', '0000000000000000000000c1', { name: 'photo.jpg' }, `${STORAGE_ORIGIN}/a3?X-Amz-Signature=s3`) });
	storageApi().get('/a1').query(true).reply(200, 'receipt-pdf', { 'Content-Type': 'application/pdf' });
	storageApi().get('/a3').query(true).reply(200, 'photo-bytes', { 'Content-Type': 'image/jpeg' });

	const result = await runWorkflow(getMany({ options: { downloadAttachments: true, binaryPropertyPrefix: 'file_' } }));
	expect(result.error('Kustomer')).toBeUndefined();
	const [item] = result.output('Kustomer');
	expect(Object.keys(item.binary ?? {})).toEqual(['file_0', 'file_1']);
	expect(item.binary?.file_0).toMatchObject({ fileName: 'receipt.pdf', mimeType: 'application/pdf' });
	expect(Buffer.from(item.binary!.file_0.data, 'base64').toString()).toBe('receipt-pdf');
	expect(Buffer.from(item.binary!.file_1.data, 'base64').toString()).toBe('photo-bytes');
	expect(item.json.attachments).toHaveLength(3);
});

test('an expired download address is an error saying so', async () => {
	kustomerApi().get(MESSAGES_PATH).query(true).reply(200, page([message('c1', '2026-11-01T00:00:00Z', ['00000000000000000000aa01'])], null));
	kustomerApi()
		.get(ATTACHMENTS_PATH)
		.query(true)
		.reply(200, page([attachment('00000000000000000000aa01', '0000000000000000000000c1', { name: 'receipt.pdf' }, `${STORAGE_ORIGIN}/a1?X-Amz-Signature=s1`)], null));
	storageApi().get('/a1').query(true).reply(403, '<Error><Code>AccessDenied</Code></Error>');
	const result = await runWorkflow(getMany({ options: { downloadAttachments: true } }));
	expect(result.error('Kustomer')?.message).toBe('Downloading "receipt.pdf" from Kustomer failed (403) [item 0]');
});

test('a key that may not read attachments still lists messages, with attachment IDs only; asking for files then fails naming the role', async () => {
	const answer = () => {
		kustomerApi().get(MESSAGES_PATH).query(true).reply(200, page([message('c1', '2026-11-01T00:00:00Z', ['00000000000000000000aa01'])], null));
		kustomerApi().get(ATTACHMENTS_PATH).query(true).reply(403, { errors: [{ title: 'Forbidden' }] });
	};
	answer();
	const listed = await runWorkflow(getMany());
	expect(listed.output('Kustomer')[0].json.attachments).toEqual([{ id: '00000000000000000000aa01' }]);
	resetApi();
	answer();
	const failed = await runWorkflow(getMany({ options: { downloadAttachments: true } }));
	expect(failed.error('Kustomer')?.description).toContain('org.permission.attachment.read');
});

test('by external ID the conversation is looked up first; raw output keeps Kustomer\'s shape', async () => {
	kustomerApi().get('/v1/conversations/externalId=ticket-7').reply(200, { data: conversationResource() });
	kustomerApi().get(MESSAGES_PATH).query(true).reply(200, page([message('c1', '2026-11-01T00:00:00Z')], null));
	const result = await runWorkflow(getMany({ conversation: locator('externalId', 'ticket-7'), simplify: false }));
	expect(result.output('Kustomer')[0].json).toMatchObject({ type: 'message', id: '0000000000000000000000c1', attributes: { preview: 'message c1' }, attachments: [] });
});

test.each([
	['a bad binary property prefix', { options: { binaryPropertyPrefix: 'has space' } }, 'Binary Property Prefix must be a name'],
	['a limit of 0', { returnAll: false, limit: 0 }, 'Limit must be at least 1'],
	['a conversation that is not an ID', { conversation: locator('id', '={{ "nope" }}') }, 'Conversation must be a Kustomer ID'],
])('%s fails before any request', async (_label, parameters, message) => {
	const result = await runWorkflow(getMany(parameters));
	expect(result.error('Kustomer')?.message).toContain(message);
	expect(sent).toHaveLength(0);
});

describe("against the sandbox: attachment IDs from the list's links.self when its items carry no id", () => {
	underEachReading('attachmentListIds', (attachmentListIds) => {
		const org = useSandboxOrg(() => ({ readings: { attachmentListIds } }));

		test('names and files of a message\'s attachments, read from the conversation\'s list without asking for each', async () => {
			const conversation = (await org.call('POST', '/v1/conversations', { customer: SEED_IDS.customers.jane })).data.id;
			const { data: message } = await org.call('POST', `/v1/conversations/${conversation}/messages`, { channel: 'email', app: 'n8n', preview: 'See attached' });
			const { store } = org.sandbox;
			const file = store.insert('attachments', { name: 'receipt.pdf', contentType: 'application/pdf', contentLength: 8, uploaded: true, redacted: false }, { message: { type: 'message', id: message.id } });
			(store as unknown as { files: Map<string, Buffer> }).files.set(file.id, Buffer.from('%PDF-1.4'));
			(store.get('messages', message.id) as unknown as { relationships: Record<string, unknown> }).relationships.attachments = [{ type: 'attachment', id: file.id }];

			const result = await org.run(
				itemsThenKustomer([{}], { resource: 'message', operation: 'getAll', conversation: locator('id', conversation), returnAll: true, options: { downloadAttachments: true } }),
			);
			expect(result.error('Kustomer')).toBeUndefined();
			const [item] = result.output('Kustomer');
			expect(item.json.attachments).toEqual([{ id: file.id, name: 'receipt.pdf', contentType: 'application/pdf', contentLength: 8, redacted: false }]);
			expect(item.binary?.attachment_0).toMatchObject({ fileName: 'receipt.pdf', mimeType: 'application/pdf' });
			expect((await org.requests()).filter((request) => request.path.startsWith(`/v1/messages/${message.id}/attachments`))).toEqual([]);
		});
	});
});

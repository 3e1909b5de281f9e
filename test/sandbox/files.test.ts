/**
 * The sandbox's attachments behave as Kustomer's: a record through the API, the bytes to a
 * separate storage address that takes no API key, presigned downloads.
 */
import { SEED_IDS } from '../../sandbox/store';
import { useSandbox } from '../helpers/sandbox';

const { call } = useSandbox();

async function conversation(): Promise<string> {
	return (await call('POST', '/v1/conversations', { customer: SEED_IDS.customers.jane, name: 'Files' })).body.data.id;
}

async function uploadForm(upload: { url: string; fields: Record<string, string> }, bytes: string, headers: Record<string, string> = {}) {
	const form = new FormData();
	for (const [key, value] of Object.entries(upload.fields)) form.append(key, value);
	form.append('file', new Blob([bytes]), 'receipt.txt');
	const response = await fetch(upload.url, { method: 'POST', body: form, headers });
	return { status: response.status, text: await response.text() };
}

test('record, keyless upload, link to a message, list with download addresses, download without the key', async () => {
	const created = await call('POST', '/v1/attachments', { name: 'receipt.txt', contentType: 'text/plain', contentLength: 7 });
	expect(created.status).toBe(201);
	expect(created.body.data.attributes).toMatchObject({ uploaded: false });
	const { upload } = created.body.meta;
	expect(Object.keys(upload.fields)).toEqual(expect.arrayContaining(['key', 'Policy', 'X-Amz-Signature', 'Content-Type']));

	expect((await uploadForm(upload, 'receipt', { Authorization: 'Bearer sandbox-key' })).text).toContain('Only one auth mechanism allowed');
	expect((await uploadForm(upload, 'too long')).text).toContain('EntityTooLarge');
	expect((await uploadForm(upload, 'receipt')).status).toBe(204);

	const conversationId = await conversation();
	const message = await call('POST', `/v1/conversations/${conversationId}/messages`, {
		channel: 'email',
		app: 'n8n',
		preview: 'See attached',
		attachments: [{ _id: created.body.data.id, name: 'receipt.txt', contentType: 'text/plain', contentLength: 7 }],
	});
	expect(message.body.data.relationships.attachments.data).toEqual([{ type: 'attachment', id: created.body.data.id }]);

	const listed = await call('GET', `/v1/conversations/${conversationId}/attachments`);
	const url = listed.body.data[0].links.related;
	expect(url).toContain('X-Amz-Signature=');
	expect((await call('GET', url, undefined, 'sandbox-key')).status).toBe(400);
	const download = await call('GET', url, undefined, null);
	expect(download).toMatchObject({ status: 200, body: 'receipt' });
	expect(download.headers.get('content-type')).toBe('text/plain');
	expect((await call('GET', url.replace(/Signature=(\w)/, (_: string, first: string) => `Signature=${first === '0' ? '1' : '0'}`), undefined, null)).status).toBe(403);
});

test('a message may only link attachments that exist and were uploaded', async () => {
	const created = await call('POST', '/v1/attachments', { name: 'a.txt', contentType: 'text/plain', contentLength: 1 });
	const response = await call('POST', `/v1/conversations/${await conversation()}/messages`, { channel: 'email', app: 'n8n', attachments: [created.body.data.id] });
	expect(response.status).toBe(400);
	expect(response.body.errors[0].detail).toBe(`attachment ${created.body.data.id} has not been uploaded`);
});

test("a draft's attachment: presigned PUT of the raw bytes, refused with the key", async () => {
	const conversationId = await conversation();
	const draft = await call('POST', `/v1/customers/${SEED_IDS.customers.jane}/drafts`, { channel: 'chat', conversation: conversationId, body: 'hi' });
	const attachment = await call('POST', `/v1/drafts/${draft.body.data.id}/attachments`, { name: 'a.txt', contentType: 'text/plain', contentLength: 2 });
	const put = (headers: Record<string, string>) => fetch(attachment.body.data.links.related, { method: 'PUT', body: 'hi', headers });
	expect((await put({ Authorization: 'Bearer sandbox-key' })).status).toBe(400);
	expect((await put({})).status).toBe(200);
});

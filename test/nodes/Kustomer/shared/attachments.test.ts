/**
 * Attachments read from n8n's binary store in filesystem mode (as with N8N_DEFAULT_BINARY_DATA_MODE
 * =filesystem; S3 mode reads through the same stream helper): the item holds only an ID and
 * "filesystem-v2" where in-memory mode holds the bytes, and the node streams the file from the store.
 */
import { Container } from '@n8n/di';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { IDataObject } from 'n8n-workflow';
import { BinaryDataService } from 'n8n-core';

import { parseMultipart } from '../../../../sandbox/files';
import { runWorkflow } from '../../../helpers/harness';
import {
	attachmentCreated,
	bodyBytes,
	CONVERSATION_ID,
	draftResource,
	kustomerApi,
	messageResource,
	resetApi,
	sent,
	STORAGE_ORIGIN,
	storageApi,
} from '../../../helpers/kustomer';
import { itemsThenKustomer, locator } from '../../../helpers/workflows';

const storagePath = mkdtempSync(path.join(tmpdir(), 'n8n-kustomer-binary-'));

beforeAll(async () => {
	const service = Container.get(BinaryDataService);
	Object.assign((service as unknown as { config: IDataObject }).config, { mode: 'filesystem', localStoragePath: storagePath });
	await service.init();
});
afterAll(() => rmSync(storagePath, { recursive: true, force: true }));
afterEach(resetApi);

const report = { fileName: 'report.csv', mimeType: 'text/csv', text: 'id,total\n1042,49.90\n' };

test('Message → Create uploads a file kept in the filesystem binary store', async () => {
	kustomerApi().post('/v1/attachments').reply(201, attachmentCreated('0000000000000000000000f3', 'report.csv', 'text/csv', 20));
	let uploaded: Buffer | undefined;
	let contentType = '';
	storageApi()
		.post('/')
		.reply(function (_uri, body) {
			contentType = String(this.req.headers['content-type']);
			uploaded = bodyBytes(body);
			return [204, ''];
		});
	kustomerApi().post(`/v1/conversations/${CONVERSATION_ID}/messages`).reply(201, { data: messageResource('0000000000000000000000af') });

	const result = await runWorkflow(
		itemsThenKustomer([{ $binary: { data: report } }], {
			resource: 'message',
			operation: 'create',
			conversation: locator('id', CONVERSATION_ID),
			body: 'The report',
			additionalFields: { attachments: 'data' },
		}),
	);
	expect(result.error('Kustomer')).toBeUndefined();
	expect(result.output('Items')[0].binary?.data).toMatchObject({ id: expect.stringMatching(/^filesystem/), data: expect.stringMatching(/^filesystem/) });
	expect(sent[0].body).toEqual({ name: 'report.csv', contentType: 'text/csv', contentLength: 20 });
	const parts = parseMultipart(uploaded!, contentType) ?? [];
	expect(parts[parts.length - 1].data.toString()).toBe(report.text);
});

test('Message → Send streams a file from the filesystem store to the draft\'s upload address', async () => {
	const draftId = '0000000000000000000000d2';
	kustomerApi().get(`/v1/conversations/${CONVERSATION_ID}`).reply(200, {
		data: { type: 'conversation', id: CONVERSATION_ID, attributes: { channels: ['chat'] }, relationships: { customer: { data: { type: 'customer', id: '5f1a2b3c4d5e6f7a8b9c0d1e' } } } },
	});
	kustomerApi().post('/v1/customers/5f1a2b3c4d5e6f7a8b9c0d1e/drafts').reply(200, { data: draftResource(draftId, { channel: 'chat' }) });
	kustomerApi()
		.post(`/v1/drafts/${draftId}/attachments`)
		.reply(200, { data: { type: 'attachment', id: '0000000000000000000000f4', links: { related: `${STORAGE_ORIGIN}/drafts/f4?X-Amz-Signature=abc` } } });
	let put: { length: string; body: string } | undefined;
	storageApi()
		.put('/drafts/f4')
		.query(true)
		.reply(function (_uri, body) {
			put = { length: String(this.req.headers['content-length']), body: bodyBytes(body).toString() };
			return [200, ''];
		});
	kustomerApi().put(`/v1/drafts/${draftId}`).reply(200, { data: draftResource(draftId, { channel: 'chat', status: 'sent' }) });

	const result = await runWorkflow(
		itemsThenKustomer([{ $binary: { data: report } }], {
			resource: 'message',
			operation: 'send',
			conversation: locator('id', CONVERSATION_ID),
			body: 'The report you asked for',
			additionalFields: { attachments: 'data' },
		}),
	);
	expect(result.error('Kustomer')).toBeUndefined();
	expect(put).toEqual({ length: '20', body: report.text });
});

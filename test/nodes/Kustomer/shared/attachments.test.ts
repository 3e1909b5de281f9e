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
import nock from 'nock';

import { DEFAULT_MAX_DOWNLOAD_MB, FILES_IN_MEMORY } from '../../../../nodes/Kustomer/shared/attachments';
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

test('Message → Send reads a file from the filesystem store (counted) and puts it to the draft\'s upload address', async () => {
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
	kustomerApi().put(`/v1/drafts/${draftId}`).reply(200, { data: draftResource(draftId, { channel: 'chat', status: 'draft' }) });
	kustomerApi().get('/v1/customers/5f1a2b3c4d5e6f7a8b9c0d1e/drafts').query(true).reply(200, { data: [], links: { next: null } });
	kustomerApi()
		.get(`/v1/conversations/${CONVERSATION_ID}/messages`)
		.query(true)
		.reply(200, { data: [messageResource('0000000000000000000000e1', { channel: 'chat', direction: 'out', preview: 'The report you asked for' })], links: { next: null } });

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

describe('memory: each file read once, counted, a few at a time', () => {
	const message = (extra: IDataObject = {}) => ({
		resource: 'message',
		operation: 'create',
		conversation: locator('id', CONVERSATION_ID),
		body: 'The report',
		additionalFields: { attachments: 'data' },
		...extra,
	});

	test('a file whose bytes differ from its declared size is refused before anything goes to storage', async () => {
		kustomerApi().post('/v1/attachments').reply(201, attachmentCreated('0000000000000000000000f3', 'report.csv', 'text/csv', 12));
		const storage = storageApi().post('/').reply(204);
		const result = await runWorkflow(itemsThenKustomer([{ $binary: { data: { ...report, declaredBytes: 12 } } }], message()));
		expect(result.error('Kustomer')?.message).toBe('The file "report.csv" holds more bytes than its binary data says (12) [item 0]');
		expect(storage.isDone()).toBe(false);
		nock.cleanAll();
	});

	test('uploads hold at most a few files at once, whatever Max Parallel Requests says', async () => {
		const items = Array.from({ length: 12 }, () => ({ $binary: { data: report } }));
		kustomerApi()
			.post('/v1/attachments')
			.times(12)
			.reply(201, (_uri, body) => attachmentCreated('0000000000000000000000f3', 'report.csv', 'text/csv', (body as IDataObject).contentLength as number));
		let inFlight = 0;
		let most = 0;
		storageApi()
			.post('/')
			.times(12)
			.reply(async () => {
				most = Math.max(most, ++inFlight);
				for (let tick = 0; tick < 20; tick++) await new Promise((resolve) => setImmediate(resolve));
				inFlight--;
				return [204, ''];
			});
		kustomerApi().post(`/v1/conversations/${CONVERSATION_ID}/messages`).times(12).reply(201, { data: messageResource('0000000000000000000000af') });
		const result = await runWorkflow(itemsThenKustomer(items, message({ requestOptions: { maxParallelRequests: 32 } })));
		expect(result.error('Kustomer')).toBeUndefined();
		expect(most).toBeGreaterThan(1);
		expect(most).toBeLessThanOrEqual(FILES_IN_MEMORY);
	});
});

describe('downloads: a size limit, and the bytes counted', () => {
	const MESSAGE_ID = '0000000000000000000000c1';
	const ATTACHMENT_ID = '00000000000000000000aa01';
	function serveMessageWithFile() {
		const withFile = messageResource(MESSAGE_ID, { sentAt: '2026-11-01T00:00:00Z' });
		(withFile.relationships as IDataObject).attachments = { data: [{ type: 'attachment', id: ATTACHMENT_ID }] };
		kustomerApi().get(`/v1/conversations/${CONVERSATION_ID}/messages`).query(true).reply(200, { data: [withFile], links: { next: null } });
		kustomerApi()
			.get(`/v1/conversations/${CONVERSATION_ID}/attachments`)
			.query(true)
			.reply(200, { data: [{ type: 'attachment', id: ATTACHMENT_ID, attributes: { name: 'big.bin', contentType: 'application/octet-stream' }, links: { related: `${STORAGE_ORIGIN}/big?X-Amz-Signature=s` } }], links: { next: null } });
	}
	const download = (options: IDataObject = {}) =>
		itemsThenKustomer([{}], { resource: 'message', operation: 'getAll', conversation: locator('id', CONVERSATION_ID), returnAll: true, options: { downloadAttachments: true, ...options } });

	test('a file the storage says is over the limit is not read', async () => {
		serveMessageWithFile();
		storageApi().get('/big').query(true).reply(200, 'x'.repeat(10), { 'Content-Length': String(3 * 1024 * 1024) });
		const result = await runWorkflow(download({ maxDownloadSizeMb: 2 }));
		expect(result.error('Kustomer')?.message).toBe('The file "big.bin" is larger than Max Download Size (2 MB) [item 0]');
	});

	test('a file that turns out longer than the limit while it is read is stopped there', async () => {
		serveMessageWithFile();
		storageApi().get('/big').query(true).reply(200, () => Buffer.alloc(3 * 1024 * 1024, 1));
		const result = await runWorkflow(download({ maxDownloadSizeMb: 2 }));
		expect(result.error('Kustomer')?.message).toBe('The file "big.bin" is larger than Max Download Size (2 MB) [item 0]');
	});

	test(`by default files up to ${DEFAULT_MAX_DOWNLOAD_MB} MB come through`, async () => {
		serveMessageWithFile();
		storageApi().get('/big').query(true).reply(200, () => Buffer.alloc(3 * 1024 * 1024, 1));
		const result = await runWorkflow(download());
		expect(result.error('Kustomer')).toBeUndefined();
		expect(result.output('Kustomer')[0].binary?.attachment_0).toMatchObject({ fileName: 'big.bin' });
	});
});

import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { runWorkflow } from '../../../../helpers/harness';
import { kustomerApi, objectId, resetApi, sent } from '../../../../helpers/kustomer';
import { itemsThenKustomer } from '../../../../helpers/workflows';
import { messageWithFiles, redactionResource } from './redact.fixture';
import { MESSAGE_ID } from './update.fixture';

afterEach(resetApi);

const PATH = `/v1/messages/${MESSAGE_ID}/redactions`;
const redact = (parameters: INodeParameters, items: IDataObject[] = [{}]) => itemsThenKustomer(items, { resource: 'message', operation: 'redact', messageId: MESSAGE_ID, ...parameters });
const serveRedactions = (times = 1) =>
	kustomerApi()
		.post(PATH)
		.times(times)
		.reply(201, (_uri, body) => ({ data: redactionResource(MESSAGE_ID, body as IDataObject) }));
const files = (count: number, from = 0) => Array.from({ length: count }, (_, index) => objectId(0xa700 + from + index));

test('by default the text is overwritten with [redacted]: one POST /v1/messages/{id}/redactions { preview }', async () => {
	serveRedactions();
	const result = await runWorkflow(itemsThenKustomer([{}], { resource: 'message', operation: 'redact', messageId: MESSAGE_ID }));
	expect(sent.map((request) => `${request.method} ${request.path}`)).toEqual([`POST ${PATH}`]);
	expect(sent[0].body).toEqual({ preview: '[redacted]' });
	expect(result.output('Kustomer')).toEqual([
		{ json: { id: MESSAGE_ID, redacted: true, textRedacted: true, attachmentsRedacted: [], redactionIds: [objectId(0x7e1)] }, pairedItem: { item: 0 } },
	]);
});

test('the replacement text is sent as given (e.g. the message with only the card number masked)', async () => {
	serveRedactions();
	await runWorkflow(redact({ replacementText: '={{ $json.masked }}' }, [{ masked: 'My card is **** **** **** 1111' }]));
	expect(sent[0].body).toEqual({ preview: 'My card is **** **** **** 1111' });
});

test('chosen files only: the text is kept, the files go in one request', async () => {
	serveRedactions();
	const result = await runWorkflow(redact({ redactText: false, redactAttachments: 'chosen', attachmentIds: files(2).join(', ') }));
	expect(sent[0].body).toEqual({ attachments: files(2) });
	expect(result.output('Kustomer')[0].json).toMatchObject({ textRedacted: false, attachmentsRedacted: files(2) });
});

test('all files: the message is read to list them, then they go 10 per request (Kustomer\'s maximum), the text with the first', async () => {
	kustomerApi().get(`/v1/messages/${MESSAGE_ID}`).reply(200, { data: messageWithFiles(MESSAGE_ID, 12) });
	serveRedactions(2);
	const result = await runWorkflow(redact({ redactAttachments: 'all' }));
	expect(sent.map((request) => `${request.method} ${request.path}`)).toEqual([`GET /v1/messages/${MESSAGE_ID}`, `POST ${PATH}`, `POST ${PATH}`]);
	expect(sent[1].body).toEqual({ preview: '[redacted]', attachments: files(10) });
	expect(sent[2].body).toEqual({ attachments: files(2, 10) });
	expect(result.output('Kustomer')[0].json.attachmentsRedacted).toEqual(files(12));
});

test('all files of a message that has none, text kept: nothing to send, and the output says nothing was redacted', async () => {
	kustomerApi().get(`/v1/messages/${MESSAGE_ID}`).reply(200, { data: messageWithFiles(MESSAGE_ID, 0) });
	const result = await runWorkflow(redact({ redactText: false, redactAttachments: 'all' }));
	expect(sent.map((request) => request.method)).toEqual(['GET']);
	expect(result.output('Kustomer')[0].json).toEqual({ id: MESSAGE_ID, redacted: false, textRedacted: false, attachmentsRedacted: [], redactionIds: [] });
});

test('a redaction whose answer was lost (503) is sent again: the same redaction leaves the message the same', async () => {
	kustomerApi().post(PATH).reply(503, '');
	serveRedactions();
	const result = await runWorkflow(redact({}));
	expect(sent).toHaveLength(2);
	expect(sent[1].body).toEqual(sent[0].body);
	expect(result.output('Kustomer')[0].json.redacted).toBe(true);
});

describe("the message's text is checked afterwards: Kustomer documents its redaction's preview only as text", () => {
	test('an answer reading otherwise fails the item without showing the text (it may be what was to be redacted)', async () => {
		kustomerApi().post(PATH).reply(201, { data: redactionResource(MESSAGE_ID, { preview: 'My card is 4111 1111 1111 1111' }) });
		const result = await runWorkflow(redact({}));
		const error = result.error('Kustomer');
		expect(error?.message).toBe(`Kustomer's redaction of message ${MESSAGE_ID} left it reading something other than the Replacement Text [item 0]`);
		expect(error?.description).toContain('npm run conformance -- --write');
		expect(JSON.stringify(error)).not.toContain('4111');
	});

	test('an answer without the text: the message is read back and compared', async () => {
		kustomerApi().post(PATH).reply(201, { data: { ...redactionResource(MESSAGE_ID), attributes: {} } });
		kustomerApi().get(`/v1/messages/${MESSAGE_ID}`).reply(200, { data: { ...messageWithFiles(MESSAGE_ID, 0), attributes: { preview: '[redacted]' } } });
		const result = await runWorkflow(redact({}));
		expect(sent.map((request) => request.method)).toEqual(['POST', 'GET']);
		expect(result.output('Kustomer')[0].json.textRedacted).toBe(true);
	});
});

test('a missing message is an error naming it', async () => {
	kustomerApi().post(PATH).reply(404, '');
	const result = await runWorkflow(redact({}));
	expect(result.error('Kustomer')?.message).toBe(`No Kustomer message with ID ${MESSAGE_ID}`);
});

import type { IDataObject } from 'n8n-workflow';

import { KUSTOMER_NODE, nodeDescription, runWorkflow } from '../../../../helpers/harness';
import {
	CONVERSATION_ID,
	conversationResource,
	CUSTOMER_ID,
	customerResource,
	draftResource,
	kustomerApi,
	resetApi,
	sent,
	STORAGE_ORIGIN,
	storageApi,
} from '../../../../helpers/kustomer';
import { clock } from '../../../../helpers/virtualClock';
import { itemsThenKustomer, locator } from '../../../../helpers/workflows';

afterEach(resetApi);

const DRAFT_ID = '0000000000000000000000d1';
const DRAFTS_PATH = `/v1/customers/${CUSTOMER_ID}/drafts`;
const send = (parameters: IDataObject = {}, items: IDataObject[] = [{}]) =>
	itemsThenKustomer(items, { resource: 'message', operation: 'send', conversation: locator('id', CONVERSATION_ID), body: 'Your refund is on its way', ...parameters });
const requests = () => sent.map((request) => `${request.method} ${request.path}`);

function serveConversation(attributes: IDataObject, customer: IDataObject = {}) {
	kustomerApi().get(`/v1/conversations/${CONVERSATION_ID}`).reply(200, { data: conversationResource(CONVERSATION_ID, attributes) });
	kustomerApi().get(`/v1/customers/${CUSTOMER_ID}`).reply(200, { data: customerResource(CUSTOMER_ID, customer) });
}

function serveDraft(channel: string, sendStatus = 'sent') {
	kustomerApi().post(DRAFTS_PATH).reply(200, { data: draftResource(DRAFT_ID, { channel }) });
	kustomerApi().put(`/v1/drafts/${DRAFT_ID}`).reply(200, { data: draftResource(DRAFT_ID, { channel, status: sendStatus }) });
}

test('the editor says plainly that Send delivers and Create only records', async () => {
	const { properties } = await nodeDescription(KUSTOMER_NODE);
	const notice = properties.find((property) => property.name === 'deliversNotice');
	expect(notice?.displayName).toContain('delivers the reply to the customer');
	expect(notice?.displayName).toContain('use Message → Create');
	expect(notice?.displayOptions?.show).toEqual({ resource: ['message'], operation: ['send'] });
});

test("sends now on the conversation's channel: a draft to the customer's email, then PUT with sendAt now", async () => {
	serveConversation({ channels: ['email'], lastMessageIn: { channel: 'email' } });
	serveDraft('email');
	const result = await runWorkflow(send());
	expect(result.error('Kustomer')).toBeUndefined();
	expect(requests()).toEqual([`GET /v1/conversations/${CONVERSATION_ID}`, `GET /v1/customers/${CUSTOMER_ID}`, `POST ${DRAFTS_PATH}`, `PUT /v1/drafts/${DRAFT_ID}`]);
	expect(sent[2].body).toEqual({
		channel: 'email',
		conversation: CONVERSATION_ID,
		body: 'Your refund is on its way',
		to: [{ email: 'jane@example.com', name: 'Jane Doe' }],
	});
	// Sending now: sendAt is now, without `scheduled` (Kustomer's update-draft: a timestamp sends).
	expect(sent[3].body).toEqual({ channel: 'email', sendAt: new Date(clock.now()).toISOString() });
	expect(result.output('Kustomer')[0].json).toMatchObject({ id: DRAFT_ID, status: 'sent' });
});

test("schedules at a set time, read in the workflow's time zone, with scheduled: true", async () => {
	serveConversation({ channels: ['email'] });
	serveDraft('email', 'scheduled');
	await runWorkflow(send({ when: 'at', sendAt: '2030-01-15T09:00:00', additionalFields: { subject: 'Your refund', cc: 'billing@acme.test', from: 'support@acme.test', app: 'postmark' } }));
	expect(sent[2].body).toMatchObject({ subject: 'Your refund', cc: [{ email: 'billing@acme.test' }], from: { email: 'support@acme.test' }, app: 'postmark' });
	// America/New_York is n8n's default time zone: 09:00 there is 14:00 UTC in January.
	// The app goes along (Kustomer's PUT schema requires it on WhatsApp).
	expect(sent[3].body).toEqual({ channel: 'email', app: 'postmark', sendAt: '2030-01-15T14:00:00.000Z', scheduled: true });
});

test('a customer without an email address cannot be reached by email: an error before any draft', async () => {
	serveConversation({ channels: ['email'] }, { emails: [] });
	const result = await runWorkflow(send());
	expect(result.error('Kustomer')?.message).toBe('The customer cannot be reached on Email: Kustomer has no email address for them [item 0]');
	expect(result.error('Kustomer')?.description).toContain('or give To');
	expect(requests().some((request) => request.startsWith('POST'))).toBe(false);
});

test('SMS to the customer\'s phone, in E.164', async () => {
	serveConversation({ channels: ['sms'] }, { phones: [{ phone: '+14155550123', type: 'mobile' }] });
	serveDraft('sms');
	await runWorkflow(send({ channel: 'sms' }));
	expect(sent[2].body).toEqual({ channel: 'sms', conversation: CONVERSATION_ID, body: 'Your refund is on its way', to: '+14155550123' });
});

test('a customer without a phone cannot get an SMS', async () => {
	serveConversation({ channels: ['email'] }, { phones: [] });
	const result = await runWorkflow(send({ channel: 'sms' }));
	expect(result.error('Kustomer')?.message).toBe('The customer cannot be reached on SMS: Kustomer has no phone number for them [item 0]');
	expect(sent.filter((request) => request.method === 'POST')).toHaveLength(0);
});

test('To overrides the customer\'s address, and then no customer lookup is needed', async () => {
	serveConversation({ channels: ['sms'] });
	serveDraft('whatsapp');
	await runWorkflow(send({ channel: 'whatsapp', additionalFields: { to: '+1 (415) 555-0199', app: 'twilio_whatsapp' } }));
	expect(requests()[1]).toBe(`POST ${DRAFTS_PATH}`);
	expect(sent[1].body).toMatchObject({ channel: 'whatsapp', app: 'twilio_whatsapp', to: '+14155550199' });
});

test('chat replies go to the thread: only when the customer wrote on chat in this conversation', async () => {
	serveConversation({ channels: ['email'] });
	const result = await runWorkflow(send({ channel: 'chat' }));
	expect(result.error('Kustomer')?.message).toBe('The customer cannot be reached on Chat: the customer has not written on Chat in this conversation [item 0]');
	resetApi();
	kustomerApi().get(`/v1/conversations/${CONVERSATION_ID}`).reply(200, { data: conversationResource(CONVERSATION_ID, { channels: ['email', 'chat'] }) });
	serveDraft('chat');
	await runWorkflow(send({ channel: 'chat' }));
	expect(sent[1].body).toEqual({ channel: 'chat', conversation: CONVERSATION_ID, body: 'Your refund is on its way' });
});

test("a conversation on a channel Kustomer cannot reply on (voice) is an error; so is one without any", async () => {
	kustomerApi().get(`/v1/conversations/${CONVERSATION_ID}`).reply(200, { data: conversationResource(CONVERSATION_ID, { channels: ['voice'] }) });
	expect((await runWorkflow(send())).error('Kustomer')?.message).toBe("The conversation's channel is voice, which Kustomer does not send replies on [item 0]");
	kustomerApi().get(`/v1/conversations/${CONVERSATION_ID}`).reply(200, { data: conversationResource(CONVERSATION_ID, { channels: [] }) });
	expect((await runWorkflow(send())).error('Kustomer')?.message).toBe('The conversation has no channel yet [item 0]');
	expect(sent.filter((request) => request.method !== 'GET')).toHaveLength(0);
});

test('files go to the draft: its attachment record, then the bytes PUT to the storage address without the API key', async () => {
	serveConversation({ channels: ['email'] });
	kustomerApi().post(DRAFTS_PATH).reply(200, { data: draftResource(DRAFT_ID) });
	kustomerApi()
		.post(`/v1/drafts/${DRAFT_ID}/attachments`)
		.reply(200, { data: { type: 'attachment', id: '0000000000000000000000f5', links: { related: `${STORAGE_ORIGIN}/drafts/f5?X-Amz-Signature=abc` } } });
	storageApi().put('/drafts/f5', 'label-bytes').query(true).reply(200);
	kustomerApi().put(`/v1/drafts/${DRAFT_ID}`).reply(200, { data: draftResource(DRAFT_ID, { status: 'sent' }) });
	const result = await runWorkflow(
		send({ additionalFields: { attachments: 'label' } }, [{ $binary: { label: { fileName: 'return-label.pdf', mimeType: 'application/pdf', text: 'label-bytes' } } }]),
	);
	expect(result.error('Kustomer')).toBeUndefined();
	expect(sent[3]).toMatchObject({ path: `/v1/drafts/${DRAFT_ID}/attachments`, body: { name: 'return-label.pdf', contentType: 'application/pdf', contentLength: 11 } });
	expect(requests()[4]).toBe(`PUT /v1/drafts/${DRAFT_ID}`);
});

test('when a file cannot be uploaded the draft is removed, so no half-made reply waits in Kustomer', async () => {
	serveConversation({ channels: ['email'] });
	kustomerApi().post(DRAFTS_PATH).reply(200, { data: draftResource(DRAFT_ID) });
	kustomerApi()
		.post(`/v1/drafts/${DRAFT_ID}/attachments`)
		.reply(200, { data: { type: 'attachment', id: '0000000000000000000000f5', links: { related: `${STORAGE_ORIGIN}/drafts/f5?X-Amz-Signature=abc` } } });
	storageApi().put('/drafts/f5').query(true).reply(403, '<Error><Message>Request has expired</Message></Error>');
	kustomerApi().delete(`/v1/drafts/${DRAFT_ID}`).reply(204);
	const result = await runWorkflow(send({ additionalFields: { attachments: 'label' } }, [{ $binary: { label: { fileName: 'label.pdf', text: 'x' } } }]));
	expect(result.error('Kustomer')?.message).toBe('Uploading "label.pdf" to Kustomer\'s file storage failed (403) [item 0]');
	expect(requests().slice(-1)).toEqual([`DELETE /v1/drafts/${DRAFT_ID}`]);
});

test('when Kustomer refuses the send the draft is removed too, so no unsent reply waits in Kustomer', async () => {
	serveConversation({ channels: ['email'] });
	kustomerApi().post(DRAFTS_PATH).reply(200, { data: draftResource(DRAFT_ID) });
	kustomerApi().put(`/v1/drafts/${DRAFT_ID}`).reply(400, { errors: [{ title: 'Bad Request', detail: 'from is required' }] });
	kustomerApi().delete(`/v1/drafts/${DRAFT_ID}`).reply(204);
	const result = await runWorkflow(send());
	expect(result.error('Kustomer')?.message).toContain('Kustomer rejected the request as invalid (400)');
	expect(requests().slice(-2)).toEqual([`PUT /v1/drafts/${DRAFT_ID}`, `DELETE /v1/drafts/${DRAFT_ID}`]);
});

test('a draft Kustomer already sent (gone when the send is repeated) is answered as created', async () => {
	serveConversation({ channels: ['email'] });
	kustomerApi().post(DRAFTS_PATH).reply(200, { data: draftResource(DRAFT_ID) });
	kustomerApi().put(`/v1/drafts/${DRAFT_ID}`).reply(404, { errors: [{ title: 'Not Found' }] });
	const result = await runWorkflow(send());
	expect(result.error('Kustomer')).toBeUndefined();
	expect(result.output('Kustomer')[0].json.id).toBe(DRAFT_ID);
});

test.each([
	['a Send At in the past', { when: 'at', sendAt: '2020-01-01T09:00:00Z' }, 'Send At is in the past'],
	['an impossible Send At', { when: 'at', sendAt: '={{ "2030-02-30T09:00:00" }}' }, 'Send At is not a date: February 2030 has 28 days'],
	['a body too long for SMS', { channel: 'sms', body: 'x'.repeat(1601) }, 'Body must be at most 1600 characters on SMS'],
	['WhatsApp without its sending app', { channel: 'whatsapp' }, 'App is required on WhatsApp'],
	['an app of another channel', { channel: 'sms', additionalFields: { app: 'postmark' } }, 'App must be one of twilio, zipwhip on SMS'],
	['an email To that is not an address', { channel: 'email', additionalFields: { to: 'jane at example' } }, 'To must hold email addresses'],
	['a To on chat', { channel: 'chat', additionalFields: { to: 'jane@example.com' } }, 'To does not apply to Chat'],
	['a bad CC', { additionalFields: { cc: 'a@b.co, nope' } }, 'CC #2 must be an email address'],
	['an executable for WhatsApp', { channel: 'whatsapp', additionalFields: { app: 'whatsapp', attachments: 'file' } }, 'is not a type WhatsApp delivers'],
])('%s fails before any request', async (_label, parameters, message) => {
	const result = await runWorkflow(send(parameters, [{ $binary: { file: { fileName: 'notes.rtf', text: 'x' } } }]));
	expect(result.error('Kustomer')?.message).toContain(message);
	expect(sent).toHaveLength(0);
});

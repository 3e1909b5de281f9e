import type { IDataObject } from 'n8n-workflow';

import { KUSTOMER_NODE, nodeDescription, runWorkflow } from '../../../../helpers/harness';
import {
	CONVERSATION_ID,
	conversationResource,
	CUSTOMER_ID,
	customerResource,
	draftResource,
	kustomerApi,
	messageResource,
	page,
	resetApi,
	sent,
	STORAGE_ORIGIN,
	storageApi,
} from '../../../../helpers/kustomer';
import { SEND_NOW_LEAD_MS } from '../../../../../nodes/Kustomer/actions/message/delivery';
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

const MESSAGES_PATH = `/v1/conversations/${CONVERSATION_ID}/messages`;
const DELIVERED_ID = '0000000000000000000000e1';
const BODY = 'Your refund is on its way';

/** The reply as Kustomer records it once the draft is delivered: an `out` message on the conversation. */
const delivered = (channel = 'email', attributes: IDataObject = {}) =>
	messageResource(DELIVERED_ID, { channel, direction: 'out', preview: BODY, status: 'sent', createdAt: '2026-11-22T12:00:06.000Z', ...attributes });

/**
 * Kustomer's drafts as its documents describe them: the PUT answers the draft still `draft`
 * (OpenAPI's example), and the draft is delivered afterwards: it leaves the customer's drafts
 * after `pendingLooks` looks, and the out message is on the conversation then.
 */
function serveDraft(channel: string, { pendingLooks = 1, message = delivered(channel) }: { pendingLooks?: number; message?: IDataObject | null } = {}) {
	kustomerApi().post(DRAFTS_PATH).reply(200, { data: draftResource(DRAFT_ID, { channel }) });
	kustomerApi().put(`/v1/drafts/${DRAFT_ID}`).reply(200, { data: draftResource(DRAFT_ID, { channel, status: 'draft' }) });
	let looks = 0;
	kustomerApi()
		.get(DRAFTS_PATH)
		.query(true)
		.times(Infinity)
		.reply(() => [200, page(looks++ < pendingLooks ? [draftResource(DRAFT_ID, { channel, status: 'scheduled' })] : [], null)]);
	kustomerApi()
		.get(MESSAGES_PATH)
		.query(true)
		.times(Infinity)
		.reply(() => [200, page(looks > pendingLooks && message ? [messageResource('0000000000000000000000e0', { direction: 'in', preview: 'Where is my refund?' }), message] : [], null)]);
}

test('the editor says plainly that Send delivers and Create only records', async () => {
	const { properties } = await nodeDescription(KUSTOMER_NODE);
	const notice = properties.find((property) => property.name === 'deliversNotice');
	expect(notice?.displayName).toContain('delivers the reply to the customer');
	expect(notice?.displayName).toContain('use Message → Create');
	expect(notice?.displayOptions?.show).toEqual({ resource: ['message'], operation: ['send'] });
});

test("sends now on the conversation's channel in the form every Kustomer source describes: PUT with the draft's own fields, a sendAt a moment ahead and scheduled: true", async () => {
	serveConversation({ channels: ['email'], lastMessageIn: { channel: 'email' } });
	serveDraft('email');
	const result = await runWorkflow(send());
	expect(result.error('Kustomer')).toBeUndefined();
	expect(requests().slice(0, 4)).toEqual([`GET /v1/conversations/${CONVERSATION_ID}`, `GET /v1/customers/${CUSTOMER_ID}`, `POST ${DRAFTS_PATH}`, `PUT /v1/drafts/${DRAFT_ID}`]);
	const draft = { channel: 'email', conversation: CONVERSATION_ID, body: BODY, to: [{ email: 'jane@example.com', name: 'Jane Doe' }] };
	expect(sent[2].body).toEqual(draft);
	// create-draft-for-customer: scheduling needs a future sendAt AND scheduled: true; update-draft: a valid sendAt schedules.
	// The draft's own fields go again: a PUT may replace what it is not sent.
	expect(sent[3].body).toEqual({ ...draft, sendAt: new Date(sent[3].at + SEND_NOW_LEAD_MS).toISOString(), scheduled: true });
});

test("schedules at a set time, read in the workflow's time zone, with scheduled: true, and reports it scheduled at once", async () => {
	serveConversation({ channels: ['email'] });
	serveDraft('email');
	const result = await runWorkflow(send({ when: 'at', sendAt: '2030-01-15T09:00:00', additionalFields: { subject: 'Your refund', cc: 'billing@acme.test', from: 'support@acme.test', app: 'postmark' } }));
	expect(sent[2].body).toMatchObject({ subject: 'Your refund', cc: [{ email: 'billing@acme.test' }], from: { email: 'support@acme.test' }, app: 'postmark' });
	// America/New_York is n8n's default time zone: 09:00 there is 14:00 UTC in January.
	expect(sent[3].body).toEqual({ ...(sent[2].body as IDataObject), sendAt: '2030-01-15T14:00:00.000Z', scheduled: true });
	expect(requests()).toHaveLength(4);
	expect(result.output('Kustomer')[0].json).toMatchObject({ id: DRAFT_ID, draftId: DRAFT_ID, status: 'scheduled', sendAt: '2030-01-15T14:00:00.000Z' });
});

describe('reports the truth: Kustomer answers the send with the draft and delivers afterwards', () => {
	test('Wait for Delivery (on by default) waits until the draft is gone and the out message exists, and outputs that message', async () => {
		serveConversation({ channels: ['email'] });
		serveDraft('email', { pendingLooks: 2 });
		const result = await runWorkflow(send());
		expect(result.error('Kustomer')).toBeUndefined();
		const [item] = result.output('Kustomer');
		expect(item.json).toMatchObject({ id: DELIVERED_ID, draftId: DRAFT_ID, direction: 'out', status: 'sent', conversationId: CONVERSATION_ID });
		expect(item.json.appUrl).toBe(`https://acme.kustomerapp.com/app/customers/${CUSTOMER_ID}/event/${CONVERSATION_ID}`);
		// The customer's drafts were looked at until the draft left them, then the conversation's messages.
		expect(requests().filter((request) => request.startsWith(`GET ${DRAFTS_PATH}`)).length).toBe(3);
	});

	test('without Wait for Delivery the output is the draft, sending, at once', async () => {
		serveConversation({ channels: ['email'] });
		serveDraft('email');
		const result = await runWorkflow(send({ waitForDelivery: false }));
		expect(requests()).toHaveLength(4);
		expect(result.output('Kustomer')[0].json).toMatchObject({ id: DRAFT_ID, draftId: DRAFT_ID, status: 'sending' });
	});

	test("a delivery that fails fails the item naming Kustomer's reason (the out message's error)", async () => {
		serveConversation({ channels: ['email'] });
		const error = { status: 422, code: 'message_too_large', title: 'Postmark refused the message', detail: 'The message is larger than 10 MB' };
		serveDraft('email', { message: delivered('email', { status: 'error', error, errorAt: '2026-11-22T12:00:07.000Z' }) });
		const result = await runWorkflow(send());
		expect(result.error('Kustomer')?.message).toBe('Kustomer could not deliver the reply: Postmark refused the message: The message is larger than 10 MB [item 0]');
		expect(result.error('Kustomer')?.description).toContain(DELIVERED_ID);
	});

	test("a delivery that fails and leaves the draft (status error) fails the item with the draft's reason", async () => {
		serveConversation({ channels: ['whatsapp'] }, { whatsapps: [{ phone: '+14155550123' }] });
		kustomerApi().post(DRAFTS_PATH).reply(200, { data: draftResource(DRAFT_ID, { channel: 'whatsapp' }) });
		kustomerApi().put(`/v1/drafts/${DRAFT_ID}`).reply(200, { data: draftResource(DRAFT_ID, { channel: 'whatsapp', status: 'draft' }) });
		const failed = draftResource(DRAFT_ID, { channel: 'whatsapp', status: 'error', error: { title: 'WhatsApp refused the message', detail: 'outside the 24-hour window: a template is needed' } });
		kustomerApi().get(DRAFTS_PATH).query(true).times(Infinity).reply(200, page([failed], null));
		const result = await runWorkflow(send({ channel: 'whatsapp', additionalFields: { app: 'whatsapp' } }));
		expect(result.error('Kustomer')?.message).toBe('Kustomer could not deliver the reply: WhatsApp refused the message: outside the 24-hour window: a template is needed [item 0]');
	});

	test('a reply not delivered within Delivery Timeout fails the item saying it may still go out', async () => {
		serveConversation({ channels: ['email'] });
		serveDraft('email', { pendingLooks: Infinity });
		const start = clock.now();
		const result = await runWorkflow(send({ additionalFields: { deliveryTimeout: 30 } }));
		expect(result.error('Kustomer')?.message).toBe(`Kustomer has not delivered the reply within 30 s (draft ${DRAFT_ID} is still scheduled) [item 0]`);
		expect(result.error('Kustomer')?.description).toContain('may still go out');
		expect(clock.now() - start).toBeGreaterThanOrEqual(30_000);
		expect(clock.now() - start).toBeLessThan(45_000);
	});

	test('without the draft.read role the delivery is found among the conversation\'s messages alone', async () => {
		serveConversation({ channels: ['email'] });
		kustomerApi().post(DRAFTS_PATH).reply(200, { data: draftResource(DRAFT_ID, { channel: 'email', createdAt: '2026-11-22T12:00:00.000Z' }) });
		kustomerApi().put(`/v1/drafts/${DRAFT_ID}`).reply(200, { data: draftResource(DRAFT_ID, { status: 'draft' }) });
		kustomerApi().get(DRAFTS_PATH).query(true).times(Infinity).reply(403, { errors: [{ title: 'Forbidden' }] });
		let looks = 0;
		kustomerApi().get(MESSAGES_PATH).query(true).times(Infinity).reply(() => [200, page(looks++ ? [delivered()] : [], null)]);
		const result = await runWorkflow(send());
		expect(result.output('Kustomer')[0].json).toMatchObject({ id: DELIVERED_ID, draftId: DRAFT_ID });
	});
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
	kustomerApi().get(DRAFTS_PATH).query(true).times(Infinity).reply(200, page([], null));
	kustomerApi().get(MESSAGES_PATH).query(true).times(Infinity).reply(200, page([delivered()], null));
	kustomerApi().post(DRAFTS_PATH).reply(200, { data: draftResource(DRAFT_ID) });
	kustomerApi()
		.post(`/v1/drafts/${DRAFT_ID}/attachments`)
		.reply(200, { data: { type: 'attachment', id: '0000000000000000000000f5', links: { related: `${STORAGE_ORIGIN}/drafts/f5?X-Amz-Signature=abc` } } });
	storageApi().put('/drafts/f5', 'label-bytes').query(true).reply(200);
	kustomerApi().put(`/v1/drafts/${DRAFT_ID}`).reply(200, { data: draftResource(DRAFT_ID, { status: 'draft' }) });
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

test('a send retried after a 5xx that finds the draft gone was delivered by its first attempt', async () => {
	serveConversation({ channels: ['email'] });
	kustomerApi().post(DRAFTS_PATH).reply(200, { data: draftResource(DRAFT_ID) });
	kustomerApi().put(`/v1/drafts/${DRAFT_ID}`).reply(502, '');
	kustomerApi().put(`/v1/drafts/${DRAFT_ID}`).reply(404, { errors: [{ title: 'Not Found' }] });
	kustomerApi().get(DRAFTS_PATH).query(true).times(Infinity).reply(200, page([], null));
	kustomerApi().get(MESSAGES_PATH).query(true).times(Infinity).reply(200, page([delivered()], null));
	const result = await runWorkflow(send());
	expect(result.error('Kustomer')).toBeUndefined();
	expect(result.output('Kustomer')[0].json).toMatchObject({ id: DELIVERED_ID, draftId: DRAFT_ID });
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

describe("attachment limits per channel, checked before anything is sent (Postmark's 10 MB by default for email)", () => {
	const MB = 1024 * 1024;
	/** Files of these sizes (in MB) in the item's binary properties file0, file1, … */
	const withFiles = (sizes: number[], { additionalFields, ...parameters }: IDataObject = {}) =>
		send(
			{ ...parameters, additionalFields: { attachments: sizes.map((_, index) => `file${index}`).join(', '), ...(additionalFields as IDataObject) } },
			[{ $binary: Object.fromEntries(sizes.map((size, index) => [`file${index}`, { fileName: `part-${index}.pdf`, mimeType: 'application/pdf', base64: Buffer.alloc(Math.round(size * MB)).toString('base64') }])) }],
		);

	test.each([
		['by default (Postmark, Kustomer\'s default email provider)', {}],
		['with App postmark', { additionalFields: { app: 'postmark' } }],
	])('an email whose files pass 10 MB once base64-encoded is refused %s', async (_label, parameters) => {
		serveConversation({ channels: ['email'] });
		const result = await runWorkflow(withFiles([4, 4], { channel: 'email', ...parameters }));
		expect(result.error('Kustomer')?.message).toBe(
			'Attachments are 8.0 MB, 10.7 MB once base64-encoded: Postmark, Kustomer\'s email provider unless the App is gmail, delivers at most 10 MB per email, files and text together [item 0]',
		);
		expect(requests().filter((request) => !request.startsWith('GET'))).toEqual([]);
	});

	test('the same files go by Gmail, whose limit is 25 MB', async () => {
		serveConversation({ channels: ['email'] });
		serveDraft('email');
		kustomerApi().post(`/v1/drafts/${DRAFT_ID}/attachments`).times(2).reply(200, { data: { type: 'attachment', id: '0000000000000000000000f5', links: { related: `${STORAGE_ORIGIN}/drafts/f5?X-Amz-Signature=abc` } } });
		storageApi().put('/drafts/f5').query(true).times(2).reply(200);
		const result = await runWorkflow(withFiles([4, 4], { channel: 'email', additionalFields: { app: 'gmail' } }));
		expect(result.error('Kustomer')).toBeUndefined();
	});

	test('an SMS (MMS) carries at most 5 MB of files in all', async () => {
		const result = await runWorkflow(withFiles([3, 3], { channel: 'sms', additionalFields: { to: '+14155550123' } }));
		expect(result.error('Kustomer')?.message).toBe('Attachments are 6.0 MB: a picture message (MMS) carries at most 5 MB of files [item 0]');
		expect(sent).toHaveLength(0);
	});
});

describe('safe to run again with an External ID', () => {
	const KEY = 'refund-4711';
	const withKey = (parameters: IDataObject = {}, items: IDataObject[] = [{}]) => send({ additionalFields: { externalId: KEY }, ...parameters }, items);
	const marked = { payload: { n8nExternalId: KEY } };

	test('the draft carries the External ID in its payload, and the customer\'s drafts and the conversation are checked first', async () => {
		serveConversation({ channels: ['email'] });
		kustomerApi().get(DRAFTS_PATH).query(true).reply(200, page([], null));
		kustomerApi().get(MESSAGES_PATH).query(true).reply(200, page([], null));
		serveDraft('email');
		kustomerApi().patch(`/v1/messages/${DELIVERED_ID}`).reply(200, { data: delivered() });
		const result = await runWorkflow(withKey());
		expect(result.error('Kustomer')).toBeUndefined();
		const created = sent.find((request) => request.method === 'POST');
		expect(created?.body).toMatchObject(marked);
		// Once delivered, the message is marked with it too, keeping its meta.
		const marking = sent.find((request) => request.method === 'PATCH');
		expect(marking?.body).toEqual({ meta: { n8nExternalId: KEY } });
	});

	test("an earlier run's reply still on its way (its draft scheduled) is waited for, not sent again", async () => {
		serveConversation({ channels: ['email'] });
		let looks = 0;
		kustomerApi()
			.get(DRAFTS_PATH)
			.query(true)
			.times(Infinity)
			.reply(() => [200, page(looks++ < 2 ? [draftResource('0000000000000000000000d9', { status: 'scheduled', ...marked })] : [], null)]);
		kustomerApi().get(MESSAGES_PATH).query(true).times(Infinity).reply(() => [200, page(looks > 2 ? [delivered()] : [], null)]);
		kustomerApi().patch(`/v1/messages/${DELIVERED_ID}`).reply(200, { data: delivered() });
		const result = await runWorkflow(withKey());
		expect(requests().filter((request) => request.startsWith('POST') || request.startsWith('PUT'))).toEqual([]);
		expect(result.output('Kustomer')[0].json).toMatchObject({ id: DELIVERED_ID, draftId: '0000000000000000000000d9' });
	});

	test("an earlier run's delivered reply (marked with the External ID) is answered, and nothing is sent", async () => {
		serveConversation({ channels: ['email'] });
		kustomerApi().get(DRAFTS_PATH).query(true).reply(200, page([], null));
		kustomerApi().get(MESSAGES_PATH).query(true).reply(200, page([delivered('email', { meta: { n8nExternalId: KEY } })], null));
		const result = await runWorkflow(withKey());
		expect(requests().filter((request) => !request.startsWith('GET'))).toEqual([]);
		expect(result.output('Kustomer')[0].json).toMatchObject({ id: DELIVERED_ID, alreadySent: true });
	});

	test('a reply delivered with the same text but marked with another External ID is no reason not to send this one', async () => {
		serveConversation({ channels: ['email'] });
		kustomerApi().get(DRAFTS_PATH).query(true).reply(200, page([], null));
		kustomerApi().get(MESSAGES_PATH).query(true).reply(200, page([delivered('email', { meta: { n8nExternalId: 'refund-other' } })], null));
		serveDraft('email', { message: delivered('email', { createdAt: '2026-11-22T12:00:09.000Z' }) });
		kustomerApi().patch(`/v1/messages/${DELIVERED_ID}`).reply(200, { data: delivered() });
		const result = await runWorkflow(withKey());
		expect(requests()).toContain(`POST ${DRAFTS_PATH}`);
		expect(result.error('Kustomer')).toBeUndefined();
	});

	test("an unsent draft left by an earlier run is removed and the reply made again, files and all", async () => {
		serveConversation({ channels: ['email'] });
		kustomerApi().get(DRAFTS_PATH).query(true).reply(200, page([draftResource('0000000000000000000000d8', { status: 'draft', ...marked })], null));
		kustomerApi().get(MESSAGES_PATH).query(true).reply(200, page([], null));
		kustomerApi().delete('/v1/drafts/0000000000000000000000d8').reply(204);
		serveDraft('email');
		kustomerApi().patch(`/v1/messages/${DELIVERED_ID}`).reply(200, { data: delivered() });
		const result = await runWorkflow(withKey());
		expect(result.error('Kustomer')).toBeUndefined();
		expect(requests()).toContain('DELETE /v1/drafts/0000000000000000000000d8');
	});

	test("an earlier run's draft whose delivery was refused (left in error) is removed and the reply sent again", async () => {
		serveConversation({ channels: ['email'] });
		kustomerApi().get(DRAFTS_PATH).query(true).reply(200, page([draftResource('0000000000000000000000d7', { status: 'error', ...marked })], null));
		kustomerApi().get(MESSAGES_PATH).query(true).reply(200, page([], null));
		kustomerApi().delete('/v1/drafts/0000000000000000000000d7').reply(204);
		serveDraft('email');
		kustomerApi().patch(`/v1/messages/${DELIVERED_ID}`).reply(200, { data: delivered() });
		const result = await runWorkflow(withKey());
		expect(result.error('Kustomer')).toBeUndefined();
		expect(requests()).toEqual(expect.arrayContaining(['DELETE /v1/drafts/0000000000000000000000d7', `POST ${DRAFTS_PATH}`]));
	});

	test('with an External ID the key must be able to read drafts: otherwise the item fails before anything is sent', async () => {
		serveConversation({ channels: ['email'] });
		kustomerApi().get(DRAFTS_PATH).query(true).reply(403, { errors: [{ title: 'Forbidden' }] });
		const result = await runWorkflow(withKey());
		expect(result.error('Kustomer')?.description).toContain('org.permission.draft.read');
		expect(requests().filter((request) => !request.startsWith('GET'))).toEqual([]);
	});

	test('items of one run with the same External ID send one reply', async () => {
		serveConversation({ channels: ['email'] });
		kustomerApi().get(DRAFTS_PATH).query(true).reply(200, page([], null));
		kustomerApi().get(MESSAGES_PATH).query(true).reply(200, page([], null));
		serveDraft('email');
		kustomerApi().patch(`/v1/messages/${DELIVERED_ID}`).reply(200, { data: delivered() });
		const result = await runWorkflow(withKey({}, [{}, {}]));
		expect(requests().filter((request) => request === `POST ${DRAFTS_PATH}`)).toHaveLength(1);
		expect(result.output('Kustomer').map((item) => item.json.id)).toEqual([DELIVERED_ID, DELIVERED_ID]);
	});
});

describe('HTML body, Reply-To, an email template, shortcuts and knowledge-base articles', () => {
	const SHORTCUT = '0000000000000000000000a1';
	const ARTICLE = '0000000000000000000000a2';
	const TEMPLATE = '0000000000000000000000a3';

	test('the draft carries Reply-To, the template, shortcuts and articles; HTML Body goes with the PUT, the one request whose schema has htmlBody', async () => {
		serveConversation({ channels: ['email'] });
		serveDraft('email');
		const additionalFields = { htmlBody: '<p>Your refund is on its way</p>', replyTo: 'billing@acme.test', emailTemplate: TEMPLATE, shortcuts: SHORTCUT, kbArticles: `${ARTICLE}, ${SHORTCUT}` };
		const result = await runWorkflow(send({ additionalFields }));
		expect(result.error('Kustomer')).toBeUndefined();
		const draft = { channel: 'email', conversation: CONVERSATION_ID, body: BODY, to: [{ email: 'jane@example.com', name: 'Jane Doe' }], replyTo: 'billing@acme.test', template: TEMPLATE, shortcuts: [SHORTCUT], kbArticles: [ARTICLE, SHORTCUT] };
		expect(sent[2].body).toEqual(draft);
		expect(sent[3].body).toEqual({ ...draft, htmlBody: '<p>Your refund is on its way</p>', sendAt: expect.any(String), scheduled: true });
	});

	test('shortcuts and articles go on every channel (n8n drops an email-only field a chosen channel hides)', async () => {
		serveConversation({ channels: ['chat'] });
		serveDraft('chat');
		const ok = await runWorkflow(send({ channel: 'chat', additionalFields: { shortcuts: SHORTCUT, kbArticles: ARTICLE, htmlBody: '<p>Hi</p>' } }));
		expect(ok.error('Kustomer')).toBeUndefined();
		expect(sent[1].body).toEqual({ channel: 'chat', conversation: CONVERSATION_ID, body: BODY, shortcuts: [SHORTCUT], kbArticles: [ARTICLE] });
		expect(sent[2].body).not.toHaveProperty('htmlBody');
	});

	test("The Conversation's Channel: an email-only field on a chat conversation fails the item once the channel is known, before the draft", async () => {
		serveConversation({ channels: ['chat'], lastMessageIn: { channel: 'chat' } });
		const result = await runWorkflow(send({ additionalFields: { replyTo: 'billing@acme.test' } }));
		expect(result.error('Kustomer')?.message).toMatch(/^Reply-To applies to Email only, not Chat/);
		expect(requests()).toEqual([`GET /v1/conversations/${CONVERSATION_ID}`]);
	});

	test('the editor shows the email-only fields for Email and the conversation\'s channel only', async () => {
		const { properties } = await nodeDescription(KUSTOMER_NODE);
		const additional = properties.find((property) => property.name === 'additionalFields' && property.displayOptions?.show?.operation?.includes('send'));
		const options = (additional?.options ?? []) as Array<{ name: string; displayOptions?: { show?: Record<string, unknown> } }>;
		for (const name of ['htmlBody', 'replyTo', 'emailTemplate']) {
			expect(options.find((option) => option.name === name)?.displayOptions?.show).toEqual({ '/channel': ['conversation', 'email'] });
		}
		expect(options.find((option) => option.name === 'shortcuts')?.displayOptions).toBeUndefined();
	});
});

describe('WhatsApp template messages', () => {
	const TEMPLATE = '0000000000000000000000b1';
	const template = (parameters: IDataObject = {}) =>
		send({
			channel: 'whatsapp',
			whatsappMessage: 'template',
			whatsappTemplate: TEMPLATE,
			templateParameters: { parameter: [{ part: 'body', text: 'Jane' }, { part: 'header', text: 'Order 1042' }, { part: 'body', text: '1042' }, { part: 'button', buttonIndex: 1, text: 'orders/1042' }] },
			...parameters,
		});

	test('go in the POST that makes the draft, with sendAt, and no PUT (whose WhatsApp form takes no template); the delivered message is output', async () => {
		serveConversation({ channels: ['whatsapp'] }, { whatsapps: [{ phone: '+14155550123' }] });
		kustomerApi().post(DRAFTS_PATH).reply(200, { data: draftResource(DRAFT_ID, { channel: 'whatsapp', createdAt: '2026-11-22T12:00:00.000Z' }) });
		kustomerApi().get(DRAFTS_PATH).query(true).times(Infinity).reply(200, page([], null));
		const message = delivered('whatsapp', { preview: 'Hi Jane, order 1042 has shipped' });
		kustomerApi().get(MESSAGES_PATH).query(true).times(Infinity).reply(200, page([message], null));
		const result = await runWorkflow(template());
		expect(result.error('Kustomer')).toBeUndefined();
		expect(requests().filter((request) => request.startsWith('PUT'))).toEqual([]);
		const post = sent.find((request) => request.method === 'POST');
		expect(post?.body).toEqual({
			channel: 'whatsapp',
			conversation: CONVERSATION_ID,
			to: '+14155550123',
			app: 'whatsapp',
			meta: {
				template: TEMPLATE,
				components: {
					header: { type: 'text', text: { 1: { type: 'text', text: 'Order 1042' } } },
					body: { 1: { type: 'text', text: 'Jane' }, 2: { type: 'text', text: '1042' } },
					buttons: [{ index: 1, sub_type: 'url', 1: { type: 'text', text: 'orders/1042' } }],
				},
			},
			sendAt: new Date((post?.at ?? 0) + SEND_NOW_LEAD_MS).toISOString(),
		});
		expect(result.output('Kustomer')[0].json).toMatchObject({ id: DELIVERED_ID, draftId: DRAFT_ID, channel: 'whatsapp' });
	});

	test('are refused before anything is sent: scheduled, with files, on another app, or with more than 9 parameters in a part', async () => {
		const cases: Array<[IDataObject, RegExp]> = [
			[{ when: 'at', sendAt: '2030-01-15T09:00:00' }, /^Send must be Now for a WhatsApp template message/],
			[{ additionalFields: { app: 'twilio_whatsapp' } }, /^App must be whatsapp \(or empty\) for a template message/],
			[{ whatsappTemplate: 'nope' }, /^Template ID must be a Kustomer ID/],
			[{ whatsappTemplate: '={{ "" }}' }, /^Template ID is required for a template message/],
			[{ templateParameters: { parameter: Array.from({ length: 10 }, (_, index) => ({ part: 'body', text: String(index) })) } }, /^Template Parameters holds 10 body parameters/],
			[{ templateParameters: { parameter: [{ part: 'body', text: ' ' }] } }, /^Template Parameters #1 needs a text/],
			[{ templateParameters: { parameter: [{ part: 'button', buttonIndex: 0, text: 'a' }, { part: 'button', buttonIndex: 1, text: 'b' }] } }, /^Template Parameters #2 Button Index is 1, another row's is 0/],
		];
		for (const [parameters, message] of cases) {
			const result = await runWorkflow(template(parameters));
			expect(result.error('Kustomer')?.message).toMatch(message);
			expect(result.error('Kustomer')?.message).toMatch(/\[item 0\]$/);
		}
		expect(sent).toHaveLength(0);
	});
});

test('every output of Send has appUrl, the conversation\'s page: also the draft on its way', async () => {
	serveConversation({ channels: ['email'] });
	serveDraft('email');
	const result = await runWorkflow(send({ waitForDelivery: false }));
	expect(result.output('Kustomer')[0].json).toMatchObject({ id: DRAFT_ID, appUrl: `https://acme.kustomerapp.com/app/customers/${CUSTOMER_ID}/event/${CONVERSATION_ID}` });
});

/**
 * Conversation → Escalate: the customer found or created, the conversation opened, its first
 * message and internal note recorded, each step's failures and what a repeat does, as real
 * workflows against nock on the virtual clock.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { runWorkflow } from '../../../../helpers/harness';
import {
	attachmentCreated,
	CONVERSATION_ID,
	conversationResource,
	CUSTOMER_ID,
	customerResource,
	kustomerApi,
	messageResource,
	noteResource,
	objectId,
	page,
	QUEUE_ID,
	resetApi,
	sent,
	serveSearchMiss,
	storageApi,
	TEAM_ID,
	USER_ID,
} from '../../../../helpers/kustomer';
import { attributeMapper, itemsThenKustomer } from '../../../../helpers/workflows';

afterEach(resetApi);

const MESSAGE_ID = objectId(0xaa);
const NOTE_ID = objectId(0xbb);
const OTHER_ID = objectId(0xe2);
const TAG_ID = objectId(0xd3);
const MESSAGES = `/v1/conversations/${CONVERSATION_ID}/messages`;
const NOTES = `/v1/conversations/${CONVERSATION_ID}/notes`;
const BY_EMAIL = '/v1/customers/email=jane%40example.com';
const BY_PHONE = '/v1/customers/phone=%2B14155550123';
const CONVERSATION_LOOKUP = '/v1/conversations/externalId=web-form-1042';
const MESSAGE_LOOKUP = '/v1/messages/externalid=web-form-1042%3Amessage';
const APP = 'https://acme.kustomerapp.com';
const CONVERSATION_LINK = `${APP}/app/customers/${CUSTOMER_ID}/event/${CONVERSATION_ID}`;

const BASE: INodeParameters = {
	resource: 'conversation',
	operation: 'escalate',
	customerEmail: 'jane@example.com',
	subject: 'Order 1042 arrived damaged',
	queue: QUEUE_ID,
	externalId: 'web-form-1042',
	message: 'The box was crushed and the mug inside is broken.',
	channel: 'email',
	direction: 'in',
	note: 'Escalated from the web form: replace the item.',
	noteFields: { teamMentions: [TEAM_ID] },
};

const escalate = (parameters: INodeParameters = {}, items: IDataObject[] = [{}]) => itemsThenKustomer(items, { ...BASE, ...parameters });
const calls = () => sent.map((request) => `${request.method} ${request.path}`);
const bodyOf = (call: string) => sent.find((request) => `${request.method} ${request.path}` === call)?.body as IDataObject;

/** Kustomer as the first run finds it: Jane exists, no conversation has the External ID. */
function serveFirstRun() {
	kustomerApi().get(BY_EMAIL).reply(200, { data: customerResource() });
	kustomerApi().get(CONVERSATION_LOOKUP).reply(404, '');
	kustomerApi().post('/v1/conversations').reply(201, (_uri, body) => ({ data: conversationResource(CONVERSATION_ID, body as IDataObject) }));
}

/** Kustomer as a repeat finds it: the conversation exists, with what `has` names already on it. */
function serveRepeat(has: { message?: boolean; note?: boolean } = {}) {
	kustomerApi().get(BY_EMAIL).reply(200, { data: customerResource() });
	kustomerApi().get(CONVERSATION_LOOKUP).reply(200, { data: conversationResource(CONVERSATION_ID, { externalId: 'web-form-1042' }) });
	if (has.message) kustomerApi().get(MESSAGE_LOOKUP).reply(200, { data: messageResource(MESSAGE_ID, { externalId: 'web-form-1042:message' }) });
	else {
		kustomerApi().get(MESSAGE_LOOKUP).reply(404, '');
		// The lookup's 404 is believed once a search confirms it (actions/lookups.ts).
		serveSearchMiss();
	}
	const notes = [noteResource(objectId(0xb0), { externalId: 'someone-else' }), ...(has.note ? [noteResource(NOTE_ID, { externalId: 'web-form-1042:note' })] : [])];
	kustomerApi().get(NOTES).query(true).reply(200, page(notes, null));
}

const recordMessage = () => kustomerApi().post(MESSAGES).reply(201, { data: messageResource(MESSAGE_ID) });
const recordNote = () => kustomerApi().post(NOTES).reply(201, { data: noteResource(NOTE_ID) });

describe('a first run', () => {
	test('finds the customer by email, opens the conversation in the queue, records the message and the note', async () => {
		serveFirstRun();
		recordMessage();
		recordNote();
		const result = await runWorkflow(
			escalate({
				conversationFields: { priority: 4, assignedTeams: [TEAM_ID], assignedUsers: [USER_ID], tags: [TAG_ID] },
				customAttributesMapper: attributeMapper('conversation', { orderNumberStr: '1042', refundNum: '={{ "19.90" }}' }),
				messageFields: { subject: 'Order 1042', app: 'web-form' },
			}),
		);
		expect(result.error('Kustomer')).toBeUndefined();
		expect(calls()).toEqual([`GET ${BY_EMAIL}`, `GET ${CONVERSATION_LOOKUP}`, 'POST /v1/conversations', `POST ${MESSAGES}`, `POST ${NOTES}`]);
		expect(bodyOf('POST /v1/conversations')).toEqual({
			customer: CUSTOMER_ID,
			name: 'Order 1042 arrived damaged',
			externalId: 'web-form-1042',
			priority: 4,
			queue: { id: QUEUE_ID },
			assignedUsers: [USER_ID],
			assignedTeams: [TEAM_ID],
			tags: [TAG_ID],
			custom: { orderNumberStr: '1042', refundNum: 19.9 },
		});
		expect(bodyOf(`POST ${MESSAGES}`)).toEqual({
			channel: 'email',
			direction: 'in',
			preview: 'The box was crushed and the mug inside is broken.',
			app: 'web-form',
			subject: 'Order 1042',
			externalId: 'web-form-1042:message',
		});
		expect(bodyOf(`POST ${NOTES}`)).toEqual({
			body: 'Escalated from the web form: replace the item.',
			userMentions: [{ team: TEAM_ID }],
			externalId: 'web-form-1042:note',
		});

		const [item] = result.output('Kustomer');
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(item.json).toMatchObject({
			id: CONVERSATION_ID,
			name: 'Order 1042 arrived damaged',
			customerId: CUSTOMER_ID,
			messageId: MESSAGE_ID,
			noteId: NOTE_ID,
			appUrl: CONVERSATION_LINK,
			customerAppUrl: `${APP}/app/customers/${CUSTOMER_ID}`,
			customer: { id: CUSTOMER_ID, name: 'Jane Doe', appUrl: `${APP}/app/customers/${CUSTOMER_ID}` },
			escalation: { customer: 'found', conversation: 'created', message: 'created', note: 'created' },
		});
	});

	test('a customer Kustomer does not have is created from name, email and phone', async () => {
		kustomerApi().get(BY_EMAIL).reply(404, '');
		kustomerApi().get(BY_PHONE).reply(404, '');
		kustomerApi().post('/v1/customers').reply(201, { data: customerResource(OTHER_ID, { name: 'Jane Doe' }) });
		kustomerApi().post('/v1/conversations').reply(201, { data: conversationResource(CONVERSATION_ID, {}, OTHER_ID) });
		recordMessage();
		const result = await runWorkflow(
			escalate({ customerPhone: '+1 (415) 555-0123', customerName: 'Jane Doe', externalId: '', note: '', noteFields: {} }),
		);
		expect(result.error('Kustomer')).toBeUndefined();
		expect(calls().slice(2)).toEqual(['POST /v1/customers', 'POST /v1/conversations', `POST ${MESSAGES}`]);
		expect(bodyOf('POST /v1/customers')).toEqual({ name: 'Jane Doe', emails: [{ email: 'jane@example.com' }], phones: [{ phone: '+14155550123' }] });
		expect(bodyOf('POST /v1/conversations').customer).toBe(OTHER_ID);
		// Without an External ID nothing is looked for, and the message carries none.
		expect(bodyOf(`POST ${MESSAGES}`).externalId).toBeUndefined();
		expect(result.output('Kustomer')[0].json).toMatchObject({
			customerId: OTHER_ID,
			escalation: { customer: 'created', conversation: 'created', message: 'created' },
		});
		expect(result.output('Kustomer')[0].json).not.toHaveProperty('noteId');
		expect(result.output('Kustomer')[0].json.escalation).not.toHaveProperty('note');
	});

	test('a create refused as a duplicate (someone else made the customer meanwhile) uses that customer', async () => {
		kustomerApi().get(BY_EMAIL).reply(404, '');
		kustomerApi().post('/v1/customers').reply(409, { errors: [{ status: '409', title: 'Conflict', detail: 'another customer already has this email' }] });
		kustomerApi().get(BY_EMAIL).reply(200, { data: customerResource(OTHER_ID) });
		kustomerApi().get(CONVERSATION_LOOKUP).reply(404, '');
		kustomerApi().post('/v1/conversations').reply(201, { data: conversationResource(CONVERSATION_ID, {}, OTHER_ID) });
		recordMessage();
		recordNote();
		const result = await runWorkflow(escalate());
		expect(result.error('Kustomer')).toBeUndefined();
		expect(bodyOf('POST /v1/conversations').customer).toBe(OTHER_ID);
		expect(result.output('Kustomer')[0].json.escalation).toMatchObject({ customer: 'found', conversation: 'created' });
	});

	test('an email and a phone of two different customers stop the item before anything is written', async () => {
		kustomerApi().get(BY_EMAIL).reply(200, { data: customerResource() });
		kustomerApi().get(BY_PHONE).reply(200, { data: customerResource(OTHER_ID, { name: 'Omar', displayName: 'Omar' }) });
		const result = await runWorkflow(escalate({ customerPhone: '+14155550123' }));
		expect(result.error('Kustomer')?.message).toBe('The item matches 2 different Kustomer customers [item 0]');
		expect(sent.every((request) => request.method === 'GET')).toBe(true);
	});

	test('a message and a note with files: each file uploaded (without the API key) and attached to its own record', async () => {
		serveFirstRun();
		const size = Buffer.byteLength('%PDF invoice');
		kustomerApi().post('/v1/attachments').reply(201, attachmentCreated(objectId(0xf1), 'invoice.pdf', 'application/pdf', size));
		kustomerApi().post('/v1/attachments').reply(201, attachmentCreated(objectId(0xf2), 'notes.txt', 'text/plain', 5));
		storageApi().post('/').times(2).reply(204);
		recordMessage();
		recordNote();
		const files = { invoice: { fileName: 'invoice.pdf', mimeType: 'application/pdf', text: '%PDF invoice' }, internal: { fileName: 'notes.txt', mimeType: 'text/plain', text: 'notes' } };
		const result = await runWorkflow(
			escalate({ messageFields: { attachments: 'invoice' }, noteFields: { attachments: 'internal' } }, [{ $binary: files }]),
		);
		expect(result.error('Kustomer')).toBeUndefined();
		expect(bodyOf(`POST ${MESSAGES}`).attachments).toEqual([{ _id: objectId(0xf1), name: 'invoice.pdf', contentType: 'application/pdf', contentLength: size }]);
		expect(bodyOf(`POST ${NOTES}`).attachments).toEqual([{ _id: objectId(0xf2), name: 'notes.txt', contentType: 'text/plain', contentLength: 5 }]);
	});

	test('a note only, and the raw records with Simplify off', async () => {
		serveFirstRun();
		recordNote();
		const result = await runWorkflow(escalate({ message: '', simplify: false }));
		expect(calls()).not.toContain(`POST ${MESSAGES}`);
		const { json } = result.output('Kustomer')[0];
		expect(json).toMatchObject({
			type: 'conversation',
			id: CONVERSATION_ID,
			attributes: expect.objectContaining({ name: 'Order 1042 arrived damaged' }),
			appUrl: CONVERSATION_LINK,
			customerId: CUSTOMER_ID,
			customer: { type: 'customer', id: CUSTOMER_ID, attributes: expect.any(Object) },
			noteId: NOTE_ID,
			escalation: { customer: 'found', conversation: 'created', note: 'created' },
		});
		expect(json).not.toHaveProperty('messageId');
	});
});

describe('running it again (the same External ID)', () => {
	test('returns the same conversation, message and note and writes nothing', async () => {
		serveRepeat({ message: true, note: true });
		const result = await runWorkflow(escalate({ messageFields: { attachments: 'invoice' } }, [{ $binary: { invoice: { fileName: 'invoice.pdf', text: 'pdf' } } }]));
		expect(result.error('Kustomer')).toBeUndefined();
		expect(calls()).toEqual([`GET ${BY_EMAIL}`, `GET ${CONVERSATION_LOOKUP}`, `GET ${MESSAGE_LOOKUP}`, `GET ${NOTES}?page=1&pageSize=100`]);
		expect(result.output('Kustomer')[0].json).toMatchObject({
			id: CONVERSATION_ID,
			messageId: MESSAGE_ID,
			noteId: NOTE_ID,
			appUrl: CONVERSATION_LINK,
			escalation: { customer: 'found', conversation: 'found', message: 'found', note: 'found' },
		});
	});

	test('after a run that stopped at the message, adds just the message and the note', async () => {
		serveRepeat();
		recordMessage();
		recordNote();
		const result = await runWorkflow(escalate());
		// The message lookup's 404 confirmed by a search first (actions/lookups.ts).
		expect(calls().filter((call) => call.startsWith('POST'))).toEqual(['POST /v1/customers/search?page=1&pageSize=10', `POST ${MESSAGES}`, `POST ${NOTES}`]);
		expect(result.output('Kustomer')[0].json.escalation).toEqual({ customer: 'found', conversation: 'found', message: 'created', note: 'created' });
	});

	test('after a run that stopped at the note, adds just the note', async () => {
		serveRepeat({ message: true });
		recordNote();
		const result = await runWorkflow(escalate());
		expect(calls().filter((call) => call.startsWith('POST'))).toEqual([`POST ${NOTES}`]);
		expect(result.output('Kustomer')[0].json.escalation).toMatchObject({ message: 'found', note: 'created' });
	});

	test('two items of one run with the same External ID are one escalation: sent once, both get its outcome', async () => {
		serveFirstRun();
		recordMessage();
		recordNote();
		const result = await runWorkflow(escalate({}, [{}, {}]));
		expect(calls().filter((call) => call.startsWith('POST'))).toEqual(['POST /v1/conversations', `POST ${MESSAGES}`, `POST ${NOTES}`]);
		expect(result.output('Kustomer').map((item) => [item.pairedItem, item.json.id, item.json.messageId])).toEqual([
			[{ item: 0 }, CONVERSATION_ID, MESSAGE_ID],
			[{ item: 1 }, CONVERSATION_ID, MESSAGE_ID],
		]);
	});

	test('two items with one External ID for two customers are not one escalation: the second fails, naming the clash', async () => {
		serveFirstRun();
		recordMessage();
		recordNote();
		kustomerApi().get('/v1/customers/email=omar%40example.com').reply(200, { data: customerResource(OTHER_ID) });
		kustomerApi().get(CONVERSATION_LOOKUP).reply(200, { data: conversationResource(CONVERSATION_ID) });
		const result = await runWorkflow(
			itemsThenKustomer(
				[{ email: 'jane@example.com' }, { email: 'omar@example.com' }],
				{ ...BASE, customerEmail: '={{ $json.email }}', requestOptions: { maxParallelRequests: 1 } },
				{ onError: 'continueRegularOutput' },
			),
		);
		const output = result.output('Kustomer');
		expect(output[0].json.id).toBe(CONVERSATION_ID);
		expect(output[1].json.error).toBe('External ID "web-form-1042" already belongs to a conversation of another customer [item 1]');
		expect(calls().filter((call) => call.startsWith('POST'))).toEqual(['POST /v1/conversations', `POST ${MESSAGES}`, `POST ${NOTES}`]);
	});

	test('a message Kustomer refuses as a duplicate (another run recorded it meanwhile) is found by its External ID', async () => {
		serveFirstRun();
		kustomerApi().post(MESSAGES).reply(409, { errors: [{ status: '409', title: 'Conflict', detail: 'externalId already exists' }] });
		kustomerApi().get(MESSAGE_LOOKUP).reply(200, { data: messageResource(MESSAGE_ID, { externalId: 'web-form-1042:message' }) });
		recordNote();
		const result = await runWorkflow(escalate());
		expect(result.error('Kustomer')).toBeUndefined();
		expect(calls().filter((call) => call.startsWith('POST'))).toEqual(['POST /v1/conversations', `POST ${MESSAGES}`, `POST ${NOTES}`]);
		expect(result.output('Kustomer')[0].json.messageId).toBe(MESSAGE_ID);
	});

	test("a conversation of another customer with the External ID is an error, and nothing is written", async () => {
		kustomerApi().get(BY_EMAIL).reply(200, { data: customerResource() });
		kustomerApi().get(CONVERSATION_LOOKUP).reply(200, { data: conversationResource(CONVERSATION_ID, {}, OTHER_ID) });
		const result = await runWorkflow(escalate());
		expect(result.error('Kustomer')?.message).toBe('External ID "web-form-1042" already belongs to a conversation of another customer [item 0]');
		expect(calls()).toEqual([`GET ${BY_EMAIL}`, `GET ${CONVERSATION_LOOKUP}`]);
	});

	test("a message of another conversation holding the message's External ID is an error that says the conversation is there", async () => {
		kustomerApi().get(BY_EMAIL).reply(200, { data: customerResource() });
		kustomerApi().get(CONVERSATION_LOOKUP).reply(200, { data: conversationResource() });
		const elsewhere = messageResource(MESSAGE_ID) as IDataObject & { relationships: IDataObject };
		elsewhere.relationships.conversation = { data: { type: 'conversation', id: objectId(0xc9) } };
		kustomerApi().get(MESSAGE_LOOKUP).reply(200, { data: elsewhere });
		const error = (await runWorkflow(escalate())).error('Kustomer');
		expect(error?.message).toBe(
			`The escalation stopped at the message: External ID "web-form-1042:message" already belongs to a message of another conversation [item 0]`,
		);
		expect(error?.description).toContain(`Done: customer ${CUSTOMER_ID} found; conversation ${CONVERSATION_ID} found (${CONVERSATION_LINK}).`);
		expect(calls().some((call) => call.startsWith('POST'))).toBe(false);
	});
});

describe('what it outputs (issue 20 item 7)', () => {
	test("the conversation's counts include the message and note this run recorded, not those an earlier run did", async () => {
		kustomerApi().get(BY_EMAIL).reply(200, { data: customerResource() });
		// An earlier run recorded the message (counted already); the note is new.
		kustomerApi().get(CONVERSATION_LOOKUP).reply(200, { data: conversationResource(CONVERSATION_ID, { externalId: 'web-form-1042', messageCount: 1, noteCount: 0 }) });
		kustomerApi().get(MESSAGE_LOOKUP).reply(200, { data: messageResource(MESSAGE_ID, { externalId: 'web-form-1042:message' }) });
		kustomerApi().get(NOTES).query(true).reply(200, page([], null));
		recordNote();
		const result = await runWorkflow(escalate());
		expect(result.output('Kustomer')[0].json).toMatchObject({ messageCount: 1, noteCount: 1, escalation: { message: 'found', note: 'created' } });
	});

	test('a new conversation counts its first message and note', async () => {
		kustomerApi().get(BY_EMAIL).reply(200, { data: customerResource() });
		kustomerApi().get(CONVERSATION_LOOKUP).reply(404, '');
		kustomerApi().post('/v1/conversations').reply(201, { data: conversationResource(CONVERSATION_ID, { messageCount: 0, noteCount: 0 }) });
		recordMessage();
		recordNote();
		const result = await runWorkflow(escalate());
		expect(result.output('Kustomer')[0].json).toMatchObject({ messageCount: 1, noteCount: 1 });
	});

	test('version 2: the customer once, as customer (its appUrl, a plain email), no customerAppUrl repeating it', async () => {
		serveFirstRun();
		recordMessage();
		recordNote();
		const definition = escalate();
		definition.nodes[1].typeVersion = 2;
		kustomerApi().get('/v1/routing/queues').query(true).reply(200, page([{ type: 'queue', id: QUEUE_ID, attributes: { displayName: 'Returns' } }], null));
		const result = await runWorkflow(definition);
		const { json } = result.output('Kustomer')[0];
		expect(json).toMatchObject({
			customerId: CUSTOMER_ID,
			queueName: 'Returns',
			customer: { id: CUSTOMER_ID, email: 'jane@example.com', appUrl: `${APP}/app/customers/${CUSTOMER_ID}` },
		});
		expect(json).not.toHaveProperty('customerAppUrl');
		expect(json.customer).not.toHaveProperty('orgId');
	});
});

describe('a step that fails after something was written', () => {
	test('the message: the error says what was done, what was not, and that running again is safe', async () => {
		serveFirstRun();
		kustomerApi().post(MESSAGES).reply(400, { errors: [{ status: '400', title: 'Bad Request', detail: 'preview is too long', source: { pointer: '/preview' } }] });
		const error = (await runWorkflow(escalate())).error('Kustomer') as { message: string; description?: string; httpCode?: string };
		expect(error.message).toBe('The escalation stopped at the message: Kustomer rejected the request as invalid (400): preview is too long [item 0]');
		expect(error.httpCode).toBe('400');
		expect(error.description).toContain(`Done: customer ${CUSTOMER_ID} found; conversation ${CONVERSATION_ID} created (${CONVERSATION_LINK}).`);
		expect(error.description).toContain('Not done: the message (failed); the note (not tried).');
		expect(error.description).toContain(`Running the item again is safe: it finds conversation ${CONVERSATION_ID} by External ID "web-form-1042" and adds only what is missing.`);
		// Kustomer's own explanation follows.
		expect(error.description).toContain('Kustomer said: Bad Request - preview is too long - field: /preview');
		expect(calls()).not.toContain(`POST ${NOTES}`);
	});

	test('the note, after server errors: looked for among the conversation\'s notes before each repeat, then the error says what was done', async () => {
		serveFirstRun();
		recordMessage();
		kustomerApi().post(NOTES).times(Infinity).reply(503, '');
		kustomerApi().get(NOTES).query(true).times(Infinity).reply(200, { data: [], links: { next: null } });
		const error = (await runWorkflow(escalate())).error('Kustomer') as { message: string; description?: string; httpCode?: string };
		expect(error.message).toBe('The escalation stopped at the note: Kustomer had a server error (503) [item 0]');
		expect(error.httpCode).toBe('503');
		expect(error.description).toContain(`message ${MESSAGE_ID} recorded`);
		expect(error.description).toContain('Not done: the note (failed).');
		expect(error.description).toContain('retried automatically and kept failing');
		// Each repeat, and the error after the last attempt (which may have landed), came after two looks that found no note with the External ID.
		const posts = calls().filter((call) => call === `POST ${NOTES}`).length;
		expect(posts).toBeGreaterThan(1);
		expect(calls().filter((call) => call.startsWith(`GET ${NOTES}`))).toHaveLength(2 * posts);
	});

	test("the note whose create answered 503 but landed is found among the conversation's notes, not added twice", async () => {
		serveFirstRun();
		recordMessage();
		kustomerApi().post(NOTES).reply(503, '');
		kustomerApi().get(NOTES).query(true).reply(200, { data: [noteResource(NOTE_ID, { externalId: 'web-form-1042:note' })], links: { next: null } });
		const result = await runWorkflow(escalate());
		expect(result.error('Kustomer')).toBeUndefined();
		expect(result.output('Kustomer')[0].json).toMatchObject({ noteId: NOTE_ID, escalation: { note: 'created' } });
		expect(calls().filter((call) => call === `POST ${NOTES}`)).toHaveLength(1);
	});

	test('without an External ID, the advice is to add what is missing, not to run again', async () => {
		kustomerApi().get(BY_EMAIL).reply(200, { data: customerResource() });
		kustomerApi().post('/v1/conversations').reply(201, { data: conversationResource() });
		kustomerApi().post(MESSAGES).reply(500, '');
		const error = (await runWorkflow(escalate({ externalId: '' }))).error('Kustomer');
		expect(error?.description).toContain(
			`Running the item again would open a second conversation (the escalation has no External ID): add what is missing with Message → Create or Note → Create on conversation ${CONVERSATION_ID}.`,
		);
	});

	test('a failed file upload: the conversation is there, the message is not', async () => {
		serveFirstRun();
		kustomerApi().post('/v1/attachments').reply(201, attachmentCreated(objectId(0xf1), 'invoice.pdf', 'application/pdf', 3));
		storageApi().post('/').reply(403, '<Error><Message>Policy expired.</Message></Error>');
		const result = await runWorkflow(escalate({ messageFields: { attachments: 'invoice' } }, [{ $binary: { invoice: { fileName: 'invoice.pdf', text: 'pdf' } } }]));
		const error = result.error('Kustomer');
		expect(error?.message).toBe('The escalation stopped at the message: Uploading "invoice.pdf" to Kustomer\'s file storage failed (403) [item 0]');
		expect(error?.description).toContain('Policy expired.');
		expect(calls()).not.toContain(`POST ${MESSAGES}`);
	});

	test('the conversation, after the customer was created: says so', async () => {
		kustomerApi().get(BY_EMAIL).reply(404, '');
		kustomerApi().post('/v1/customers').reply(201, { data: customerResource(OTHER_ID) });
		kustomerApi().get(CONVERSATION_LOOKUP).reply(404, '');
		kustomerApi().post('/v1/conversations').reply(400, { errors: [{ title: 'Bad Request', detail: 'queue does not exist' }] });
		const error = (await runWorkflow(escalate())).error('Kustomer');
		expect(error?.message).toBe('The escalation stopped at the conversation: Kustomer rejected the request as invalid (400): queue does not exist [item 0]');
		expect(error?.description).toContain(`Done: customer ${OTHER_ID} created.`);
		expect(error?.description).toContain('Not done: the conversation (failed); the message (not tried); the note (not tried).');
		expect(error?.description).toContain('Running the item again is safe: it finds the customer and carries on.');
	});

	test('a failure before anything was written is the request\'s own error', async () => {
		kustomerApi().get(BY_EMAIL).reply(401, { errors: [{ title: 'Unauthorized' }] });
		const error = (await runWorkflow(escalate())).error('Kustomer');
		expect(error?.message).toBe('Kustomer refused the API key (401)');
	});
});

describe('bad input stops the node before anything is sent', () => {
	test.each([
		['no email, phone or external ID', { customerEmail: '' }, 'Customer Email, Phone or External ID is required: the customer is found by it, or created with it [item 0]'],
		['an email that is not one', { customerEmail: 'jane@' }, 'Customer Email must be an email address such as jane@example.com [item 0]'],
		['a phone that is not E.164', { customerPhone: '4155550123' }, 'Customer Phone must be a phone number in E.164 form'],
		['no subject (from an expression; n8n itself refuses a required field left empty)', { subject: '={{ "" }}' }, 'Subject is required: the title agents see in Kustomer [item 0]'],
		['no queue', { queue: '={{ null }}' }, 'Queue is required: the routing queue the conversation goes to [item 0]'],
		['a queue that is not an ID', { queue: 'Tier 2' }, 'Queue must be a Kustomer ID'],
		['neither message nor note', { message: '', note: '' , noteFields: {} }, "Message or Internal Note is required: an escalation records the customer's message, an internal note, or both [item 0]"],
		['files without a message', { message: '', messageFields: { attachments: 'data' } }, 'Attachments need a Message to be attached to (or put them under Note Fields) [item 0]'],
		['mentions without a note', { note: '' }, 'Note Fields need an Internal Note (Mention Teams given) [item 0]'],
		['an External ID too long for its message and note', { externalId: 'x'.repeat(249) }, 'External ID must be at most 248 characters'],
		['a message over 10,240 characters', { message: 'x'.repeat(10_241) }, 'Message must be at most 10240 characters'],
		['an unknown channel', { channel: 'fax' }, 'Channel must be one of chat, email'],
		['a note over 10,240 characters', { note: 'x'.repeat(10_241) }, 'Internal Note must be at most 10240 characters'],
	])('%s', async (_label, parameters, message) => {
		const result = await runWorkflow(escalate(parameters as INodeParameters));
		expect(result.error('Kustomer')?.message).toContain(message);
		expect(sent).toEqual([]);
	});
});

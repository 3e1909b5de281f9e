/**
 * Contract: every request body the Kustomer node can send validates against Kustomer's own
 * schema for that endpoint (sandbox/kustomer-request-schemas.json, derived from Kustomer's
 * OpenAPI description; unknown fields are a 400 in production).
 *
 * Each operation runs through the real workflow harness over every optional field on its own
 * and all of them together; nock records what was sent.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { RESOURCES } from '../../nodes/Kustomer/actions';
import { validateRequestBody } from '../../sandbox/contract';
import { METADATA } from '../../sandbox/metadata';
import { callMethod, runWorkflow } from '../helpers/harness';
import {
	attachmentCreated,
	bulkBatches,
	bulkJob,
	conversationResource,
	CONVERSATION_ID,
	CUSTOMER_ID,
	customerRange,
	customerResource,
	draftResource,
	KLASS,
	kobjectResource,
	kustomerApi,
	messageResource,
	noteResource,
	objectId,
	QUEUE_ID,
	resetApi,
	sent,
	serveSearchPastCap,
	STORAGE_ORIGIN,
	storageApi,
	TEAM_ID,
	USER_ID,
} from '../helpers/kustomer';
import { attributeMapper, itemsThenKustomer, kustomerNode, locator } from '../helpers/workflows';

const users = (count: number) => Array.from({ length: count }, (_, index) => objectId(0x100 + index));
const teams = (count: number) => Array.from({ length: count }, (_, index) => objectId(0x200 + index));

function serveEverything(): void {
	const api = kustomerApi().persist();
	api.get('/v1/conversations/externalId=zendesk-1042').reply(200, { data: conversationResource() });
	api.post('/v1/conversations').reply(201, { data: conversationResource() });
	api.post(/\/v1\/conversations\/\w+\/messages/).reply(201, { data: messageResource(objectId(1)) });
	api.post(/\/v1\/conversations\/\w+\/notes/).reply(201, { data: noteResource(objectId(2)) });
	api.post('/v1/customers/search').query(true).reply(200, { data: [customerResource()], links: { next: null } });
	api.get(/\/v1\/conversations\/externalId=.*/).reply(404, '');
	// Nobody has these: Conversation → Escalate creates the customer.
	api.get(/\/v1\/customers\/(email=new%40escalation\.example|phone=%2B14155550199|externalId=crm-new)$/).reply(404, '');
	api.get(/\/v1\/customers\/(email|phone|externalId)=.*/).reply(200, { data: customerResource() });
	api.get(/\/v1\/conversations\/externalId=.*/).reply(404, '');
	api.get(/\/v1\/messages\/externalid=.*/).reply(404, '');
	api.get(/\/v1\/conversations\/[0-9a-f]{24}$/).reply(200, { data: conversationResource(CONVERSATION_ID, { assignedUsers: users(3), assignedTeams: [TEAM_ID], rev: 3, channels: SEND_CHANNELS }) });
	api.patch(/\/v1\/conversations\/[0-9a-f]{24}$/).reply(200, { data: conversationResource() });
	api.post(/\/v1\/conversations\/[0-9a-f]{24}\/tags$/).reply(200, { data: conversationResource() });
	api.delete(/\/v1\/conversations\/[0-9a-f]{24}\/tags$/).reply(200, { data: conversationResource() });
	api.post('/v1/customers').reply(201, { data: customerResource() });
	api.get(/\/v1\/customers\/[0-9a-f]{24}$/).reply(200, { data: linkedCustomer() });
	api.patch(/\/v1\/customers\/[0-9a-f]{24}$/).reply(200, { data: customerResource() });
	// Attachments, replies and custom objects.
	api.post('/v1/attachments').reply(201, attachmentCreated(objectId(0xf1), 'invoice.pdf', 'application/pdf', 7));
	api.post(`/v1/customers/${CUSTOMER_ID}/drafts`).reply(200, { data: draftResource(objectId(0xd1)) });
	api.post(`/v1/drafts/${objectId(0xd1)}/attachments`).reply(200, { data: { type: 'attachment', id: objectId(0xf2), links: { related: `${STORAGE_ORIGIN}/put` } } });
	let replySent = false;
	api.put(`/v1/drafts/${objectId(0xd1)}`).reply(200, () => {
		replySent = true;
		return { data: draftResource(objectId(0xd1), { status: 'draft' }) };
	});
	// Delivered at once: the draft has left the customer's drafts, and each reply is an out message on its channel.
	api.get(/\/v1\/customers\/[0-9a-f]{24}\/drafts$/).query(true).reply(200, { data: [], links: { next: null } });
	api
		.get(/\/v1\/conversations\/[0-9a-f]{24}\/messages$/)
		.query(true)
		.reply(200, () => ({ data: replySent ? deliveredReplies() : [], links: { next: null } }));
	api.patch(/\/v1\/messages\/[0-9a-f]{24}$/).reply(200, { data: messageResource(objectId(0xe1)) });
	api.get(/\/v1\/conversations\/[0-9a-f]{24}\/notes$/).query(true).reply(200, { data: [], links: { next: null } });
	api.get('/v1/klasses').query(true).reply(200, { data: [{ type: 'klass', id: objectId(0xc1), attributes: { name: KLASS } }] });
	api.post(new RegExp(`/v1/(customers/\\w+/)?klasses/${KLASS}$`)).reply(201, { data: kobjectResource(objectId(0xb1)) });
	api.put(new RegExp(`/v1/klasses/${KLASS}/\\w+$`)).reply(200, { data: kobjectResource(objectId(0xb1)) });
	api.get(`/v1/klasses/${KLASS}/externalId=new-order`).reply(404, '');
	api.get(`/v1/klasses/${KLASS}/externalId=known-order`).reply(200, { data: kobjectResource(objectId(0xb1), { externalId: 'known-order' }) });
	storageApi().persist().post('/').reply(204).put('/put').reply(200);
	// Send in Bulk: every bulk job completes at once, its one record (the item's) created or updated.
	api.post(/\/v1\/\w+\/bulk$/).reply(201, bulkJob(objectId(0xa001), 'queued'));
	api.put(/\/v1\/\w+\/bulk$/).reply(201, bulkJob(objectId(0xa001), 'queued'));
	api.get(`/v1/bulk/${objectId(0xa001)}`).reply(200, bulkJob(objectId(0xa001), 'complete'));
	api.get(`/v1/bulk/${objectId(0xa001)}/batches`).reply(200, bulkBatches([{ _clientRef: '0', status: 'updated', objectId: objectId(0xc000) }]));
}

/** A customer as an upsert or update finds it: linked to a company, with contacts Kustomer adds ids to. */
function linkedCustomer(): IDataObject {
	const record = customerResource(CUSTOMER_ID, {
		emails: [{ email: 'jane@old.example', type: 'work', verified: true, id: null }],
		phones: [{ phone: '+14155550100', type: 'mobile', verified: false, id: null }],
		tags: [objectId(0x300)],
		rev: 9,
	}) as IDataObject & { relationships: IDataObject };
	record.relationships.company = { data: { type: 'company', id: objectId(0xc0) } };
	return record;
}

const SEND_CHANNELS = ['email', 'sms', 'whatsapp', 'chat', 'facebook', 'instagram', 'twitter-dm', 'twitter-tweet'];
const SENT_TEXTS = ['Your refund is on its way', 'All the email fields', 'Label attached'];

/** Every reply the send cases make, as delivered out messages (what Wait for Delivery looks for). */
function deliveredReplies(): IDataObject[] {
	return SEND_CHANNELS.flatMap((channel, index) =>
		SENT_TEXTS.map((preview, text) => messageResource(objectId(0xe100 + index * 8 + text), { channel, direction: 'out', preview, status: 'sent' })),
	);
}
/** Every item carries two files, for the operations that attach them. */
const FILES = {
	invoice: { fileName: 'invoice.pdf', mimeType: 'application/pdf', text: 'invoice' },
	photo: { fileName: 'photo.png', mimeType: 'image/png', text: 'png' },
};

/** Every custom attribute the metadata fixture defines for conversations and customers, set through the mapper. */
const CONVERSATION_ATTRIBUTES = attributeMapper('conversation', {
	orderNumberStr: 'A-1042',
	// A Txt attribute at its limit of 1,024 characters (the OpenAPI file's naming-suffix table).
	notesTxt: 'x'.repeat(1024),
	refundNum: '={{ "49.90" }}',
	vipBool: true,
	promisedAt: '2026-12-24T18:00:00',
	portalUrl: 'https://portal.example.com/orders/1042',
	legacyId: '12345',
	clearedStr: '={{ null }}',
	reasonTree: 'billing.refund',
});
const CUSTOMER_ATTRIBUTES = attributeMapper('customer', {
	tierStr: 'Bronze',
	seatsNum: 12,
	vipBool: false,
	renewalAt: '2027-01-31T09:00:00',
	websiteUrl: 'https://acme.test',
	accountNotesTxt: '🚀'.repeat(1024),
	regionTree: 'ca',
});

/** Every custom attribute the metadata fixture defines for custom objects, set through the mapper. */
const ORDER_ATTRIBUTES = attributeMapper('kobject.order', {
	totalNum: 49.9,
	statusStr: 'shipped',
	placedAt: '2026-11-20T10:00:00',
	trackingUrl: 'https://track.acme.test/1042',
	giftBool: true,
	lineItemsId: '={{ ["5f1a2b3c4d5e6f7a8b9c0d01", "5f1a2b3c4d5e6f7a8b9c0d02"] }}',
}) as INodeParameters;
const OBJECT_FIELDS = {
	icon: 'cart',
	images: 'https://cdn.acme.test/1.png',
	data: '{"sku": "A-1"}',
	tags: [objectId(0x301)],
	customAttributes: { attribute: [{ name: 'skuStr', value: '' }] },
};

beforeEach(serveEverything);
afterEach(resetApi);

/** Each option alone, then all options together. */
function variants(base: INodeParameters, options: INodeParameters, collection = 'additionalFields'): INodeParameters[] {
	const all = { ...base, [collection]: { ...options } };
	return [base, ...Object.entries(options).map(([key, value]) => ({ ...base, [collection]: { [key]: value } })), all];
}

/** Each option alone and all together, for operations whose collection must not be empty. */
const eachAndAll = (base: INodeParameters, options: INodeParameters, collection: string) => variants(base, options, collection).slice(1);

const CUSTOMER_FIELDS: INodeParameters = {
	name: 'Jane 🚀 Doe',
	emails: { email: [{ address: 'jane+vip@example.com', type: 'work' }, { address: 'jane@home.example', type: 'home' }] },
	phones: { phone: [{ number: '+1 (415) 555-0123', type: 'mobile' }, { number: '+44 20 7946 0958', type: 'work' }] },
	externalId: 'crm/42?x#y%z',
	company: objectId(0xc1),
	locale: 'en_US',
	timeZone: 'Europe/Paris',
	tags: [objectId(0x301), 'needs review'],
	customAttributes: { attribute: [{ name: 'tierStr', value: 'Gold' }, { name: 'seatsNum', value: '12' }, { name: 'renewalAt', value: '2027-01-31T09:00:00' }] },
};

const CUSTOM_ATTRIBUTES = {
	attribute: [
		{ name: 'orderNumberStr', value: 'A-1042' },
		{ name: 'notesTxt', value: 'x'.repeat(1024) },
		{ name: 'refundNum', value: '49.9' },
		{ name: 'vipBool', value: 'false' },
		{ name: 'promisedAt', value: '2026-12-24T18:00:00+01:00' },
		{ name: 'portalUrl', value: 'https://portal.example.com/orders/1042' },
		{ name: 'legacyId', value: '12345' },
		{ name: 'clearedStr', value: '' },
	],
};

const CONVERSATION_UPDATES = eachAndAll(
	{ resource: 'conversation', operation: 'update', conversation: locator('id', CONVERSATION_ID) },
	{
		name: '🚀'.repeat(256),
		externalId: 'zendesk/1042?x#y%',
		status: 'done',
		priority: 1,
		direction: 'out',
		queue: QUEUE_ID,
		assignedUsers: users(10),
		assignedTeams: teams(10),
		customAttributes: CUSTOM_ATTRIBUTES,
	},
	'updateFields',
).concat([
	{ resource: 'conversation', operation: 'update', conversation: locator('id', CONVERSATION_ID), updateFields: { status: 'snoozed', snoozeUntil: '2099-01-01T09:00:00' } },
	{ resource: 'conversation', operation: 'update', conversation: locator('id', CONVERSATION_ID), updateFields: { snoozeUntil: '2099-01-01T09:00:00+05:30' } },
	{ resource: 'conversation', operation: 'update', conversation: locator('id', CONVERSATION_ID), updateFields: { name: '', externalId: '', assignedUsers: [], customAttributes: { attribute: [{ name: 'orderNumberStr', value: '' }] } } },
]);

/** Add / Remove assignees: a read, then the lists written back with `rev` (never in a bulk). */
const CONVERSATION_LIST_EDITS: INodeParameters = {
	resource: 'conversation',
	operation: 'update',
	conversation: locator('id', CONVERSATION_ID),
	updateFields: { addAssignedUsers: [USER_ID], removeAssignedUsers: [users(1)[0]], addAssignedTeams: teams(2), removeAssignedTeams: [TEAM_ID], priority: 5 },
};

const CUSTOMER_UPDATES = eachAndAll({ resource: 'customer', operation: 'update', customer: locator('id', CUSTOMER_ID) }, CUSTOMER_FIELDS, 'updateFields').concat([
	{
		resource: 'customer',
		operation: 'update',
		customer: locator('externalId', 'crm-1'),
		updateFields: { name: '', externalId: '', company: '', locale: '', timeZone: '', tags: [], emails: { email: [] }, phones: {} },
	},
]);

/** The same items with Send in Bulk: their records in the bulk bodies. */
const inBulk = (parameterSets: INodeParameters[]) => parameterSets.map((parameters) => ({ ...parameters, sendInBulk: true }));

const CASES: Array<[string, INodeParameters[]]> = [
	[
		'conversation create',
		variants(
			{ resource: 'conversation', operation: 'create', customer: locator('id', CUSTOMER_ID) },
			{
				name: 'Refund for order 1042',
				externalId: 'order-1042',
				status: 'done',
				priority: 5,
				direction: 'out',
				queue: QUEUE_ID,
				assignedUsers: users(10),
				assignedTeams: teams(10),
				tags: Array.from({ length: 20 }, (_, index) => objectId(0x300 + index)),
				customAttributes: CUSTOM_ATTRIBUTES,
			},
		).concat([
			{ resource: 'conversation', operation: 'create', customer: locator('email', 'jane@example.com') },
			{ resource: 'conversation', operation: 'create', customer: locator('phone', '+14155550123'), additionalFields: { priority: 1, status: 'open', direction: 'in' } },
		]),
	],
	[
		'message create',
		['chat', 'email', 'facebook', 'instagram', 'sms', 'twitter-dm', 'twitter-tweet', 'voice', 'whatsapp']
			.flatMap((channel) =>
				['in', 'out'].map((direction): INodeParameters => ({
					resource: 'message',
					operation: 'create',
					conversation: locator('id', CONVERSATION_ID),
					channel,
					direction,
					body: 'Where is my order?',
				})),
			)
			.concat(
				variants(
					{ resource: 'message', operation: 'create', conversation: locator('id', CONVERSATION_ID), channel: 'email', direction: 'in', body: 'y'.repeat(10_240) },
					{ app: 'order-portal', subject: 'Order 1042', externalId: 'msg-1', sentAt: '2026-11-21T10:15:00Z' },
				),
			),
	],
	[
		'note create',
		variants(
			{ resource: 'note', operation: 'create', conversation: locator('id', CONVERSATION_ID), body: 'Refund approved' },
			{ externalId: 'note-1', userMentions: users(20) },
		).concat([
			{
				resource: 'note',
				operation: 'create',
				conversation: locator('id', CONVERSATION_ID),
				body: 'z'.repeat(10_240),
				additionalFields: { userMentions: users(10), teamMentions: [TEAM_ID, ...teams(9)] },
			},
			{ resource: 'note', operation: 'create', conversation: locator('id', CONVERSATION_ID), body: 'Hi', additionalFields: { userMentions: [USER_ID] } },
		]),
	],
	[
		'every custom attribute of the metadata fixture through the typed mapper',
		<INodeParameters[]>[
			{ resource: 'conversation', operation: 'create', customer: locator('id', CUSTOMER_ID), customAttributesMapper: CONVERSATION_ATTRIBUTES },
			{ resource: 'conversation', operation: 'update', conversation: locator('id', CONVERSATION_ID), customAttributesMapper: CONVERSATION_ATTRIBUTES },
			{ resource: 'customer', operation: 'create', customAttributesMapper: CUSTOMER_ATTRIBUTES },
			{ resource: 'customer', operation: 'update', customer: locator('id', CUSTOMER_ID), customAttributesMapper: CUSTOMER_ATTRIBUTES },
			{ resource: 'customer', operation: 'upsert', matchBy: ['email'], customerFields: { emails: { email: [{ address: 'jane@example.com' }] } }, customAttributesMapper: CUSTOMER_ATTRIBUTES },
		],
	],
	[
		'message and note create with attachments',
		[
			{ resource: 'message', operation: 'create', conversation: locator('id', CONVERSATION_ID), channel: 'email', direction: 'out', body: 'See attached', additionalFields: { attachments: 'invoice, photo' } },
			{ resource: 'note', operation: 'create', conversation: locator('id', CONVERSATION_ID), body: 'Receipt attached', additionalFields: { attachments: 'invoice', userMentions: [USER_ID] } },
		],
	],
	[
		'conversation escalate',
		(<INodeParameters[]>[
			{ customerEmail: 'jane@example.com', message: 'Where is my order?' },
			{ customerEmail: 'new@escalation.example', customerPhone: '+1 415 555 0199', customerExternalId: 'crm-new', customerName: 'Zoë 🚀 New', note: 'First contact' },
			{
				customerPhone: '+14155550123',
				externalId: 'web-form-1042',
				conversationFields: { priority: 5, assignedTeams: teams(10), assignedUsers: users(10), tags: Array.from({ length: 20 }, (_, index) => objectId(0x300 + index)), customAttributes: CUSTOM_ATTRIBUTES },
				message: 'y'.repeat(10_240),
				channel: 'sms',
				direction: 'out',
				messageFields: { app: 'web-form', subject: 'Order 1042', sentAt: '2026-11-21T10:15:00', attachments: 'invoice, photo' },
				note: 'z'.repeat(10_240),
				noteFields: { userMentions: users(10), teamMentions: teams(10), attachments: 'invoice' },
			},
			{ customerExternalId: 'crm-42', customAttributesMapper: CONVERSATION_ATTRIBUTES, message: 'Hi', channel: 'whatsapp', direction: 'in', note: 'Mapper', noteFields: { userMentions: [USER_ID] } },
		]).map((parameters) => ({ resource: 'conversation', operation: 'escalate', subject: '🚀'.repeat(256), queue: QUEUE_ID, ...parameters })),
	],
	[
		'message send',
		SEND_CHANNELS.flatMap((channel): INodeParameters[] => [
			{ resource: 'message', operation: 'send', conversation: locator('id', CONVERSATION_ID), channel, body: 'Your refund is on its way', additionalFields: channel === 'whatsapp' ? { app: 'whatsapp', to: '+14155550124' } : {} },
			{ resource: 'message', operation: 'send', conversation: locator('id', CONVERSATION_ID), channel, body: 'Scheduled', when: 'at', sendAt: '2030-01-15T09:00:00', additionalFields: channel === 'whatsapp' ? { app: 'twilio_whatsapp', from: '+18005551213', to: '+14155550124' } : {} },
		]).concat([
			{
				resource: 'message',
				operation: 'send',
				conversation: locator('id', CONVERSATION_ID),
				channel: 'email',
				body: 'All the email fields',
				additionalFields: { app: 'postmark', from: 'support@acme.test', to: 'jane@example.com, ops@acme.test', cc: 'billing@acme.test', bcc: 'audit@acme.test', subject: 'Your refund', attachments: 'invoice, photo' },
			},
			{ resource: 'message', operation: 'send', conversation: locator('id', CONVERSATION_ID), channel: 'sms', body: 'Label attached', additionalFields: { app: 'twilio', from: '+18005551212', attachments: 'photo' } },
			// The External ID: in the draft's payload, and in the delivered message's meta.
			{ resource: 'message', operation: 'send', conversation: locator('id', CONVERSATION_ID), channel: 'chat', body: 'Your refund is on its way', additionalFields: { externalId: 'reply-1042' } },
		]),
	],
	[
		'custom object create, update, create or update',
		<INodeParameters[]>[
			{ resource: 'customObject', operation: 'create', klass: KLASS, title: 'Order 1042' },
			{ resource: 'customObject', operation: 'create', klass: KLASS, title: 'Order 1042', customer: locator('id', CUSTOMER_ID), customAttributesMapper: ORDER_ATTRIBUTES, additionalFields: { ...OBJECT_FIELDS, company: objectId(0x401), externalId: 'order-1042' } },
			{ resource: 'customObject', operation: 'update', klass: KLASS, customObject: locator('id', objectId(0xb1)), customAttributesMapper: ORDER_ATTRIBUTES, updateFields: { ...OBJECT_FIELDS, title: 'Order 1042', externalId: 'order-1042' } },
			{ resource: 'customObject', operation: 'upsert', klass: KLASS, externalId: 'new-order', title: 'New', customer: locator('id', CUSTOMER_ID), customAttributesMapper: ORDER_ATTRIBUTES, additionalFields: { ...OBJECT_FIELDS, company: objectId(0x401) } },
			{ resource: 'customObject', operation: 'upsert', klass: KLASS, externalId: 'known-order', title: 'Known', customAttributesMapper: ORDER_ATTRIBUTES, additionalFields: OBJECT_FIELDS },
		],
	],
	['conversation update', [...CONVERSATION_UPDATES, CONVERSATION_LIST_EDITS]],
	[
		'conversation tags',
		(['addTags', 'removeTags'] as const).flatMap((operation): INodeParameters[] => [
			{ resource: 'conversation', operation, conversation: locator('id', CONVERSATION_ID), tags: ['vip'] },
			{ resource: 'conversation', operation, conversation: locator('id', CONVERSATION_ID), tags: ['Déjà-vu', 'needs review', 'a/b<c>-d.e_f', objectId(0x300)] },
			{ resource: 'conversation', operation, conversation: locator('id', CONVERSATION_ID), tags: Array.from({ length: 20 }, (_, index) => `tag-${index}`) },
		]),
	],
	[
		'conversation get many',
		[
			{ customer: locator('id', CUSTOMER_ID) },
			{ customer: locator('email', 'jane@example.com'), options: { sortBy: 'createdAt', order: 'asc', includeDeleted: true } },
			{
				filters: {
					status: ['open', 'snoozed', 'done'],
					priority: [1, 5],
					queues: [QUEUE_ID],
					assignedUsers: users(3),
					assignedTeams: [TEAM_ID],
					tags: [objectId(0x300)],
					createdAfter: '2026-01-01',
					createdBefore: '2026-12-31T23:59:59',
					updatedAfter: '2026-06-01T00:00:00+02:00',
					updatedBefore: '2026-07-01',
					doneAfter: '2026-06-15',
					doneBefore: '2026-06-20',
				},
				criteria: { criterion: [{ field: 'custom.orderNumberStr', operator: 'equals', value: 'A-1' }, { field: 'channels', operator: 'in', value: 'email,chat' }, { field: 'name', operator: 'not_set', value: '' }] },
				returnAll: true,
			},
			{ searchBy: 'json', queryJson: '{"or": [{"conversation_status": {"equals": "open"}}], "timeZone": "Europe/Paris"}' },
		].map((parameters) => ({ resource: 'conversation', operation: 'getAll', ...parameters }) as INodeParameters),
	],
	[
		'customer create',
		eachAndAll({ resource: 'customer', operation: 'create' }, CUSTOMER_FIELDS, 'customerFields'),
	],
	['customer update', CUSTOMER_UPDATES],
	[
		'Send in Bulk: customer create and update, conversation update (PUT /v1/conversations/bulk, queue inside the record)',
		inBulk([
			...eachAndAll({ resource: 'customer', operation: 'create' }, CUSTOMER_FIELDS, 'customerFields'),
			...CUSTOMER_UPDATES,
			...CONVERSATION_UPDATES,
			{ resource: 'conversation', operation: 'update', conversation: locator('externalId', 'zendesk-1042'), updateFields: { queue: QUEUE_ID, status: 'open' } },
			{ resource: 'conversation', operation: 'update', conversation: locator('id', CONVERSATION_ID), customAttributesMapper: CONVERSATION_ATTRIBUTES },
			{ resource: 'customer', operation: 'create', customAttributesMapper: CUSTOMER_ATTRIBUTES },
			{ resource: 'customer', operation: 'update', customer: locator('id', CUSTOMER_ID), customAttributesMapper: CUSTOMER_ATTRIBUTES },
		]),
	],
	[
		'customer create or update',
		[
			// Found (the lookups answer the linked customer): merged lists, rev and company in a PATCH.
			{ resource: 'customer', operation: 'upsert', matchBy: ['email', 'phone', 'externalId'], customerFields: CUSTOMER_FIELDS },
			{ resource: 'customer', operation: 'upsert', matchBy: ['externalId'], customerFields: { externalId: 'crm-9', name: 'Only name changes' } },
		],
	],
	[
		'customer search',
		[
			{ searchBy: 'email', email: 'jane@example.com' },
			{ searchBy: 'phone', phone: '+14155550123' },
			{ searchBy: 'externalId', externalId: 'crm-42' },
			{
				searchBy: 'criteria',
				match: 'all',
				criteria: {
					criterion: [
						{ field: 'email', operator: 'contains', value: 'example.com' },
						{ field: 'custom.seatsNum', operator: 'gte', value: '10' },
						{ field: 'locale', operator: 'in', value: 'en,fr' },
						{ field: 'phones', operator: 'not_set', value: '' },
					],
				},
			},
			{ searchBy: 'criteria', match: 'any', criteria: { criterion: [{ field: 'name', operator: 'equals', value: 'Jane' }] } },
			{ searchBy: 'json', queryJson: '{"and":[{"customer_updated_at":{"gte":"2026-01-01"}}],"not":[{"customer_name":{"contains":"test"}}],"timeZone":"Europe/Paris"}' },
			{ searchBy: 'email', email: 'jane@example.com', returnAll: true, options: { includeDeleted: true, order: 'desc' } },
		].map((parameters) => ({ resource: 'customer', operation: 'search', ...parameters })),
	],
];

/** Operations that send no request body at all: reads by ID or link, and deletes. */
const SENDS_NO_BODY = ['conversation:get', 'conversation:delete', 'customer:get', 'customer:delete', 'customObject:get', 'customObject:getAll', 'customObject:delete', 'message:getAll', 'note:getAll'];

test('every operation of the registry that sends a body has cases here', () => {
	const covered = new Set(CASES.flatMap(([, sets]) => sets.map((parameters) => `${String(parameters.resource)}:${String(parameters.operation)}`)));
	const missing = RESOURCES.flatMap((resource) => resource.operations.map((operation) => `${resource.value}:${operation.option.value}`)).filter(
		(name) => !covered.has(name) && !SENDS_NO_BODY.includes(name),
	);
	expect(missing).toEqual([]);
});

describe.each(CASES)('%s', (_name, parameterSets) => {
	test.each(parameterSets.map((parameters, index) => [index, parameters]))(
		'variant %i: every body sent validates against Kustomer\'s schema',
		async (_index, parameters) => {
			const result = await runWorkflow(itemsThenKustomer([{ $binary: FILES }], parameters as INodeParameters));
			expect(result.error('Kustomer')).toBeUndefined();
			const bodies = sent.filter((request) => request.body !== undefined);
			expect(bodies.length).toBeGreaterThan(0);
			if (parameters.sendInBulk) expect(bodies.map((request) => request.path)).toContainEqual(expect.stringMatching(/\/bulk$/));
			for (const request of bodies) {
				// `custom` may hold what the org's metadata defines, typed, and nothing else.
				const check = validateRequestBody(request.method, request.path, request.body, { metadata: METADATA });
				expect({ request: `${request.method} ${request.path}`, schema: check.schema, errors: check.errors }).toEqual({
					request: `${request.method} ${request.path}`,
					schema: expect.any(String),
					errors: [],
				});
			}
		},
	);
});

test('the editor pickers send valid search bodies too', async () => {
	await callMethod('listSearch', 'searchCustomers', kustomerNode({}), ['jane', undefined]);
	await callMethod('listSearch', 'searchCustomers', kustomerNode({}), [undefined, '3']);
	expect(sent).toHaveLength(2);
	for (const request of sent) {
		expect(validateRequestBody(request.method, request.path, request.body).errors).toEqual([]);
	}
});

test('the search body that reads past the 10,000 cap is valid', async () => {
	resetApi();
	const pages = customerRange(1, 100);
	serveSearchPastCap(pages, [pages[99], ...customerRange(101, 101)]);
	await runWorkflow(itemsThenKustomer([{}], { resource: 'customer', operation: 'search', searchBy: 'email', email: 'a@b.co', returnAll: true }));
	const last = sent[sent.length - 1];
	expect((last.body as IDataObject).and).toHaveLength(2);
	expect(validateRequestBody(last.method, last.path, last.body).errors).toEqual([]);
});

describe('the contract catches what Kustomer rejects', () => {
	test.each([
		['POST', '/v1/conversations', { customer: CUSTOMER_ID, channel: 'email' }, 'must NOT have additional properties "channel"'],
		['POST', '/v1/conversations', { customer: CUSTOMER_ID, queueId: QUEUE_ID }, 'must NOT have additional properties "queueId"'],
		['POST', '/v1/conversations', { customer: CUSTOMER_ID, queue: QUEUE_ID }, '/queue must be object'],
		['POST', '/v1/conversations', { customer: CUSTOMER_ID, priority: 6 }, '/priority must be <= 5'],
		['POST', '/v1/conversations', { customer: CUSTOMER_ID, custom: { vip: true } }, '/custom property name must be valid'],
		['POST', '/v1/conversations', { name: 'no customer' }, "must have required property 'customer'"],
		['POST', `/v1/conversations/${CONVERSATION_ID}/messages`, { channel: 'email', preview: 'x' }, "must have required property 'app'"],
		['POST', `/v1/conversations/${CONVERSATION_ID}/messages`, { channel: 'email', app: 'n8n', body: 'x' }, 'must NOT have additional properties "body"'],
		['POST', `/v1/conversations/${CONVERSATION_ID}/notes`, { body: '' }, '/body must NOT have fewer than 1 characters'],
		['POST', '/v1/customers/search', { queryContext: 'customer', limit: 5 }, 'must NOT have additional properties "limit"'],
		// An empty PATCH matches both branches of the body's oneOf: the node never sends one.
		['PATCH', `/v1/conversations/${CONVERSATION_ID}`, {}, 'must match exactly one schema in oneOf'],
		['PATCH', `/v1/conversations/${CONVERSATION_ID}`, { snooze: { time: '2099-01-01T00:00:00Z' } }, "/snooze must have required property 'status'"],
		['PATCH', `/v1/conversations/${CONVERSATION_ID}`, { status: 'closed' }, '/status must be equal to one of the allowed values'],
		['PATCH', `/v1/conversations/${CONVERSATION_ID}`, { queueId: QUEUE_ID }, 'must NOT have additional properties "queueId"'],
		['POST', `/v1/conversations/${CONVERSATION_ID}/tags`, ['🔥'], '/0 must match pattern "^[0-9a-zA-Z\u00c0-\u00ff_/<>\\-.]{1}[0-9a-zA-Z\u00c0-\u00ff _/<>\\-.]{0,63}$"'],
		['POST', '/v1/customers', { emails: [{ email: 'a@b.co', id: null }] }, '/emails/0 must NOT have additional properties "id"'],
		['PATCH', `/v1/customers/${CUSTOMER_ID}`, { phones: [{ phone: '555-0100' }] }, '/phones/0/phone must match format "phone-number"'],
	])('%s %s %j', (method, path, body, error) => {
		expect(validateRequestBody(method, path, body).errors).toContain(error.startsWith('/') ? error : `(body) ${error}`);
	});

	test.each([
		['POST', '/v1/conversations', { customer: CUSTOMER_ID, custom: { couponStr: 'X' } }, '/custom must NOT have additional properties "couponStr"'],
		['POST', '/v1/conversations', { customer: CUSTOMER_ID, custom: { refundNum: '49.90' } }, '/custom/refundNum must be number,null'],
		['POST', '/v1/conversations', { customer: CUSTOMER_ID, custom: { reasonTree: 'weather' } }, '/custom/reasonTree must be equal to one of the allowed values'],
		['PATCH', `/v1/customers/${CUSTOMER_ID}`, { custom: { tierStr: 'Platinum' } }, '/custom/tierStr must be equal to one of the allowed values'],
		['PATCH', `/v1/customers/${CUSTOMER_ID}`, { custom: { regionTree: 'emea' } }, '/custom/regionTree must be equal to one of the allowed values'],
		['PATCH', `/v1/customers/${CUSTOMER_ID}`, { custom: { legacyStr: 'x' } }, '/custom must NOT have additional properties "legacyStr"'],
		['POST', `/v1/customers/${CUSTOMER_ID}/klasses/${KLASS}`, { title: 'x', custom: { placedAt: 'soon' } }, '/custom/placedAt must match format "date-time"'],
		['PUT', `/v1/klasses/subscription/${objectId(1)}`, { custom: { totalNum: 1 } }, '/custom must NOT have additional properties "totalNum"'],
		['POST', `/v1/customers/${CUSTOMER_ID}/drafts`, { channel: 'email', sendAt: '2030-01-01T00:00:00Z', scheduled: true }, 'must NOT have additional properties "scheduled"'],
		['POST', `/v1/customers/${CUSTOMER_ID}/drafts`, { channel: 'email', to: 'jane@example.com' }, '/to must be array'],
		['PUT', `/v1/drafts/${objectId(1)}`, { sendAt: '2030-01-01T00:00:00Z' }, "must have required property 'channel'"],
		['POST', '/v1/attachments', { name: 'a.pdf', contentType: 'application/pdf' }, "must have required property 'contentLength'"],
		['POST', `/v1/conversations/${CONVERSATION_ID}/notes`, { body: 'x', attachments: [objectId(1)] }, '/attachments/0 must be object'],
	])('with the org\'s metadata: %s %s %j', (method, path, body, error) => {
		expect(validateRequestBody(method, path, body, { metadata: METADATA }).errors).toContainEqual(error.startsWith('/') ? error : `(body) ${error}`);
	});
});

test('a queue change, the ordinary { id } object, passes the derived PATCH schema (see scripts/derive-contract-schemas.js)', () => {
	expect(validateRequestBody('PATCH', `/v1/conversations/${CONVERSATION_ID}`, { queue: { id: QUEUE_ID } }).errors).toEqual([]);
	expect(validateRequestBody('PATCH', `/v1/conversations/${CONVERSATION_ID}`, { queue: {} }).valid).toBe(false);
});

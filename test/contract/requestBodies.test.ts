/**
 * Contract: every request body the Kustomer node can send validates against Kustomer's own
 * schema for that endpoint (sandbox/kustomer-request-schemas.json, derived from Kustomer's
 * OpenAPI description; unknown fields are a 400 in production).
 *
 * Each operation runs through the real workflow harness over every optional field on its own
 * and all of them together; nock records what was sent.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { validateRequestBody } from '../../sandbox/contract';
import { callMethod, runWorkflow } from '../helpers/harness';
import {
	conversationResource,
	CONVERSATION_ID,
	CUSTOMER_ID,
	customerRange,
	customerResource,
	kustomerApi,
	messageResource,
	noteResource,
	objectId,
	QUEUE_ID,
	resetApi,
	sent,
	serveSearchPastCap,
	TEAM_ID,
	USER_ID,
} from '../helpers/kustomer';
import { itemsThenKustomer, kustomerNode, locator } from '../helpers/workflows';

const users = (count: number) => Array.from({ length: count }, (_, index) => objectId(0x100 + index));
const teams = (count: number) => Array.from({ length: count }, (_, index) => objectId(0x200 + index));

function serveEverything(): void {
	const api = kustomerApi().persist();
	api.post('/v1/conversations').reply(201, { data: conversationResource() });
	api.post(/\/v1\/conversations\/\w+\/messages/).reply(201, { data: messageResource(objectId(1)) });
	api.post(/\/v1\/conversations\/\w+\/notes/).reply(201, { data: noteResource(objectId(2)) });
	api.post('/v1/customers/search').query(true).reply(200, { data: [customerResource()], links: { next: null } });
	api.get(/\/v1\/conversations\/externalId=.*/).reply(404, '');
	api.get(/\/v1\/customers\/(email|phone|externalId)=.*/).reply(200, { data: customerResource() });
	api.get(/\/v1\/conversations\/externalId=.*/).reply(404, '');
	api.get(/\/v1\/conversations\/[0-9a-f]{24}$/).reply(200, { data: conversationResource(CONVERSATION_ID, { assignedUsers: users(3), assignedTeams: [TEAM_ID], rev: 3 }) });
	api.patch(/\/v1\/conversations\/[0-9a-f]{24}$/).reply(200, { data: conversationResource() });
	api.post(/\/v1\/conversations\/[0-9a-f]{24}\/tags$/).reply(200, { data: conversationResource() });
	api.delete(/\/v1\/conversations\/[0-9a-f]{24}\/tags$/).reply(200, { data: conversationResource() });
	api.post('/v1/customers').reply(201, { data: customerResource() });
	api.get(/\/v1\/customers\/[0-9a-f]{24}$/).reply(200, { data: linkedCustomer() });
	api.patch(/\/v1\/customers\/[0-9a-f]{24}$/).reply(200, { data: customerResource() });
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
	customAttributes: { attribute: [{ name: 'tierStr', value: 'gold' }, { name: 'seatsNum', value: '12' }, { name: 'renewalAt', value: '2027-01-31T09:00:00' }] },
};

const CUSTOM_ATTRIBUTES = {
	attribute: [
		{ name: 'orderNumberStr', value: 'A-1042' },
		{ name: 'notesTxt', value: 'x'.repeat(2000) },
		{ name: 'refundNum', value: '49.9' },
		{ name: 'vipBool', value: 'false' },
		{ name: 'promisedAt', value: '2026-12-24T18:00:00+01:00' },
		{ name: 'portalUrl', value: 'https://portal.example.com/orders/1042' },
		{ name: 'legacyId', value: '12345' },
		{ name: 'clearedStr', value: '' },
	],
};

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
		'conversation update',
		eachAndAll(
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
			{ resource: 'conversation', operation: 'update', conversation: locator('id', CONVERSATION_ID), updateFields: { name: '', externalId: '', assignedUsers: [], customAttributes: { attribute: [{ name: 'orderStr', value: '' }] } } },
			{
				resource: 'conversation',
				operation: 'update',
				conversation: locator('id', CONVERSATION_ID),
				updateFields: { addAssignedUsers: [USER_ID], removeAssignedUsers: [users(1)[0]], addAssignedTeams: teams(2), removeAssignedTeams: [TEAM_ID], priority: 5 },
			},
		]),
	],
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
	[
		'customer update',
		eachAndAll({ resource: 'customer', operation: 'update', customer: locator('id', CUSTOMER_ID) }, CUSTOMER_FIELDS, 'updateFields').concat([
			{
				resource: 'customer',
				operation: 'update',
				customer: locator('externalId', 'crm-1'),
				updateFields: { name: '', externalId: '', company: '', locale: '', timeZone: '', tags: [], emails: { email: [] }, phones: {} },
			},
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

describe.each(CASES)('%s', (_name, parameterSets) => {
	test.each(parameterSets.map((parameters, index) => [index, parameters]))(
		'variant %i: every body sent validates against Kustomer\'s schema',
		async (_index, parameters) => {
			const result = await runWorkflow(itemsThenKustomer([{}], parameters as INodeParameters));
			expect(result.error('Kustomer')).toBeUndefined();
			const bodies = sent.filter((request) => request.body !== undefined);
			expect(bodies.length).toBeGreaterThan(0);
			for (const request of bodies) {
				const check = validateRequestBody(request.method, request.path, request.body);
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
});

test('a queue change, the ordinary { id } object, passes the derived PATCH schema (see scripts/derive-contract-schemas.js)', () => {
	expect(validateRequestBody('PATCH', `/v1/conversations/${CONVERSATION_ID}`, { queue: { id: QUEUE_ID } }).errors).toEqual([]);
	expect(validateRequestBody('PATCH', `/v1/conversations/${CONVERSATION_ID}`, { queue: {} }).valid).toBe(false);
});

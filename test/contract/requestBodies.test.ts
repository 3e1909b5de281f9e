/**
 * Contract: every request body the Kustomer node can send validates against Kustomer's own
 * schema for that endpoint (sandbox/kustomer-request-schemas.json, derived from Kustomer's
 * OpenAPI description; unknown fields are a 400 in production).
 *
 * Each operation runs through the real workflow harness over the cases of its fixture (`bodies`
 * in `<resource>/<operation>.fixture.ts`: every optional field on its own and all of them
 * together, and what else its bodies may hold); nock records what was sent. An operation whose
 * fixture says it sends no body is run once to show it.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { validateRequestBody } from '../../sandbox/contract';
import { METADATA } from '../../sandbox/metadata';
import { callMethod, runWorkflow } from '../helpers/harness';
import {
	attachmentCreated,
	bulkBatches,
	bulkJob,
	companyResource,
	COMPANY_ID,
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
} from '../helpers/kustomer';
import { SEND_CHANNELS, SENT_TEXTS, users } from '../helpers/bodyCases';
import { registryFixtures } from '../helpers/operationFixture';
import type { OperationFixture } from '../helpers/operationFixture';
import { itemsThenKustomer, kustomerNode } from '../helpers/workflows';
import { mergeResource } from '../nodes/Kustomer/actions/customer/merge.fixture';
import { messageWithFiles, redactionResource } from '../nodes/Kustomer/actions/message/redact.fixture';

function serveEverything(): void {
	const api = kustomerApi().persist();
	api.get('/v1/conversations/externalId=zendesk-1042').reply(200, { data: conversationResource() });
	api.post('/v1/conversations').reply(201, { data: conversationResource() });
	api.post(/\/v1\/conversations\/\w+\/messages/).reply(201, { data: messageResource(objectId(1)) });
	api.post(/\/v1\/conversations\/\w+\/notes/).reply(201, { data: noteResource(objectId(2)) });
	api.post('/v1/customers/search').query(true).reply(200, { data: [customerResource()], links: { next: null } });
	api.post('/v1/customers/archive/search').query(true).reply(200, { data: [], links: { next: null } });
	api.post('/v1/tracking/identityEvent').reply(201, { data: { type: 'identity', id: objectId(0x71), attributes: {}, relationships: { customer: { data: { type: 'customer', id: CUSTOMER_ID } } } } });
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
	// An object by ID (not the klass's bulk endpoint, served below).
	api.put(new RegExp(`/v1/klasses/${KLASS}/[0-9a-f]{24}$`)).reply(200, { data: kobjectResource(objectId(0xb1)) });
	api.get(`/v1/klasses/${KLASS}/externalId=new-order`).reply(404, '');
	api.get(`/v1/klasses/${KLASS}/externalId=known-order`).reply(200, { data: kobjectResource(objectId(0xb1), { externalId: 'known-order' }) });
	// Companies: External IDs starting "new-" have none yet; any other finds one, as does a name.
	api.post('/v1/companies').reply(201, { data: companyResource() });
	api
		.get('/v1/companies')
		.query(true)
		.reply(200, (uri) => {
			const query = new URL(uri, 'https://x').searchParams;
			const externalId = query.get('externalId');
			if (externalId?.startsWith('new-')) return { data: [], links: { next: null } };
			return { data: [companyResource(COMPANY_ID, { ...(externalId ? { externalId } : {}), ...(query.get('filter') ? { name: query.get('filter') } : {}) })], links: { next: null } };
		});
	api.get(/\/v1\/companies\/[0-9a-f]{24}$/).reply(200, { data: companyResource() });
	api.put(/\/v1\/companies\/[0-9a-f]{24}$/).reply(200, { data: companyResource() });
	storageApi().persist().post('/').reply(204).put('/put').reply(200);
	// Edits and merges: a message with 12 files to redact, a note to change, a merge done at once.
	api.get(/\/v1\/messages\/[0-9a-f]{24}$/).reply(200, { data: messageWithFiles(objectId(0xe1), 12) });
	api.post(/\/v1\/messages\/[0-9a-f]{24}\/redactions$/).reply(201, (_uri, body) => ({ data: redactionResource(objectId(0xe1), { preview: (body as IDataObject).preview ?? '[redacted]' }) }));
	api.patch(/\/v1\/notes\/[0-9a-f]{24}$/).reply(200, { data: noteResource(objectId(0xbb)) });
	api.post('/v1/customers/merges').reply(201, { data: mergeResource('success') });
	// Send in Bulk: every bulk job completes at once, its one record (the item's) created or updated.
	api.post(/\/v1\/(klasses\/)?\w+\/bulk$/).reply(201, bulkJob(objectId(0xa001), 'queued'));
	api.put(/\/v1\/(klasses\/)?\w+\/bulk$/).reply(201, bulkJob(objectId(0xa001), 'queued'));
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

beforeEach(serveEverything);
afterEach(resetApi);

const OPERATIONS = registryFixtures();

/** Each operation's body cases from its fixture, by what they cover; `resource` and `operation` from the registry. */
const CASES = OPERATIONS.flatMap(({ label, resource, operation, fixture }) =>
	Object.entries(fixture?.bodies === 'none' ? {} : (fixture?.bodies ?? {})).map(([covers, sets]): [string, INodeParameters[]] => [
		`${label}: ${covers}`,
		sets.map((parameters) => ({ resource, operation, ...parameters })),
	]),
);

test('every operation of the registry has body cases in its fixture, or says it sends no body', () => {
	const withCases = (bodies: OperationFixture['bodies'] | undefined) => bodies === 'none' || Object.values(bodies ?? {}).some((sets) => sets.length > 0);
	expect(OPERATIONS.filter(({ fixture }) => !withCases(fixture?.bodies)).map(({ label }) => label)).toEqual([]);
});

describe.each(OPERATIONS.filter(({ fixture }) => fixture?.bodies === 'none'))('$label', ({ fixture }) => {
	test('sends no body, as its fixture says', async () => {
		const { parameters, good, background, path, method, success } = fixture as OperationFixture;
		background?.();
		kustomerApi().intercept(path, method).query(true).reply(success.status, success.body);
		const result = await runWorkflow(itemsThenKustomer([{ value: good }], parameters));
		expect(result.error('Kustomer')).toBeUndefined();
		expect(sent.length).toBeGreaterThan(0);
		expect(sent.filter((request) => request.body !== undefined)).toEqual([]);
	});
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
	await callMethod('listSearch', 'searchCompanies', kustomerNode({}), ['acme', undefined]);
	expect(sent).toHaveLength(3);
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

/**
 * Valid but unusual inputs: each must reach Kustomer exactly as Kustomer expects it, neither
 * refused nor mangled. Emoji count as one character each (as Kustomer's schema counts),
 * +-addressed emails and external IDs with / ? # % are URL-encoded in lookup paths and sent
 * verbatim in bodies, formatted phones become E.164, and UTC offsets are honoured.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { validateRequestBody } from '../../../../sandbox/contract';
import { runWorkflow } from '../../../helpers/harness';
import { CONVERSATION_ID, conversationResource, CUSTOMER_ID, customerResource, kustomerApi, messageResource, resetApi, sent } from '../../../helpers/kustomer';
import { itemsThenKustomer, locator } from '../../../helpers/workflows';

afterEach(resetApi);

const ODD_ID = 'zendesk/ticket?id=42#note%20';
const ENCODED_ODD_ID = 'zendesk%2Fticket%3Fid%3D42%23note%2520';

function serveAll() {
	const api = kustomerApi().persist();
	api.get(/\/v1\/customers\/(email|phone|externalId)=.*/).reply(200, { data: customerResource() });
	api.get(/\/v1\/conversations\/externalId=.*/).reply(200, { data: conversationResource() });
	api.get(/\/v1\/conversations\/[0-9a-f]{24}$/).reply(200, { data: conversationResource() });
	api.patch(/\/v1\/(conversations|customers)\/[0-9a-f]{24}$/).reply(200, (uri) => ({ data: uri.includes('customers') ? customerResource() : conversationResource() }));
	api.post('/v1/customers').reply(201, { data: customerResource() });
	api.post('/v1/conversations').reply(201, { data: conversationResource() });
	api.post(/\/v1\/conversations\/[0-9a-f]{24}\/(messages|tags)$/).reply(201, { data: messageResource('5a00000000000000000000f1') });
	api.post('/v1/customers/search').query(true).reply(200, { data: [], links: { next: null } });
}

beforeEach(serveAll);

const run = async (parameters: INodeParameters, settings?: IDataObject) => {
	const result = await runWorkflow({ ...itemsThenKustomer([{}], parameters), ...(settings ? { settings } : {}) });
	expect(result.error('Kustomer')).toBeUndefined();
	// And Kustomer's schema takes every body as sent.
	for (const request of sent.filter((entry) => entry.body !== undefined)) {
		expect(validateRequestBody(request.method, request.path, request.body).errors).toEqual([]);
	}
	return result;
};

const lastBody = () => sent[sent.length - 1].body as IDataObject;

test('a 256-emoji subject is 256 characters to Kustomer: sent whole on create and update', async () => {
	const subject = '🚀'.repeat(256);
	await run({ resource: 'conversation', operation: 'create', customer: locator('id', CUSTOMER_ID), additionalFields: { name: subject } });
	expect(lastBody().name).toBe(subject);
	await run({ resource: 'conversation', operation: 'update', conversation: locator('id', CONVERSATION_ID), updateFields: { name: subject } });
	expect(lastBody()).toEqual({ name: subject });
});

test('a 6,000-emoji message body (12,000 UTF-16 units, 6,000 characters) is sent whole', async () => {
	const body = '👍'.repeat(6000);
	await run({ resource: 'message', operation: 'create', conversation: locator('id', CONVERSATION_ID), channel: 'chat', direction: 'in', body });
	expect(lastBody().preview).toBe(body);
});

test('a +-addressed email: encoded in the lookup path, verbatim in a body', async () => {
	await run({ resource: 'customer', operation: 'get', customer: locator('email', 'jane+vip@example.com') });
	expect(sent[0].path).toBe('/v1/customers/email=jane%2Bvip%40example.com');
	await run({ resource: 'customer', operation: 'create', customerFields: { emails: { email: [{ address: 'Jane+VIP@Example.com', type: 'work' }] } } });
	expect(lastBody()).toEqual({ emails: [{ email: 'Jane+VIP@Example.com', type: 'work' }] });
});

test.each([
	['+1 (415) 555-0123', '+14155550123'],
	['+44 20 7946 0958', '+442079460958'],
	['+49 30.9018-20104', '+4930901820104'],
	['  +91 98765 00105 ', '+919876500105'],
])('a formatted phone %s becomes E.164 in lookups and bodies', async (written, e164) => {
	await run({ resource: 'customer', operation: 'get', customer: locator('phone', written) });
	expect(sent[0].path).toBe(`/v1/customers/phone=${encodeURIComponent(e164)}`);
	sent.length = 0;
	await run({ resource: 'customer', operation: 'upsert', matchBy: ['phone'], customerFields: { phones: { phone: [{ number: written, type: 'mobile' }] } } });
	expect(sent[0].path).toBe(`/v1/customers/phone=${encodeURIComponent(e164)}`);
});

test('external IDs with / ? # % are encoded in lookup paths and kept verbatim in bodies', async () => {
	await run({ resource: 'conversation', operation: 'get', conversation: locator('externalId', ODD_ID) });
	expect(sent[0].path).toBe(`/v1/conversations/externalId=${ENCODED_ODD_ID}`);
	sent.length = 0;
	await run({ resource: 'customer', operation: 'update', customer: locator('externalId', ODD_ID), updateFields: { externalId: ODD_ID } });
	expect(sent[0].path).toBe(`/v1/customers/externalId=${ENCODED_ODD_ID}`);
	expect(lastBody()).toEqual({ externalId: ODD_ID });
	sent.length = 0;
	await run({ resource: 'conversation', operation: 'getAll', filters: { externalId: ODD_ID } });
	expect(sent[0].path).toBe(`/v1/conversations/externalId=${ENCODED_ODD_ID}`);
});

test('UTC offsets are honoured; a time without one is a time in the workflow\'s zone', async () => {
	const message = { resource: 'message', operation: 'create', conversation: locator('id', CONVERSATION_ID), channel: 'email', direction: 'in', body: 'Hi' };
	await run({ ...message, additionalFields: { sentAt: '2026-11-21T09:30:00+05:30' } });
	expect(lastBody().sentAt).toBe('2026-11-21T04:00:00.000Z');
	await run({ ...message, additionalFields: { sentAt: '2026-11-21T09:30:00-08:00' } });
	expect(lastBody().sentAt).toBe('2026-11-21T17:30:00.000Z');
	await run({ ...message, additionalFields: { sentAt: '2026-11-21T09:30:00' } }, { timezone: 'Europe/Paris' });
	expect(lastBody().sentAt).toBe('2026-11-21T08:30:00.000Z');
	await run({ ...message, additionalFields: { sentAt: '2026-02-28' } }, { timezone: 'Pacific/Auckland' });
	expect(lastBody().sentAt).toBe('2026-02-27T11:00:00.000Z');
});

test('tag names with Latin accents, spaces and punctuation Kustomer allows are sent as named', async () => {
	await run({ resource: 'conversation', operation: 'addTags', conversation: locator('id', CONVERSATION_ID), tags: ['Café crème', 'a/b<c>-d.e_f', 'ÀÉÎÕÜ'] });
	expect(lastBody()).toEqual(['Café crème', 'a/b<c>-d.e_f', 'ÀÉÎÕÜ']);
});

test('null from upstream JSON in optional create fields is simply left out', async () => {
	await runWorkflow(
		itemsThenKustomer([{ subject: null, priority: null, ticket: null }], {
			resource: 'conversation',
			operation: 'create',
			customer: locator('id', CUSTOMER_ID),
			additionalFields: { name: '={{ $json.subject }}', priority: '={{ $json.priority }}', externalId: '={{ $json.ticket }}' },
		}),
	);
	expect(lastBody()).toEqual({ customer: CUSTOMER_ID });
});

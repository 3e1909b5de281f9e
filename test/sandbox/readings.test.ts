/**
 * The sandbox does what Kustomer's documents say, and where they disagree (or one source only
 * says it) it can be switched to each reading (sandbox/readings.js): each switch of the
 * fidelity readings, seen from a client.
 */
import { READINGS } from '../../sandbox/readings';
import { SEED_IDS } from '../../sandbox/store';
import { useSandbox } from '../helpers/sandbox';

const { call } = useSandbox();
const read = async (readings: Record<string, string>) => await call('PATCH', '/_sandbox/config', { readings });
const search = async (body: Record<string, unknown>) => await call('POST', '/v1/customers/search', { queryContext: 'conversation', ...body });
const names = (answer: { body: { data: Array<{ attributes: { name: string } }> } }) => answer.body.data.map((record) => record.attributes.name);

test('every reading has its documented value first, another to switch to, and its sources', () => {
	for (const [name, entry] of Object.entries(READINGS)) {
		expect([name, entry.values.length >= 2, entry.source.length > 40]).toEqual([name, true, true]);
	}
});

test('"Each criterion maps one attribute to one operator and value": a criterion with two operators or two attributes is a 400', async () => {
	const twoOperators = await search({ and: [{ conversation_created_at: { gte: '2026-01-01', lt: '2026-02-01' } }] });
	expect(twoOperators.status).toBe(400);
	expect(twoOperators.body.errors[0].detail).toContain('conversation_created_at has 2 operators (gte, lt)');
	expect((await search({ and: [{ conversation_status: { equals: 'open' }, conversation_priority: { equals: 3 } }] })).status).toBe(400);
	expect((await search({ and: [{ conversation_created_at: { gte: '2026-01-01' } }, { conversation_created_at: { lt: '2026-02-01' } }] })).status).toBe(200);
});

test('notSetForm: the documented {"not_set": ""} always; another value is a 400, unless switched to anyValue', async () => {
	await call('POST', '/v1/conversations', { customer: SEED_IDS.customers.jane, name: 'Unassigned' });
	await call('POST', '/v1/conversations', { customer: SEED_IDS.customers.jane, name: 'Assigned', assignedUsers: [SEED_IDS.users.ana] });
	expect(names(await search({ and: [{ conversation_assigned_users: { not_set: '' } }] }))).toEqual(['Unassigned']);
	expect((await search({ and: [{ conversation_assigned_users: { not_set: true } }] })).status).toBe(400);
	await read({ notSetForm: 'anyValue' });
	expect(names(await search({ and: [{ conversation_assigned_users: { not_set: true } }] }))).toEqual(['Unassigned']);
});

test('searchSort: customer keys and *_updated_at sort; conversation_created_at is ignored unless switched to anyDateAttribute', async () => {
	for (const name of ['First', 'Second', 'Third']) await call('POST', '/v1/conversations', { customer: SEED_IDS.customers.jane, name });
	expect(names(await search({ sort: [{ conversation_updated_at: 'desc' }] }))).toEqual(['Third', 'Second', 'First']);
	expect(names(await search({ sort: [{ conversation_created_at: 'desc' }] }))).toEqual(['First', 'Second', 'Third']);
	const customers = await call('POST', '/v1/customers/search', { queryContext: 'customer', sort: [{ customer_created_at: 'desc' }] });
	expect(customers.body.data[0].id).toBe(SEED_IDS.customers.priya);
	await read({ searchSort: 'anyDateAttribute' });
	expect(names(await search({ sort: [{ conversation_created_at: 'desc' }] }))).toEqual(['Third', 'Second', 'First']);
});

test('txtLength: a Txt value over 1,024 characters is a 400 (the OpenAPI naming-suffix table), unless switched to unlimited', async () => {
	const patch = async (text: string) => await call('PATCH', `/v1/customers/${SEED_IDS.customers.jane}`, { custom: { accountNotesTxt: text } });
	expect((await patch('🙂'.repeat(1024))).status).toBe(200);
	const tooLong = await patch('x'.repeat(1025));
	expect([tooLong.status, tooLong.body.errors[0].detail]).toEqual([400, '/custom/accountNotesTxt must NOT have more than 1024 characters']);
	expect((await call('POST', '/v1/customers/bulk', [{ name: 'x', custom: { accountNotesTxt: 'x'.repeat(1025) } }])).body.errors[0].detail).toBe(
		'/0/custom/accountNotesTxt must NOT have more than 1024 characters',
	);
	await read({ txtLength: 'unlimited' });
	expect((await patch('x'.repeat(5000))).status).toBe(200);
});

test('messageExternalIdRoute: /v1/messages/externalid=… as the OpenAPI file spells it, or only externalId=…, the other an unknown route', async () => {
	const conversation = (await call('POST', '/v1/conversations', { customer: SEED_IDS.customers.jane })).body.data.id;
	const message = (await call('POST', `/v1/conversations/${conversation}/messages`, { channel: 'chat', app: 'n8n', preview: 'hi', externalId: 'm/1' })).body.data.id;
	expect((await call('GET', '/v1/messages/externalid=m%2F1')).body.data.id).toBe(message);
	expect((await call('GET', '/v1/messages/externalId=m%2F1')).body.errors[0].detail).toBe('no route GET /v1/messages/externalId=m%2F1');
	expect((await call('GET', '/v1/messages/externalid=m%2F2')).body.errors[0].detail).toBe('no message with externalId m/2');
	await read({ messageExternalIdRoute: 'camelCase' });
	expect((await call('GET', '/v1/messages/externalId=m%2F1')).body.data.id).toBe(message);
	const lowerCase = await call('GET', '/v1/messages/externalid=m%2F1');
	expect([lowerCase.status, lowerCase.body.errors[0].detail]).toEqual([404, 'no route GET /v1/messages/externalid=m%2F1']);
});

import { conversationLocator } from '../../../../nodes/Kustomer/actions/conversation/record';
import { customerLocator } from '../../../../nodes/Kustomer/actions/customer/record';

type CustomerMode = Parameters<typeof customerLocator>[1] & object;
type ConversationMode = Parameters<typeof conversationLocator>[1] & object;

/** A locator field offering `modes`, parsing a value as the node does. */
const parseCustomerRef = (locator: unknown, modes: string[]) => customerLocator('', modes as CustomerMode).parse(locator);
const parseConversationRef = (locator: unknown, modes: string[]) => conversationLocator('', modes as ConversationMode).parse(locator);
const parseOptionalCustomerRef = (locator: unknown, modes: string[]) => customerLocator('', modes as CustomerMode).parseOptional(locator);

const ALL = ['list', 'id', 'url', 'email', 'phone', 'externalId'];
const id = '5f1a2b3c4d5e6f7a8b9c0d1e';

test('customer locators by every mode', () => {
	expect(parseCustomerRef({ __rl: true, mode: 'list', value: id }, ALL)).toEqual({ by: 'id', id });
	expect(parseCustomerRef({ mode: 'id', value: id.toUpperCase() }, ALL)).toEqual({ by: 'id', id });
	expect(parseCustomerRef({ mode: 'url', value: `https://acme.kustomerapp.com/app/customers/${id}?tab=1` }, ALL)).toEqual({ by: 'id', id });
	expect(parseCustomerRef({ mode: 'email', value: 'jane@example.com' }, ALL)).toEqual({ by: 'email', email: 'jane@example.com' });
	expect(parseCustomerRef({ mode: 'phone', value: '+1 415 555 0123' }, ALL)).toEqual({ by: 'phone', phone: '+14155550123' });
	expect(parseCustomerRef({ mode: 'externalId', value: 'crm-1' }, ALL)).toEqual({ by: 'externalId', externalId: 'crm-1' });
	expect(parseCustomerRef(id, ALL)).toEqual({ by: 'id', id });
});

test('conversation links point at the event', () => {
	const conversation = '6a1b2c3d4e5f6a7b8c9d0e1f';
	expect(
		parseConversationRef({ mode: 'url', value: `https://acme.kustomerapp.com/app/customers/${id}/event/${conversation}` }, ['url']),
	).toEqual({ by: 'id', id: conversation });
});

test('bad locators name the field and the fix', () => {
	expect(() => parseCustomerRef({ mode: 'id', value: '123' }, ALL)).toThrow('Customer must be a Kustomer ID');
	expect(() => parseCustomerRef({ mode: 'url', value: 'https://example.com' }, ALL)).toThrow('must be a Kustomer link like');
	expect(() => parseCustomerRef({ mode: 'email', value: 'nope' }, ALL)).toThrow('Customer must be an email address');
	expect(() => parseCustomerRef({ mode: 'email', value: '' }, ALL)).toThrow('Customer is required');
	expect(() => parseConversationRef({ mode: 'email', value: 'a@b.co' }, ['id'])).toThrow('cannot be given "email"');
});

test('a value of the wrong shape is an error, never stringified into a request', () => {
	const link = `https://acme.kustomerapp.com/app/customers/${id}/event/6a1b2c3d4e5f6a7b8c9d0e1f`;
	expect(() => parseConversationRef({ mode: 'url', value: [link] }, ['url'])).toThrow('Conversation must be one link, not a list');
	expect(() => parseConversationRef({ mode: 'id', value: { id } }, ['id'])).toThrow('Conversation must be one value, not an object');
	expect(() => parseCustomerRef([id], ALL)).toThrow('Customer must be one ID, link or value, not a list');
	expect(() => parseCustomerRef({ mode: 'email', value: ['a@b.co'] }, ALL)).toThrow('Customer must be one value, not a list');
	expect(() => parseCustomerRef({ mode: 'url', value: null }, ALL)).toThrow('Customer is required');
});

test('lookup values have Kustomer\'s lengths', () => {
	expect(() => parseCustomerRef({ mode: 'email', value: `${'a'.repeat(300)}@example.com` }, ALL)).toThrow('Customer must be at most 254 characters');
	expect(() => parseCustomerRef({ mode: 'externalId', value: 'x'.repeat(257) }, ALL)).toThrow('Customer must be at most 256 characters');
	expect(parseCustomerRef({ mode: 'externalId', value: '🚀'.repeat(256) }, ALL)).toEqual({ by: 'externalId', externalId: '🚀'.repeat(256) });
});

test('an optional customer locator left empty is none', () => {
	expect(parseOptionalCustomerRef({ __rl: true, mode: 'list', value: '' }, ALL)).toBeUndefined();
	expect(parseOptionalCustomerRef('', ALL)).toBeUndefined();
	expect(parseOptionalCustomerRef({ mode: 'email', value: 'jane@example.com' }, ALL)).toEqual({ by: 'email', email: 'jane@example.com' });
});

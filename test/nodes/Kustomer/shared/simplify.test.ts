import { formatResources, recordAppUrl } from '../../../../nodes/Kustomer/actions/appLinks';
import { simplifyResource } from '../../../../nodes/Kustomer/shared/simplify';

const resource = {
	type: 'conversation',
	id: 'c1',
	attributes: { name: 'Refund', status: 'open', assignedUsers: ['u1'] },
	relationships: {
		customer: { data: { type: 'customer', id: 'cu1' } },
		queue: { data: { type: 'queue', id: 'q1' } },
		messages: { links: { self: '/v1/conversations/c1/messages' } },
		watchers: { data: [{ type: 'user', id: 'u2' }, { type: 'user', id: 'u3' }] },
		empty: { data: null },
	},
	links: { self: '/v1/conversations/c1' },
};

test('flattens attributes and related ids', () => {
	expect(simplifyResource(resource)).toEqual({
		id: 'c1',
		name: 'Refund',
		status: 'open',
		assignedUsers: ['u1'],
		customerId: 'cu1',
		queueId: 'q1',
		watcherIds: ['u2', 'u3'],
	});
});

test('attributes win over derived relationship names', () => {
	expect(
		simplifyResource({ type: 'x', id: '1', attributes: { customerId: 'kept' }, relationships: { customer: { data: { id: 'other' } } } }),
	).toEqual({ id: '1', customerId: 'kept' });
});

test('raw output is the record untouched', () => {
	expect(formatResources([resource], false)).toEqual([resource]);
	expect(formatResources([resource], true)[0]).toHaveProperty('customerId', 'cu1');
});

describe('app links', () => {
	const app = 'https://acme.kustomerapp.com';
	const record = (type: string, relationships = {}) => ({ type, id: 'r1', relationships });
	const customer = { customer: { data: { type: 'customer', id: 'cu1' } } };
	const conversation = { conversation: { data: { type: 'conversation', id: 'c1' } } };

	test.each([
		['a customer: its page', record('customer'), `${app}/app/customers/r1`],
		['a conversation: in its customer\'s timeline', record('conversation', customer), `${app}/app/customers/cu1/event/r1`],
		['a conversation without its customer: by ID', record('conversation'), `${app}/app/conversations/r1`],
		['a message: its conversation', record('message', { ...customer, ...conversation }), `${app}/app/customers/cu1/event/c1`],
		['a note without its customer: its conversation', record('note', conversation), `${app}/app/conversations/c1`],
		['anything else: none', record('user'), undefined],
	])('%s', (_label, resource, url) => {
		expect(recordAppUrl(resource, app)).toBe(url);
	});

	test('simplified and raw records carry appUrl when the app is known', () => {
		expect(formatResources([resource], true, app)[0].appUrl).toBe(`${app}/app/customers/cu1/event/c1`);
		expect(formatResources([resource], false, app)[0]).toEqual({ ...resource, appUrl: `${app}/app/customers/cu1/event/c1` });
		expect(formatResources([resource], true)[0]).not.toHaveProperty('appUrl');
	});
});

import { formatResources, simplifyResource } from '../../../../nodes/Kustomer/shared/simplify';

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

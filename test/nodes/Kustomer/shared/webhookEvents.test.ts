import {
	attributeChanges,
	changedAny,
	eventDisplayName,
	parseAttributePatterns,
	simplifyEvent,
} from '../../../../nodes/Kustomer/shared/webhookEvents';
import { conversationUpdate } from '../../../helpers/kustomerEvents';

test('changes are { attribute: { before, after } } without bookkeeping noise', () => {
	const event = conversationUpdate({
		status: { before: 'open', after: 'done' },
		updatedAt: { before: 'a', after: 'b' },
		rev: { before: 1, after: 2 },
		messageCount: { before: 1, after: 2 },
		custom: { before: { tierStr: 'silver', vipBool: true }, after: { tierStr: 'gold', vipBool: true, newNum: 3 } },
	});
	expect(attributeChanges(event)).toEqual({
		status: { before: 'open', after: 'done' },
		'custom.tierStr': { before: 'silver', after: 'gold' },
		'custom.newNum': { before: null, after: 3 },
	});
});

test('patterns match exact names and prefixes ending in *', () => {
	const changes = { status: { before: 1, after: 2 }, 'custom.tierStr': { before: 1, after: 2 } };
	expect(changedAny(changes, parseAttributePatterns('priority, status'))).toBe(true);
	expect(changedAny(changes, parseAttributePatterns('custom.*'))).toBe(true);
	expect(changedAny(changes, parseAttributePatterns('priority,assignedUsers'))).toBe(false);
	expect(changedAny(changes, parseAttributePatterns('statu'))).toBe(false);
	expect(parseAttributePatterns(' a, ,b ')).toEqual(['a', 'b']);
	expect(parseAttributePatterns(['x', ' y '])).toEqual(['x', 'y']);
});

test('the simplified event names the event and flattens the record', () => {
	const event = conversationUpdate({ priority: { before: 3, after: 5 } }, 'evt-1');
	expect(simplifyEvent(event)).toEqual({
		event: 'kustomer.conversation.update',
		eventId: 'evt-1',
		createdAt: '2026-11-22T12:00:00.000Z',
		orgId: '1a1a1a1a1a1a1a1a1a1a1a1a',
		resourceType: 'conversation',
		resource: expect.objectContaining({ id: '6a1b2c3d4e5f6a7b8c9d0e1f', priority: 5, customerId: '5f1a2b3c4d5e6f7a8b9c0d1e' }),
		changes: { priority: { before: 3, after: 5 } },
	});
});

test('event names read well in the editor', () => {
	expect(eventDisplayName('kustomer.conversation.update')).toBe('Conversation Updated');
	expect(eventDisplayName('kustomer.tag.create')).toBe('Tag Created');
});

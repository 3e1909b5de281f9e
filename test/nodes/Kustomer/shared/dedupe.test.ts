import { rememberEvent } from '../../../../nodes/Kustomer/shared/dedupe';

test('a repeated id is not new', () => {
	const recent: string[] = [];
	expect(rememberEvent(recent, 'a')).toBe(true);
	expect(rememberEvent(recent, 'b')).toBe(true);
	expect(rememberEvent(recent, 'a')).toBe(false);
	expect(recent).toEqual(['a', 'b']);
});

test('the window stays bounded, forgetting the oldest ids', () => {
	const recent: string[] = [];
	for (let index = 0; index < 25; index++) rememberEvent(recent, `id-${index}`, 10);
	expect(recent).toHaveLength(10);
	expect(recent[0]).toBe('id-15');
	expect(rememberEvent(recent, 'id-24', 10)).toBe(false);
	expect(rememberEvent(recent, 'id-0', 10)).toBe(true);
	expect(recent).toHaveLength(10);
});

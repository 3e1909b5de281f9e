import { EventClaims, rememberEvent } from '../../../../nodes/Kustomer/shared/dedupe';

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

describe('EventClaims', () => {
	test('an id is claimed once per trigger; other triggers claim it separately', () => {
		const claims = new EventClaims();
		expect(claims.claim('wf/a', 'evt-1')).toBe(true);
		expect(claims.claim('wf/a', 'evt-1')).toBe(false);
		expect(claims.claim('wf/b', 'evt-1')).toBe(true);
	});

	test('an unconfirmed claim lapses (its execution never ran); a confirmed one does not', () => {
		const claims = new EventClaims(10, 1000);
		expect(claims.claim('t', 'lost', 0)).toBe(true);
		expect(claims.claim('t', 'lost', 999)).toBe(false);
		expect(claims.claim('t', 'lost', 1000)).toBe(true);
		claims.claim('t', 'ran', 0);
		claims.confirm('t', ['ran']);
		expect(claims.claim('t', 'ran', 1_000_000)).toBe(false);
	});

	test('each trigger keeps a bounded window, forgetting its oldest ids; clear forgets all', () => {
		const claims = new EventClaims(3);
		for (const id of ['a', 'b', 'c', 'd']) claims.claim('t', id);
		expect(claims.claim('t', 'a')).toBe(true);
		expect(claims.claim('t', 'd')).toBe(false);
		claims.confirm('t', ['x', 'y', 'z', 'w']);
		expect(claims.claim('t', 'x')).toBe(true);
		expect(claims.claim('t', 'w')).toBe(false);
		claims.clear();
		expect(claims.claim('t', 'w')).toBe(true);
	});
});

test('EventClaims lists a trigger\'s confirmed ids, oldest first', () => {
	const claims = new EventClaims();
	claims.claim('t', 'pending');
	claims.confirm('t', ['a', 'b']);
	claims.confirm('u', ['c']);
	expect(claims.confirmed('t')).toEqual(['a', 'b']);
	expect(claims.confirmed('none')).toEqual([]);
});

test('EventClaims tells whether this process holds a claim', () => {
	const claims = new EventClaims();
	claims.claim('t', 'a');
	expect(claims.holds('t', 'a')).toBe(true);
	expect(claims.holds('t', 'b')).toBe(false);
	expect(claims.holds('u', 'a')).toBe(false);
});

import { advance, alreadyHandled, OVERLAP_MS, SEEN_LIMIT, seenBefore } from '../../../../nodes/Kustomer/polling/cursor';

const T = 1_800_000_000_000;

describe('advance', () => {
	test('an open window moves to the newest instant read, less the overlap; older ids are forgotten', () => {
		const cursor = { since: T, seen: { old: T } };
		const next = advance(cursor, { since: T }, { a: T + 10 * 60_000, b: T + 11 * 60_000 });
		expect(next).toEqual({ since: T + 11 * 60_000 - OVERLAP_MS, seen: { a: T + 10 * 60_000, b: T + 11 * 60_000 } });
	});

	test('a window cut short moves to its end, less the overlap, even when its last records are older', () => {
		const next = advance({ since: T, seen: {} }, { since: T, until: T + 3_600_000 }, { a: T + 60_000 });
		expect(next.since).toBe(T + 3_600_000 - OVERLAP_MS);
		expect(next.seen).toEqual({});
	});

	test('nothing read in an open window: the cursor stays', () => {
		expect(advance({ since: T, seen: { a: T } }, { since: T }, {})).toEqual({ since: T, seen: { a: T } });
	});

	test('never moves back', () => {
		expect(advance({ since: T, seen: {} }, { since: T }, { a: T + 1000 }).since).toBe(T);
	});

	test('past SEEN_LIMIT ids, whole instants are dropped from the oldest and the window starts after them', () => {
		const handled: Record<string, number> = {};
		// SEEN_LIMIT - 1 records at T + 100 s, then 3 at T + 50 s: the cut falls inside the T + 50 s instant.
		for (let index = 0; index < SEEN_LIMIT - 1; index++) handled[`late-${index}`] = T + 100_000;
		for (let index = 0; index < 3; index++) handled[`tie-${index}`] = T + 50_000;
		const next = advance({ since: T, seen: {} }, { since: T, until: T + 110_000 }, handled);
		expect(Object.keys(next.seen)).toHaveLength(SEEN_LIMIT - 1);
		expect(Object.keys(next.seen).some((id) => id.startsWith('tie-'))).toBe(false);
		expect(next.since).toBe(T + 50_001);
	});
});

test('alreadyHandled: the same id at the same or an earlier instant; a later instant is new', () => {
	const cursor = { since: T, seen: { a: T + 10 } };
	expect(alreadyHandled(cursor, 'a', T + 10)).toBe(true);
	expect(alreadyHandled(cursor, 'a', T + 5)).toBe(true);
	expect(alreadyHandled(cursor, 'a', T + 11)).toBe(false);
	expect(alreadyHandled(cursor, 'b', T + 10)).toBe(false);
});

test('seenBefore counts remembered ids inside the window', () => {
	const cursor = { since: T, seen: { a: T, b: T + 10, c: T + 20 } };
	expect(seenBefore(cursor)).toBe(3);
	expect(seenBefore(cursor, T + 20)).toBe(2);
});

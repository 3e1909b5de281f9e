import { advance, alreadyHandled, OVERLAP_MS, remember, seenBefore } from '../../../../nodes/Kustomer/polling/cursor';

const T = 1_800_000_000_000;

describe('advance', () => {
	test("a window read moves the cursor to its end less the overlap, whatever was read in it; older ids are forgotten", () => {
		const next = advance({ since: T, seen: { old: T } }, { since: T, until: T + 3_600_000 }, { a: T + 60_000, b: T + 3_599_000 });
		expect(next).toEqual({ since: T + 3_600_000 - OVERLAP_MS, seen: { b: T + 3_599_000 } });
	});

	test('never moves back', () => {
		expect(advance({ since: T, seen: {} }, { since: T, until: T + 1000 }, { a: T + 500 }).since).toBe(T);
	});

	test('the overlap keeps every id in it, however many', () => {
		const handled = Object.fromEntries(Array.from({ length: 5000 }, (_, index) => [`id-${index}`, T + 100_000 + index]));
		const next = advance({ since: T, seen: {} }, { since: T, until: T + 110_000 }, handled);
		expect(next.since).toBe(T);
		expect(Object.keys(next.seen)).toHaveLength(5000);
	});

	test('a record dated in the future is remembered until the cursor reaches its instant, and does not move the cursor', () => {
		const future = T + 3 * 3_600_000;
		const next = advance({ since: T, seen: {} }, { since: T, until: T + 300_000 }, { soon: T + 200_000, ahead: future });
		expect(next).toEqual({ since: T + 300_000 - OVERLAP_MS, seen: { soon: T + 200_000, ahead: future } });
		const later = advance(next, { since: next.since, until: future + OVERLAP_MS + 1 }, {});
		expect(later.seen).toEqual({});
	});

	test('a part of one instant keeps the cursor and notes where the next part starts; the last part moves on', () => {
		const part = { since: T + 30_000, until: T + 30_001, split: { since: 0, until: 5000 } };
		expect(advance({ since: T, seen: {} }, part, { a: T + 30_000 }, false)).toEqual({ since: T, seen: { a: T + 30_000 }, split: { at: T + 30_000, from: 5000 } });
		const last = advance({ since: T, seen: { a: T + 30_000 }, split: { at: T + 30_000, from: 5000 } }, { ...part, split: { since: 5000, until: 9e15 } }, { b: T + 30_000 }, true);
		expect(last).toEqual({ since: T, seen: { a: T + 30_000, b: T + 30_000 } });
	});
});

test('alreadyHandled: the same id at the same or an earlier instant; a later instant is new', () => {
	const cursor = { since: T, seen: { a: T + 10 } };
	expect(alreadyHandled(cursor, 'a', T + 10)).toBe(true);
	expect(alreadyHandled(cursor, 'a', T + 5)).toBe(true);
	expect(alreadyHandled(cursor, 'a', T + 11)).toBe(false);
	expect(alreadyHandled(cursor, 'b', T + 10)).toBe(false);
});

test('seenBefore counts remembered ids inside the window; remember keeps the later instant of an id', () => {
	const cursor = { since: T, seen: { a: T, b: T + 10, c: T + 20 } };
	expect(seenBefore(cursor, T + 21)).toBe(3);
	expect(seenBefore(cursor, T + 20)).toBe(2);
	expect(remember({ a: T + 10 }, { a: T, b: T })).toEqual({ a: T + 10, b: T });
});

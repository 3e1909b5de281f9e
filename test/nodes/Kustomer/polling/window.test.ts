import type { Range, WindowReader } from '../../../../nodes/Kustomer/polling/window';
import { planPart, planWindow } from '../../../../nodes/Kustomer/polling/window';

const T = 1_800_000_000_000;

/** A reader over bare instants (and a second date per record), counting its probes. */
function reader(records: Array<{ at: number; second?: number }>) {
	const probes: Range[] = [];
	const inside = (range: Range) =>
		records.filter(
			({ at, second = 0 }) =>
				at >= range.since && (range.until === undefined || at < range.until) && (!range.split || (second >= range.split.since && second < range.split.until)),
		);
	const subject: WindowReader = {
		async count(range) {
			probes.push(range);
			return inside(range).length;
		},
		async read() {
			throw new Error('not used');
		},
	};
	return { subject, probes };
}
const at = (...instants: number[]) => instants.map((instant) => ({ at: instant }));

test('everything from the cursor on fits: the window up to the limit, no count beyond the one the poll made', async () => {
	const { subject, probes } = reader(at(T + 1, T + 2));
	expect(await planWindow(subject, { since: T, seen: {} }, 2, T + 50_000, 2)).toEqual({ since: T, until: T + 50_000 });
	expect(probes).toHaveLength(0);
});

test('too many: cut at an instant holding at most Max Records, half full or more', async () => {
	const instants = Array.from({ length: 1000 }, (_, index) => T + index * 1000);
	const { subject, probes } = reader(at(...instants));
	const window = await planWindow(subject, { since: T, seen: {} }, 100, T + 2_000_000, 1000);
	const inside = instants.filter((instant) => instant < window.until).length;
	expect(inside).toBeGreaterThanOrEqual(50);
	expect(inside).toBeLessThanOrEqual(100);
	expect(probes.length).toBeLessThan(14);
});

test('ids already handled in the window do not count against Max Records', async () => {
	const { subject } = reader(at(T, T + 1, T + 2, T + 3));
	const seen = { a: T, b: T + 1, c: T + 2 };
	expect(await planWindow(subject, { since: T, seen }, 1, T + 60_000, 4)).toEqual({ since: T, until: T + 60_000 });
});

test('a single instant over the limit is one window: up to the next millisecond', async () => {
	const { subject } = reader(at(T + 500, T + 500, T + 500, T + 900));
	expect(await planWindow(subject, { since: T, seen: {} }, 2, T + 60_000, 4)).toEqual({ since: T, until: T + 501 });
});

test('parts of one instant by the second date: at most Max Records each, from where the last ended', async () => {
	const records = Array.from({ length: 10 }, (_, index) => ({ at: T, second: 1000 + index * 100 }));
	const { subject } = reader(records);
	const first = await planPart(subject, { at: T, from: 0 }, 4);
	expect(first.since).toBe(T);
	expect(first.until).toBe(T + 1);
	const inFirst = records.filter(({ second }) => second < first.split!.until).length;
	expect(inFirst).toBeGreaterThanOrEqual(2);
	expect(inFirst).toBeLessThanOrEqual(4);
	const last = await planPart(subject, { at: T, from: 1800 }, 4);
	expect(last.split).toEqual({ since: 1800, until: Date.UTC(9999, 11, 31) });
});

import type { TimeWindow } from '../../../../nodes/Kustomer/polling/cursor';
import { planWindow } from '../../../../nodes/Kustomer/polling/window';
import type { WindowReader } from '../../../../nodes/Kustomer/polling/window';

const T = 1_800_000_000_000;

/** A reader over bare instants, counting its probes. */
function reader(instants: number[]) {
	const probes: TimeWindow[] = [];
	const subject: WindowReader = {
		async count(window) {
			probes.push(window);
			return instants.filter((at) => at >= window.since && (window.until === undefined || at < window.until)).length;
		},
		async read() {
			throw new Error('not used');
		},
	};
	return { subject, probes };
}

test('everything fits: the open window, one count', async () => {
	const { subject, probes } = reader([T + 1, T + 2]);
	expect(await planWindow(subject, { since: T, seen: {} }, 2, T + 60_000)).toEqual({ since: T });
	expect(probes).toHaveLength(1);
});

test('too many: cut at an instant holding at most Max Records, half full or more', async () => {
	const instants = Array.from({ length: 1000 }, (_, index) => T + index * 1000);
	const { subject, probes } = reader(instants);
	const window = await planWindow(subject, { since: T, seen: {} }, 100, T + 2_000_000);
	const inside = instants.filter((at) => at < window.until!).length;
	expect(inside).toBeGreaterThanOrEqual(50);
	expect(inside).toBeLessThanOrEqual(100);
	expect(probes.length).toBeLessThan(12);
});

test('ids already handled in the window do not count against Max Records', async () => {
	const { subject } = reader([T, T + 1, T + 2, T + 3]);
	const seen = { a: T, b: T + 1, c: T + 2 };
	expect(await planWindow(subject, { since: T, seen }, 1, T + 60_000)).toEqual({ since: T });
});

test('a single instant over the limit is one window: up to the next millisecond', async () => {
	const { subject } = reader([T + 500, T + 500, T + 500, T + 900]);
	expect(await planWindow(subject, { since: T, seen: {} }, 2, T + 60_000)).toEqual({ since: T, until: T + 501 });
});

import { dateTimeInZone } from '../../../../nodes/Kustomer/polling/settings';

describe('dateTimeInZone', () => {
	test.each([
		['2026-11-22T10:00:00', 'Europe/Berlin', '2026-11-22T09:00:00.000Z'],
		['2026-07-01T10:00:00', 'Europe/Berlin', '2026-07-01T08:00:00.000Z'],
		['2026-03-08 01:30', 'America/New_York', '2026-03-08T06:30:00.000Z'],
		['2026-03-08T03:30:00', 'America/New_York', '2026-03-08T07:30:00.000Z'],
		['2026-11-22', 'Asia/Kolkata', '2026-11-21T18:30:00.000Z'],
		['2026-11-22T10:00:00.250', 'UTC', '2026-11-22T10:00:00.250Z'],
	])('%s in %s is %s', (value, zone, expected) => {
		expect(new Date(dateTimeInZone(value, zone)!).toISOString()).toBe(expected);
	});

	test('a value with its own offset, a Date, or an expression date keeps its instant', () => {
		expect(dateTimeInZone('2026-11-22T10:00:00+05:00', 'Europe/Berlin')).toBe(Date.parse('2026-11-22T05:00:00Z'));
		expect(dateTimeInZone(new Date('2026-11-22T05:00:00Z'), 'Europe/Berlin')).toBe(Date.parse('2026-11-22T05:00:00Z'));
		expect(dateTimeInZone({ toISO: () => '2026-11-22T05:00:00.000Z' }, 'UTC')).toBe(Date.parse('2026-11-22T05:00:00Z'));
	});

	test('anything else is not a date', () => {
		expect(dateTimeInZone('yesterday', 'UTC')).toBeUndefined();
		expect(dateTimeInZone(42, 'UTC')).toBeUndefined();
	});
});

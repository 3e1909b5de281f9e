import { zonedDateTime } from '../../../../nodes/Kustomer/shared/dateTime';

test.each([
	['2026-03-29T01:30', 'Europe/Berlin', '2026-03-29T00:30:00.000Z'],
	['2026-03-29T03:30', 'Europe/Berlin', '2026-03-29T01:30:00.000Z'],
	// 02:30 does not exist that night (clocks go from 02:00 to 03:00): read as 03:30, as a clock would show it.
	['2026-03-29T02:30', 'Europe/Berlin', '2026-03-29T01:30:00.000Z'],
	['2026-11-01T01:30:00.250', 'America/New_York', '2026-11-01T05:30:00.250Z'],
	['2026-12-31', 'Asia/Kolkata', '2026-12-30T18:30:00.000Z'],
	['2026-12-31T10:00:00Z', 'Asia/Kolkata', '2026-12-31T10:00:00.000Z'],
])('%s in %s', (text, zone, iso) => {
	expect(zonedDateTime(text, zone)?.toISOString()).toBe(iso);
});

test.each(['2026-02-29', '2026-04-31T10:00', '2026-01-01T24:00', '2026-13-01', 'tomorrow'])('%s is not a date-time', (text) => {
	expect(zonedDateTime(text, 'UTC')).toBeUndefined();
});

test('without a zone, the offset-less text is read as UTC', () => {
	expect(zonedDateTime('2026-06-01T10:00', undefined)?.toISOString()).toBe('2026-06-01T10:00:00.000Z');
});

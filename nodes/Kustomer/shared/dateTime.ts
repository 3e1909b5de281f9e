import { parseDateTime } from './validation';

/** An ISO date or date-time without an offset (read in the workflow's time zone). */
const ZONELESS_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?)?$/;
const ISO_PARTS = /^(\d{4})-(\d{2})-(\d{2})/;

/** The offset of `timeZone` from UTC at `utcMs`, in milliseconds. */
function zoneOffsetMs(utcMs: number, timeZone: string): number {
	const parts = new Intl.DateTimeFormat('en-US', {
		timeZone,
		hourCycle: 'h23',
		year: 'numeric',
		month: 'numeric',
		day: 'numeric',
		hour: 'numeric',
		minute: 'numeric',
		second: 'numeric',
	}).formatToParts(new Date(utcMs));
	const part = (type: string) => Number(parts.find((entry) => entry.type === type)?.value);
	return Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second')) - Math.floor(utcMs / 1000) * 1000;
}

/** Whether the calendar date in an ISO string exists (2026-02-30 does not). */
function isRealDate(text: string): boolean {
	const match = ISO_PARTS.exec(text.trim());
	if (!match) return true;
	const [year, month, day] = match.slice(1).map(Number);
	const date = new Date(Date.UTC(year, month - 1, day));
	return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * A point in time from a value n8n may give (ISO text, Date, Luxon DateTime). Text without an
 * offset is read in `timeZone`; impossible calendar dates are refused.
 */
export function zonedDateTime(value: unknown, timeZone: string | undefined): Date | undefined {
	if (typeof value === 'string' && !isRealDate(value)) return undefined;
	const local = typeof value === 'string' && timeZone ? ZONELESS_DATE_TIME.exec(value.trim()) : null;
	if (!local || !timeZone) return parseDateTime(value);
	const [year, month, day, hour, minute, second] = local.slice(1, 7).map((part) => Number(part ?? 0));
	if (hour > 23 || minute > 59 || second > 59) return undefined;
	const asUtc = Date.UTC(year, month - 1, day, hour, minute, second, Number((local[7] ?? '0').padEnd(3, '0')));
	let result = asUtc - zoneOffsetMs(asUtc, timeZone);
	result = asUtc - zoneOffsetMs(result, timeZone);
	return new Date(result);
}

import { NodeOperationError } from 'n8n-workflow';
import type { INode } from 'n8n-workflow';
import { z } from 'zod';

import {
	characterCount,
	choiceList,
	clearableText,
	email,
	InputProblem,
	inputError,
	isBlank,
	normalizePhone,
	objectId,
	objectIdList,
	optionalDateTime,
	optionalInteger,
	optionalText,
	parseInput,
	phone,
	readDateTime,
	readLimit,
	requiredText,
	tagList,
} from '../../../../nodes/Kustomer/shared/validation';

const parse = (schema: z.ZodTypeAny, value: unknown) => parseInput(z.object({ value: schema }), { value }, { value: 'Field' }).value;
const problem = (schema: z.ZodTypeAny, value: unknown) => {
	try {
		parse(schema, value);
	} catch (error) {
		return error as InputProblem;
	}
	throw new Error('expected a problem');
};

test('object IDs are 24 hex characters', () => {
	expect(parse(objectId, ' 5F1A2B3C4D5E6F7A8B9C0D1E ')).toBe('5F1A2B3C4D5E6F7A8B9C0D1E');
	expect(problem(objectId, 'abc').problem).toContain('24 hexadecimal');
	expect(problem(objectId, '').problem).toBe('is required');
	expect(problem(objectId, null).problem).toBe('is required');
	expect(problem(objectId, ['5f1a2b3c4d5e6f7a8b9c0d1e']).problem).toBe('must be one text value, not a list');
});

test('emails must look like emails, with the lengths an address can have', () => {
	expect(parse(email, 'jane+vip@example.com')).toBe('jane+vip@example.com');
	expect(problem(email, 'jane@').problem).toContain('email address');
	expect(problem(email, 'jane example.com').problem).toContain('email address');
	expect(problem(email, `${'a'.repeat(290)}@example.com`).problem).toBe('must be at most 254 characters (no email address is longer)');
	expect(problem(email, `${'a'.repeat(65)}@example.com`).problem).toBe('must have at most 64 characters before the @');
	expect(parse(email, `${'a'.repeat(64)}@example.com`)).toHaveLength(76);
	expect(problem(email, { address: 'a@b.co' }).problem).toBe('must be one text value, not an object');
});

test('phones are normalized and must be E.164', () => {
	expect(normalizePhone(' +1 (415) 555-0123 ')).toBe('+14155550123');
	expect(parse(phone, '+44 20 7946 0958')).toBe('+442079460958');
	expect(parse(phone, '+1.415.555.0123')).toBe('+14155550123');
	expect(problem(phone, '4155550123').problem).toContain('E.164');
	expect(problem(phone, '+0123456789').problem).toContain('E.164');
	expect(problem(phone, `+1${'5'.repeat(300)}`).problem).toContain('E.164');
});

test('lengths count characters as Kustomer\'s schema does (code points), not UTF-16 units', () => {
	const rockets = '🚀'.repeat(200);
	expect(rockets.length).toBe(400);
	expect(characterCount(rockets)).toBe(200);
	expect(parse(requiredText(256), rockets)).toBe(rockets);
	expect(problem(requiredText(256), '🚀'.repeat(257)).problem).toBe('must be at most 256 characters');
	expect(parse(requiredText(10_240), '👍🏽'.repeat(3000))).toHaveLength(12_000);
});

test('text lengths are bounded; numbers from expressions count as text; other shapes do not', () => {
	expect(parse(requiredText(5), 12345)).toBe('12345');
	expect(problem(requiredText(5), 'toolong').problem).toBe('must be at most 5 characters');
	expect(problem(requiredText(5), '   ').problem).toBe('is required');
	expect(problem(optionalText(5), true).problem).toBe('must be one text value, not true or false');
	expect(problem(optionalText(5), ['a']).problem).toBe('must be one text value, not a list');
	expect(problem(optionalText(5), { a: 1 }).problem).toBe('must be one text value, not an object');
});

test('null, undefined, empty and blank are the same "no value" everywhere', () => {
	for (const blank of [null, undefined, '', '   ']) {
		expect(isBlank(blank)).toBe(true);
		expect(parse(optionalText(5), blank)).toBeUndefined();
		expect(parse(optionalInteger(1, 5), blank)).toBeUndefined();
		expect(parse(optionalDateTime(), blank)).toBeUndefined();
		expect(parse(objectIdList(2), blank)).toEqual([]);
		expect(parse(tagList(2), blank)).toEqual([]);
		expect(problem(requiredText(5), blank).problem).toBe('is required');
	}
	expect(isBlank(0)).toBe(false);
	expect(isBlank(false)).toBe(false);
});

test('clearable text: absent stays absent, blank or null clears', () => {
	expect(parse(clearableText(5), undefined)).toBeUndefined();
	expect(parse(clearableText(5), null)).toBeNull();
	expect(parse(clearableText(5), ' ')).toBeNull();
	expect(parse(clearableText(5), ' ab ')).toBe('ab');
	expect(problem(clearableText(5), 'abcdef').problem).toBe('must be at most 5 characters');
});

test('integers are bounded; blank is absent; text digits are accepted; lists are not numbers', () => {
	expect(parse(optionalInteger(1, 5), '4')).toBe(4);
	expect(parse(optionalInteger(1, 5), ' 4 ')).toBe(4);
	for (const bad of [0, 6, 2.5, 'high', [5], { value: 5 }, true]) {
		expect(problem(optionalInteger(1, 5), bad).problem).toBe('must be a whole number from 1 to 5');
	}
});

test('ID lists accept arrays and comma-separated text, drop duplicates, and are bounded', () => {
	const a = '5f1a2b3c4d5e6f7a8b9c0d1e';
	const b = '6a1b2c3d4e5f6a7b8c9d0e1f';
	expect(parse(objectIdList(2), `${a}, ${b}, ${a}`)).toEqual([a, b]);
	expect(parse(objectIdList(2), undefined)).toEqual([]);
	expect(problem(objectIdList(1), [a, b]).problem).toBe('accepts at most 1 entries');
	expect(problem(objectIdList(2), ['nope']).field).toBe('Field #1');
	expect(problem(objectIdList(2), [[a, b]]).problem).toBe('must hold text values, not a list');
	expect(problem(objectIdList(2), [{ id: a }]).problem).toBe('must hold text values, not an object');
});

test('tag lists hold names Kustomer accepts', () => {
	expect(parse(tagList(20), 'vip, needs review,  bug/ui ')).toEqual(['vip', 'needs review', 'bug/ui']);
	expect(parse(tagList(20), ['Déjà-vu', '5a00000000000000000000d1'])).toEqual(['Déjà-vu', '5a00000000000000000000d1']);
	expect(problem(tagList(20), ['🚀']).problem).toContain('tag names Kustomer accepts');
	expect(problem(tagList(20), ['a'.repeat(65)]).problem).toBe('must hold tags of at most 64 characters');
	expect(problem(tagList(2), ['a', 'b', 'c']).problem).toBe('accepts at most 2 tags');
});

test('choice lists hold only their choices, numbers from text', () => {
	expect(parse(choiceList(['open', 'done'] as const), 'open, done')).toEqual(['open', 'done']);
	expect(parse(choiceList([1, 2, 3] as const), '1,3')).toEqual([1, 3]);
	expect(problem(choiceList(['open', 'done'] as const), ['closed']).problem).toBe('must hold only "open", "done"');
});

test('Limit is a whole number from 1, unless Return All', () => {
	expect(readLimit(true, 'x')).toBeUndefined();
	expect(readLimit(false, 5)).toBe(5);
	expect(readLimit(false, '7')).toBe(7);
	expect(() => readLimit(false, 0)).toThrow('Limit must be at least 1');
	expect(() => readLimit(false, 2.5)).toThrow('Limit must be a whole number');
	expect(() => readLimit(false, [5])).toThrow('Limit must be a number');
});

describe('date-times', () => {
	test('ISO text, Dates and Luxon-like objects are sent as UTC', () => {
		expect(parse(optionalDateTime(), '2026-11-21T10:30:00+01:00')).toBe('2026-11-21T09:30:00.000Z');
		expect(parse(optionalDateTime(), '2026-11-21T10:30:00-0330')).toBe('2026-11-21T14:00:00.000Z');
		expect(parse(optionalDateTime(), { toISO: () => '2026-01-02T03:04:05.000Z' })).toBe('2026-01-02T03:04:05.000Z');
		expect(parse(optionalDateTime(), new Date('2026-01-02T03:04:05Z'))).toBe('2026-01-02T03:04:05.000Z');
		expect(problem(optionalDateTime(), 'next tuesday').problem).toContain('ISO 8601');
		expect(problem(optionalDateTime(), 1764000000000).problem).toContain('ISO 8601');
		expect('problem' in readDateTime(new Date('invalid'))).toBe(true);
	});

	test('a time without an offset is read in the given (workflow) time zone, daylight saving included', () => {
		expect(parse(optionalDateTime('America/New_York'), '2026-11-21 09:30')).toBe('2026-11-21T14:30:00.000Z');
		expect(parse(optionalDateTime('America/New_York'), '2026-07-01T09:30:00')).toBe('2026-07-01T13:30:00.000Z');
		expect(parse(optionalDateTime('Asia/Kolkata'), '2026-11-21')).toBe('2026-11-20T18:30:00.000Z');
		expect(parse(optionalDateTime('Europe/Berlin'), '2026-03-29T02:30:00')).toBe('2026-03-29T01:30:00.000Z');
		expect(parse(optionalDateTime('Asia/Kolkata'), '2026-11-21T09:30:00Z')).toBe('2026-11-21T09:30:00.000Z');
		// An unknown zone falls back to UTC rather than to the server's.
		expect(parse(optionalDateTime('Not/AZone'), '2026-11-21T09:30:00')).toBe('2026-11-21T09:30:00.000Z');
	});

	test.each([
		['2026-02-30', 'is not a date: February 2026 has 28 days (2026-02-30)'],
		['2028-02-30T10:00:00Z', 'is not a date: February 2028 has 29 days (2028-02-30T10:00:00Z)'],
		['2026-04-31T09:00', 'is not a date: April 2026 has 30 days (2026-04-31T09:00)'],
		['2026-13-01', 'has no month 13: 2026-13-01 is not a date'],
		['2026-00-10', 'has no month 0: 2026-00-10 is not a date'],
		['2026-11-21T24:00:00Z', 'is not a time of day: 2026-11-21T24:00:00Z'],
		['2026-11-21T10:60:00Z', 'is not a time of day: 2026-11-21T10:60:00Z'],
		['2026-11-21T10:00:00+25:00', 'has no valid UTC offset: 2026-11-21T10:00:00+25:00'],
	])('impossible %s is refused, not rolled over', (value, message) => {
		expect(problem(optionalDateTime('UTC'), value).problem).toBe(message);
		expect('problem' in readDateTime(value)).toBe(true);
	});
});

test('inputError names the field and the item as n8n numbers items: [item N], 0-based like context.itemIndex', () => {
	const node = { name: 'Kustomer' } as INode;
	const error = inputError(node, new InputProblem('Priority', 'must be a whole number from 1 to 5', 9), 3);
	expect(error).toBeInstanceOf(NodeOperationError);
	expect(error?.message).toBe('Priority must be a whole number from 1 to 5 [item 3]');
	expect(error?.description).toBe('Received: 9');
	expect(error?.context.itemIndex).toBe(3);
	expect(inputError(node, new Error('other'), 0)).toBeUndefined();
});

test('a problem inside a list made from text reports the text received', () => {
	try {
		parseInput(z.object({ tags: tagList(5) }), { tags: 'vip, 🚀' }, { tags: 'Tags' });
	} catch (error) {
		expect((error as InputProblem).field).toBe('Tags #2');
		expect((error as InputProblem).received).toBe('vip, 🚀');
		return;
	}
	throw new Error('expected a problem');
});

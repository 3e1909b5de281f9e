import { NodeOperationError } from 'n8n-workflow';
import type { INode } from 'n8n-workflow';
import { z } from 'zod';

import {
	email,
	InputProblem,
	inputError,
	normalizePhone,
	objectId,
	objectIdList,
	optionalDateTime,
	optionalInteger,
	parseDateTime,
	parseInput,
	phone,
	requiredText,
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
});

test('emails must look like emails', () => {
	expect(parse(email, 'jane@example.com')).toBe('jane@example.com');
	expect(problem(email, 'jane@').problem).toContain('email address');
	expect(problem(email, 'jane example.com').problem).toContain('email address');
});

test('phones are normalized and must be E.164', () => {
	expect(normalizePhone(' +1 (415) 555-0123 ')).toBe('+14155550123');
	expect(parse(phone, '+44 20 7946 0958')).toBe('+442079460958');
	expect(problem(phone, '4155550123').problem).toContain('E.164');
	expect(problem(phone, '+0123456789').problem).toContain('E.164');
});

test('text lengths are bounded; numbers from expressions count as text', () => {
	expect(parse(requiredText(5), 12345)).toBe('12345');
	expect(problem(requiredText(5), 'toolong').problem).toBe('must be at most 5 characters');
	expect(problem(requiredText(5), '   ').problem).toBe('is required');
});

test('integers are bounded; empty is absent; text digits are accepted', () => {
	expect(parse(optionalInteger(1, 5), '4')).toBe(4);
	expect(parse(optionalInteger(1, 5), '')).toBeUndefined();
	for (const bad of [0, 6, 2.5, 'high']) {
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
});

test('date-times accept ISO text, Dates and Luxon-like objects, and are sent as UTC', () => {
	expect(parse(optionalDateTime, '2026-11-21T10:30:00+01:00')).toBe('2026-11-21T09:30:00.000Z');
	expect(parse(optionalDateTime, { toISO: () => '2026-01-02T03:04:05.000Z' })).toBe('2026-01-02T03:04:05.000Z');
	expect(parse(optionalDateTime, '')).toBeUndefined();
	expect(problem(optionalDateTime, 'next tuesday').problem).toContain('ISO 8601');
	expect(parseDateTime(new Date('invalid'))).toBeUndefined();
});

test('inputError names the field and the item', () => {
	const node = { name: 'Kustomer' } as INode;
	const error = inputError(node, new InputProblem('Priority', 'must be a whole number from 1 to 5', 9), 3);
	expect(error).toBeInstanceOf(NodeOperationError);
	expect(error?.message).toBe('Priority must be a whole number from 1 to 5 [item 3]');
	expect(error?.description).toBe('Received: 9');
	expect(error?.context.itemIndex).toBe(3);
	expect(inputError(node, new Error('other'), 0)).toBeUndefined();
});

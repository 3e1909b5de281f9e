import { customAttributeSuffix, toCustomAttributes } from '../../../../nodes/Kustomer/shared/customAttributes';
import { InputProblem } from '../../../../nodes/Kustomer/shared/validation';

test('each suffix converts its value to the type Kustomer expects', () => {
	expect(
		toCustomAttributes([
			{ name: 'orderNumberStr', value: 1042 },
			{ name: 'notesTxt', value: 'long text' },
			{ name: 'seatsNum', value: '12.5' },
			{ name: 'vipBool', value: 'yes' },
			{ name: 'churnedBool', value: false },
			{ name: 'renewalAt', value: '2026-12-01' },
			{ name: 'profileUrl', value: 'https://example.com/u/1' },
			{ name: 'accountId', value: 77 },
			{ name: 'custom.tierStr', value: 'gold' },
			{ name: 'clearedStr', value: '' },
		]),
	).toEqual({
		orderNumberStr: '1042',
		notesTxt: 'long text',
		seatsNum: 12.5,
		vipBool: true,
		churnedBool: false,
		renewalAt: '2026-12-01T00:00:00.000Z',
		profileUrl: 'https://example.com/u/1',
		accountId: '77',
		tierStr: 'gold',
		clearedStr: null,
	});
});

test.each([
	[{ name: 'vip', value: 'x' }, 'type suffix'],
	[{ name: 'Str', value: 'x' }, 'type suffix'],
	[{ name: 'seatsNum', value: 'twelve' }, 'must be a number'],
	[{ name: 'seatsNum', value: true }, 'must be a number'],
	[{ name: 'vipBool', value: 'maybe' }, 'true or false'],
	[{ name: 'renewalAt', value: 'next week' }, 'ISO 8601'],
	[{ name: 'profileUrl', value: 'example.com' }, 'http(s) URL'],
	[{ name: 'titleStr', value: 'x'.repeat(1025) }, 'at most 1024'],
	[{ name: 'notesTxt', value: 'x'.repeat(1025) }, 'Custom attribute "notesTxt" must be at most 1024 characters (a Txt attribute, as Kustomer\'s OpenAPI naming-suffix table says)'],
])('rejects %j', (row, expected) => {
	expect(() => toCustomAttributes([row])).toThrow(InputProblem);
	expect(() => toCustomAttributes([row])).toThrow(expected);
});

test("a Str attribute's limit sends no one to Txt, which has the same limit", () => {
	expect(() => toCustomAttributes([{ name: 'titleStr', value: 'x'.repeat(1025) }])).toThrow('Custom attribute "titleStr" must be at most 1024 characters (a Str attribute)');
	expect(() => toCustomAttributes([{ name: 'titleStr', value: 'x'.repeat(1025) }])).not.toThrow(/Txt/);
	// Counted in characters, as Kustomer counts them: 1,024 emoji fit in a Txt attribute.
	expect(toCustomAttributes([{ name: 'notesTxt', value: '😀'.repeat(1024) }]).notesTxt).toHaveLength(2048);
});

test('rejects a name given twice and more than 100 attributes', () => {
	expect(() => toCustomAttributes([{ name: 'aStr', value: '1' }, { name: 'aStr', value: '2' }])).toThrow('set twice');
	const many = Array.from({ length: 101 }, (_, index) => ({ name: `a${index}Str`, value: 'x' }));
	expect(() => toCustomAttributes(many)).toThrow('at most 100');
});

test('customAttributeSuffix finds the type', () => {
	expect(customAttributeSuffix('vipBool')).toBe('Bool');
	expect(customAttributeSuffix('externalUserId')).toBe('Id');
	expect(customAttributeSuffix('plain')).toBeUndefined();
});

describe('values of the wrong shape are field errors, by type, never coerced', () => {
	test.each([
		['an object for text', { name: 'orderNumberStr', value: { id: 1 } }, 'must be a single value, not an object'],
		['a list for text', { name: 'orderNumberStr', value: ['A-1', 'A-2'] }, 'must be a single value, not a list'],
		['a one-element list for a number', { name: 'seatsNum', value: [5] }, 'must be a single value, not a list'],
		['whitespace for a number', { name: 'seatsNum', value: '   ' }, 'must be a number'],
		['hex text for a number', { name: 'seatsNum', value: '0x10' }, 'must be a number'],
		['Infinity for a number', { name: 'seatsNum', value: Infinity }, 'must be a finite number'],
		['an object for a boolean', { name: 'vipBool', value: { yes: true } }, 'must be a single value, not an object'],
		['a list for a date-time', { name: 'renewalAt', value: ['2026-01-01'] }, 'must be a single value, not a list'],
		['an impossible date', { name: 'renewalAt', value: '2026-02-30' }, 'is not a date: February 2026 has 28 days'],
		['an impossible time', { name: 'renewalAt', value: '2026-02-10T25:00' }, 'is not a time of day'],
		['an object for a URL', { name: 'profileUrl', value: { href: 'https://x.test' } }, 'must be a single value, not an object'],
		['a list for a reference', { name: 'accountId', value: ['a', 'b'] }, 'must be a single value, not a list'],
		['a name that is not text', { name: 42, value: 'x' }, 'Custom Attribute #1 name must be text'],
	])('%s', (_label, row, expected) => {
		expect(() => toCustomAttributes([row])).toThrow(InputProblem);
		expect(() => toCustomAttributes([row])).toThrow(expected);
	});

	test('the error names the attribute and carries the value it got', () => {
		try {
			toCustomAttributes([{ name: 'seatsNum', value: [5] }]);
			throw new Error('no error');
		} catch (error) {
			expect(error).toMatchObject({ field: 'Custom attribute "seatsNum"', received: [5] });
		}
	});

	test('blank text clears a text attribute, as an empty value does', () => {
		expect(toCustomAttributes([{ name: 'titleStr', value: '   ' }, { name: 'notesTxt', value: '\n' }])).toEqual({ titleStr: null, notesTxt: null });
	});

	test('text length is counted in characters as Kustomer counts them: 1,024 emoji fit a Str', () => {
		expect(toCustomAttributes([{ name: 'moodStr', value: '😀'.repeat(1024) }]).moodStr).toHaveLength(2048);
		expect(() => toCustomAttributes([{ name: 'moodStr', value: '😀'.repeat(1025) }])).toThrow('at most 1024 characters');
	});
});

describe('dates in the workflow time zone', () => {
	test('a date-time without an offset is read in the zone; one with an offset is kept', () => {
		expect(
			toCustomAttributes(
				[
					{ name: 'winterAt', value: '2026-01-15T09:00' },
					{ name: 'summerAt', value: '2026-07-15 09:00:00' },
					{ name: 'dayAt', value: '2026-07-15' },
					{ name: 'zonedAt', value: '2026-07-15T09:00:00+02:00' },
				],
				{ timeZone: 'Europe/Berlin' },
			),
		).toEqual({
			winterAt: '2026-01-15T08:00:00.000Z',
			summerAt: '2026-07-15T07:00:00.000Z',
			dayAt: '2026-07-14T22:00:00.000Z',
			zonedAt: '2026-07-15T07:00:00.000Z',
		});
	});
});

describe('definitions from the org\'s metadata', () => {
	const definitions = new Map([
		['tierStr', { name: 'tierStr', label: 'Tier', kind: 'choice' as const, choices: ['Gold', 'Silver'].map((value) => ({ name: value, value })) }],
		['regionTree', { name: 'regionTree', label: 'Region', kind: 'choice' as const, choices: [{ name: 'EMEA › Germany', value: 'de' }] }],
		['ordersId', { name: 'ordersId', label: 'Orders', kind: 'reference' as const, multi: true }],
		['score', { name: 'score', label: 'Score', kind: 'number' as const }],
	]);

	test('allowed values match exactly, by any case, or by their label; the stored value is sent', () => {
		expect(toCustomAttributes([{ name: 'tierStr', value: 'gold' }, { name: 'regionTree', value: 'EMEA › Germany' }], { definitions })).toEqual({ tierStr: 'Gold', regionTree: 'de' });
		expect(() => toCustomAttributes([{ name: 'tierStr', value: 'Platinum' }], { definitions })).toThrow('Custom attribute "Tier (tierStr)" must be one of the values Kustomer allows: Gold, Silver');
	});

	test('a multi reference takes a list or comma-separated IDs; a name without a suffix is fine when the metadata defines it', () => {
		expect(toCustomAttributes([{ name: 'ordersId', value: 'a1, b2,a1' }, { name: 'score', value: '7' }], { definitions })).toEqual({ ordersId: ['a1', 'b2'], score: 7 });
		expect(toCustomAttributes([{ name: 'ordersId', value: ['c3'] }], { definitions })).toEqual({ ordersId: ['c3'] });
	});

	test('Tree is a type suffix too (hierarchical dropdowns in real orgs)', () => {
		expect(customAttributeSuffix('countryCodeTree')).toBe('Tree');
		expect(toCustomAttributes([{ name: 'countryCodeTree', value: 'us' }])).toEqual({ countryCodeTree: 'us' });
	});
});

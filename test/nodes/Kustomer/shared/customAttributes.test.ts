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
])('rejects %j', (row, expected) => {
	expect(() => toCustomAttributes([row])).toThrow(InputProblem);
	expect(() => toCustomAttributes([row])).toThrow(expected);
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

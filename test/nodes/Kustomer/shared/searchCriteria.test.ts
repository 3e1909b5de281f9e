import { criterionFromRow, queryFromJson, searchAttribute } from '../../../../nodes/Kustomer/shared/searchCriteria';

test('attribute names get the context prefix and snake case', () => {
	expect(searchAttribute('customer', 'email')).toBe('customer_email');
	expect(searchAttribute('customer', 'updatedAt')).toBe('customer_updated_at');
	expect(searchAttribute('customer', 'externalId')).toBe('customer_external_id');
	expect(searchAttribute('customer', 'custom.tierStr')).toBe('customer_custom_tierStr');
	expect(searchAttribute('customer', 'customer_phone')).toBe('customer_phone');
});

test('rows become criteria with typed values', () => {
	expect(criterionFromRow('customer', { field: 'email', operator: 'equals', value: ' a@b.co ' }, 1)).toEqual({
		customer_email: { equals: 'a@b.co' },
	});
	expect(criterionFromRow('customer', { field: 'custom.seatsNum', operator: 'gte', value: '10' }, 1)).toEqual({
		customer_custom_seatsNum: { gte: 10 },
	});
	expect(criterionFromRow('customer', { field: 'custom.vipBool', operator: 'equals', value: 'TRUE' }, 1)).toEqual({
		customer_custom_vipBool: { equals: true },
	});
	expect(criterionFromRow('customer', { field: 'updatedAt', operator: 'gt', value: '2026-01-01' }, 1)).toEqual({
		customer_updated_at: { gt: '2026-01-01' },
	});
	expect(criterionFromRow('customer', { field: 'locale', operator: 'in', value: 'en, fr,,de' }, 1)).toEqual({
		customer_locale: { in: ['en', 'fr', 'de'] },
	});
	expect(criterionFromRow('customer', { field: 'phones', operator: 'not_set', value: '' }, 1)).toEqual({
		customer_phones: { not_set: true },
	});
});

test('bad rows name the criterion and the part', () => {
	expect(() => criterionFromRow('customer', { field: 'e mail', operator: 'equals', value: 'x' }, 2)).toThrow('Criterion #2 field');
	expect(() => criterionFromRow('customer', { field: 'email', operator: 'like', value: 'x' }, 1)).toThrow('Criterion #1 operator');
	expect(() => criterionFromRow('customer', { field: 'email', operator: 'equals', value: ' ' }, 3)).toThrow('Criterion #3 value is required');
});

test('JSON queries are checked against what search accepts', () => {
	expect(queryFromJson('{"and": {"customer_email": {"equals": "a@b.co"}}}')).toEqual({
		queryContext: 'customer',
		and: [{ customer_email: { equals: 'a@b.co' } }],
	});
	expect(queryFromJson({ or: [{ a: 1 }], includeDeleted: true })).toEqual({ queryContext: 'customer', or: [{ a: 1 }], includeDeleted: true });
	expect(() => queryFromJson('{nope')).toThrow('Query (JSON) is not valid JSON');
	expect(() => queryFromJson('[1]')).toThrow('must be a JSON object');
	expect(() => queryFromJson({ sort: [] })).toThrow('not accepted: sort');
	expect(() => queryFromJson({ queryContext: 'conversation' })).toThrow('must be "customer"');
	expect(() => queryFromJson({ and: Array.from({ length: 20 }, () => ({ a: 1 })) })).toThrow('at most 19');
	expect(() => queryFromJson({ and: 'x' })).toThrow('criterion object');
});

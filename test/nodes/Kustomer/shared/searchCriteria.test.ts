import { anyOfCriterion, criteriaFromRows, criterionFromRow, queryFromJson, rangeCriteria, searchAttribute } from '../../../../nodes/Kustomer/shared/searchCriteria';

test('attribute names get the context prefix and snake case', () => {
	expect(searchAttribute('customer', 'email')).toBe('customer_email');
	expect(searchAttribute('customer', 'updatedAt')).toBe('customer_updated_at');
	// Kustomer spells this one camelCase (openapi: POST /customers/search, standard attributes).
	expect(searchAttribute('customer', 'externalId')).toBe('customer_externalId');
	expect(searchAttribute('customer', 'sharedExternalId')).toBe('customer_shared_externalId');
	expect(searchAttribute('conversation', 'assignedUsers')).toBe('conversation_assigned_users');
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
	// Is Not Set in Kustomer's one documented form (docs/guides/search-recipes).
	expect(criterionFromRow('customer', { field: 'phones', operator: 'not_set', value: '' }, 1)).toEqual({
		customer_phones: { not_set: '' },
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

test('JSON criteria get one attribute and one operator each: split in "and", refused in "or" and "not", nested groups kept', () => {
	const range = { customer_updated_at: { gte: '2026-01-01', lt: '2026-02-01' } };
	expect(queryFromJson({ and: [range, { customer_name: { contains: 'a' }, customer_locale: { equals: 'fr' } }, { or: [{ customer_name: { equals: 'b' } }] }] })).toEqual({
		queryContext: 'customer',
		and: [
			{ customer_updated_at: { gte: '2026-01-01' } },
			{ customer_updated_at: { lt: '2026-02-01' } },
			{ customer_name: { contains: 'a' } },
			{ customer_locale: { equals: 'fr' } },
			{ or: [{ customer_name: { equals: 'b' } }] },
		],
	});
	expect(() => queryFromJson({ not: [range] })).toThrow('Query (JSON) not #1 gives customer_updated_at two operators (gte, lt)');
	expect(() => queryFromJson({ or: [{ customer_name: { equals: 'a' }, customer_locale: { equals: 'fr' } }] })).toThrow(
		'Query (JSON) or #1 gives 2 attributes (customer_name, customer_locale)',
	);
	// 19 criteria fit, but ten ranges are twenty.
	expect(() => queryFromJson({ and: Array.from({ length: 10 }, () => range) })).toThrow('Query (JSON) and accepts at most 19 criteria, a range counting as two');
});

test('a range is two criteria, one per bound', () => {
	expect(rangeCriteria('conversation_created_at', { from: 'a', before: 'b' })).toEqual([{ conversation_created_at: { gte: 'a' } }, { conversation_created_at: { lt: 'b' } }]);
	expect(rangeCriteria('conversation_created_at', { before: 'b' })).toEqual([{ conversation_created_at: { lt: 'b' } }]);
	expect(rangeCriteria('conversation_created_at', {})).toEqual([]);
});

test('dates in rows: local date-times in the workflow zone become UTC, plain dates stay local, impossible ones fail', () => {
	expect(criterionFromRow('conversation', { field: 'createdAt', operator: 'gte', value: '2026-11-21T09:00' }, 1, 'Asia/Kolkata')).toEqual({
		conversation_created_at: { gte: '2026-11-21T03:30:00.000Z' },
	});
	expect(criterionFromRow('conversation', { field: 'createdAt', operator: 'lt', value: '2026-11-21' }, 1, 'Asia/Kolkata')).toEqual({
		conversation_created_at: { lt: '2026-11-21' },
	});
	expect(criterionFromRow('customer', { field: 'custom.renewalAt', operator: 'gt', value: '2026-11-21T09:00:00+02:00' }, 1)).toEqual({
		customer_custom_renewalAt: { gt: '2026-11-21T07:00:00.000Z' },
	});
	expect(() => criterionFromRow('conversation', { field: 'updatedAt', operator: 'gte', value: '2026-02-30' }, 4)).toThrow(
		'Criterion #4 value is not a date: February 2026 has 28 days',
	);
	expect(() => criterionFromRow('conversation', { field: 'name', operator: 'equals', value: ['a', 'b'] }, 2)).toThrow(
		'Criterion #2 value must be one value, not a list',
	);
	expect(() => criterionFromRow('conversation', { field: ['name'], operator: 'equals', value: 'a' }, 2)).toThrow('Criterion #2 field');
});

test('rows share Kustomer\'s criteria limit with the filters beside them', () => {
	const row = { field: 'name', operator: 'equals', value: 'x' };
	expect(criteriaFromRows('conversation', [row], 'UTC', 18)).toHaveLength(1);
	expect(() => criteriaFromRows('conversation', [row, row], 'UTC', 18)).toThrow('Criteria accept at most 1 rows here');
	expect(anyOfCriterion('conversation_status', ['open'])).toEqual({ conversation_status: { equals: 'open' } });
	expect(anyOfCriterion('conversation_status', ['open', 'done'])).toEqual({ conversation_status: { in: ['open', 'done'] } });
});

test('JSON queries for conversations', () => {
	expect(queryFromJson('{"and": [{"conversation_status": {"equals": "open"}}]}', 'conversation', 'Conversation → Get Many')).toEqual({
		queryContext: 'conversation',
		and: [{ conversation_status: { equals: 'open' } }],
	});
	expect(() => queryFromJson({ queryContext: 'customer' }, 'conversation', 'Conversation → Get Many')).toThrow(
		'must be "conversation" (this is Conversation → Get Many)',
	);
});

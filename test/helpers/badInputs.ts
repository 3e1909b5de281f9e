/**
 * What the operations' bad inputs (`badInputs` in each `<operation>.fixture.ts`, run by
 * test/nodes/Kustomer/actions/badInputs.test.ts) share: the bad values of each kind of field,
 * and a locator's cases for each of its modes.
 */
import type { INodeParameters } from 'n8n-workflow';

import { COMPANY_ID, CONVERSATION_ID, CUSTOMER_ID, objectId } from './kustomer';
import { BY_VALUE } from './operationFixture';
import { locator } from './workflows';

/** One field of one operation: where `{{ $json.value }}` goes, a value that passes, values that must not. */
export interface BadInputs {
	field: string;
	parameters: INodeParameters;
	good: unknown;
	bad: unknown[];
}

/** Any well-formed record ID. */
export const SOME_ID = '5f1a2b3c4d5e6f7a8b9c0d1e';
export const LINK = `https://acme.kustomerapp.com/app/customers/${CUSTOMER_ID}/event/${CONVERSATION_ID}`;
export const COMPANY_LINK = `https://acme.kustomerapp.com/app/companies/${COMPANY_ID}`;

export const BAD = {
	id: ['', null, 'abc', SOME_ID.slice(1), `${SOME_ID}0`, 'zzzzzzzzzzzzzzzzzzzzzzzz', [SOME_ID], { id: SOME_ID }, true, 12345],
	optionalId: ['abc', SOME_ID.slice(1), 'tier 2', [SOME_ID], { id: SOME_ID }, true, 12345, `${SOME_ID} ${SOME_ID}`],
	email: ['', null, 'jane', 'jane@', '@example.com', 'jane example.com', 'jane@example', `${'a'.repeat(300)}@example.com`, `${'a'.repeat(65)}@example.com`, ['jane@example.com'], { email: 'jane@example.com' }, true, 'jane@@example.com', 'jane@exa mple.com'],
	phone: ['', null, '4155550123', '+0123456789', '+1 415', 'phone', `+1${'5'.repeat(20)}`, ['+14155550123'], {}, false, '++14155550123'],
	externalId: ['', null, 'x'.repeat(257), '🚀'.repeat(257), ['crm-1'], { id: 'crm-1' }, true],
	link: ['', 'https://example.com', 'https://acme.kustomerapp.com/app/customers/123', [LINK], { url: LINK }, 'not a link'],
	text256: ['x'.repeat(257), '🚀'.repeat(257), ['a'], { a: 1 }, true],
	priority: [0, 6, 2.5, 'high', [5], { value: 5 }, true, '7', -1],
	date: ['2026-02-30', '2026-13-01', '2026-11-21T24:00:00Z', 'tomorrow', '21/11/2026', 1764000000000, ['2026-11-21'], { at: '2026-11-21' }, true, '2026-11-21T10:00:00+25:00', '2026-04-31'],
	idList: ['nope', ['nope'], [[SOME_ID]], [{ id: SOME_ID }], Array.from({ length: 11 }, (_, index) => objectId(index + 1)), `${SOME_ID},nope`],
	tags: ['🔥', ['🔥'], ['x'.repeat(65)], Array.from({ length: 21 }, (_, index) => `t${index}`), [['vip']], [{ name: 'vip' }], ['tag!'], ['#vip'], ['why?']],
	body: ['', null, 'x'.repeat(10_241), ['hi'], { text: 'hi' }, true],
	timeZone: ['Mars/Olympus', 'GMT+25', 'x'.repeat(65), ['UTC'], { zone: 'UTC' }, true],
	limit: [0, -1, 2.5, 'ten', [5], { n: 5 }],
	json: ['{nope', '[1]', '{"sort": []}', '{"queryContext": "note"}', '{"and": "x"}', '{"and": [1]}', 'null', '{"includeDeleted": "yes"}', JSON.stringify({ and: Array.from({ length: 20 }, () => ({ a: 1 })) })],
};

/** Bad values without the empty ones, for a field that may be left empty. */
export const nonEmpty = (values: unknown[]): unknown[] => values.filter((value) => value !== '' && value !== null);

/** A locator field's cases, one per mode: its good value and the bad values of that mode's kind. */
export const byLocator = (kind: 'conversation' | 'customer' | 'company', modes: string[], extra: INodeParameters = {}): BadInputs[] =>
	modes.map((mode) => {
		const id = { customer: CUSTOMER_ID, conversation: CONVERSATION_ID, company: COMPANY_ID }[kind];
		const good = { id, email: 'jane@example.com', phone: '+14155550123', externalId: 'crm-1', url: kind === 'company' ? COMPANY_LINK : LINK }[mode];
		const bad = { id: BAD.id, email: BAD.email, phone: BAD.phone, externalId: BAD.externalId, url: kind === 'company' ? [...BAD.link, LINK] : BAD.link }[mode] ?? [];
		return { field: `${kind[0].toUpperCase()}${kind.slice(1)}`, parameters: { [kind]: locator(mode, BY_VALUE), ...extra }, good, bad };
	});

export const emailRow = (address: string) => ({ emails: { email: [{ address, type: 'home' }] } });
export const phoneRow = (number: string) => ({ phones: { phone: [{ number, type: 'mobile' }] } });

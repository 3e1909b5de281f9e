import type { IDataObject } from 'n8n-workflow';

import { ChangeMemory, fingerprint, fingerprintChanges, MEMORY_CHARACTERS, MEMORY_LIMIT } from '../../../../nodes/Kustomer/polling/changes';
import { patternProblem } from '../../../../nodes/Kustomer/shared/webhookEvents';

const record = (attributes: IDataObject) => ({ type: 'conversation', id: 'c1', attributes });

test.each(['status', 'priority', 'assignedUsers', 'custom.*', 'custom.tierStr', 'assigned*', '*', 'sla.status'])('"%s" can match', (pattern) => {
	expect(patternProblem(pattern)).toBeUndefined();
});

test('fingerprint: watched attributes only (custom ones one by one), never bookkeeping', () => {
	const subject = record({ status: 'open', priority: 3, updatedAt: 'x', rev: 4, name: 'n', custom: { tierStr: 'gold', vipBool: true } });
	expect(fingerprint(subject, ['status', 'custom.tier*'])).toEqual({ status: 'open', 'custom.tierStr': 'gold' });
	expect(fingerprint(subject, ['*'])).toEqual({ status: 'open', priority: 3, name: 'n', 'custom.tierStr': 'gold', 'custom.vipBool': true });
});

test('fingerprintChanges: added, removed and changed values, with the value now', () => {
	const before = { status: 'open', 'custom.tierStr': 'gold' };
	const now = record({ status: 'done', custom: { vipBool: true } });
	const after = fingerprint(now, ['status', 'custom.*']);
	expect(fingerprintChanges(before, after, now)).toEqual({
		status: { before: 'open', after: 'done' },
		'custom.tierStr': { before: 'gold', after: null },
		'custom.vipBool': { before: null, after: true },
	});
});

describe('ChangeMemory', () => {
	test('keeps the most recently set records, up to MEMORY_LIMIT', () => {
		const memory = new ChangeMemory('status');
		for (let index = 0; index < MEMORY_LIMIT + 10; index++) memory.set(`id-${index}`, { status: 'open' });
		memory.set('id-0', { status: 'done' });
		const stored = memory.toStored();
		expect(stored.records).toHaveLength(MEMORY_LIMIT);
		expect(stored.records.at(-1)).toEqual(['id-0', { status: 'done' }]);
		expect(stored.records[0][0]).toBe('id-11');
	});

	test(`keeps at most ${MEMORY_CHARACTERS} characters`, () => {
		const memory = new ChangeMemory('*');
		const values = Object.fromEntries(Array.from({ length: 20 }, (_, index) => [`attribute${index}`, 'v'.repeat(60)]));
		for (let index = 0; index < 1000; index++) memory.set(`id-${index}`, values);
		expect(JSON.stringify(memory.toStored().records).length).toBeLessThanOrEqual(MEMORY_CHARACTERS);
	});
});

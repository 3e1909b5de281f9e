import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { Kustomer } from '../../../nodes/Kustomer/Kustomer.node';

/** JSON with every object's keys sorted: equal texts mean equal descriptions, whatever the key order. */
function canonical(value: unknown): string {
	const sorted = (_key: string, entry: unknown) =>
		entry && typeof entry === 'object' && !Array.isArray(entry)
			? Object.fromEntries(Object.entries(entry as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
			: entry;
	return JSON.stringify(value, sorted, '\t');
}

const RECORDED = path.join(__dirname, 'Kustomer.description.json');

// After a change to the node's fields made on purpose (a new operation, say), record the new
// description and review its diff: UPDATE_DESCRIPTION=1 npx jest test/nodes/Kustomer/description.test.ts
if (process.env.UPDATE_DESCRIPTION === '1') writeFileSync(RECORDED, `${JSON.stringify(new Kustomer().description, null, '\t')}\n`);

describe('the node description as n8n reads it', () => {
	// Saved workflows hold parameter names and values that n8n matches against this description
	// (names, options, defaults, displayOptions): it changes only on purpose, with this file.
	test('is the one recorded in Kustomer.description.json (key order aside)', () => {
		const recorded: unknown = JSON.parse(readFileSync(RECORDED, 'utf8'));
		expect(canonical(new Kustomer().description)).toBe(canonical(recorded));
	});
});

import { readFileSync } from 'node:fs';
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

describe('the node description as n8n reads it', () => {
	// Saved workflows hold parameter names and values that n8n matches against this description
	// (names, options, defaults, displayOptions): it changes only on purpose, with this file.
	test('is the one recorded in Kustomer.description.json (key order aside)', () => {
		const recorded: unknown = JSON.parse(readFileSync(path.join(__dirname, 'Kustomer.description.json'), 'utf8'));
		expect(canonical(new Kustomer().description)).toBe(canonical(recorded));
	});
});

/**
 * docs/roles-and-reruns.md is generated from the operations' registry entries
 * (scripts/docs/tables.js, `npm run docs`): it must be exactly what the code makes of them now.
 */
import fs from 'node:fs';

import { RESOURCES } from '../../../nodes/Kustomer/actions';
import type { KustomerOperation, ResourceDefinition } from '../../../nodes/Kustomer/actions/types';

const { OUTPUT, currentTables, readOperation } = require('../../../scripts/docs/tables.js');

test('docs/roles-and-reruns.md is what `npm run docs` makes of the registry (run it after changing an operation)', () => {
	expect(fs.readFileSync(OUTPUT, 'utf8')).toBe(currentTables());
});

test.each(RESOURCES.flatMap((resource) => resource.operations.map((operation) => [`${resource.name} → ${operation.option.name}`, resource, operation] as const)))(
	'%s has a row in both tables',
	(name, resource, operation) => {
		const tables: string = currentTables();
		expect(tables.split('\n').filter((line) => line.startsWith(`| ${name} |`))).toHaveLength(2);
		expect(readOperation(resource, operation).roles).toEqual(operation.roles);
	},
);

test('an operation that writes without saying what running it twice does cannot be tabled', () => {
	const resource = { name: 'Widget' } as ResourceDefinition;
	const operation = { option: { name: 'Create' }, roles: ['org.permission.widget.create'], effect: 'write', repeatable: false } as unknown as KustomerOperation<unknown>;
	expect(() => readOperation(resource, operation)).toThrow('Widget → Create does not say what running it twice does');
	expect(readOperation(resource, { ...operation, rerun: 'Running again makes a second widget.' }).runTwice).toBe('Running again makes a second widget.');
	expect(readOperation(resource, { ...operation, effect: 'read' }).runTwice).toBe('Reads only: nothing changes.');
});

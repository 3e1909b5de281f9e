/**
 * What the registry (nodes/Kustomer/actions/index.ts) must hold for everything derived from it
 * to work: the editor's fields and methods, lookups, app links, the error labels, the shared
 * per-operation tests. A new resource or operation that lacks one of these fails here, naming it.
 * (The shared tests check their own cases against the registry too: everyOperation.test.ts the
 * fixtures, badInputs.test.ts the bad inputs, test/contract/requestBodies.test.ts the bodies.)
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { INodeProperties } from 'n8n-workflow';

import { RESOURCES } from '../../../../nodes/Kustomer/actions';
import { Kustomer } from '../../../../nodes/Kustomer/Kustomer.node';
import { ROLES } from '../../../../nodes/Kustomer/shared/roles';

const node = new Kustomer();
const KNOWN_ROLES = new Set<string>(Object.values(ROLES).flat());
const OPERATIONS = RESOURCES.flatMap((resource) =>
	resource.operations.map((operation) => ({ label: `${resource.name} → ${operation.option.name}`, resource, operation })),
);

/** Every field and collection option, at any depth, and every mode of a locator. */
function fieldsWithin(properties: INodeProperties[]): Array<INodeProperties & { modes?: INodeProperties['modes'] }> {
	return properties.flatMap((property) => [
		property,
		...fieldsWithin(((property.options ?? []) as INodeProperties[]).filter((option) => 'displayName' in option && 'type' in option)),
		...fieldsWithin(((property.options ?? []) as Array<{ values?: INodeProperties[] }>).flatMap((option) => option.values ?? [])),
	]);
}

describe.each(RESOURCES.map((resource) => ({ label: resource.name, resource })))('$label', ({ resource }) => {
	test('has its kind of record: its records are recognised, and their app page is a path', () => {
		expect(typeof resource.record.isType).toBe('function');
		expect(typeof resource.record.appPath).toBe('function');
		const { listSearch, lookup } = resource.record;
		if (listSearch) expect(Object.keys(node.methods.listSearch)).toContain(listSearch.method);
		if (lookup) expect(lookup.roles.every((role) => KNOWN_ROLES.has(role))).toBe(true);
	});

	test('offers its default operation, and each operation once', () => {
		const values = resource.operations.map((operation) => operation.option.value);
		expect(values).toContain(resource.defaultOperation);
		expect(new Set(values).size).toBe(values.length);
	});
});

describe.each(OPERATIONS)('$label', ({ resource, operation }) => {
	test('names the roles that allow it (401/403 hints, the README), its action and effect, and what a re-run does', () => {
		expect(operation.roles.length).toBeGreaterThan(0);
		expect(operation.roles.filter((role) => !KNOWN_ROLES.has(role))).toEqual([]);
		expect(operation.option.action).toMatch(/\S/);
		expect(['read', 'write', 'delete', 'deliver']).toContain(operation.effect);
		if (!operation.idempotent) expect(operation.rerun).toMatch(/\S/);
	});

	test('has its fixture for the shared tests', () => {
		expect(existsSync(path.join(__dirname, resource.value, `${operation.option.value}.fixture.ts`))).toBe(true);
	});

	test('its fields name only methods the node has, and leave the resource and operation to the registry', () => {
		const fields = fieldsWithin(operation.description);
		const loadOptions = fields.map((field) => field.typeOptions?.loadOptionsMethod).filter(Boolean);
		const listSearches = fields.flatMap((field) => (field.modes ?? []).map((mode) => mode.typeOptions?.searchListMethod)).filter(Boolean);
		expect(loadOptions.filter((method) => !(String(method) in node.methods.loadOptions))).toEqual([]);
		expect(listSearches.filter((method) => !(String(method) in node.methods.listSearch))).toEqual([]);
		// The registry shows each field for its resource and operation (forOperation): a field saying it again would state the fact twice.
		expect(operation.description.filter((field) => field.displayOptions?.show?.resource || field.displayOptions?.show?.operation).map((field) => field.name)).toEqual([]);
	});
});

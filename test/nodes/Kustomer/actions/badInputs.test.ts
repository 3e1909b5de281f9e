/**
 * Bad inputs for every operation, from each one's fixture (`badInputs` in
 * `<resource>/<operation>.fixture.ts`): each must stop the node with an error naming the field
 * and the item (n8n's `[item N]`, 0-based), and nothing may be sent, even for the good item
 * before it. Each case runs a real workflow with two items: item 0 has a good value, item 1 the
 * bad one, both through `{{ $json.value }}`.
 */
import type { IDataObject } from 'n8n-workflow';

import { runWorkflow } from '../../../helpers/harness';
import { resetApi, sent } from '../../../helpers/kustomer';
import { registryFixtures } from '../../../helpers/operationFixture';
import { itemsThenKustomer } from '../../../helpers/workflows';

afterEach(resetApi);

const OPERATIONS = registryFixtures();

const CASES = OPERATIONS.flatMap(({ resource, operation, fixture }) =>
	(fixture?.badInputs ?? []).flatMap(({ field, parameters, good, bad }) =>
		bad.map((value, index) => ({
			label: `${resource}.${operation} ${field} #${index + 1}: ${JSON.stringify(value)?.slice(0, 40)}`,
			resource,
			operation,
			field,
			parameters,
			good,
			value,
		})),
	),
);

test('every operation of the registry has bad inputs in its fixture, at least 300 in all', () => {
	expect(OPERATIONS.filter(({ fixture }) => !fixture?.badInputs?.some(({ bad }) => bad.length > 0)).map(({ label }) => label)).toEqual([]);
	expect(CASES.length).toBeGreaterThanOrEqual(300);
});

test.each(CASES)('$label', async ({ resource, operation, field, parameters, good, value }) => {
	const items: IDataObject[] = [{ value: good as IDataObject[string] }, { value: value as IDataObject[string] }];
	const result = await runWorkflow(itemsThenKustomer(items, { resource, operation, ...parameters }));
	const message = String(result.error('Kustomer')?.message);
	expect(message.startsWith(field) ? message : `${message} (expected to start with "${field}")`).toMatch(new RegExp(`^${field.replace(/[()#]/g, '\\$&')}`));
	expect(message).toMatch(/\[item 1\]$/);
	expect(sent).toEqual([]);
});

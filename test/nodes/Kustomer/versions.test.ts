/**
 * The Kustomer node's versions as n8n's editor shows them (issue 20): new nodes are version 2;
 * version 1 nodes keep the fields they had, version 2 nodes show what issue 20 item 8 moved.
 * The fields are shown by n8n's own display rules (NodeHelpers.displayParameter, `@version`).
 */
import type { INode, INodeParameters, INodeProperties, INodePropertyCollection } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { Kustomer } from '../../../nodes/Kustomer/Kustomer.node';

const { description } = new Kustomer();

/** The fields n8n shows for these parameters on a node of `typeVersion`: name → the property shown. */
function shownFields(typeVersion: number, parameters: INodeParameters): Map<string, INodeProperties> {
	const node = { typeVersion, parameters } as unknown as INode;
	const shown = description.properties.filter((property) => NodeHelpers.displayParameter(parameters, property, node, description));
	return new Map(shown.map((property) => [property.name, property]));
}

const optionNames = (property: INodeProperties | undefined) => ((property?.options ?? []) as INodeProperties[]).map((option) => option.name);

test('new nodes are version 2 (the editor takes the last version); version 1 stays loadable', () => {
	expect(description.version).toEqual([1, 2]);
	// A defaultVersion would cost the node n8n's Custom API Call (server.e2e.test.ts checks it is there).
	expect(description.defaultVersion).toBeUndefined();
});

test('Conversation → Create: Subject is its own field in version 2, under Additional Fields in version 1', () => {
	const parameters = { resource: 'conversation', operation: 'create' };
	const version1 = shownFields(1, parameters);
	const version2 = shownFields(2, parameters);
	expect(version1.has('subject')).toBe(false);
	expect(optionNames(version1.get('additionalFields'))).toContain('name');
	expect(version2.get('subject')?.displayName).toBe('Subject');
	expect(optionNames(version2.get('additionalFields'))).not.toContain('name');
});

test.each([
	['customer', 'search', 'asc', ['includeDeleted']],
	['conversation', 'getAll', 'desc', ['includeDeleted', 'includeArchived']],
])('%s → %s: the order sits beside Return All in version 2 (newest first), in Options in version 1 (%s)', (resource, operation, version1Default, otherOptions) => {
	const parameters = { resource, operation, returnAll: false };
	const version1 = shownFields(1, parameters);
	const version2 = shownFields(2, parameters);
	expect(version1.has('order')).toBe(false);
	const version1Order = (version1.get('options')?.options as INodeProperties[]).find((option) => option.name === 'order');
	expect(version1Order?.default).toBe(version1Default);
	expect(version2.get('order')?.default).toBe('desc');
	expect(optionNames(version2.get('options'))).toEqual(otherOptions);
	// Beside Return All: right after Limit in the panel's order.
	const names = [...version2.keys()];
	expect(names.indexOf('order')).toBe(names.indexOf('limit') + 1);
});

test('Customer → Search is listed as Get Many, like every other list operation (its value unchanged)', () => {
	const operation = description.properties.find((property) => property.name === 'operation' && property.displayOptions?.show?.resource?.[0] === 'customer');
	expect(operation?.options).toContainEqual(expect.objectContaining({ name: 'Get Many', value: 'search', action: 'Get many customers' }));
});

test('the custom attribute mapper says custom attributes and which record they go on; a custom object type is chosen first', () => {
	const mapper = (resource: string, operation: string) =>
		shownFields(2, { resource, operation, klass: '' }).get('customAttributesMapper')?.typeOptions?.resourceMapper as { valuesLabel?: string; fieldWords?: object } | undefined;
	expect(mapper('conversation', 'escalate')).toMatchObject({
		valuesLabel: 'Custom Attributes to Set on the Conversation',
		fieldWords: { singular: 'custom attribute', plural: 'custom attributes' },
	});
	expect(mapper('customer', 'upsert')?.valuesLabel).toBe('Custom Attributes to Set on the Customer');
	expect(mapper('customObject', 'update')).toBeUndefined();
	expect(shownFields(2, { resource: 'customObject', operation: 'update', klass: 'order' }).get('customAttributesMapper')?.typeOptions?.resourceMapper).toMatchObject({ valuesLabel: 'Custom Attributes to Set on the Custom Object' });
	// Before a type is chosen the mapper would load for no type (the browser test's finding).
	expect(mapper('customObject', 'create')).toBeUndefined();
	expect(shownFields(2, { resource: 'customObject', operation: 'create', klass: 'order' }).has('customAttributesMapper')).toBe(true);
});

test('Max Parallel Requests, once added, shows what unset means', () => {
	const requestOptions = description.properties.find((property) => property.name === 'requestOptions');
	const maxParallel = (requestOptions?.options as INodeProperties[]).find((option) => option.name === 'maxParallelRequests');
	expect(maxParallel?.default).toBe(32);
	expect(maxParallel?.description).toContain('Unset, up to 32');
});

test('Criteria: version 2 picks the field from a list, version 1 keeps free text', () => {
	const field = (typeVersion: number) =>
		(shownFields(typeVersion, { resource: 'customer', operation: 'search', searchBy: 'criteria' }).get('criteria')?.options as INodePropertyCollection[])[0].values[0];
	expect(field(1)).toMatchObject({ name: 'field', type: 'string' });
	expect(field(2)).toMatchObject({ name: 'field', type: 'options', typeOptions: { loadOptionsMethod: 'getSearchFields' } });
});

import type { INodeParameters, ResourceMapperFields } from 'n8n-workflow';

import { METADATA } from '../../../../sandbox/metadata';
import { callMethod } from '../../../helpers/harness';
import { kustomerApi, resetApi, sent } from '../../../helpers/kustomer';
import { kustomerNode } from '../../../helpers/workflows';

afterEach(resetApi);

const load = async (parameters: INodeParameters) =>
	await callMethod<ResourceMapperFields>('resourceMapping', 'getCustomAttributeFields', kustomerNode(parameters));
const metadata = (resource: string) => ({ data: { type: 'metadata', id: resource, attributes: { properties: METADATA[resource] } } });

test.each([
	[{ resource: 'customer', operation: 'create' }, '/v1/metadata/customer', 'customer'],
	[{ resource: 'conversation', operation: 'create' }, '/v1/metadata/conversation', 'conversation'],
	[{ resource: 'customObject', operation: 'create', klass: 'order' }, '/v1/metadata/kobject.order', 'kobject.order'],
])('%j loads %s', async (parameters, path, resource) => {
	kustomerApi().get(path).reply(200, metadata(resource));
	const { fields } = await load(parameters);
	expect(fields.map((field) => field.id).sort()).toEqual(Object.keys(METADATA[resource]).filter((name) => !METADATA[resource][name].deletedAt).sort());
	expect(sent.map((request) => request.path)).toEqual([path]);
});

test('a key without the metadata role gets a notice pointing to the name/value rows, not an error', async () => {
	kustomerApi().get('/v1/metadata/customer').reply(403, { errors: [{ title: 'Forbidden' }] });
	expect(await load({ resource: 'customer' })).toEqual({
		fields: [],
		emptyFieldsNotice: expect.stringContaining('org.permission.metadata.read'),
	});
});

test('a type without definitions, or a custom object type not chosen yet, gets a notice', async () => {
	kustomerApi().get('/v1/metadata/kobject.subscription').reply(200, { data: { attributes: { properties: {} } } });
	expect((await load({ resource: 'customObject', klass: 'subscription' })).emptyFieldsNotice).toContain('lists no custom attributes for kobject.subscription');
	expect((await load({ resource: 'customObject', klass: '' })).emptyFieldsNotice).toBe('Choose the Custom Object Type first.');
	expect(sent).toHaveLength(1);
});

test('other failures are errors', async () => {
	kustomerApi().get('/v1/metadata/customer').times(9).reply(429, '', { 'x-ratelimit-reset': '0' });
	await expect(load({ resource: 'customer' })).rejects.toThrow('rate limited');
});

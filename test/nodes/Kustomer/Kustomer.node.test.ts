import type { INodeProperties, INodeType } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { RESOURCES } from '../../../nodes/Kustomer/actions';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { KUSTOMER_NODE, nodeDescription, PACKAGE_ROOT, runWorkflow } from '../../helpers/harness';
import { customerResource, CUSTOMER_ID, kustomerApi, resetApi, sent } from '../../helpers/kustomer';
import { sourceOf } from '../../helpers/source';
import { itemsThenKustomer, locator } from '../../helpers/workflows';

afterEach(resetApi);

describe('description', () => {
	test('is a tool-capable programmatic node with themed icons and the Kustomer credential', async () => {
		const description = await nodeDescription(KUSTOMER_NODE);
		// Usable as a tool, with the tool variant's own description (issue 22).
		expect(description.usableAsTool).toEqual({ replacements: { description: expect.stringContaining('AI agent or MCP client') } });
		expect(description.credentials).toEqual([{ name: 'kustomerApi', required: true }]);
		// n8n's loader turns `icon: file:...` into URLs of the files copied to dist/ (here read from their source).
		expect(description.iconUrl).toEqual({
			light: expect.stringMatching(/kustomer\.svg$/),
			dark: expect.stringMatching(/kustomer\.dark\.svg$/),
		});
		const light = readFileSync(sourceOf(path.join(PACKAGE_ROOT, 'dist/nodes/Kustomer/kustomer.svg')), 'utf8');
		const dark = readFileSync(sourceOf(path.join(PACKAGE_ROOT, 'dist/nodes/Kustomer/kustomer.dark.svg')), 'utf8');
		expect(light).toContain('<svg');
		expect(dark).not.toEqual(light);
		// The codex file is loaded alongside.
		expect((description as unknown as { codex?: { categories?: string[] } }).codex?.categories).toContain('Communication');
	});

	test("as an AI agent's tool, the description n8n gives the agent says which calls delete for good and which reach the customer", async () => {
		const description = await nodeDescription(KUSTOMER_NODE);
		const toolDescription = (resource: string, operation: string) =>
			NodeHelpers.getToolDescriptionForNode(
				{ id: 't', name: 'Kustomer', type: KUSTOMER_NODE, typeVersion: 1, position: [0, 0], parameters: { resource, operation, descriptionType: 'auto' } },
				{ description } as INodeType,
			);
		for (const resource of RESOURCES) {
			for (const operation of resource.operations) {
				const said = toolDescription(resource.value, operation.option.value);
				expect(said).toBe(`${operation.option.action} in Kustomer`);
				if (operation.effect === 'delete') expect(said).toMatch(/permanently/);
				if (operation.effect === 'deliver') expect(said).toMatch(/deliver/i);
				if (operation.effect === 'write' && resource.value === 'message') expect(said).toMatch(/record/i);
			}
		}
	});

	test('offers every operation of the issue, each with an action text', async () => {
		const { properties } = await nodeDescription(KUSTOMER_NODE);
		const operations = properties
			.filter((property) => property.name === 'operation')
			.flatMap((property: INodeProperties) =>
				(property.options as Array<{ value: string; action?: string }>).map((option) => ({
					resource: (property.displayOptions?.show?.resource as string[])[0],
					operation: option.value,
					action: option.action,
				})),
			);
		expect(operations.map(({ resource, operation }) => `${resource}:${operation}`).sort()).toEqual([
			'company:create',
			'company:get',
			'company:getAll',
			'company:update',
			'company:upsert',
			'conversation:addTags',
			'conversation:create',
			'conversation:delete',
			'conversation:escalate',
			'conversation:get',
			'conversation:getAll',
			'conversation:getMetrics',
			'conversation:removeTags',
			'conversation:update',
			'customObject:create',
			'customObject:delete',
			'customObject:get',
			'customObject:getAll',
			'customObject:update',
			'customObject:upsert',
			'customer:create',
			'customer:delete',
			'customer:get',
			'customer:merge',
			'customer:search',
			'customer:trackEvent',
			'customer:update',
			'customer:upsert',
			'message:create',
			'message:getAll',
			'message:redact',
			'message:send',
			'message:update',
			'note:create',
			'note:delete',
			'note:getAll',
			'note:update',
			'satisfaction:getAll',
		]);
		for (const { action } of operations) expect(action).toMatch(/^[A-Z][a-z]/);
	});
});

describe('items', () => {
	const getByEmail = (extra = {}) =>
		itemsThenKustomer(
			[{ email: 'a@example.com' }, { email: 'not-an-email' }, { email: 'gone@example.com' }, { email: 'b@example.com' }],
			{ resource: 'customer', operation: 'get', customer: locator('email', '={{ $json.email }}') },
			extra,
		);

	test('Continue On Fail: bad items become error items paired to their input; the others still run', async () => {
		kustomerApi().get('/v1/customers/email=a%40example.com').reply(200, { data: customerResource() });
		kustomerApi().get('/v1/customers/email=gone%40example.com').reply(404, '');
		kustomerApi().get('/v1/customers/email=b%40example.com').reply(200, { data: customerResource('5f1a2b3c4d5e6f7a8b9c0d1f') });
		const result = await runWorkflow(getByEmail({ onError: 'continueRegularOutput' }));
		expect(result.error('Kustomer')).toBeUndefined();
		expect(result.output('Kustomer')).toEqual([
			{ json: expect.objectContaining({ id: CUSTOMER_ID }), pairedItem: { item: 0 } },
			{
				json: { error: 'Customer must be an email address such as jane@example.com [item 1]', description: 'Received: "not-an-email"' },
				pairedItem: { item: 1 },
			},
			{
				json: expect.objectContaining({ error: 'No Kustomer customer with email "gone@example.com"', httpCode: '404' }),
				pairedItem: { item: 2 },
			},
			{ json: expect.objectContaining({ id: '5f1a2b3c4d5e6f7a8b9c0d1f' }), pairedItem: { item: 3 } },
		]);
		// The invalid item was never sent.
		expect(sent.map((request) => request.path)).toEqual([
			'/v1/customers/email=a%40example.com',
			'/v1/customers/email=gone%40example.com',
			'/v1/customers/email=b%40example.com',
		]);
	});

	test('without Continue On Fail, one invalid item stops the node before any item is sent', async () => {
		kustomerApi().get('/v1/customers/email=a%40example.com').reply(200, { data: customerResource() });
		const result = await runWorkflow(getByEmail());
		const error = result.error('Kustomer');
		expect(error?.message).toBe('Customer must be an email address such as jane@example.com [item 1]');
		expect((error as { context?: { itemIndex?: number } }).context?.itemIndex).toBe(1);
		expect(sent).toHaveLength(0);
	});

	test('an API error stops the node at its item, naming the item', async () => {
		kustomerApi().get('/v1/customers/email=a%40example.com').reply(200, { data: customerResource() });
		kustomerApi().get('/v1/customers/email=gone%40example.com').reply(404, '');
		const result = await runWorkflow(
			itemsThenKustomer([{ email: 'a@example.com' }, { email: 'gone@example.com' }], {
				resource: 'customer',
				operation: 'get',
				customer: locator('email', '={{ $json.email }}'),
			}),
		);
		expect((result.error('Kustomer') as { context?: { itemIndex?: number } }).context?.itemIndex).toBe(1);
	});
});

/**
 * The example workflows as a user imports them (issue 20 part 4): each says on the canvas what
 * it shows, and the polling example makes the data table it writes to.
 */
import fs from 'node:fs';
import path from 'node:path';

import { PACKAGE_ROOT } from '../helpers/constants';

interface ExampleNode {
	name: string;
	type: string;
	position: [number, number];
	parameters: Record<string, unknown>;
}
interface Example {
	name: string;
	nodes: ExampleNode[];
	connections: Record<string, { main: Array<Array<{ node: string }>> }>;
}

const DIRECTORY = path.join(PACKAGE_ROOT, 'examples');
const EXAMPLES = fs
	.readdirSync(DIRECTORY)
	.filter((file) => file.endsWith('.json'))
	.map((file) => [file, JSON.parse(fs.readFileSync(path.join(DIRECTORY, file), 'utf8')) as Example] as const);

test('there are examples', () => {
	expect(EXAMPLES.length).toBeGreaterThan(5);
});

test.each(EXAMPLES)('%s has a sticky note above its nodes saying what it shows', (_file, example) => {
	const stickies = example.nodes.filter((node) => node.type === 'n8n-nodes-base.stickyNote');
	expect(stickies).toHaveLength(1);
	const [sticky] = stickies;
	const content = String(sticky.parameters.content);
	expect(content).toMatch(/^## \S.+\n\S/);
	const others = example.nodes.filter((node) => node !== sticky);
	const top = Math.min(...others.map((node) => node.position[1]));
	// Above every other node, so it covers none of them.
	expect(sticky.position[1] + Number(sticky.parameters.height)).toBeLessThan(top);
});

describe('ingest-resolved-conversations.json runs as imported', () => {
	const example = EXAMPLES.find(([file]) => file === 'ingest-resolved-conversations.json')![1];
	const byName = (name: string) => example.nodes.find((node) => node.name === name)!;

	test('it creates (or reuses) the data table with exactly the columns its rows have, before it writes them', () => {
		const rows = byName('One row per resolution').parameters as { assignments: { assignments: Array<{ name: string; type: string }> } };
		const create = byName('Data table ready');
		expect(create.parameters).toMatchObject({ resource: 'table', operation: 'create', options: { createIfNotExists: true } });
		expect((create.parameters.columns as { column: unknown[] }).column).toEqual(rows.assignments.assignments.map(({ name, type }) => ({ name, type })));
		// The store node finds the same table by its name (n8n lower-cases the name it looks up).
		const tableName = String(create.parameters.tableName);
		expect(tableName).toBe(tableName.toLowerCase());
		expect(byName('Store in data table').parameters.dataTableId).toEqual({ __rl: true, mode: 'name', value: tableName });
		// n8n (execution order v1) runs a node's outputs top branch first: the table exists before the rows are stored.
		expect(example.connections['Resolved conversations'].main[0].map((target) => target.node)).toEqual(['Data table ready', 'One row per resolution']);
		expect(create.position[1]).toBeLessThan(byName('One row per resolution').position[1]);
	});

	test('its sticky note names every column, for n8n 1.x where the table is made by hand', () => {
		const sticky = example.nodes.find((node) => node.type === 'n8n-nodes-base.stickyNote')!;
		const columns = (byName('Data table ready').parameters.columns as { column: Array<{ name: string }> }).column;
		for (const { name } of columns) expect(String(sticky.parameters.content)).toContain(`\`${name}\``);
	});
});

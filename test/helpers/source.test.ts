/**
 * The tests run the TypeScript source, not a build (test/helpers/source.js): what n8n-core's
 * loader loads for package.json's nodes and credentials is the source's own classes, the
 * transport's clock is the test's virtual clock, and a command a test runs resolves the built
 * paths to the source too. None of this needs dist/.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { defaultTransportClock } from '../../nodes/Kustomer/transport/clock';
import { customerResource, CUSTOMER_ID, kustomerApi, resetApi } from './kustomer';
import { loadPackage, PACKAGE_ROOT, runWorkflow } from './harness';
import { sourceOf } from './source';
import { clock } from './virtualClock';
import { itemsThenKustomer, locator } from './workflows';

const { n8n } = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { n8n: { nodes: string[]; credentials: string[] } };

afterEach(resetApi);

/** The class a source file exports under the name n8n-core takes from the file name (Kustomer.node.ts: Kustomer). */
function sourceClass(builtPath: string): new () => unknown {
	const exported = require(sourceOf(path.join(PACKAGE_ROOT, builtPath))) as Record<string, new () => unknown>;
	return exported[path.basename(builtPath).split('.')[0]];
}

test("package.json's built paths map to the source files they are built from", () => {
	for (const built of [...n8n.nodes, ...n8n.credentials]) {
		expect(sourceOf(path.join(PACKAGE_ROOT, built))).toBe(path.join(PACKAGE_ROOT, built.replace(/^dist\//, '').replace(/\.js$/, '.ts')));
	}
	expect(sourceOf(path.join(PACKAGE_ROOT, 'dist/nodes/Kustomer/Kustomer.node.json'))).toBe(path.join(PACKAGE_ROOT, 'nodes/Kustomer/Kustomer.node.json'));
	expect(sourceOf(path.join(PACKAGE_ROOT, 'nodes/Kustomer/Kustomer.node.ts'))).toBe(path.join(PACKAGE_ROOT, 'nodes/Kustomer/Kustomer.node.ts'));
	// What a require of the built path loads is the source's module, whether or not dist/ exists
	// (jest's require.resolve answers the built file when there is one; the mapping applies to loading).
	expect(require(path.join(PACKAGE_ROOT, n8n.nodes[0]))).toBe(require(sourceOf(path.join(PACKAGE_ROOT, n8n.nodes[0]))));
});

test("the harness runs the source's node and credential classes, loaded as n8n loads package.json's paths", async () => {
	const { loader } = await loadPackage();
	const loaded = [...Object.values(loader.nodeTypes), ...Object.values(loader.credentialTypes)];
	expect(loaded.map(({ sourcePath }) => path.relative(PACKAGE_ROOT, sourcePath)).sort()).toEqual([...n8n.nodes, ...n8n.credentials].sort());
	for (const { type, sourcePath } of loaded) expect(type).toBeInstanceOf(sourceClass(path.relative(PACKAGE_ROOT, sourcePath)));
});

test("the transport's clock is the test's virtual clock: a workflow's rate-limit wait takes no real time", async () => {
	expect(defaultTransportClock()).toBe(clock);
	const reset = clock.epochSeconds(30_000);
	kustomerApi()
		.get(`/v1/customers/${CUSTOMER_ID}`)
		.reply(429, { errors: [{ title: 'Too Many Requests' }] }, { 'x-ratelimit-limit': '100', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset })
		.get(`/v1/customers/${CUSTOMER_ID}`)
		.reply(200, { data: customerResource() });
	const started = Date.now();
	const result = await runWorkflow(itemsThenKustomer([{}], { resource: 'customer', operation: 'get', customer: locator('id', CUSTOMER_ID) }));
	expect(result.error('Kustomer')).toBeUndefined();
	expect(result.output('Kustomer')).toHaveLength(1);
	expect(clock.sleeps.reduce((sum, ms) => sum + ms, 0)).toBeGreaterThanOrEqual(25_000);
	expect(Date.now() - started).toBeLessThan(10_000);
});

test('a command run with register-source.js requires the built paths from the source, transpiled', () => {
	const built = path.join(PACKAGE_ROOT, 'dist', 'nodes', 'Kustomer', 'transport', 'clock.js');
	const script = `const clock = require(${JSON.stringify(built)}); console.log(JSON.stringify([require.resolve(${JSON.stringify(built)}), typeof clock.setDefaultTransportClock]))`;
	const run = spawnSync(process.execPath, ['-r', path.join(__dirname, 'register-source.js'), '-e', script], { encoding: 'utf8' });
	expect(run.stderr).toBe('');
	expect(JSON.parse(run.stdout)).toEqual([sourceOf(built), 'function']);
});

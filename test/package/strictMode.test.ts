/**
 * n8n strict mode (`n8n.strict: true`, what `n8n-node cloud-support enable` sets for n8n Cloud
 * eligibility): every rule of n8n's default lint config (@n8n/node-cli's `config`: the
 * community-nodes `recommended` set and eslint-plugin-n8n-nodes-base's community, nodes and
 * credentials sets) must be on, as errors, for the files n8n lints. `npm run lint` uses
 * eslint.config.mjs, so this reads the config ESLint computes from it for those files.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

type Rules = { applied: Record<string, unknown>; required: Record<string, unknown> };

/**
 * For each [file, required set]: the rules ESLint applies to the file under eslint.config.mjs,
 * and the rules n8n's default config requires there. One child process answers for every
 * file: loading ESLint and the plugins is most of its CPU (about 3 s each time).
 */
function rulesFor(cases: [file: string, required: string][]): Rules[] {
	const script = `
		const { ESLint } = require('eslint');
		const community = require('@n8n/eslint-plugin-community-nodes').n8nCommunityNodesPlugin.configs.recommended;
		const base = require('eslint-plugin-n8n-nodes-base').configs;
		const eslint = new ESLint({ cwd: ${JSON.stringify(ROOT)} });
		(async () => {
			const answers = [];
			for (const [file, required] of ${JSON.stringify(cases)}) {
				const config = await eslint.calculateConfigForFile(file);
				// required names a set of the base plugin's configs, e.g. base.nodes.rules.
				const set = required.split('.').slice(1).reduce((value, key) => value[key], base);
				answers.push({ applied: config.rules, required: { ...community.rules, ...set } });
			}
			process.stdout.write(JSON.stringify(answers));
		})();`;
	const result = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' });
	if (result.status !== 0) throw new Error(result.stderr);
	return JSON.parse(result.stdout) as Rules[];
}

/** Rules the default config of @n8n/node-cli turns off for the same files. */
const OFF_IN_DEFAULT = new Set([
	'n8n-nodes-base/cred-class-field-documentation-url-miscased',
	'n8n-nodes-base/cred-class-field-type-options-password-missing',
	'n8n-nodes-base/node-class-description-inputs-wrong-regular-node',
	'n8n-nodes-base/node-class-description-outputs-wrong',
	'n8n-nodes-base/node-param-type-options-max-value-present',
]);

const SEVERITY: Record<string, number> = { off: 0, warn: 1, error: 2 };
/** A rule's severity as a number (ESLint accepts 0-2, 'off'/'warn'/'error', or either first in an array). */
function severity(setting: unknown): number {
	const level = Array.isArray(setting) ? setting[0] : setting;
	return typeof level === 'number' ? level : (SEVERITY[String(level)] ?? 0);
}

describe('n8n strict mode', () => {
	test('package.json declares n8n.strict: true', () => {
		const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { n8n: { strict?: unknown } };
		expect(manifest.n8n.strict).toBe(true);
	});

	const CASES: [file: string, required: string][] = [
		['nodes/Kustomer/Kustomer.node.ts', 'base.nodes.rules'],
		['credentials/KustomerApi.credentials.ts', 'base.credentials.rules'],
		['package.json', 'base.community.rules'],
	];
	let answers: Rules[] | undefined;
	test.each(CASES)('%s: every rule of n8n default lint config is on, at least as severe (warnings fail `npm run lint` too)', (file, requiredSet) => {
		answers ??= rulesFor(CASES);
		const { applied, required } = answers[CASES.findIndex(([name, set]) => name === file && set === requiredSet)];
		const weaker = Object.entries(required).filter(([name, setting]) => !OFF_IN_DEFAULT.has(name) && severity(applied[name]) < severity(setting));
		expect(weaker.map(([name]) => name)).toEqual([]);
		expect(Object.keys(required).length).toBeGreaterThan(20);
	}, 60_000);
});

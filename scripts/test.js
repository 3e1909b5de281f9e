#!/usr/bin/env node
/**
 * `npm test`: build, lint, verify, type check, unit tests, then the end-to-end tests. What the
 * end-to-end stage needs and a fresh machine lacks (the pinned n8n lines, about 3 GB each,
 * PostgreSQL, Redis, Chromium) is installed in the background while the unit stage runs, its
 * output kept in .n8n-logs/prepare-e2e.log: on a fresh clone with an empty cache this overlaps
 * minutes of downloads with the unit stage instead of adding them after it.
 */
const { spawn, spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const ROOT = path.join(__dirname, '..');
const LOG = path.join(ROOT, '.n8n-logs', 'prepare-e2e.log');

const UNIT_STAGE = [
	['npm', ['run', 'build']],
	['npm', ['run', 'lint']],
	['npm', ['run', 'verify']],
	['npm', ['run', 'typecheck']],
	['npx', ['jest']],
];
/**
 * The end-to-end files two at a time (jest.e2e.config.js), except queue mode's: its five n8n
 * processes, PostgreSQL and Redis take both cores, and beside another file its deliveries ran
 * into Kustomer's answer timeout. It runs alone, first.
 */
const ALONE = 'test/e2e/queueMode.e2e.test.ts';
const E2E_STAGE = [
	['npx', ['jest', '-c', 'jest.e2e.config.js', '--maxWorkers=1', ALONE]],
	['npx', ['jest', '-c', 'jest.e2e.config.js', '--testPathIgnorePatterns', ALONE]],
];

function startPreparing() {
	fs.mkdirSync(path.dirname(LOG), { recursive: true });
	const output = fs.openSync(LOG, 'w');
	const child = spawn(process.execPath, [path.join(__dirname, 'n8n', 'prepare-e2e.js')], { cwd: ROOT, stdio: ['ignore', output, output], detached: true });
	const done = new Promise((resolve) => child.once('close', (code) => resolve(code)));
	return { child, done };
}

/** Stops the installs, if still running (a half-done n8n install has no .ready mark and is redone next time). */
function stopPreparing(child) {
	if (child.exitCode !== null || child.signalCode !== null) return;
	try {
		process.kill(-child.pid, 'SIGTERM');
	} catch {
		// It ended meanwhile.
	}
}

function step([command, args]) {
	process.stderr.write(`\n> ${command} ${args.join(' ')}\n`);
	return spawnSync(command, args, { cwd: ROOT, stdio: 'inherit' }).status ?? 1;
}

async function main() {
	const preparing = startPreparing();
	for (const command of UNIT_STAGE) {
		const status = step(command);
		if (status !== 0) {
			stopPreparing(preparing.child);
			return status;
		}
	}
	process.stderr.write('\n> waiting for the end-to-end prerequisites (.n8n-logs/prepare-e2e.log)\n');
	if ((await preparing.done) !== 0) {
		process.stderr.write(`${fs.readFileSync(LOG, 'utf8').slice(-3000)}\ninstalling the end-to-end prerequisites failed (above)\n`);
		return 1;
	}
	// Both parts run, so that one failing part does not hide the other's failures.
	const statuses = E2E_STAGE.map(step);
	return statuses.find((status) => status !== 0) ?? 0;
}

main().then((status) => process.exit(status));

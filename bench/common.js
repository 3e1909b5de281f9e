/** Shared by the benchmarks: a sandbox + real n8n, workflows built on the fly, figures. */
const fs = require('fs');
const path = require('path');

const { sandboxEnvironment, tearDown, EXAMPLE_CREDENTIAL } = require('../scripts/n8n/environment');

/** Peak resident memory of a process, sampled from /proc while it runs. */
function sampleMemory(child) {
	const sample = { peakBytes: 0 };
	const timer = setInterval(() => {
		try {
			const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
			const rss = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
			sample.peakBytes = Math.max(sample.peakBytes, rss);
		} catch {
			// the process is gone
		}
	}, 50);
	child.once('exit', () => clearInterval(timer));
	return sample;
}

/** Imports a workflow definition into n8n and runs it headless; answers run data, time, memory. */
async function runWorkflow(n8n, workflow) {
	const file = path.join(n8n.userFolder, `${workflow.id}.json`);
	fs.writeFileSync(file, JSON.stringify(workflow));
	await n8n.importWorkflows(file);
	let memory;
	const started = Date.now();
	const run = await n8n.execute(workflow.id, { onSpawn: (child) => (memory = sampleMemory(child)) });
	return { run, seconds: (Date.now() - started) / 1000, peakMb: memory.peakBytes / 1024 / 1024 };
}

function kustomerNode(name, parameters, position) {
	return {
		id: `bench-${name}`,
		name,
		type: 'n8n-nodes-kustomer.kustomer',
		typeVersion: 1,
		position,
		parameters,
		credentials: { kustomerApi: EXAMPLE_CREDENTIAL },
	};
}

const manualTrigger = {
	id: 'bench-start',
	name: 'Start',
	type: 'n8n-nodes-base.manualTrigger',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

function report(title, rows, targets) {
	process.stdout.write(`\n${title}\n`);
	for (const [label, value] of rows) process.stdout.write(`  ${label.padEnd(34)} ${value}\n`);
	for (const [label, met] of targets) process.stdout.write(`  target: ${label.padEnd(60)} ${met ? 'met' : 'MISSED'}\n`);
}

/** A --name value as text (a comma-separated list of scenarios, say). */
function textArgument(name, fallback) {
	const index = process.argv.indexOf(`--${name}`);
	return index === -1 ? fallback : process.argv[index + 1];
}

/** A --name value as a number (a number's text reads back as the same number). */
function argument(name, fallback) {
	return Number(textArgument(name, String(fallback)));
}

module.exports = { sandboxEnvironment, tearDown, runWorkflow, kustomerNode, manualTrigger, report, argument, textArgument };

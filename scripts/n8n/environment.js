/**
 * The pieces every local n8n of this repository needs: the Kustomer credential the examples
 * point at, the example workflows, and a fresh n8n + sandbox pair for tests and benchmarks.
 */
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');

const { createSandbox } = require('../../sandbox/server');
const { N8nInstance, ROOT } = require('./instance');

/** The credential the example workflows refer to. */
const EXAMPLE_CREDENTIAL = { id: 'KustomerSandbox1', name: 'Kustomer sandbox' };
const SANDBOX_KEY = 'sandbox-key';
/** Where the n8n logs of test and benchmark instances are kept. */
const LOG_FOLDER = path.join(ROOT, '.n8n-logs');

/** Imports a Kustomer API credential with the examples' id; the key never stays on disk. */
async function importKustomerCredential(n8n, data, name = EXAMPLE_CREDENTIAL.name) {
	const file = path.join(n8n.userFolder, `credential-${process.pid}.json`);
	fs.writeFileSync(file, JSON.stringify([{ ...EXAMPLE_CREDENTIAL, name, type: 'kustomerApi', data }]), { mode: 0o600 });
	try {
		await n8n.importCredentials(file);
	} finally {
		fs.rmSync(file, { force: true });
	}
}

/** Imports every example workflow (examples/*.json) in one n8n command: each command starts n8n's CLI anew. */
async function importExamples(n8n) {
	await n8n.cli(['import:workflow', '--separate', `--input=${path.join(ROOT, 'examples')}`]);
}

function portIsFree(port) {
	return new Promise((resolve) => {
		const server = net.createServer();
		server.once('error', () => resolve(false));
		server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
	});
}

/** Ports this process handed out: a process started later may not have bound its port yet. */
const handedOut = new Set();
/**
 * The port pairs this process chooses from: each Jest worker (JEST_WORKER_ID 1, 2...) its own
 * part of 20000-31999, so two test files running at once never hand out the same port.
 */
const PAIRS_PER_WORKER = 1_000;
const PORT_BASE = 20_000 + ((Number(process.env.JEST_WORKER_ID || 1) - 1) % 6) * PAIRS_PER_WORKER * 2;

/**
 * A free port whose successor is free too (n8n's task broker takes port + 1). Below Linux's
 * ephemeral range (32768 up), so an outgoing connection made before the process binds it
 * cannot take it meanwhile.
 */
async function freePortPair() {
	for (let attempt = 0; attempt < 50; attempt++) {
		const port = PORT_BASE + Math.floor(Math.random() * PAIRS_PER_WORKER) * 2;
		if (handedOut.has(port)) continue;
		if ((await portIsFree(port)) && (await portIsFree(port + 1))) {
			handedOut.add(port);
			return port;
		}
	}
	throw new Error('no free port pair');
}

const sandboxCredential = (sandboxUrl) => ({ host: 'custom', customBaseUrl: sandboxUrl, apiKey: SANDBOX_KEY });

/** Installs the packed package into an n8n and imports the sandbox credential and every example. */
async function provision(n8n, sandboxUrl) {
	n8n.installPackage();
	await importKustomerCredential(n8n, sandboxCredential(sandboxUrl));
	await importExamples(n8n);
}

/** An n8n of `line` in a new temporary folder, its log kept in .n8n-logs. */
async function freshInstance(line, name) {
	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), `kustomer-n8n${line}-${name}`));
	// The folder goes at tear-down (it holds ~80 MB); n8n's log stays for a failed run's reader.
	const logFile = path.join(LOG_FOLDER, `${path.basename(userFolder)}.log`);
	fs.mkdirSync(LOG_FOLDER, { recursive: true });
	return new N8nInstance({ line, userFolder, port: await freePortPair(), logFile });
}

/**
 * Where provisioned user folders to copy are, by line (JSON { "2": folder }): set by the
 * end-to-end tests' globalSetup, which Jest's workers inherit.
 */
const TEMPLATES_VARIABLE = 'KUSTOMER_N8N_TEMPLATES';

/**
 * Provisions one user folder per line for sandboxEnvironment to copy (the credential's address
 * a placeholder each copy replaces): a new folder's first n8n command runs every database
 * migration and importing the examples starts n8n's CLI once more, about 9 s a folder here,
 * paid once per line and run instead of once per test file.
 */
async function provisionTemplates(lines) {
	const templates = {};
	await Promise.all(
		lines.map(async (line) => {
			const n8n = await freshInstance(line, 'template-');
			await provision(n8n, 'http://127.0.0.1:9');
			templates[line] = n8n.userFolder;
		}),
	);
	process.env[TEMPLATES_VARIABLE] = JSON.stringify(templates);
	return templates;
}

function removeTemplates() {
	for (const folder of Object.values(JSON.parse(process.env[TEMPLATES_VARIABLE] || '{}'))) fs.rmSync(folder, { recursive: true, force: true });
}

/**
 * A sandbox in this process and a fresh n8n of `line` in a temporary folder, with the packed
 * package, the sandbox credential and every example imported: a copy of the line's template
 * when there is one, its credential pointed at this sandbox (n8n's import replaces by id).
 */
async function sandboxEnvironment({ line = '2', sandboxConfig = {} } = {}) {
	const sandbox = createSandbox({ config: sandboxConfig });
	const sandboxUrl = await sandbox.listen(0);
	const n8n = await freshInstance(line, '');
	const template = JSON.parse(process.env[TEMPLATES_VARIABLE] || '{}')[line];
	if (template) {
		fs.cpSync(template, n8n.userFolder, { recursive: true });
		await importKustomerCredential(n8n, sandboxCredential(sandboxUrl));
	} else {
		await provision(n8n, sandboxUrl);
	}
	return { sandbox, sandboxUrl, n8n };
}

/**
 * n8n 2.x scaled out in queue mode, as the n8n docs describe it: PostgreSQL and Redis (see
 * services.js), one main process (editor, REST API, trigger activation), `workers` worker
 * processes running the executions and one webhook processor taking production webhooks,
 * all sharing one user folder (so one installed package) and the sandbox credential and
 * examples. Workers run `workerConcurrency` jobs each (1: two jobs land on two workers).
 * Manual runs go to the workers too (OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS), and production
 * webhook URLs point at the webhook processor.
 */
async function queueEnvironment({ sandboxConfig = {}, workers = 2, workerConcurrency = 1 } = {}) {
	const { startQueueServices } = require('./services');
	const services = await startQueueServices({ freePort: freePortPair });
	const sandbox = createSandbox({ config: sandboxConfig });
	const sandboxUrl = await sandbox.listen(0);
	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'kustomer-n8n-queue-'));
	fs.mkdirSync(LOG_FOLDER, { recursive: true });
	const logFile = (role) => path.join(LOG_FOLDER, `${path.basename(userFolder)}-${role}.log`);
	const webhookPort = await freePortPair();
	const env = {
		...services.env,
		EXECUTIONS_MODE: 'queue',
		OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
		WEBHOOK_URL: `http://127.0.0.1:${webhookPort}/`,
		QUEUE_HEALTH_CHECK_ACTIVE: 'true',
	};
	const main = new N8nInstance({ line: '2', userFolder, port: await freePortPair(), env, logFile: logFile('main') });
	await provision(main, sandboxUrl);
	const workerProcesses = [];
	for (let index = 1; index <= workers; index++) {
		const port = await freePortPair();
		workerProcesses.push(
			new N8nInstance({
				line: '2',
				userFolder,
				port,
				env: { ...env, QUEUE_HEALTH_CHECK_PORT: String(port) },
				logFile: logFile(`worker${index}`),
				command: 'worker',
				args: [`--concurrency=${workerConcurrency}`],
			}),
		);
	}
	const webhook = new N8nInstance({ line: '2', userFolder, port: webhookPort, env, logFile: logFile('webhook'), command: 'webhook' });
	return { sandbox, sandboxUrl, services, main, workers: workerProcesses, webhook, userFolder };
}

/**
 * Starts a queue environment's processes one at a time: main first (it prepares the database),
 * then the workers and the webhook processor. One clean-checkout CI run saw a worker exit while
 * starting, beside two others starting at once, which no run here reproduced; so they no longer
 * start together, and one that exits while starting is started once more, its log's end printed.
 */
async function startQueueProcesses(environment) {
	await environment.main.start();
	for (const instance of [...environment.workers, environment.webhook]) {
		try {
			await instance.start();
		} catch (error) {
			if (!String(error.message).startsWith('n8n exited')) throw error;
			process.stderr.write(`[queue] ${error.message}\n[queue] starting it once more\n`);
			await instance.start();
		}
	}
}

async function tearDownQueue(environment) {
	if (!environment) return;
	await Promise.all([environment.webhook, ...environment.workers].map(async (instance) => await instance.stop()));
	await environment.main.stop();
	await environment.sandbox.close();
	await environment.services.stop();
	fs.rmSync(environment.userFolder, { recursive: true, force: true });
}

async function tearDown(environment) {
	await environment?.n8n.stop();
	await environment?.sandbox.close();
	if (environment) fs.rmSync(environment.n8n.userFolder, { recursive: true, force: true });
}

module.exports = {
	EXAMPLE_CREDENTIAL,
	SANDBOX_KEY,
	freePortPair,
	importExamples,
	importKustomerCredential,
	provisionTemplates,
	queueEnvironment,
	removeTemplates,
	sandboxEnvironment,
	startQueueProcesses,
	tearDown,
	tearDownQueue,
};

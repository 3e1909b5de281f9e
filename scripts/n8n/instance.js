/**
 * Runs a real n8n with this package installed the way users install it: `npm pack` of the
 * repository, unpacked into <user folder>/.n8n/nodes/node_modules/n8n-nodes-kustomer, where
 * n8n loads community packages. Used by `npm start` and the end-to-end tests.
 */
const { spawn, spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const { ensureN8n } = require('./install');

const ROOT = path.resolve(__dirname, '..', '..');
const PACKAGE_NAME = 'n8n-nodes-kustomer';

/** Packs the built repository with `npm pack` and unpacks the tarball into `target` (emptied first). */
function unpackPackage(target) {
	const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'kustomer-pack-'));
	const packed = spawnSync('npm', ['pack', '--silent', '--pack-destination', scratch], { cwd: ROOT, encoding: 'utf8' });
	if (packed.status !== 0) throw new Error(`npm pack failed: ${packed.stderr}`);
	const tarball = path.join(scratch, packed.stdout.trim().split('\n').pop());
	fs.rmSync(target, { recursive: true, force: true });
	fs.mkdirSync(target, { recursive: true });
	const untar = spawnSync('tar', ['-xzf', tarball, '-C', target, '--strip-components=1'], { encoding: 'utf8' });
	if (untar.status !== 0) throw new Error(`tar failed: ${untar.stderr}`);
	fs.rmSync(scratch, { recursive: true, force: true });
	return target;
}

/** Packs the built repository and unpacks it into n8n's community-package folder. */
function installPackage(userFolder) {
	const nodesFolder = path.join(userFolder, '.n8n', 'nodes');
	const target = unpackPackage(path.join(nodesFolder, 'node_modules', PACKAGE_NAME));
	const version = JSON.parse(fs.readFileSync(path.join(target, 'package.json'), 'utf8')).version;
	fs.writeFileSync(
		path.join(nodesFolder, 'package.json'),
		`${JSON.stringify({ name: 'installed-nodes', private: true, dependencies: { [PACKAGE_NAME]: version } }, null, 2)}\n`,
	);
	return target;
}

/**
 * The run data `n8n execute --rawOutput` prints (indented JSON: a line "{" to a line "}").
 * n8n's own log lines (a task runner registering, say) may come before or after it and may
 * hold braces, so the widest such span that parses is taken.
 */
function parseRunData(stdout) {
	const lines = stdout.split('\n');
	const opens = lines.flatMap((line, index) => (line === '{' ? [index] : []));
	const closes = lines.flatMap((line, index) => (line === '}' ? [index] : [])).reverse();
	for (const open of opens) {
		for (const close of closes.filter((index) => index > open)) {
			try {
				return JSON.parse(lines.slice(open, close + 1).join('\n'));
			} catch {
				// not the run data's first and last line
			}
		}
	}
	return undefined;
}

/** The end of a log, for an error a CI reader sees without the file (CI keeps no files). */
function logTail(file, lines = 40) {
	try {
		return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
	} catch {
		return '(no log)';
	}
}

function sleep(ms) {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

class N8nInstance {
	/**
	 * `command` is the n8n process to run: `start` (the main process: editor, REST API,
	 * triggers, production webhooks), or in queue mode `worker` or `webhook`; `args` are its
	 * flags (e.g. `--concurrency=1`).
	 *
	 * @param {{ line?: string, userFolder: string, port: number, env?: Record<string, string>, logFile?: string, command?: 'start' | 'worker' | 'webhook', args?: string[] }} options
	 */
	constructor({ line = '2', userFolder, port, env = {}, logFile, command = 'start', args = [] }) {
		this.command = command;
		this.args = args;
		this.paths = ensureN8n(line);
		this.line = line;
		this.userFolder = userFolder;
		this.port = port;
		this.baseUrl = `http://127.0.0.1:${port}`;
		this.logFile = logFile ?? path.join(userFolder, 'n8n.log');
		this.cookie = undefined;
		// A test runner's NODE_ENV=test puts n8n in its own unit-test mode; keep it out.
		const inherited = Object.fromEntries(
			Object.entries(process.env).filter(([name]) => name !== 'NODE_ENV' && !name.startsWith('JEST_')),
		);
		this.env = {
			...inherited,
			PATH: `${path.dirname(this.paths.node)}${path.delimiter}${process.env.PATH}`,
			N8N_USER_FOLDER: userFolder,
			N8N_PORT: String(port),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_PROTOCOL: 'http',
			WEBHOOK_URL: `${this.baseUrl}/`,
			N8N_EDITOR_BASE_URL: `${this.baseUrl}/`,
			N8N_ENCRYPTION_KEY: 'n8n-nodes-kustomer-local-only-key',
			N8N_SECURE_COOKIE: 'false',
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_HIRING_BANNER_ENABLED: 'false',
			N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
			N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
			N8N_RUNNERS_BROKER_PORT: String(port + 1),
			N8N_LOG_LEVEL: 'info',
			N8N_LOG_OUTPUT: 'console',
			// 2.x's default. 1.x defaults to 0, which writes an execution's status and its data
			// outside one transaction: a Wait node's resume URL called in between answers 500.
			DB_SQLITE_POOL_SIZE: '3',
			...env,
		};
		fs.mkdirSync(userFolder, { recursive: true });
	}

	/** Installs the packed package into this instance's user folder. */
	installPackage() {
		return installPackage(this.userFolder);
	}

	/** Runs an n8n CLI command to completion (asynchronously: a sandbox may live in this process). */
	async cli(args, { allowFailure = false, onSpawn } = {}) {
		// Output goes to files, not pipes: n8n's commands call process.exit() when done, which
		// cuts off what is still queued for a pipe (a large `execute` run stopped mid-JSON).
		const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'kustomer-n8n-cli-'));
		const [outFile, errFile] = ['stdout', 'stderr'].map((name) => path.join(scratch, name));
		const [out, err] = [outFile, errFile].map((file) => fs.openSync(file, 'w'));
		const child = spawn(this.paths.node, [this.paths.n8n, ...args], { env: this.env, cwd: this.userFolder, stdio: ['ignore', out, err] });
		onSpawn?.(child);
		const status = await new Promise((resolve) => child.once('close', resolve));
		[out, err].forEach((fd) => fs.closeSync(fd));
		const [stdout, stderr] = [outFile, errFile].map((file) => fs.readFileSync(file, 'utf8'));
		fs.rmSync(scratch, { recursive: true, force: true });
		fs.appendFileSync(this.logFile, `\n$ n8n ${args.join(' ')}\n${stdout}\n${stderr}\n`);
		if (status !== 0 && !allowFailure) {
			throw new Error(`n8n ${args.join(' ')} exited ${status}:\n${(stderr || stdout).slice(-4000)}`);
		}
		return { status, stdout, stderr };
	}

	async importCredentials(file) {
		await this.cli(['import:credentials', `--input=${path.resolve(file)}`]);
	}

	async importWorkflows(file) {
		await this.cli(['import:workflow', `--input=${path.resolve(file)}`]);
	}

	/** Marks a workflow to be active when the server starts (n8n 2.x publishes, 1.x activates). */
	async publish(workflowId) {
		if (this.line === '1') await this.cli(['update:workflow', `--id=${workflowId}`, '--active=true']);
		else await this.cli(['publish:workflow', `--id=${workflowId}`]);
	}

	/** Executes a workflow headless (it must start with a Manual Trigger) and answers its run data. */
	async execute(workflowId, { onSpawn } = {}) {
		const result = await this.cli(['execute', `--id=${workflowId}`, '--rawOutput'], { allowFailure: true, onSpawn });
		const run = parseRunData(result.stdout);
		if (run) return run;
		throw new Error(
			`n8n execute --id=${workflowId} printed no run data (exit ${result.status}):\n${result.stdout.slice(-3000)}\n${result.stderr.slice(-3000)}`,
		);
	}

	/** Starts `n8n start` and waits until its REST API answers. */
	async start({ timeoutMs = 180_000 } = {}) {
		const log = fs.openSync(this.logFile, 'a');
		this.process = spawn(this.paths.node, [this.paths.n8n, this.command, ...this.args], {
			env: this.env,
			cwd: this.userFolder,
			stdio: ['ignore', log, log],
		});
		const exited = new Promise((resolve) => this.process.once('exit', resolve));
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			const status = await Promise.race([exited.then((code) => ({ exited: code })), sleep(500).then(() => undefined)]);
			if (status) throw new Error(`n8n exited (${status.exited}) while starting; see ${this.logFile}:\n${logTail(this.logFile)}`);
			try {
				const response = await fetch(this.readyUrl());
				// While its database migrates, n8n answers every route 200 "n8n is starting up".
				if (response.ok && !(await response.text()).includes('is starting up')) return;
			} catch {
				// not listening yet
			}
		}
		throw new Error(`n8n did not start within ${timeoutMs / 1000} s; see ${this.logFile}:\n${logTail(this.logFile)}`);
	}

	/**
	 * What answers once the process is ready: for the main process the editor's first call,
	 * answered once the REST routes are up (health checks answer earlier on n8n 1.x); for a
	 * webhook processor its health check; for a worker the health check on its own port.
	 */
	readyUrl() {
		if (this.command === 'worker') return `http://127.0.0.1:${this.env.QUEUE_HEALTH_CHECK_PORT}/healthz/readiness`;
		if (this.command === 'webhook') return `${this.baseUrl}/healthz/readiness`;
		return `${this.baseUrl}/rest/settings`;
	}

	async stop() {
		if (!this.process || this.process.exitCode !== null) return;
		const exited = new Promise((resolve) => this.process.once('exit', resolve));
		this.process.kill('SIGTERM');
		let timer;
		const timedOut = new Promise((resolve) => (timer = setTimeout(resolve, 20_000, false)));
		const done = await Promise.race([exited.then(() => true), timedOut]);
		clearTimeout(timer);
		if (!done) this.process.kill('SIGKILL');
	}

	/** Kills the process at once, as a crash or an out-of-memory kill would (no graceful shutdown). */
	async kill() {
		if (!this.process || this.process.exitCode !== null) return;
		const exited = new Promise((resolve) => this.process.once('exit', resolve));
		this.process.kill('SIGKILL');
		await exited;
	}

	/** Creates the owner account if there is none, and logs in. */
	async signIn({ email = 'owner@sandbox.local', password = 'Sandbox-Pass-1' } = {}) {
		await this.request('POST', '/rest/owner/setup', { email, firstName: 'Local', lastName: 'Owner', password }, { allowFailure: true });
		const response = await fetch(`${this.baseUrl}/rest/login`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json', 'browser-id': 'kustomer-e2e' },
			body: JSON.stringify({ emailOrLdapLoginId: email, email, password }),
		});
		if (!response.ok) throw new Error(`n8n login failed: ${response.status} ${await response.text()}`);
		this.cookie = (response.headers.getSetCookie?.() ?? [response.headers.get('set-cookie')])
			.filter(Boolean)
			.map((cookie) => cookie.split(';')[0])
			.join('; ');
		return { email, password };
	}

	/** A REST call to n8n as the signed-in owner; answers the parsed body (its `data`, when present). */
	async request(method, route, body, { allowFailure = false, raw = false } = {}) {
		const response = await fetch(`${this.baseUrl}${route}`, {
			method,
			headers: {
				'Content-Type': 'application/json',
				'browser-id': 'kustomer-e2e',
				...(this.cookie ? { cookie: this.cookie } : {}),
			},
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		let parsed = text;
		try {
			parsed = JSON.parse(text);
		} catch {
			// not JSON
		}
		if (!response.ok && !allowFailure) throw new Error(`${method} ${route} -> ${response.status}: ${text.slice(0, 1000)}`);
		if (raw) return { status: response.status, body: parsed };
		return parsed && typeof parsed === 'object' && 'data' in parsed ? parsed.data : parsed;
	}
}

module.exports = { N8nInstance, installPackage, unpackPackage, ROOT };

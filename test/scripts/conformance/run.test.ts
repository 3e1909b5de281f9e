/**
 * npm run conformance, run as an admin runs it (the command line, a child process) and
 * in-process, against the sandbox: as Kustomer documents itself every check is confirmed; with
 * the sandbox switched to another reading exactly the checks that expect the documented one are
 * contradicted and the run exits non-zero. Also its refusals, its read-only default, and that
 * the API key never shows in what it prints or writes.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

import nock from 'nock';

import { CHECKS } from '../../../scripts/conformance/checks';
import type { ConformanceReport } from '../../../scripts/conformance/runner';
import { runConformance } from '../../../scripts/conformance/runner';
import { apiKeyFrom } from '../../../scripts/conformance/setup';
import { READINGS } from '../../../sandbox/readings';
import type { Sandbox } from '../../../sandbox/server';
import { createSandbox } from '../../../sandbox/server';
import { PACKAGE_ROOT } from '../../helpers/constants';

jest.setTimeout(120_000);

const KEY = 'sandbox-key';
const ALL_IDS = CHECKS.map((check) => check.id);

beforeAll(() => nock.enableNetConnect('127.0.0.1'));

/**
 * A test's own folder and sandbox. Most of a run is real-time waiting (the sandbox's scheduled
 * sends and deliveries, a command's start), so the tests run at once (test.concurrent), each
 * with what it starts kept here rather than in hooks, which concurrent tests do not get.
 */
class Scratch {
	readonly folder = fs.mkdtempSync(path.join(os.tmpdir(), 'kustomer-conformance-'));
	sandbox: Sandbox | undefined;

	async startSandbox(readings: Record<string, string> = {}, keys: Record<string, unknown> = {}): Promise<string> {
		this.sandbox = createSandbox({ config: { readings, bulk: { queuedMs: 0, msPerItem: 0 } }, keys });
		return await this.sandbox.listen(0);
	}

	/** `node scripts/conformance/run.js …` with the environment given (and no terminal), in the test's own folder, on the source as every test. */
	async cli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
		const onSource = ['-r', path.join(PACKAGE_ROOT, 'test', 'helpers', 'register-source.js')];
		const child = spawn(process.execPath, [...onSource, path.join(PACKAGE_ROOT, 'scripts', 'conformance', 'run.js'), ...args], {
			cwd: this.folder,
			env: { PATH: process.env.PATH ?? '', ...env },
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk) => (stdout += chunk));
		child.stderr.on('data', (chunk) => (stderr += chunk));
		const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
		return { code, stdout, stderr };
	}

	async close(): Promise<void> {
		await this.sandbox?.close();
		fs.rmSync(this.folder, { recursive: true, force: true });
	}
}

/** Runs a test's body with a Scratch of its own, closed after it. */
async function withScratch(body: (scratch: Scratch) => Promise<void>): Promise<void> {
	const scratch = new Scratch();
	try {
		await body(scratch);
	} finally {
		await scratch.close();
	}
}

async function freePort(): Promise<number> {
	const server = net.createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as net.AddressInfo;
	await new Promise((resolve) => server.close(resolve));
	return port;
}

/** Every option a full run takes: --write, a klass, an address for the reply, a webhook to this machine. */
async function fullRun(): Promise<string[]> {
	const port = await freePort();
	return ['--write', '--klass', 'order', '--email-to', 'admin@example.com', '--webhook-url', `http://127.0.0.1:${port}/hook`, '--webhook-port', String(port), '--send-delay', '2', '--timeout', '15'];
}

const reportIn = (file: string): ConformanceReport => JSON.parse(fs.readFileSync(file, 'utf8')) as ConformanceReport;
const idsWith = (report: ConformanceReport, status: string) => report.checks.filter((check) => check.status === status).map((check) => check.id);

/** The checks that expect the documented value of `reading`. */
const checksOf = (reading: string) => CHECKS.filter((check) => check.reading === reading).map((check) => check.id);

test.concurrent('against the sandbox as Kustomer documents itself: every check confirmed, exit 0, records cleaned up, the key nowhere', () =>
	withScratch(async (scratch) => {
		const base = await scratch.startSandbox();
		const report = path.join(scratch.folder, 'report.json');
		const run = await scratch.cli([...(await fullRun()), '--report', report], { KUSTOMER_API_KEY: KEY, KUSTOMER_BASE_URL: base });
		expect(run.stderr).toBe('');
		expect(run.code).toBe(0);
		const written = reportIn(report);
		expect(written.checks.map((check) => check.id)).toEqual(ALL_IDS);
		expect(idsWith(written, 'confirmed')).toEqual(ALL_IDS);
		expect(run.stdout.split('\n').filter((line) => line.startsWith('confirmed '))).toHaveLength(ALL_IDS.length);
		expect(written.leftInOrg).toEqual([]);
		for (const collection of ['customers', 'conversations', 'webhooks', 'kobjects']) {
			expect(scratch.sandbox?.store.list(collection).filter((record) => JSON.stringify(record.attributes).includes('n8n conformance'))).toEqual([]);
		}
		expect(`${run.stdout}${fs.readFileSync(report, 'utf8')}`).not.toContain(KEY);
	}),
);

test.concurrent('against the sandbox switched to every other reading: the checks expecting the documented ones are contradicted, exit 1', () =>
	withScratch(async (scratch) => {
		const switched = Object.fromEntries(Object.entries(READINGS).map(([name, entry]) => [name, entry.values[entry.values.length - 1]]));
		const base = await scratch.startSandbox(switched);
		const report = path.join(scratch.folder, 'report.json');
		const run = await scratch.cli([...(await fullRun()), '--report', report], { KUSTOMER_API_KEY: KEY, KUSTOMER_BASE_URL: base });
		expect(run.code).toBe(1);
		const expected = Object.keys(READINGS).flatMap(checksOf);
		expect(expected.length).toBeGreaterThan(0);
		expect(idsWith(reportIn(report), 'contradicted').sort()).toEqual(expected.sort());
		for (const id of expected) expect(run.stdout).toMatch(new RegExp(`^CONTRADICTED  ${id.replace('.', '\\.')}: .+\\[relied on by: .+\\]$`, 'm'));
		expect(reportIn(report).leftInOrg).toEqual([]);
	}),
);

describe('each reading switched alone contradicts exactly the checks that expect its documented value', () => {
	const alternatives = Object.entries(READINGS).flatMap(([name, entry]) => entry.values.slice(1).map((value) => [name, value]));
	test.concurrent.each(alternatives)('%s = %s', (name, value) =>
		withScratch(async (scratch) => {
			const base = await scratch.startSandbox({ [name]: value });
			const port = await freePort();
			const { report, exitCode } = await runConformance({
				baseUrl: base,
				apiKey: KEY,
				write: true,
				klass: 'order',
				emailTo: 'admin@example.com',
				webhookUrl: `http://127.0.0.1:${port}/hook`,
				webhookPort: port,
				webhookHost: '127.0.0.1',
				sendDelaySeconds: 2,
				deliveryTimeoutSeconds: 15,
				report: path.join(scratch.folder, 'report.json'),
			});
			expect(idsWith(report, 'contradicted')).toEqual(checksOf(name));
			// With what was seen, so that a check left unchecked says why.
			expect(report.checks.filter((check) => check.status === 'not checked').map((check) => `${check.id}: ${check.seen}`)).toEqual([]);
			expect(exitCode).toBe(checksOf(name).length ? 1 : 0);
		}),
	);
});

test.concurrent('read-only by default: nothing but reads reach the org, and what needs --write says so', () =>
	withScratch(async (scratch) => {
		const base = await scratch.startSandbox();
		const report = path.join(scratch.folder, 'report.json');
		const run = await scratch.cli(['--report', report], { KUSTOMER_API_KEY: KEY, KUSTOMER_BASE_URL: base });
		expect(run.code).toBe(0);
		const requests = ((await (await fetch(`${base}/_sandbox/requests`)).json()) as { requests: Array<{ method: string; path: string }> }).requests;
		// Searches, the archive's too, are reads.
		expect(requests.filter((request) => request.method !== 'GET' && !/^\/v1\/customers\/(archive\/)?search\?/.test(request.path))).toEqual([]);
		const written = reportIn(report);
		expect(written.mode).toBe('read-only');
		const notChecked = written.checks.filter((check) => check.status === 'not checked');
		expect(notChecked.length).toBeGreaterThan(10);
		for (const check of notChecked) expect(check.seen).toMatch(/needs --write|--write makes|needs --klass|needs --email-to|needs --webhook-url/);
		expect(idsWith(written, 'contradicted')).toEqual([]);
	}),
);

describe('refusals: it says why and exits 2, before anything is sent', () => {
	test.concurrent('no key, and no terminal to ask in', () =>
		withScratch(async (scratch) => {
			const base = await scratch.startSandbox();
			const run = await scratch.cli([], { KUSTOMER_BASE_URL: base });
			expect([run.code, run.stderr.trim()]).toEqual([2, 'Conformance run refused: no API key: set KUSTOMER_API_KEY, or run in a terminal to be asked for it (it is not shown)']);
		}),
	);

	test.concurrent('no host, or one that would carry the key unencrypted', () =>
		withScratch(async (scratch) => {
			expect((await scratch.cli([], { KUSTOMER_API_KEY: KEY })).stderr).toContain('no host: set KUSTOMER_ORG');
			const plain = await scratch.cli([], { KUSTOMER_API_KEY: KEY, KUSTOMER_BASE_URL: 'http://kustomer.example.com' });
			expect(plain.code).toBe(2);
			expect(plain.stderr).toMatch(/^Conformance run refused: KUSTOMER_ORG or KUSTOMER_BASE_URL: .*"http:\/\/kustomer\.example\.com" is plain http to another machine, which would send the API key in clear text/);
			expect((await scratch.cli(['--webhook-url', 'http://hooks.example.com/x'], { KUSTOMER_API_KEY: KEY, KUSTOMER_ORG: 'acme' })).stderr).toContain('--webhook-url must be https');
		}),
	);

	test.concurrent('a host that does not answer as Kustomer', () =>
		withScratch(async (scratch) => {
			const other = await new Promise<import('node:http').Server>((resolve) => {
				const server = require('node:http').createServer((_request: unknown, response: import('node:http').ServerResponse) => {
					response.writeHead(404, { 'Content-Type': 'text/html' });
					response.end('<html>Not here</html>');
				});
				server.listen(0, '127.0.0.1', () => resolve(server));
			});
			const { port } = other.address() as net.AddressInfo;
			const run = await scratch.cli([], { KUSTOMER_API_KEY: KEY, KUSTOMER_BASE_URL: `http://127.0.0.1:${port}` });
			other.close();
			expect(run.code).toBe(2);
			expect(run.stderr).toContain(`wrong host: http://127.0.0.1:${port} does not answer as Kustomer's API`);
		}),
	);

	test.concurrent('a key Kustomer refuses, which is not repeated back', () =>
		withScratch(async (scratch) => {
			const base = await scratch.startSandbox();
			const wrongKey = 'n8n-test-wrong-key-5f1e2d';
			const run = await scratch.cli([], { KUSTOMER_API_KEY: wrongKey, KUSTOMER_BASE_URL: base });
			expect(run.code).toBe(2);
			expect(run.stderr).toContain('Kustomer refused the key (401: Auth token is invalid or expired)');
			expect(`${run.stdout}${run.stderr}`).not.toContain(wrongKey);
			expect(fs.readdirSync(scratch.folder)).toEqual([]);
		}),
	);
});

test.concurrent('too few roles: the checks that need them are not checked, naming the roles, and the run exits 3', () =>
	withScratch(async (scratch) => {
		const base = await scratch.startSandbox();
		const report = path.join(scratch.folder, 'report.json');
		const run = await scratch.cli([...(await fullRun()), '--report', report], { KUSTOMER_API_KEY: 'sandbox-key-no-webhooks', KUSTOMER_BASE_URL: base });
		expect(run.code).toBe(3);
		const written = reportIn(report);
		const webhookChecks = CHECKS.filter((check) => check.id.startsWith('webhooks.')).map((check) => check.id);
		expect(idsWith(written, 'not checked')).toEqual(webhookChecks);
		expect(written.checks.find((check) => check.id === 'webhooks.register')?.seen).toContain('org.permission.outbound_webhook.create');
		expect(written.summary.missingRoles.length).toBeGreaterThan(0);
		expect(run.stdout).toContain('Some checks could not run: the key needs one of');
		expect(idsWith(written, 'contradicted')).toEqual([]);
	}),
);

test('asked for in a terminal, the key is read without being shown', async () => {
	const { PassThrough } = await import('node:stream');
	const input = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => undefined });
	const output = new PassThrough();
	let shown = '';
	output.on('data', (chunk) => (shown += chunk));
	const asked = apiKeyFrom({}, input, output);
	input.write('typed-secret-key-1234\n');
	expect(await asked).toBe('typed-secret-key-1234');
	expect(shown).toContain('Kustomer API key (not shown): ');
	expect(shown).not.toContain('typed-secret');
});

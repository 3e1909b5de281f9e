#!/usr/bin/env node
/**
 * npm start: n8n with n8n-nodes-kustomer installed, the local Kustomer sandbox, a ready
 * credential and the example workflows. Ctrl-C stops everything.
 *
 * With a real Kustomer org instead of the sandbox:
 *   KUSTOMER_API_KEY=... KUSTOMER_ORG=acme npm start
 *   (KUSTOMER_HOST=us|eu|in picks a regional host instead of the org host.)
 * Other settings: N8N_PORT (5678), SANDBOX_PORT (4010), N8N_LINE (2 or 1).
 */
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');

function step(message) {
	process.stdout.write(`\n> ${message}\n`);
}

function npm(args) {
	const result = spawnSync('npm', args, { cwd: ROOT, stdio: 'inherit' });
	if (result.status !== 0) process.exit(result.status ?? 1);
}

/** Installs dependencies when node_modules is missing or older than the lockfile. */
function ensureDependencies() {
	const marker = path.join(ROOT, 'node_modules', '.package-lock.json');
	const lock = path.join(ROOT, 'package-lock.json');
	if (!fs.existsSync(marker) || fs.statSync(marker).mtimeMs < fs.statSync(lock).mtimeMs) {
		step('Installing dependencies (npm ci)');
		npm(['ci']);
	}
}

function realOrgCredential() {
	const apiKey = process.env.KUSTOMER_API_KEY;
	if (!apiKey) return undefined;
	const host = process.env.KUSTOMER_HOST || 'org';
	if (host === 'org' && !process.env.KUSTOMER_ORG) {
		throw new Error('Set KUSTOMER_ORG to your org name (acme for acme.kustomerapp.com), or KUSTOMER_HOST=us|eu|in.');
	}
	return { host, organization: process.env.KUSTOMER_ORG ?? '', apiKey };
}

async function main() {
	ensureDependencies();
	step('Building the package');
	npm(['run', 'build', '--silent']);

	// Required only after npm ci, which provides what these modules need.
	const { N8nInstance } = require('./n8n/instance');
	const { importExamples, importKustomerCredential, SANDBOX_KEY } = require('./n8n/environment');
	const { createSandbox } = require('../sandbox/server');

	const line = process.env.N8N_LINE || '2';
	step(`Preparing n8n (line ${line}; the first run downloads it into ~/.cache/n8n-nodes-kustomer)`);
	const userFolder = path.join(ROOT, '.n8n-local');
	const n8n = new N8nInstance({ line, userFolder, port: Number(process.env.N8N_PORT || 5678) });
	n8n.installPackage();

	const real = realOrgCredential();
	let sandbox;
	let sandboxUrl;
	if (!real) {
		step('Starting the Kustomer sandbox');
		sandbox = createSandbox({ config: { rateLimit: { limit: 300, windowMs: 60_000 } } });
		sandboxUrl = await sandbox.listen(Number(process.env.SANDBOX_PORT || 4010));
	}

	step('Importing the credential and the example workflows');
	await importKustomerCredential(
		n8n,
		real ?? { host: 'custom', customBaseUrl: sandboxUrl, apiKey: SANDBOX_KEY },
		real ? 'Kustomer' : 'Kustomer sandbox',
	);
	// Examples are imported once, so changes made to them in the editor survive restarts.
	const imported = path.join(userFolder, '.examples-imported');
	if (!fs.existsSync(imported)) {
		await importExamples(n8n);
		fs.writeFileSync(imported, `${new Date().toISOString()}\n`);
	}

	step(`Starting n8n ${n8n.paths.version} (log: ${path.relative(ROOT, n8n.logFile)})`);
	await n8n.start();
	const login = await n8n.signIn();

	let stopping = false;
	const stop = async () => {
		if (stopping) return;
		stopping = true;
		process.stdout.write('\nStopping n8n and the sandbox...\n');
		await n8n.stop();
		await sandbox?.close();
		process.exit(0);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
	n8n.process.once('exit', (code) => {
		if (!stopping) {
			process.stderr.write(`n8n exited (${code}); see ${n8n.logFile}\n`);
			void stop();
		}
	});

	const against = real ? `your Kustomer org (${real.host === 'org' ? `${real.organization}.api.kustomerapp.com` : real.host})` : 'the local Kustomer sandbox';
	process.stdout.write(`
n8n is running with n8n-nodes-kustomer, against ${against}.

  Editor   ${n8n.baseUrl}   sign in as ${login.email} / ${login.password} (local only)
${sandboxUrl ? `  Sandbox  ${sandboxUrl}   API key ${SANDBOX_KEY}; what it received: ${sandboxUrl}/_sandbox/requests\n` : ''}
Try it:
  1. Open "Kustomer: escalate a request" and click "Execute workflow". It finds Jane by email,
     opens a conversation in the Tier 2 queue with priority 4, records her message and adds an
     internal note for the Escalations team.
     "Kustomer: escalate a request in one node" does it all with Conversation → Escalate, creating
     the customer too; run it twice and nothing is added twice.
  2. Open "Kustomer: open conversations for a batch of records" and run it: 200 conversations
     through Loop Over Items, within the rate limit.
  3. Open "Kustomer: note when a conversation's priority goes up" and publish it (top right).
     Then raise a conversation's priority, e.g. the one from step 1:
       curl -X PATCH ${sandboxUrl ?? 'https://<org>.api.kustomerapp.com'}/v1/conversations/<conversation id> \\
         -H 'Authorization: Bearer ${sandboxUrl ? SANDBOX_KEY : '<key>'}' -H 'Content-Type: application/json' -d '{"priority":5}'
     An execution appears under Executions, and the conversation gets a note.
  4. Publish "Kustomer: escalate after approval", then
       curl -X POST ${n8n.baseUrl}/webhook/kustomer-escalation -H 'Content-Type: application/json' \\
         -d '{"email":"omar@example.com","subject":"Refund","message":"Please refund order 9"}'
     and POST {"approved": true} (or false) to the approveUrl it answers with.
${real ? '\nThe examples refer to the sandbox\'s queue, team and tag IDs: pick yours in those fields first.\n' : ''}
Ctrl-C stops n8n${sandbox ? ' and the sandbox' : ''}.
`);
}

main().catch((error) => {
	process.stderr.write(`\nnpm start failed: ${error.message}\n`);
	process.exit(1);
});

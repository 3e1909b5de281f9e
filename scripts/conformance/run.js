#!/usr/bin/env node
/**
 * npm run conformance: checks a Kustomer org against every endpoint, header, status and
 * response shape this package relies on, one line each (confirmed, contradicted with what was
 * seen, or not checked and why), and writes a JSON report to attach to an issue. The key comes
 * from KUSTOMER_API_KEY or a prompt that does not show it, and is never printed or written.
 *
 *   KUSTOMER_API_KEY=… KUSTOMER_ORG=acme npm run conformance -- [options]
 *   (KUSTOMER_HOST=us|eu|in for a regional host; KUSTOMER_BASE_URL=https://… for another)
 *
 * Read-only unless --write. With --write it makes records named "n8n conformance <run>" and
 * deletes them at the end: a customer and conversations, a message, a tag added and removed,
 * bulks, a second customer merged into the first and an event tracked on it; with --klass <name> a custom object; with --email-to <address> a reply sent there;
 * with --webhook-url <https URL leading to --webhook-port on this machine> a webhook and a real
 * delivery to it. Exit status: 0 all confirmed, 1 a contradiction, 2 refused to run (no key,
 * wrong host, key refused), 3 checks left unchecked for want of roles or because Kustomer failed.
 */
const { apiKeyFrom, baseUrlFrom, parseFlags, Refusal } = require('./setup');

async function main() {
	try {
		const options = parseFlags(process.argv.slice(2));
		const baseUrl = baseUrlFrom(process.env);
		const apiKey = await apiKeyFrom(process.env);
		// Loaded once the options are known to be usable: a refused run answers at once.
		const { runConformance } = require('./runner');
		const { exitCode } = await runConformance({ ...options, baseUrl, apiKey, log: (line) => process.stdout.write(`${line}\n`) });
		process.exitCode = exitCode;
	} catch (error) {
		if (!(error instanceof Refusal)) throw error;
		process.stderr.write(`Conformance run refused: ${error.message}\n`);
		process.exitCode = 2;
	}
}

main();

/**
 * What a conformance run starts from: the command line, the org's host, the API key (from the
 * environment or a prompt that does not echo it), and a first request that refuses to go on
 * with a wrong host or a key Kustomer refuses.
 */
const readline = require('readline');

const { errorDetail } = require('./http');
const { isLoopbackOrigin, resolveKustomerOrigin } = require('./package');


/** Why the run cannot start. */
class Refusal extends Error {}

const FLAGS = {
	write: { boolean: true },
	report: {},
	klass: {},
	'email-to': {},
	'webhook-url': {},
	'webhook-port': { number: true, fallback: 8787 },
	'webhook-host': { fallback: '127.0.0.1' },
	'send-delay': { number: true, fallback: 15 },
	timeout: { number: true, fallback: 120 },
	only: {},
};

/** The command line as options; an unknown flag is a refusal. */
function parseFlags(argv) {
	const values = {};
	for (let index = 0; index < argv.length; index++) {
		const [name, ...inline] = argv[index].replace(/^--/, '').split('=');
		const flag = FLAGS[name];
		if (!flag || !argv[index].startsWith('--')) throw new Refusal(`unknown option ${argv[index]} (see the head of scripts/conformance/run.js)`);
		const value = flag.boolean ? true : inline.length ? inline.join('=') : argv[++index];
		if (value === undefined) throw new Refusal(`--${name} needs a value`);
		values[name] = flag.number ? Number(value) : value;
		if (flag.number && !(values[name] >= 0)) throw new Refusal(`--${name} must be a number`);
	}
	const get = (name) => values[name] ?? FLAGS[name].fallback;
	const webhookUrl = get('webhook-url');
	if (webhookUrl && !/^https:\/\//i.test(webhookUrl) && !isLoopbackOrigin(webhookUrl)) {
		throw new Refusal(`--webhook-url must be https (Kustomer delivers only there): ${webhookUrl}`);
	}
	return {
		write: !!values.write,
		report: get('report'),
		klass: get('klass'),
		emailTo: get('email-to'),
		webhookUrl: get('webhook-url'),
		webhookPort: get('webhook-port'),
		webhookHost: get('webhook-host'),
		sendDelaySeconds: get('send-delay'),
		deliveryTimeoutSeconds: get('timeout'),
		only: get('only')?.split(',').map((id) => id.trim()),
	};
}

/** The org's API origin from the environment, as the credential resolves it (https unless on this machine). */
function baseUrlFrom(env) {
	const host = env.KUSTOMER_BASE_URL ? 'custom' : env.KUSTOMER_HOST || 'org';
	if (!['org', 'us', 'eu', 'in', 'custom'].includes(host)) throw new Refusal(`KUSTOMER_HOST must be org, us, eu or in (not "${host}")`);
	if (host === 'org' && !env.KUSTOMER_ORG) throw new Refusal('no host: set KUSTOMER_ORG to your org name (acme for acme.kustomerapp.com), or KUSTOMER_HOST=us|eu|in');
	const origin = resolveKustomerOrigin(host, env.KUSTOMER_ORG, env.KUSTOMER_BASE_URL);
	// The credential's own resolution refuses plain http to another machine (the key would travel in clear text).
	if (origin.problem) throw new Refusal(`KUSTOMER_ORG or KUSTOMER_BASE_URL: ${origin.problem}`);
	return origin.url;
}

/** The API key from KUSTOMER_API_KEY, or asked for in a terminal without echoing it. */
async function apiKeyFrom(env, input = process.stdin, output = process.stderr) {
	if (env.KUSTOMER_API_KEY) return env.KUSTOMER_API_KEY.trim();
	if (!input.isTTY) throw new Refusal('no API key: set KUSTOMER_API_KEY, or run in a terminal to be asked for it (it is not shown)');
	const rl = readline.createInterface({ input, output, terminal: true });
	rl._writeToOutput = (text) => output.write(text.startsWith('Kustomer API key') ? text : '');
	const key = await new Promise((resolve) => rl.question('Kustomer API key (not shown): ', resolve));
	rl.close();
	output.write('\n');
	if (!key.trim()) throw new Refusal('no API key given');
	return key.trim();
}

/** The first request: does the host answer as Kustomer, and does Kustomer take the key? */
async function preflight(http, baseUrl) {
	let answer;
	try {
		answer = await http.send('GET', '/v1/users/current');
	} catch (error) {
		throw new Refusal(`wrong host: ${baseUrl} could not be reached (${error.message})`);
	}
	const detail = errorDetail(answer.body, answer.text);
	if (answer.status === 401) {
		const region = /\bpod\b|prod\d/i.test(detail) ? ' The key belongs to another region: use that region\'s host (KUSTOMER_HOST=eu for prod2, in for prod4), or KUSTOMER_ORG.' : '';
		throw new Refusal(`Kustomer refused the key (401: ${detail || 'no detail'}).${region} Check that the key is complete and not revoked.`);
	}
	if (answer.body === undefined || (answer.status === 404 && !answer.body?.errors)) {
		throw new Refusal(`wrong host: ${baseUrl} does not answer as Kustomer's API (GET /v1/users/current: ${answer.status} ${answer.text.slice(0, 80)})`);
	}
}

module.exports = { apiKeyFrom, baseUrlFrom, parseFlags, preflight, Refusal };

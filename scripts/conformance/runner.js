/**
 * One conformance run: every check in order (checks/index.js), one line each as it ends, the
 * records made for the run deleted at the end, and the JSON report. Nothing printed or written
 * carries the API key (or a webhook's token and secret).
 */
const fs = require('fs');
const path = require('path');

const { CHECKS } = require('./checks');
const { Contradiction, createContext, NotChecked } = require('./context');
const { Fixtures, newRunId } = require('./fixtures');
const { KustomerHttp, KustomerTrouble, RoleMissing, WriteRefused } = require('./http');
const { preflight } = require('./setup');

const MARKS = { confirmed: 'confirmed   ', contradicted: 'CONTRADICTED', 'not checked': 'not checked ' };

/** What became of one check: its status, what was seen (or why it did not run), and `missing` for a role or Kustomer failure. */
async function runCheck(check, ctx) {
	try {
		return { status: 'confirmed', seen: await check.run(ctx) };
	} catch (error) {
		if (error instanceof Contradiction) return { status: 'contradicted', seen: error.message };
		if (error instanceof NotChecked || error instanceof WriteRefused) return { status: 'not checked', seen: error.message };
		if (error instanceof RoleMissing) {
			return { status: 'not checked', missing: 'role', seen: `the key lacks a role (${error.message}); it needs one of: ${check.roles.join(', ')}` };
		}
		if (error instanceof KustomerTrouble) return { status: 'not checked', missing: 'kustomer', seen: error.message };
		return { status: 'not checked', missing: 'error', seen: `the check failed: ${error.message}` };
	}
}

function line(check, result) {
	return `${MARKS[result.status]}  ${check.id}: ${result.seen} [relied on by: ${check.dependsOn}]`;
}

/** 1 on a contradiction; else 3 when checks could not run for roles or a Kustomer failure; else 0. */
function exitCodeOf(results) {
	if (results.some((result) => result.status === 'contradicted')) return 1;
	return results.some((result) => result.missing) ? 3 : 0;
}

function summaryOf(results, checks) {
	const count = (status) => results.filter((result) => result.status === status).length;
	const roles = [...new Set(results.flatMap((result, index) => (result.missing === 'role' ? [checks[index].roles.join(' or ')] : [])))];
	return { confirmed: count('confirmed'), contradicted: count('contradicted'), notChecked: count('not checked'), missingRoles: roles };
}

function writeReport(report, file, http) {
	const target = path.resolve(file ?? `kustomer-conformance-${report.startedAt.replace(/[:.]/g, '-')}.json`);
	fs.writeFileSync(target, `${http.clean(JSON.stringify(report, null, 2))}\n`);
	return target;
}

/**
 * Runs the checks against `baseUrl` with `apiKey`; `options` as setup.js parses them, `log`
 * for each line. Answers { report, exitCode, reportPath }. Throws setup's Refusal before any
 * check when the host or the key will not do.
 */
async function runConformance({ baseUrl, apiKey, log = () => {}, ...options }) {
	const http = new KustomerHttp({ baseUrl, apiKey, write: options.write });
	await preflight(http, baseUrl);
	const startedAt = new Date().toISOString();
	const ctx = createContext({ http, options, runId: newRunId() });
	ctx.fixtures = new Fixtures(ctx);
	const org = (await http.send('GET', '/v1/orgs/current')).body?.data?.attributes?.name;
	log(`Kustomer conformance: ${baseUrl}${org ? ` (org ${org})` : ''}, ${options.write ? 'with --write' : 'read-only'}, run ${ctx.runId}`);
	const checks = CHECKS.filter((check) => !options.only || options.only.includes(check.id));
	const results = [];
	for (const check of checks) {
		const started = Date.now();
		const result = await runCheck(check, ctx);
		results.push({ ...result, ms: Date.now() - started });
		log(http.clean(line(check, result)));
	}
	const leftInOrg = await ctx.fixtures.cleanup();
	for (const record of leftInOrg) log(`left in the org (delete it by hand): ${record}`);
	const summary = summaryOf(results, checks);
	const report = {
		tool: 'n8n-nodes-kustomer conformance',
		packageVersion: require('../../package.json').version,
		startedAt,
		finishedAt: new Date().toISOString(),
		baseUrl,
		org,
		mode: options.write ? 'write' : 'read-only',
		options: { klass: options.klass, emailTo: options.emailTo, webhookUrl: options.webhookUrl, sendDelaySeconds: options.sendDelaySeconds, deliveryTimeoutSeconds: options.deliveryTimeoutSeconds, only: options.only },
		summary,
		checks: checks.map(({ id, checks: what, dependsOn, roles, reading }, index) => ({ id, checks: what, dependsOn, roles, reading, ...results[index] })),
		leftInOrg,
	};
	const reportPath = writeReport(report, options.report, http);
	const exitCode = exitCodeOf(results);
	log(`${summary.confirmed} confirmed, ${summary.contradicted} contradicted, ${summary.notChecked} not checked. Report: ${reportPath}`);
	if (exitCode === 3) log(`Some checks could not run: ${summary.missingRoles.length ? `the key needs one of ${summary.missingRoles.join('; ')} for them` : 'Kustomer failed (see their lines)'}.`);
	return { report, exitCode, reportPath };
}

module.exports = { runConformance };

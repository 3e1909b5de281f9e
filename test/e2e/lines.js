/**
 * The n8n lines the end-to-end tests run against. Every file runs on the newest pinned line
 * (E2E_N8N_LINES, default the newest in scripts/n8n/versions.js); the smoke files, which
 * between them run each kind of behaviour the package has once (an action workflow, the webhook
 * trigger registered and delivering, its exactly-once through publish, crash and Retry, the
 * polling trigger), also run on the older lines
 * (E2E_SMOKE_LINES, default every other pinned line). E2E_N8N_LINES="2,1" runs every file on
 * both; E2E_SMOKE_LINES="" runs nothing on 1.x.
 */
const VERSIONS = require('../../scripts/n8n/versions');

const PINNED = Object.keys(VERSIONS).sort((a, b) => Number(b) - Number(a));

function parse(value) {
	return value
		.split(',')
		.map((line) => line.trim())
		.filter(Boolean);
}

/** The lines a file runs on: every file the full lines, a 'smoke' file the smoke lines too. */
function e2eLines(set = 'full') {
	const full = parse(process.env.E2E_N8N_LINES || PINNED[0]);
	if (set !== 'smoke') return full;
	return [...new Set([...full, ...parse(process.env.E2E_SMOKE_LINES ?? PINNED.slice(1).join(','))])];
}

module.exports = { e2eLines };

/**
 * Installs (or reuses) every n8n line the end-to-end tests run on, at once, before they start;
 * then provisions one user folder per line that each test file's n8n starts as a copy of
 * (scripts/n8n/environment.js's provisionTemplates; globalTeardown.js removes them).
 */
const { provisionTemplates } = require('../../scripts/n8n/environment');
const { ensureN8nLines } = require('../../scripts/n8n/install');

const { e2eLines } = require('./lines');

module.exports = async () => {
	const started = Date.now();
	const installed = await ensureN8nLines(e2eLines('smoke'));
	process.stderr.write(`\nn8n ${installed.map(({ version }) => version).join(' and ')} ready (${Math.round((Date.now() - started) / 1000)} s)\n`);
	const provisioned = Date.now();
	await provisionTemplates(e2eLines('smoke'));
	process.stderr.write(`n8n user folders provisioned to copy (${Math.round((Date.now() - provisioned) / 1000)} s)\n`);
};

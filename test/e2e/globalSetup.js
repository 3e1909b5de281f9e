/** Installs (or reuses) every n8n line the end-to-end tests run on, at once, before they start. */
const { ensureN8nLines } = require('../../scripts/n8n/install');

const { e2eLines } = require('./lines');

module.exports = async () => {
	const started = Date.now();
	const installed = await ensureN8nLines(e2eLines('smoke'));
	process.stderr.write(`\nn8n ${installed.map(({ version }) => version).join(' and ')} ready (${Math.round((Date.now() - started) / 1000)} s)\n`);
};

/** Installs (or reuses) every pinned n8n line before the end-to-end tests start. */
const { ensureN8n } = require('../../scripts/n8n/install');

const { e2eLines } = require('./lines');

module.exports = async () => {
	for (const line of e2eLines()) {
		const started = Date.now();
		const installed = ensureN8n(line);
		process.stderr.write(`\nn8n ${installed.version} ready (${Math.round((Date.now() - started) / 1000)} s)\n`);
	}
};

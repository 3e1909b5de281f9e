/** The n8n lines the end-to-end tests run against: E2E_N8N_LINES="2,1" (the default) or a subset. */
function e2eLines() {
	return (process.env.E2E_N8N_LINES || '2,1')
		.split(',')
		.map((line) => line.trim())
		.filter(Boolean);
}

module.exports = { e2eLines };

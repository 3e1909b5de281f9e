#!/usr/bin/env node
/**
 * Takes the README's screenshots from a real browser session (headless Debian Chromium)
 * against a running `npm start`: signs in, runs the escalation example from the editor, and
 * captures the canvas, the Kustomer node's panel, the Kustomer Trigger's panel and the Custom
 * Attributes mapper of the order sync example.
 *
 *   npm start                  (in another terminal)
 *   npm run screenshots        (N8N_URL, N8N_EMAIL, N8N_PASSWORD override the defaults)
 */
const { spawnSync } = require('child_process');
const path = require('path');

// The DevTools client needs Node's built-in WebSocket (Node >= 22): use the cached Node 24.
if (typeof WebSocket === 'undefined') {
	const { ensureN8n } = require('./n8n/install');
	const result = spawnSync(ensureN8n('2').node, [__filename], { stdio: 'inherit' });
	process.exit(result.status ?? 1);
}

const { Browser } = require('./browser');

const BASE = process.env.N8N_URL || 'http://127.0.0.1:5678';
const OUT = path.join(__dirname, '..', 'docs', 'screenshots');
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function main() {
	const browser = await Browser.launch({ width: 1440, height: 900 });
	try {
		await browser.goto(`${BASE}/signin?redirect=%2Fworkflow%2FkustEscalate0001`);
		await browser.waitFor(`document.querySelector('[data-test-id="emailOrLdapLoginId"]')`, { timeoutMs: 90_000 });
		await browser.type('[data-test-id="emailOrLdapLoginId"]', process.env.N8N_EMAIL || 'owner@sandbox.local');
		await browser.type('[data-test-id="password"]', process.env.N8N_PASSWORD || 'Sandbox-Pass-1');
		await browser.click('[data-test-id="form-submit-button"]');

		// Step 1 of npm start's instructions: run the escalation example from the editor.
		await browser.waitFor(`document.querySelector('[data-test-id="execute-workflow-button"]')`, { timeoutMs: 90_000 });
		await sleep(1500);
		await browser.click('[data-test-id="execute-workflow-button"]');
		await browser.waitFor(
			`document.querySelectorAll('[data-test-id="canvas-node"] [data-test-id="canvas-node-status-success"]').length === 6`,
			{ timeoutMs: 60_000 },
		);
		await browser.screenshot(path.join(OUT, 'escalation-run.png'));

		await browser.doubleClick('[data-test-id="canvas-node"][data-node-name="Create conversation"]');
		await browser.waitFor(`document.querySelector('[data-test-id="ndv"] [data-test-id="parameter-input-queue"]')`);
		await sleep(2000);
		await browser.screenshot(path.join(OUT, 'kustomer-node.png'));

		await browser.goto(`${BASE}/workflow/kustPriority0001`);
		await browser.waitFor(`document.querySelector('[data-test-id="canvas-node"][data-node-name="Kustomer Trigger"]')`, { timeoutMs: 60_000 });
		await sleep(1500);
		await browser.doubleClick('[data-test-id="canvas-node"][data-node-name="Kustomer Trigger"]');
		await browser.waitFor(`document.querySelector('[data-test-id="ndv"] [data-test-id="parameter-input-events"]')`);
		await sleep(2000);
		await browser.screenshot(path.join(OUT, 'kustomer-trigger.png'));

		// The Custom Attributes mapper: the org's attributes loaded from Kustomer's metadata.
		await browser.goto(`${BASE}/workflow/kustOrderSync001`);
		await browser.waitFor(`document.querySelector('[data-test-id="canvas-node"][data-node-name="Create or update order"]')`, { timeoutMs: 60_000 });
		await sleep(1500);
		await browser.doubleClick('[data-test-id="canvas-node"][data-node-name="Create or update order"]');
		await browser.waitFor(`document.querySelector('[data-test-id="ndv"] [data-test-id="mapping-fields-container"]')`, { timeoutMs: 60_000 });
		await sleep(2500);
		await browser.evaluate(`document.querySelector('[data-test-id="resource-mapper-container"]').scrollIntoView({ block: 'start' })`);
		await sleep(800);
		await browser.screenshot(path.join(OUT, 'custom-attributes-mapper.png'));
		process.stdout.write(`Screenshots written to ${path.relative(process.cwd(), OUT)}\n`);
	} finally {
		await browser.close();
	}
}

main().catch((error) => {
	process.stderr.write(`${error.stack}\n`);
	process.exit(1);
});

#!/usr/bin/env node
/**
 * Drives n8n's real editor in headless Chromium (scripts/browser.js) through a plan the browser
 * test (test/e2e/editor.e2e.test.ts) derives from the nodes' registry and descriptions: signs
 * in, opens every planned node panel by the editor's own route (/workflow/<id>/<node id>, which
 * opens the panel without a page load), opens each list picker and option list, opens the
 * credential window, runs one example, and takes the README's screenshots on the way. It only
 * looks and reports (JSON on stdout); the test decides what is wrong.
 *
 *   node scripts/editor-check.js <plan.json>
 */
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

// The DevTools client needs Node's built-in WebSocket (Node >= 22): use the cached Node 24.
if (typeof WebSocket === 'undefined') {
	const { ensureN8n } = require('./n8n/install');
	const result = spawnSync(ensureN8n('2').node, [__filename, ...process.argv.slice(2)], { stdio: 'inherit' });
	process.exit(result.status ?? 1);
}

const { Browser } = require('./browser');

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Records the editor's calls that load lists (options, list pickers, mapper fields) and their answers. */
const RECORD_LOADS = `(() => {
	window.__loads = [];
	window.__inFlight = 0;
	const watched = (url) => /dynamic-node-parameters/.test(String(url));
	const open = XMLHttpRequest.prototype.open;
	const send = XMLHttpRequest.prototype.send;
	XMLHttpRequest.prototype.open = function (method, url, ...rest) { this.__url = url; return open.call(this, method, url, ...rest); };
	XMLHttpRequest.prototype.send = function (body) {
		window.__inFlight++;
		this.addEventListener('loadend', () => {
			window.__inFlight--;
			if (watched(this.__url)) window.__loads.push({ url: String(this.__url), body: typeof body === 'string' ? body : '', status: this.status, response: String(this.responseText || '').slice(0, 20000) });
		});
		return send.call(this, body);
	};
	const originalFetch = window.fetch;
	window.fetch = async (...args) => {
		window.__inFlight++;
		try {
			const response = await originalFetch(...args);
			if (watched(args[0] && args[0].url ? args[0].url : args[0])) {
				const text = await response.clone().text();
				window.__loads.push({ url: String(args[0] && args[0].url ? args[0].url : args[0]), body: String((args[1] && args[1].body) || ''), status: response.status, response: text.slice(0, 20000) });
			}
			return response;
		} finally {
			window.__inFlight--;
		}
	};
})()`;

/** What the open panel (or the credential window) shows: its fields, their marks, its texts and its errors. */
const READ_PANEL = (root) => `(() => {
	const root = ${root};
	if (!root) return null;
	const visible = (element) => !!(element.offsetWidth || element.offsetHeight || element.getClientRects().length);
	const text = (element) => (element.innerText || '').trim();
	const fields = [...root.querySelectorAll('[data-test-id^="parameter-input-"]')]
		.filter((element) => visible(element) && !/-options-container$/.test(element.getAttribute('data-test-id')))
		.map((element) => {
			const item = element.closest('.parameter-item, [data-test-id="parameter-item"]') || element.parentElement;
			const label = item && item.querySelector('label.n8n-input-label, [data-test-id="input-label"] label');
			const labelText = label ? text(label).split('\\n')[0] : '';
			return {
				name: element.getAttribute('data-test-id').replace(/^parameter-input-/, ''),
				label: labelText,
				asterisk: /\\*\\s*$/.test(labelText),
				issues: element.classList.contains('has-issues') || !!(item && item.querySelector('[data-test-id="parameter-issues"]')),
			};
		});
	const texts = [...root.querySelectorAll('.notice, [class*="notice" i], [data-test-id*="hint" i], [class*="hint" i], .el-select-dropdown__item, [class*="description" i]')]
		.filter(visible)
		.map(text)
		.filter(Boolean);
	const errors = [...root.querySelectorAll('[class*="error" i], .n8n-callout--danger, [class*="danger" i]')]
		.filter((element) => visible(element) && text(element) !== '' && !element.closest('[data-test-id="output-panel"]'))
		.map(text);
	// An error box and its button are both matched: keep the outermost text only.
	const outermost = [...new Set(errors)].filter((error, index, all) => !all.some((other) => other !== error && other.includes(error)));
	return { fields, texts: [...new Set(texts)], errors: outermost };
})()`;

class Editor {
	constructor(browser, baseUrl) {
		this.browser = browser;
		this.baseUrl = baseUrl;
	}

	async signIn(email, password, redirect) {
		const { browser } = this;
		await browser.page('Page.addScriptToEvaluateOnNewDocument', { source: RECORD_LOADS });
		// Leaving a page the walk changed (defaults n8n filled in) asks "leave the page?": yes.
		browser.listeners.push((event) => {
			if (event.method === 'Page.javascriptDialogOpening') browser.page('Page.handleJavaScriptDialog', { accept: true }).catch(() => undefined);
		});
		await browser.goto(`${this.baseUrl}/signin?redirect=${encodeURIComponent(redirect)}`);
		await browser.waitFor(`document.querySelector('[data-test-id="emailOrLdapLoginId"]')`, { timeoutMs: 90_000 });
		await browser.type('[data-test-id="emailOrLdapLoginId"]', email);
		await browser.type('[data-test-id="password"]', password);
		await browser.click('[data-test-id="form-submit-button"]');
		await browser.waitFor(`document.querySelector('[data-test-id="canvas-node"]')`, { timeoutMs: 90_000 });
	}

	/** Navigates inside the editor (its router), without loading the page again. */
	async route(to) {
		await this.browser.evaluate(`document.querySelector('#app').__vue_app__.config.globalProperties.$router.push(${JSON.stringify(to)})`);
	}

	/** Waits until no request has been in flight for a moment. */
	async settle(quietMs = 400, timeoutMs = 20_000) {
		const deadline = Date.now() + timeoutMs;
		let quietSince = Date.now();
		while (Date.now() < deadline) {
			const busy = await this.browser.evaluate('window.__inFlight || 0');
			if (busy > 0) quietSince = Date.now();
			else if (Date.now() - quietSince >= quietMs) return;
			await sleep(100);
		}
	}

	/** Loads a page of the editor anew: leaving the workflow the walk changed skips n8n's "save changes?" guard. */
	async load(route) {
		await this.browser.goto(`${this.baseUrl}${route}`);
		await this.settle();
	}

	async openWorkflow(workflowId) {
		await this.route(`/workflow/${workflowId}`);
		await this.browser.waitFor(`!document.querySelector('[data-test-id="ndv"]') && document.querySelectorAll('[data-test-id="canvas-node"]').length > 0 && location.pathname.endsWith(${JSON.stringify(workflowId)})`, { timeoutMs: 60_000 });
		await this.settle();
	}

	async takeLoads() {
		return await this.browser.evaluate('window.__loads.splice(0)');
	}

	/** Clicks each element matching `selector` inside the panel in turn, then closes what it opened. */
	async clickEach(selector, collect) {
		const count = await this.browser.evaluate(`document.querySelectorAll(${JSON.stringify(selector)}).length`);
		const seen = [];
		for (let index = 0; index < count; index++) {
			if (!(await this.mouseClick(selector, index))) continue;
			await sleep(250);
			await this.settle(300);
			if (collect) seen.push(...(await this.browser.evaluate(collect)));
			await this.clickAside();
		}
		return seen;
	}

	/**
	 * Closes an open list by a real click beside it, on the panel's own (already active) tab or
	 * the window's title: Escape would close the whole panel.
	 */
	async clickAside() {
		const box = await this.browser.evaluate(`(() => {
			const element = document.querySelector('[data-test-id="ndv"] [data-test-id="tab-params"]') || document.querySelector('[data-test-id="editCredential-modal"] [class*="header" i]');
			if (!element) return null;
			const rect = element.getBoundingClientRect();
			return { x: rect.x + rect.width / 2, y: rect.y + rect.height / 2 };
		})()`);
		if (!box) return;
		await this.browser.page('Input.dispatchMouseEvent', { type: 'mousePressed', x: box.x, y: box.y, button: 'left', clickCount: 1 });
		await this.browser.page('Input.dispatchMouseEvent', { type: 'mouseReleased', x: box.x, y: box.y, button: 'left', clickCount: 1 });
		await sleep(150);
	}

	/** Opens one node's panel, its list pickers and option lists, and reads it. */
	async inspectPanel(workflowId, panel) {
		const { browser } = this;
		await this.takeLoads();
		await this.route(`/workflow/${workflowId}/${panel.nodeId}`);
		await browser.waitFor(`document.querySelector('[data-test-id="ndv"] [data-test-id="node-parameters"] [data-test-id^="parameter-input-"]')`, { timeoutMs: 30_000 });
		await this.settle();
		const params = `document.querySelector('[data-test-id="ndv"] [data-test-id="node-parameters"]')`;
		const shown = await browser.evaluate(READ_PANEL(params));
		// Every list picker (resource locators in list mode) loads its first page when opened.
		await this.clickEach('[data-test-id="ndv"] [data-test-id="node-parameters"] [data-test-id="rlc-input"]');
		// Every option list shows its options, with their descriptions (rendered as HTML).
		const optionTexts = await this.clickEach(
			'[data-test-id="ndv"] [data-test-id="node-parameters"] .parameter-item .el-select:not([data-test-id="rlc-mode-selector"] .el-select) .select-trigger',
			`[...document.querySelectorAll('.el-select-dropdown__item')].filter((e) => e.offsetWidth || e.offsetHeight).map((e) => (e.innerText || '').trim()).filter(Boolean)`,
		);
		const after = await browser.evaluate(READ_PANEL(params));
		const probeTexts = [];
		for (const probe of panel.probes ?? []) probeTexts.push(...(await this.probeLink(probe)));
		if (panel.screenshot) await browser.screenshot(panel.screenshot);
		const loads = await this.takeLoads();
		await this.route(`/workflow/${workflowId}`);
		await browser.waitFor(`!document.querySelector('[data-test-id="ndv"]')`, { timeoutMs: 30_000 }).catch(() => undefined);
		return {
			...panel,
			fields: shown.fields,
			texts: [...new Set([...shown.texts, ...after.texts, ...optionTexts])],
			errors: [...new Set([...shown.errors, ...after.errors])],
			probeTexts,
			loads,
		};
	}

	/** A real mouse click at the centre of the `index`th element matching `selector` (lists open on the mouse, not on .click()). */
	async mouseClick(selector, index = 0) {
		const box = await this.browser.evaluate(`(() => {
			const element = document.querySelectorAll(${JSON.stringify(selector)})[${index}];
			// A hidden one (the Settings tab's) has no place: a click there would land beside the panel and close it.
			if (!element || !(element.offsetWidth || element.offsetHeight)) return null;
			element.scrollIntoView({ block: 'center' });
			const rect = element.getBoundingClientRect();
			return { x: rect.x + rect.width / 2, y: rect.y + rect.height / 2 };
		})()`);
		if (!box) return false;
		await this.browser.page('Input.dispatchMouseEvent', { type: 'mouseMoved', x: box.x, y: box.y });
		await this.browser.page('Input.dispatchMouseEvent', { type: 'mousePressed', x: box.x, y: box.y, button: 'left', clickCount: 1 });
		await this.browser.page('Input.dispatchMouseEvent', { type: 'mouseReleased', x: box.x, y: box.y, button: 'left', clickCount: 1 });
		return true;
	}

	/** Moves the mouse over the centre of the first element matching `selector`. */
	async hover(selector) {
		const box = await this.browser.evaluate(`(() => {
			const element = document.querySelector(${JSON.stringify(selector)});
			if (!element) return null;
			element.scrollIntoView({ block: 'center' });
			const rect = element.getBoundingClientRect();
			return { x: rect.x + rect.width / 2, y: rect.y + rect.height / 2 };
		})()`);
		if (box) await this.browser.page('Input.dispatchMouseEvent', { type: 'mouseMoved', x: box.x, y: box.y });
		return !!box;
	}

	/**
	 * A list picker switched to a link mode with something that is not a link: what its
	 * validation message says (n8n shows it in the tooltip of the field's issue mark).
	 */
	async probeLink({ name, mode }) {
		const { browser } = this;
		const locator = `[data-test-id="ndv"] [data-test-id="resource-locator-${name}"]`;
		if (!(await browser.evaluate(`!!document.querySelector(${JSON.stringify(`${locator} [data-test-id="rlc-mode-selector"] .select-trigger`)})`))) {
			return [`(no list picker ${name} to type a link into)`];
		}
		await this.mouseClick(`${locator} [data-test-id="rlc-mode-selector"] .select-trigger`);
		await sleep(400);
		await browser.evaluate(`[...document.querySelectorAll('.el-select-dropdown__item')].find((e) => (e.offsetWidth || e.offsetHeight) && (e.innerText || '').trim() === ${JSON.stringify(mode)})?.click()`);
		await sleep(300);
		await browser.type(`${locator} [data-test-id="rlc-input"]`, 'not a link');
		await this.clickAside();
		await sleep(400);
		const issues = `${locator} [data-test-id="parameter-issues"]`;
		const marked = await this.hover(`${issues} svg, ${issues}`);
		await sleep(600);
		const texts = await browser.evaluate(`[...document.querySelectorAll('[role="tooltip"], .el-popper, [data-reka-popper-content-wrapper], [class*="tooltip" i]')].filter((e) => e.offsetWidth || e.offsetHeight).map((e) => (e.innerText || '').trim()).filter(Boolean)`);
		await browser.page('Input.dispatchMouseEvent', { type: 'mouseMoved', x: 5, y: 5 });
		return marked ? texts : [`(no issue mark on ${name} after a wrong link)`];
	}

	/**
	 * The credential window of a credential, as n8n opens it from its URL, switched to the
	 * Organization Host (not saved) so the fields that host needs show, with the Host list open.
	 */
	async inspectCredential(credentialId, screenshot) {
		const { browser } = this;
		await this.load(`/home/credentials/${credentialId}`);
		const modal = `document.querySelector('[data-test-id="editCredential-modal"]')`;
		const hostSelect = `[data-test-id="editCredential-modal"] [data-test-id="parameter-input-host"] .select-trigger`;
		await browser.waitFor(`document.querySelector(${JSON.stringify(hostSelect)})`, { timeoutMs: 60_000 });
		const optionTexts = await this.clickEach(
			hostSelect,
			`[...document.querySelectorAll('.el-select-dropdown__item')].filter((e) => e.offsetWidth || e.offsetHeight).map((e) => (e.innerText || '').trim()).filter(Boolean)`,
		);
		await this.mouseClick(hostSelect);
		await sleep(400);
		await browser.evaluate(`[...document.querySelectorAll('.el-select-dropdown__item')].find((e) => (e.offsetWidth || e.offsetHeight) && /^Organization Host/.test((e.innerText || '').trim()))?.click()`);
		await browser.waitFor(`document.querySelector('[data-test-id="editCredential-modal"] [data-test-id="parameter-input-organization"]')`, { timeoutMs: 10_000 });
		await sleep(300);
		const shown = await browser.evaluate(`(() => {
			const root = ${modal};
			const text = (element) => (element.innerText || '').trim();
			const labels = [...root.querySelectorAll('label')].map(text).filter(Boolean).map((label) => label.split('\\n')[0]);
			const texts = [...root.querySelectorAll('.notice, [class*="notice" i], [class*="hint" i], [class*="description" i]')].map(text).filter(Boolean);
			return { labels, texts };
		})()`);
		if (screenshot) await browser.screenshot(screenshot);
		return { labels: shown.labels, texts: [...new Set([...shown.texts, ...optionTexts])] };
	}

	/** Runs a workflow from the editor and reads one node's output panel. */
	async runExample({ workflowId, nodeCount, outputNode, screenshots = {} }) {
		const { browser } = this;
		await this.load(`/workflow/${workflowId}`);
		await browser.waitFor(`document.querySelector('[data-test-id="execute-workflow-button"]')`, { timeoutMs: 60_000 });
		await this.settle();
		await sleep(500);
		await browser.click('[data-test-id="execute-workflow-button"]');
		await browser.waitFor(`document.querySelectorAll('[data-test-id="canvas-node"] [data-test-id="canvas-node-status-success"]').length === ${nodeCount}`, { timeoutMs: 90_000 });
		await sleep(500);
		if (screenshots.canvas) await browser.screenshot(screenshots.canvas);
		await this.route(`/workflow/${workflowId}/${outputNode.id}`);
		await browser.waitFor(`document.querySelector('[data-test-id="ndv"] [data-test-id="output-panel"]')`, { timeoutMs: 30_000 });
		await this.settle();
		await browser.evaluate(`document.querySelector('[data-test-id="ndv"] [data-test-id="radio-button-json"]')?.click()`);
		await sleep(800);
		const output = await browser.evaluate(`(document.querySelector('[data-test-id="ndv"] [data-test-id="output-panel"]').innerText || '')`);
		if (screenshots.panel) await browser.screenshot(screenshots.panel);
		return { output };
	}

	/** Opens a node of an imported workflow and photographs its panel, scrolled to `scrollTo` when given. */
	async photograph({ workflowId, nodeId, waitFor, scrollTo, file }) {
		const { browser } = this;
		await this.load(`/workflow/${workflowId}`);
		await browser.waitFor(`document.querySelectorAll('[data-test-id="canvas-node"]').length > 0`, { timeoutMs: 60_000 });
		await this.route(`/workflow/${workflowId}/${nodeId}`);
		await browser.waitFor(`document.querySelector(${JSON.stringify(waitFor)})`, { timeoutMs: 60_000 });
		await this.settle();
		if (scrollTo) await browser.evaluate(`document.querySelector(${JSON.stringify(scrollTo)})?.scrollIntoView({ block: 'start' })`);
		await sleep(800);
		await browser.screenshot(file);
	}
}

async function main() {
	const plan = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
	const started = Date.now();
	const browser = await Browser.launch({ width: 1440, height: 900 });
	const report = { panels: [], credential: null, example: null, seconds: 0 };
	try {
		const editor = new Editor(browser, plan.baseUrl);
		await editor.signIn(plan.email, plan.password, `/workflow/${plan.example.workflowId}`);
		const failed = (error) => ({ failure: error.message });
		// The example first: what it creates (a conversation) is then in the panels' lists.
		report.example = await editor.runExample(plan.example).catch(failed);
		await editor.load(`/workflow/${plan.panels.workflowId}`);
		await editor.openWorkflow(plan.panels.workflowId);
		for (const panel of plan.panels.list) {
			// One panel that cannot be read is a finding, not the end of the run.
			report.panels.push(await editor.inspectPanel(plan.panels.workflowId, panel).catch((error) => ({ ...panel, failure: error.message })));
		}
		report.credential = await editor.inspectCredential(plan.credential.id, plan.credential.screenshot).catch(failed);
		report.photographs = [];
		for (const photo of plan.photographs ?? []) report.photographs.push(await editor.photograph(photo).then(() => ({ file: photo.file }), failed));
	} finally {
		report.seconds = Math.round((Date.now() - started) / 1000);
		await browser.close();
		fs.writeFileSync(plan.reportFile ?? path.join(process.cwd(), 'editor-report.json'), JSON.stringify(report, null, 1));
	}
}

main().catch((error) => {
	process.stderr.write(`${error.stack}\n`);
	process.exit(1);
});

/**
 * A minimal Chrome DevTools Protocol client for headless Debian Chromium, using Node's
 * built-in WebSocket (Node >= 22): enough to sign in to n8n, click, and take screenshots,
 * without a browser-automation dependency.
 */
const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Installs Debian's Chromium when it is missing, as the e2e set-up installs n8n: a fresh clone's tests need nothing done by hand. */
function ensureChromium() {
	if (fs.existsSync(CHROMIUM)) return CHROMIUM;
	require('./n8n/services').aptInstall(['chromium']);
	if (!fs.existsSync(CHROMIUM)) throw new Error(`apt-get installed chromium, but ${CHROMIUM} is not there (set CHROMIUM_PATH)`);
	return CHROMIUM;
}

class Browser {
	static async launch({ width = 1440, height = 900 } = {}) {
		if (typeof WebSocket === 'undefined') throw new Error('needs Node.js 22 or newer (global WebSocket)');
		const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'kustomer-chromium-'));
		const child = spawn(
			CHROMIUM,
			[
				'--headless',
				'--no-sandbox',
				'--disable-gpu',
				'--disable-quic',
				'--no-first-run',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
				'--hide-scrollbars',
				`--window-size=${width},${height}`,
				`--user-data-dir=${profile}`,
				'--remote-debugging-port=0',
				'about:blank',
			],
			{ stdio: ['ignore', 'ignore', 'pipe'] },
		);
		const endpoint = await new Promise((resolve, reject) => {
			let output = '';
			child.stderr.on('data', (chunk) => {
				output += chunk;
				const match = /DevTools listening on (ws:\/\/\S+)/.exec(output);
				if (match) resolve(match[1]);
			});
			child.once('exit', (code) => reject(new Error(`chromium exited (${code}): ${output.slice(-500)}`)));
		});
		const browser = new Browser(child, profile, width, height);
		await browser.connect(endpoint);
		return browser;
	}

	constructor(child, profile, width, height) {
		this.child = child;
		this.profile = profile;
		this.width = width;
		this.height = height;
		this.nextId = 0;
		this.pending = new Map();
		this.listeners = [];
	}

	async connect(endpoint) {
		this.socket = new WebSocket(endpoint);
		await new Promise((resolve, reject) => {
			this.socket.onopen = resolve;
			this.socket.onerror = reject;
		});
		this.socket.onmessage = (message) => {
			const data = JSON.parse(message.data);
			if (data.id !== undefined && this.pending.has(data.id)) {
				const { resolve, reject } = this.pending.get(data.id);
				this.pending.delete(data.id);
				if (data.error) reject(new Error(`${data.error.message} ${data.error.data ?? ''}`));
				else resolve(data.result);
			} else {
				for (const listener of this.listeners) listener(data);
			}
		};
		const { targetId } = await this.send('Target.createTarget', { url: 'about:blank' });
		const { sessionId } = await this.send('Target.attachToTarget', { targetId, flatten: true });
		this.sessionId = sessionId;
		await this.page('Page.enable');
		await this.page('Runtime.enable');
		await this.page('Emulation.setDeviceMetricsOverride', { width: this.width, height: this.height, deviceScaleFactor: 1, mobile: false });
	}

	send(method, params = {}, sessionId) {
		const id = ++this.nextId;
		this.socket.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
		return new Promise((resolve, reject) => this.pending.set(id, { resolve, reject }));
	}

	/** A command for the page. */
	page(method, params) {
		return this.send(method, params, this.sessionId);
	}

	async setCookie(cookie) {
		await this.page('Network.setCookie', cookie);
	}

	async goto(url) {
		const loaded = new Promise((resolve) => {
			const listener = (event) => {
				if (event.method === 'Page.loadEventFired') {
					this.listeners = this.listeners.filter((entry) => entry !== listener);
					resolve();
				}
			};
			this.listeners.push(listener);
		});
		await this.page('Page.navigate', { url });
		await loaded;
	}

	/** Evaluates an expression in the page and answers its (JSON) value. */
	async evaluate(expression) {
		const { result, exceptionDetails } = await this.page('Runtime.evaluate', {
			expression,
			awaitPromise: true,
			returnByValue: true,
		});
		if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
		return result.value;
	}

	/** Polls an expression until it is truthy. */
	async waitFor(expression, { timeoutMs = 30_000 } = {}) {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const value = await this.evaluate(expression).catch(() => undefined);
			if (value) return value;
			if (Date.now() > deadline) throw new Error(`timed out waiting for ${expression}`);
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
	}

	/** A real mouse double-click at the centre of the first element matching the selector. */
	async doubleClick(selector) {
		const box = await this.evaluate(`(() => {
			const rect = document.querySelector(${JSON.stringify(selector)}).getBoundingClientRect();
			return { x: rect.x + rect.width / 2, y: rect.y + rect.height / 2 };
		})()`);
		for (const clickCount of [1, 2]) {
			await this.page('Input.dispatchMouseEvent', { type: 'mousePressed', x: box.x, y: box.y, button: 'left', clickCount });
			await this.page('Input.dispatchMouseEvent', { type: 'mouseReleased', x: box.x, y: box.y, button: 'left', clickCount });
		}
	}

	/** Types into the input inside the first element matching the selector, as a user would. */
	async type(selector, text) {
		await this.evaluate(`(() => {
			const element = document.querySelector(${JSON.stringify(selector)});
			const input = element.matches('input, textarea') ? element : element.querySelector('input, textarea');
			input.focus();
			input.select?.();
		})()`);
		await this.page('Input.insertText', { text });
	}

	async click(selector) {
		await this.evaluate(`document.querySelector(${JSON.stringify(selector)}).click()`);
	}

	async screenshot(file) {
		const { data } = await this.page('Page.captureScreenshot', { format: 'png' });
		fs.writeFileSync(file, Buffer.from(data, 'base64'));
	}

	async close() {
		this.socket?.close();
		this.child.kill('SIGTERM');
		await new Promise((resolve) => this.child.once('exit', resolve));
		fs.rmSync(this.profile, { recursive: true, force: true });
	}
}

module.exports = { Browser, ensureChromium };

/**
 * The records a --write run makes for its checks, named for the purpose ("n8n conformance
 * <run>"), each made once when a check first asks for it, and deleted at the end, newest first.
 */
const crypto = require('crypto');
const http = require('http');

class Fixtures {
	constructor(ctx) {
		this.ctx = ctx;
		this.made = [];
		this.memo = new Map();
	}

	/** `make()` once per run; its promise is shared by every check that asks. */
	once(name, make) {
		if (!this.memo.has(name)) this.memo.set(name, make());
		return this.memo.get(name);
	}

	label(what) {
		return `n8n conformance ${this.ctx.runId} ${what}`;
	}

	externalId(what) {
		return `n8n-conformance-${this.ctx.runId}-${what}`;
	}

	requireWrite(what) {
		if (!this.ctx.options.write) this.ctx.skip(`needs --write (${what})`);
	}

	/** Remembers a record to delete at the end; `forget` when a check deleted it itself. */
	track(what, path) {
		this.made.push({ what, path });
	}

	forget(path) {
		this.made = this.made.filter((entry) => entry.path !== path);
	}

	/** POSTs a record, which must come back 200 or 201 with its id, and tracks it for deletion at `deletePath(id)`. */
	async create(what, path, body, deletePath) {
		const answer = await this.ctx.request('POST', path, { body });
		const data = this.ctx.expectStatus(answer, [200, 201], `POST ${path}`)?.data;
		this.ctx.expect(typeof data?.id === 'string', `POST ${path} answered no data.id`);
		if (deletePath) this.track(what, deletePath(data.id));
		return data;
	}

	customer() {
		return this.once('customer', async () => {
			this.requireWrite('a customer made for the run');
			const body = { name: this.label('customer'), externalId: this.externalId('customer'), emails: [{ email: `n8n-conformance+${this.ctx.runId}@example.com`, type: 'other' }] };
			return await this.create('customer', '/v1/customers', body, (id) => `/v1/customers/${id}`);
		});
	}

	conversation() {
		return this.once('conversation', async () => {
			const customer = await this.customer();
			return await this.addConversation(customer.id, 'conversation', this.externalId('conversation'));
		});
	}

	/** Another conversation of a customer, tracked for deletion. */
	async addConversation(customerId, what, externalId) {
		const body = { customer: customerId, name: this.label(what), ...(externalId ? { externalId } : {}) };
		return await this.create(what, '/v1/conversations', body, (id) => `/v1/conversations/${id}`);
	}

	message() {
		return this.once('message', async () => {
			const conversation = await this.conversation();
			const body = { channel: 'chat', app: 'n8n-conformance', direction: 'in', preview: this.label('message'), externalId: this.externalId('message') };
			return await this.create('message', `/v1/conversations/${conversation.id}/messages`, body);
		});
	}

	/** A local receiver for the webhook's deliveries, at the address the admin's --webhook-url leads to. */
	receiver() {
		return this.once('receiver', async () => await listen(this.ctx.options.webhookHost, this.ctx.options.webhookPort));
	}

	/** Deletes what the run made and is still there, but `keep`; answers what could not be deleted. */
	async cleanup(keep = []) {
		const left = [];
		for (const { what, path } of [...this.made].reverse().filter((entry) => !keep.includes(entry.path))) {
			const answer = await this.ctx.http.send('DELETE', path).catch((error) => ({ status: error.message }));
			if (![200, 204, 404].includes(answer.status)) left.push(`${what} (${path}: ${answer.status})`);
		}
		this.made = this.made.filter((entry) => keep.includes(entry.path));
		const receiver = await this.memo.get('receiver')?.catch(() => undefined);
		await receiver?.close();
		return left;
	}
}

/** An HTTP server keeping every request it gets (headers and the raw body), answering 200. */
async function listen(host, port) {
	const deliveries = [];
	const server = http.createServer(async (request, response) => {
		const chunks = [];
		for await (const chunk of request) chunks.push(chunk);
		deliveries.push({ headers: request.headers, raw: Buffer.concat(chunks) });
		response.writeHead(200, { 'Content-Type': 'application/json' });
		response.end('{}');
	});
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, host, resolve);
	});
	return {
		deliveries,
		async close() {
			server.closeAllConnections?.();
			await new Promise((resolve) => server.close(resolve));
		},
	};
}

/** A short random id for the run's record names. */
function newRunId() {
	return crypto.randomBytes(4).toString('hex');
}

module.exports = { Fixtures, newRunId };

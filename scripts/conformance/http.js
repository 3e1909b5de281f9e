/**
 * Plain HTTP to a Kustomer org for the conformance run: the bearer key on every request and
 * nowhere else, no write without --write, and every text that leaves this module (errors,
 * what was seen) cleaned of the key.
 */

/** Searches read: POST /v1/customers/search and the archive's search are the POSTs allowed without --write. */
const READS_BY_POST = new Set(['/v1/customers/search', '/v1/customers/archive/search']);

class WriteRefused extends Error {}

/** Kustomer answered 401 or 403: the key lacks a role the request needs. */
class RoleMissing extends Error {
	constructor(status, detail) {
		super(`Kustomer answered ${status}${detail ? `: ${detail}` : ''}`);
		this.status = status;
	}
}

/** Kustomer could not be reached, or answered 5xx: nothing is known either way. */
class KustomerTrouble extends Error {}

/** `text` with every secret replaced by "[redacted]". */
function redact(text, secrets) {
	let clean = String(text);
	for (const secret of secrets) if (secret) clean = clean.split(secret).join('[redacted]');
	return clean;
}

/** The first error Kustomer's body gives, in either of its forms, or the start of the text. */
function errorDetail(body, text) {
	const first = Array.isArray(body?.errors) ? body.errors[0] : body;
	const detail = first && typeof first === 'object' ? first.detail ?? first.message ?? first.title : undefined;
	return String(detail ?? text ?? '').slice(0, 300);
}

class KustomerHttp {
	constructor({ baseUrl, apiKey, write }) {
		this.baseUrl = baseUrl.replace(/\/+$/, '');
		this.apiKey = apiKey;
		this.write = write;
		this.secrets = [apiKey];
	}

	/** Another string (a webhook secret, say) never to appear in what the run prints or writes. */
	addSecret(secret) {
		this.secrets.push(secret);
	}

	clean(text) {
		return redact(text, this.secrets);
	}

	/** One request; answers { status, headers, body, text } for any HTTP status. `key`: another bearer key. */
	async send(method, path, { body, query, key = this.apiKey } = {}) {
		if (method !== 'GET' && !(method === 'POST' && READS_BY_POST.has(path)) && !this.write) {
			throw new WriteRefused(`refused to send ${method} ${path}: the run is read-only (add --write)`);
		}
		const url = new URL(`${this.baseUrl}${path}`);
		for (const [name, value] of Object.entries(query ?? {})) url.searchParams.set(name, String(value));
		let response;
		try {
			response = await fetch(url, {
				method,
				headers: { Authorization: `Bearer ${key}`, Accept: 'application/json', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
				body: body === undefined ? undefined : JSON.stringify(body),
				signal: AbortSignal.timeout(60_000),
			});
		} catch (error) {
			const cause = error.cause?.code ?? error.cause?.errors?.[0]?.code ?? error.cause?.message ?? error.message;
			throw new KustomerTrouble(this.clean(`${method} ${path} did not reach Kustomer: ${cause}`));
		}
		const text = await response.text();
		let parsed;
		try {
			parsed = text ? JSON.parse(text) : undefined;
		} catch {
			parsed = undefined;
		}
		return { status: response.status, headers: response.headers, body: parsed, text: this.clean(text.slice(0, 2000)) };
	}

	/** As send, but a 401/403 is a RoleMissing and a 5xx a KustomerTrouble: what a check cannot judge. */
	async request(method, path, options) {
		const answer = await this.send(method, path, options);
		if (answer.status === 401 || answer.status === 403) throw new RoleMissing(answer.status, this.clean(errorDetail(answer.body, answer.text)));
		if (answer.status >= 500) throw new KustomerTrouble(`${method} ${path} answered ${answer.status}: ${this.clean(errorDetail(answer.body, answer.text))}`);
		return answer;
	}
}

module.exports = { KustomerHttp, KustomerTrouble, RoleMissing, WriteRefused, errorDetail, redact };

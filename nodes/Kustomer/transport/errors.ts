import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

/** One entry of Kustomer's `errors` array, in either of the two shapes Kustomer uses. */
export interface KustomerErrorEntry {
	status?: string;
	code?: string;
	title?: string;
	detail?: string;
	pointer?: string;
	parameter?: string;
	subErrors?: string[];
}

/** What the caller knows about a request, used to make an error actionable. */
export interface ErrorContext {
	method: string;
	path: string;
	itemIndex?: number;
	/** Kustomer roles, any one of which allows this request; named in 401/403 hints. */
	roles?: readonly string[];
	/** Message for a 404, e.g. 'No customer with email "a@b.co"'. */
	notFoundMessage?: string;
	/** Whether the request was retried after server errors (false for creates). */
	retryable?: boolean;
	/** Strings that must never appear in an error (the API key). */
	secrets?: readonly string[];
}

function text(value: unknown): string | undefined {
	if (typeof value === 'string' && value.trim() !== '') return value.trim();
	if (typeof value === 'number') return String(value);
	return undefined;
}

/**
 * Reads Kustomer's error body, which may be `{ errors: [...] }` in the JSON:API form or the
 * `{ code, message }` form, a bare `{ message }`, plain text, or empty. Never throws.
 */
export function parseKustomerErrors(body: unknown): KustomerErrorEntry[] {
	if (typeof body === 'string') {
		const trimmed = body.trim();
		if (trimmed === '') return [];
		try {
			return parseKustomerErrors(JSON.parse(trimmed));
		} catch {
			return [{ detail: trimmed.slice(0, 500) }];
		}
	}
	if (!body || typeof body !== 'object') return [];
	const record = body as Record<string, unknown>;
	const entries = Array.isArray(record.errors) ? record.errors : [record];
	return entries
		.filter((entry): entry is Record<string, unknown> => !!entry && typeof entry === 'object')
		.map((entry) => {
			const source = (entry.source ?? {}) as Record<string, unknown>;
			const meta = (entry.meta ?? {}) as Record<string, unknown>;
			const subErrors = Array.isArray(meta.subErrors)
				? meta.subErrors
						.map((sub) =>
							typeof sub === 'string' ? sub : text((sub as Record<string, unknown>)?.message) ?? JSON.stringify(sub),
						)
						.filter((sub): sub is string => !!sub)
				: undefined;
			return {
				status: text(entry.status),
				code: text(entry.code),
				title: text(entry.title),
				detail: text(entry.detail) ?? text(entry.message),
				pointer: text(source.pointer),
				parameter: text(source.parameter) ?? text(source.parameters),
				subErrors: subErrors?.length ? subErrors : undefined,
			};
		})
		.filter((entry) => Object.values(entry).some((value) => value !== undefined));
}

/** One line per Kustomer error: title, detail, the field it points at. */
function summarize(errors: KustomerErrorEntry[]): string {
	return errors
		.map((error) => {
			const parts = [error.title, error.detail].filter(Boolean);
			if (error.pointer) parts.push(`field: ${error.pointer}`);
			if (error.parameter) parts.push(`parameter: ${error.parameter}`);
			if (error.subErrors) parts.push(error.subErrors.join('; '));
			return parts.join(' - ');
		})
		.filter(Boolean)
		.join('\n');
}

/** HTTP reason phrases say nothing a status code does not already say. */
const GENERIC_TITLES = /^(bad request|unprocessable entity|not found|conflict|error|internal server error)$/i;

/** The most telling short line of a Kustomer error: its title, or its detail when the title is generic. */
function headline(error: KustomerErrorEntry | undefined, fallback: string): string {
	const title = error?.title && !GENERIC_TITLES.test(error.title) ? error.title : undefined;
	const text = title ?? error?.detail ?? error?.title ?? fallback;
	return text.length > 200 ? `${text.slice(0, 197)}...` : text;
}

function rolesHint(roles: readonly string[] | undefined): string {
	return roles?.length
		? `This operation needs an API key with one of these roles: ${roles.join(', ')}.`
		: 'Check the roles of the API key.';
}

const WRONG_REGION = /\bpod\b|prod\d|region/i;
const MISSING_ROLE = /role|permission|forbidden|not allowed|scope|unauthori[sz]ed to/i;

/** Why Kustomer refused the API key (401), from what it said: the region, a missing role, or any of three things. */
function refusedKeyCause(details: string, roles: readonly string[] | undefined): string {
	if (WRONG_REGION.test(details)) {
		return 'The key belongs to an org in another Kustomer region. Set the credential\'s Host to "Organization Host" (it routes to your region) or to the matching region (EU = prod2, India = prod4).';
	}
	if (MISSING_ROLE.test(details)) {
		return `The key is valid but lacks a role. ${rolesHint(roles)} Roles are fixed when a key is created: make a new key in Settings > Security > API Keys.`;
	}
	return `Check three things: the API key is complete and not revoked; the credential's Host matches your org's region (choose "Organization Host" if unsure); and the key's roles. ${rolesHint(roles)}`;
}

/** A status with no fix of its own: a server error (retried or not, as the request allows), or any other. */
function otherStatus(status: number, errors: KustomerErrorEntry[], said: string, where: string, retryable: boolean | undefined) {
	if (status < 500) return { message: `Kustomer answered ${status}: ${headline(errors[0], 'request failed')}`, description: `${said}(${where})` };
	const retried = retryable
		? 'It was retried automatically and kept failing; try again later.'
		: 'It was not retried automatically because it writes data and a repeat could create a duplicate. Check in Kustomer whether it went through before running again (an External ID makes conversation creates safe to repeat).';
	return { message: `Kustomer had a server error (${status})`, description: `${said}${retried} (${where})` };
}

/** The message and fix for an HTTP error status from Kustomer. Pure. */
export function describeHttpError(
	status: number,
	errors: KustomerErrorEntry[],
	context: ErrorContext,
): { message: string; description: string } {
	const details = summarize(errors);
	const said = details ? `Kustomer said: ${details}\n` : '';
	const where = `${context.method} ${context.path.split('?')[0]}`;

	switch (status) {
		case 400:
		case 422:
			return {
				message: `Kustomer rejected the request as invalid (${status}): ${headline(errors[0], 'bad request')}`,
				description: `${said}Fix the field named above and run again. Kustomer rejects unknown fields, custom attribute names without a type suffix, and values of the wrong type. (${where})`,
			};
		case 401:
			return {
				message: 'Kustomer refused the API key (401)',
				description: `${said}${refusedKeyCause(details, context.roles)} (${where})`,
			};
		case 403:
			return {
				message: 'The API key is not allowed to do this (403)',
				description: `${said}${rolesHint(context.roles)} Roles are fixed when a key is created: make a new key in Settings > Security > API Keys. (${where})`,
			};
		case 404:
			return {
				message: context.notFoundMessage ?? `Kustomer found nothing at ${where} (404)`,
				description: `${said}Check the ID, email, phone or external ID. The record may have been deleted, or be outside what this API key can see.`,
			};
		case 409:
			return {
				message: 'Kustomer reported a conflict (409)',
				description: `${said}The record changed since it was read, or a unique value (email, phone, external ID) already belongs to another record. Read the record again and retry, or use the existing record. (${where})`,
			};
		case 413:
			return {
				message: "The request is larger than Kustomer's 100 KB limit (413)",
				description: `${said}Shorten the message or note body, or split it into several. (${where})`,
			};
		case 429:
			return {
				message: 'Kustomer rate limited this request (429)',
				description: `${said}(${where})`,
			};
		default:
			return otherStatus(status, errors, said, where, context.retryable);
	}
}

/** Replaces every secret in a string. */
export function redact(value: string, secrets: readonly string[] | undefined): string {
	let result = value;
	for (const secret of secrets ?? []) {
		if (secret && secret.length >= 4) result = result.split(secret).join('[redacted]');
	}
	return result;
}

/**
 * NodeApiError replaces a message that mentions a network code (ECONNRESET, ...) with a
 * generic sentence; ours says more, so it is put back.
 */
function keepMessage(error: NodeApiError, message: string): NodeApiError {
	error.message = message;
	error.messages = error.messages.filter((entry) => entry !== message);
	return error;
}

/** A NodeApiError carrying only what Kustomer said: no request options, headers or key. */
export function kustomerApiError(
	node: INode,
	status: number,
	body: unknown,
	context: ErrorContext,
	override?: { message?: string; description?: string },
): NodeApiError {
	const errors = parseKustomerErrors(body);
	const described = describeHttpError(status, errors, context);
	const clean = (value: string) => redact(value, context.secrets);
	const response = JSON.parse(clean(JSON.stringify({ status, errors }))) as JsonObject;
	const message = clean(override?.message ?? described.message);
	const error = new NodeApiError(node, response, {
		message,
		description: clean(override?.description ?? described.description),
		httpCode: String(status),
		itemIndex: context.itemIndex,
	});
	return keepMessage(error, message);
}

/**
 * Why a TLS handshake failed, by Node's error code: the reason the user needs to fix a proxy,
 * a Custom Base URL or a corporate certificate authority.
 */
const TLS_REASONS: Record<string, string> = {
	DEPTH_ZERO_SELF_SIGNED_CERT: 'the server presented a self-signed certificate',
	SELF_SIGNED_CERT_IN_CHAIN: 'the certificate chain contains a self-signed certificate',
	CERT_HAS_EXPIRED: "the server's certificate has expired",
	CERT_NOT_YET_VALID: "the server's certificate is not valid yet",
	UNABLE_TO_VERIFY_LEAF_SIGNATURE: "the server's certificate could not be verified (an incomplete chain or an unknown certificate authority)",
	UNABLE_TO_GET_ISSUER_CERT_LOCALLY: "the certificate's issuer is not trusted on this machine",
	ERR_TLS_CERT_ALTNAME_INVALID: 'the certificate does not name this host',
	ERR_SSL_WRONG_VERSION_NUMBER: 'the server did not answer in TLS (an http server behind an https URL?)',
	EPROTO: 'the TLS handshake failed',
};

export function isTlsFailure(code: string | undefined): boolean {
	return !!code && code in TLS_REASONS;
}

/** A NodeApiError for a request that got no HTTP answer at all, with the reason it got none. */
export function kustomerNetworkError(
	node: INode,
	code: string | undefined,
	context: ErrorContext,
	attempts: number,
): NodeApiError {
	const where = `${context.method} ${context.path.split('?')[0]}`;
	const repeated = attempts > 1 ? ` after ${attempts} attempts` : '';
	let message = `Could not reach Kustomer (${code ?? 'network error'})${repeated}`;
	let description: string;
	if (code && isTlsFailure(code)) {
		message = `Could not connect to Kustomer securely: ${TLS_REASONS[code]} (${code})`;
		description = `The TLS connection for ${where} was refused before anything was sent. Kustomer's own hosts have valid certificates: check the credential's host, or the proxy or Custom Base URL in between (a self-signed one needs its certificate authority in NODE_EXTRA_CA_CERTS for n8n).`;
	} else {
		const notRetried =
			context.retryable === false
				? ' It was not retried because it writes data and may have reached Kustomer: check before running again.'
				: '';
		description = `No answer for ${where}.${notRetried} Check the credential's host and your network or proxy.`;
	}
	const error = new NodeApiError(node, { networkErrorCode: code ?? 'unknown' } as JsonObject, {
		message,
		description,
		itemIndex: context.itemIndex,
	});
	return keepMessage(error, message);
}

/** How a request ran out of patience with Kustomer's rate limit. */
export interface RateLimitExhaustion {
	retries: number;
	waitedMs: number;
	/** The wait Kustomer (or the budget) asked for that is longer than the node's bound. */
	askedMs?: number;
	boundMs: number;
}

const RATE_LIMIT_ADVICE =
	'Your Kustomer org shares one per-minute request budget across every API key and integration. Process fewer items per run (Loop Over Items with a smaller batch and a Wait node between batches), run the workflow at a quieter time, or ask Kustomer for a higher limit.';

/** The error for a request that stayed rate limited, saying which bound it hit. */
export function rateLimitError(
	node: INode,
	body: unknown,
	context: ErrorContext,
	{ retries, waitedMs, askedMs, boundMs }: RateLimitExhaustion,
): NodeApiError {
	const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;
	const message =
		askedMs !== undefined
			? `Kustomer's rate limit asked this request to wait ${seconds(askedMs)}, longer than the node waits (${seconds(boundMs)})`
			: `Kustomer rate limited this request (429) and it was still limited after ${retries} retries and ${seconds(waitedMs)} of waiting`;
	return kustomerApiError(node, 429, body, context, { message, description: RATE_LIMIT_ADVICE });
}

/**
 * Makes any thrown value a node error with the item index set, keeping Kustomer's own errors
 * as they are. Used where a catch block hands an error on.
 */
export function asNodeError(
	node: INode,
	error: unknown,
	itemIndex?: number,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		if (itemIndex !== undefined && error.context.itemIndex === undefined) {
			error.context.itemIndex = itemIndex;
		}
		return error;
	}
	return new NodeOperationError(node, error instanceof Error ? error : String(error), { itemIndex });
}

/**
 * A node error of its own for one item, from an error several items share (a lookup they
 * all needed, a bulk request they were all in): same message, its own item index.
 */
export function errorForItem(node: INode, error: unknown, itemIndex: number): NodeApiError | NodeOperationError {
	if (!(error instanceof NodeApiError || error instanceof NodeOperationError)) return asNodeError(node, error, itemIndex);
	const copy = Object.create(Object.getPrototypeOf(error) as object) as NodeApiError | NodeOperationError;
	Object.defineProperties(copy, Object.getOwnPropertyDescriptors(error));
	copy.context = { ...error.context, itemIndex };
	return copy;
}

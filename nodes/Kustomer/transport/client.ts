import type {
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	INode,
	IWebhookFunctions,
} from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import { kustomerAppUrl, kustomerBaseUrl } from './baseUrl';
import type { ErrorContext } from './errors';
import { asNodeError, kustomerApiError, kustomerNetworkError } from './errors';
import {
	classifyNetworkFailure,
	failureBackoffMs,
	isRepeatableMethod,
	MAX_FAILURE_RETRIES,
	MAX_RATE_LIMIT_RETRIES,
	MAX_RATE_LIMIT_WAIT_MS,
	rateLimitWaitMs,
} from './retryPolicy';
import type { JsonApiDocument } from './types';

export const CREDENTIAL_TYPE = 'kustomerApi';

/** Every n8n context a Kustomer node talks to the API from. */
export type KustomerContext =
	| IExecuteFunctions
	| ILoadOptionsFunctions
	| IHookFunctions
	| IWebhookFunctions;

export interface KustomerRequest {
	method: IHttpRequestMethods;
	/** From the API root, starting with /v1/ (the form of Kustomer's own links.next). */
	path: string;
	qs?: IDataObject;
	body?: IDataObject | unknown[];
	/** Safe to send twice. Defaults to true for GET, PUT and DELETE; searches set it. */
	repeatable?: boolean;
	/**
	 * For a write that is not repeatable: after a 5xx or a dropped connection, looks for the
	 * record the write would have made. Found: it is returned. Not found: the write is sent again.
	 */
	findExisting?: () => Promise<JsonApiDocument | undefined>;
	itemIndex?: number;
	/** Roles any one of which allows this request, for 401/403 hints. */
	roles?: readonly string[];
	/** The message for a 404. */
	notFoundMessage?: string;
	/** Answer undefined on 404 instead of raising an error (lookups that may miss). */
	notFoundAsUndefined?: boolean;
}

interface FullResponse {
	statusCode: number;
	headers: Record<string, unknown>;
	body: unknown;
}

interface Connection {
	baseUrl: string;
	appUrl?: string;
	secrets: string[];
}

const REQUEST_TIMEOUT_MS = 60_000;

/**
 * Talks to Kustomer for one node run: builds URLs from the credential, waits out rate limits,
 * retries what is safe to retry, and turns failures into node errors without the API key.
 * Create one per execute()/hook/loadOptions call; it keeps no state between runs.
 */
export class KustomerClient {
	private connectionPromise?: Promise<Connection>;

	constructor(private readonly context: KustomerContext) {}

	/** The node this client works for, to attach errors to. */
	get node(): INode {
		return this.context.getNode();
	}

	/** https://<org>.kustomerapp.com when the credential names the org, for links to records. */
	async appUrl(): Promise<string | undefined> {
		return (await this.connection()).appUrl;
	}

	/** Sends one request and answers the parsed body (undefined for 204, or a tolerated 404). */
	async request<T = JsonApiDocument>(request: KustomerRequest): Promise<T | undefined> {
		const { baseUrl, secrets } = await this.connection();
		const repeatable = request.repeatable ?? isRepeatableMethod(request.method);
		const errorContext: ErrorContext = {
			method: request.method,
			path: request.path,
			itemIndex: request.itemIndex,
			roles: request.roles,
			notFoundMessage: request.notFoundMessage,
			repeatable: repeatable || !!request.findExisting,
			secrets,
		};
		const options: IHttpRequestOptions = {
			method: request.method,
			url: `${baseUrl}${request.path}`,
			qs: request.qs,
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: REQUEST_TIMEOUT_MS,
		};
		if (request.body !== undefined) {
			options.body = request.body as IDataObject;
			options.headers = { 'Content-Type': 'application/json' };
		}

		let rateLimitRetries = 0;
		let rateLimitWaitedMs = 0;
		let failures = 0;
		for (;;) {
			let response: FullResponse;
			try {
				response = (await this.context.helpers.httpRequestWithAuthentication.call(
					this.context,
					CREDENTIAL_TYPE,
					{ ...options },
				)) as FullResponse;
			} catch (error) {
				if (this.cancelSignal()?.aborted) {
					throw asNodeError(this.context.getNode(), error, request.itemIndex);
				}
				const code = networkErrorCode(error);
				const failure = classifyNetworkFailure(code);
				failures++;
				// A request that never left is always safe to send again; one that may have
				// arrived only when repeating it cannot duplicate a record.
				const retry =
					failure === 'notSent' ||
					(failure === 'ambiguous' && (repeatable || !!request.findExisting));
				if (!retry || failures > MAX_FAILURE_RETRIES) {
					throw kustomerNetworkError(this.context.getNode(), code, errorContext, failures);
				}
				if (failure === 'ambiguous' && !repeatable) {
					const existing = await request.findExisting?.();
					if (existing) return existing as T;
				}
				await this.pause(failureBackoffMs(failures));
				continue;
			}

			const { statusCode, headers, body } = response;
			if (statusCode >= 200 && statusCode < 300) {
				return (body === '' || statusCode === 204 ? undefined : body) as T | undefined;
			}
			if (statusCode === 404 && request.notFoundAsUndefined) return undefined;

			if (statusCode === 429) {
				const waitMs = rateLimitWaitMs(headers['x-ratelimit-reset'], Date.now(), rateLimitRetries);
				if (
					rateLimitRetries >= MAX_RATE_LIMIT_RETRIES ||
					rateLimitWaitedMs + waitMs > MAX_RATE_LIMIT_WAIT_MS
				) {
					throw kustomerApiError(this.context.getNode(), statusCode, body, errorContext, {
						message: `Kustomer rate limited this request (429) and it was still limited after ${rateLimitRetries} retries and ${Math.round(rateLimitWaitedMs / 1000)} s of waiting`,
						description: `Your Kustomer org shares one per-minute request budget across every API key and integration${waitMs > MAX_RATE_LIMIT_WAIT_MS ? ` (Kustomer asked to wait ${Math.round(waitMs / 1000)} s more)` : ''}. Process fewer items per run (Loop Over Items with a smaller batch and a Wait node between batches), run the workflow at a quieter time, or ask Kustomer for a higher limit.`,
					});
				}
				rateLimitRetries++;
				rateLimitWaitedMs += waitMs;
				await this.pause(waitMs);
				continue;
			}

			if (statusCode >= 500 && failures < MAX_FAILURE_RETRIES) {
				if (repeatable) {
					failures++;
					await this.pause(failureBackoffMs(failures));
					continue;
				}
				if (request.findExisting) {
					failures++;
					const existing = await request.findExisting();
					if (existing) return existing as T;
					await this.pause(failureBackoffMs(failures));
					continue;
				}
			}

			throw kustomerApiError(this.context.getNode(), statusCode, body, errorContext);
		}
	}

	/** The base URL and the secrets to keep out of errors, read once per client. */
	private async connection(): Promise<Connection> {
		this.connectionPromise ??= (async () => {
			const credentials = await this.context.getCredentials(CREDENTIAL_TYPE);
			const resolved = kustomerBaseUrl(credentials);
			if ('problem' in resolved) {
				throw new NodeOperationError(this.context.getNode(), resolved.problem);
			}
			return {
				baseUrl: resolved.url,
				appUrl: kustomerAppUrl(credentials),
				secrets: [String(credentials.apiKey ?? '')],
			};
		})();
		return await this.connectionPromise;
	}

	private cancelSignal(): AbortSignal | undefined {
		return 'getExecutionCancelSignal' in this.context
			? this.context.getExecutionCancelSignal()
			: undefined;
	}

	/** Waits, but stops early when the execution is cancelled. */
	private async pause(ms: number): Promise<void> {
		await sleep(ms, this.cancelSignal());
	}
}

const NETWORK_CODE = /^(E[A-Z0-9_]+|ERR_[A-Z0-9_]+|UND_ERR_[A-Z0-9_]+)$/;

/**
 * The network error code (ECONNRESET, ...) inside whatever n8n wrapped it in. n8n 2.x keeps
 * the axios error as `cause`; n8n 1.x loses `cause` and keeps the code as `httpCode`.
 */
export function networkErrorCode(error: unknown): string | undefined {
	const queue: unknown[] = [error];
	for (let visited = 0; queue.length && visited < 10; visited++) {
		const current = queue.shift();
		if (!current || typeof current !== 'object') continue;
		const record = current as Record<string, unknown>;
		for (const key of ['code', 'httpCode', 'errno']) {
			if (typeof record[key] === 'string' && NETWORK_CODE.test(record[key] as string)) return record[key] as string;
		}
		queue.push(record.cause, record.errorResponse, record.reason);
	}
	return undefined;
}

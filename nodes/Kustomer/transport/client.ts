import type {
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	INode,
	IPollFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { unsafePathProblem } from './answers';
import { kustomerAppUrl, kustomerBaseUrl } from './baseUrl';
import type { Clock } from './clock';
import { defaultTransportClock } from './clock';
import type { ErrorContext } from './errors';
import { asNodeError, isTlsFailure, kustomerApiError, kustomerNetworkError, rateLimitError } from './errors';
import type { RequestCost } from './governor';
import { ownLimitOf, RateGovernor, RateLimitWaitTooLong } from './governor';
import type { AttemptOutcome, NextStep, RetryState, RetryTraits } from './retryPolicy';
import { isRetryableMethod, MAX_RATE_LIMIT_WAIT_MS, mayHaveLanded, nextStep, rateLimitWaitMs } from './retryPolicy';
import type { JsonApiDocument } from './types';

export const CREDENTIAL_TYPE = 'kustomerApi';

/** Every n8n context a Kustomer node talks to the API from. */
export type KustomerContext =
	| IExecuteFunctions
	| ILoadOptionsFunctions
	| IHookFunctions
	| IPollFunctions
	| IWebhookFunctions;

export interface KustomerRequest {
	method: IHttpRequestMethods;
	/** From the API root, starting with /v1/ (the form of Kustomer's own links.next). */
	path: string;
	qs?: IDataObject;
	body?: IDataObject | unknown[];
	/** Safe to send twice. Defaults to true for GET, PUT, PATCH and DELETE; searches set it. */
	retryable?: boolean;
	/** What it counts against besides the org budget (a search, a create under a customer, a record's writes, a bulk): see `costs`. */
	cost?: RequestCost;
	/**
	 * For a write that is not retryable: after a 5xx or a dropped connection, looks for the
	 * record the write would have made. Found: it is returned. Not found: the write is sent again.
	 */
	findExisting?: () => Promise<JsonApiDocument | undefined>;
	itemIndex?: number;
	/** Roles any one of which allows this request, for 401/403 hints. */
	roles?: readonly string[];
	/** The message for a 404. */
	notFoundMessage?: string;
	/** Strings besides the API key that must never appear in an error (a secret the body carries). */
	secrets?: readonly string[];
	/** Answer undefined on 404 instead of raising an error (lookups that may miss). */
	notFoundAsUndefined?: boolean;
	/**
	 * For a DELETE of one record: a 404 after an attempt that may have landed (a 5xx, a dropped
	 * connection) means that attempt deleted it, so the request is done (answers undefined, as a 204).
	 */
	notFoundAfterRetryMeansDone?: boolean;
}

export interface ClientOptions {
	/** Time, sleep and randomness; the default transport clock when not given. */
	clock?: Clock;
	/** The user's cap on requests in flight; the rate governor decides when not given. */
	maxParallel?: number;
	/** The share of the org budget left to other integrations (Budget Reserve); the governor's default when not given. */
	reserveShare?: number;
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

/** One request, ready to send as often as it takes. */
interface Call {
	request: KustomerRequest;
	options: IHttpRequestOptions;
	traits: RetryTraits;
	errorContext: ErrorContext;
}

/** What one attempt brought back. */
interface Attempt {
	outcome: AttemptOutcome;
	body?: unknown;
}

const REQUEST_TIMEOUT_MS = 60_000;

/**
 * Talks to Kustomer for one node run: builds URLs from the credential, lets its rate governor
 * pace every request, retries what is safe to retry, and turns failures into node errors
 * without the API key. Create one per execute()/hook/loadOptions call: its governor is the
 * run's, and it keeps nothing between runs.
 */
export class KustomerClient {
	readonly clock: Clock;
	readonly governor: RateGovernor;
	private connectionPromise?: Promise<Connection>;
	/** Kustomer's Date header of the last answer, and this client's clock when it came. */
	private serverDate?: { serverMs: number; localMs: number };

	constructor(
		private readonly context: KustomerContext,
		options: ClientOptions = {},
	) {
		this.clock = options.clock ?? defaultTransportClock();
		this.governor = new RateGovernor(this.clock, options.maxParallel, MAX_RATE_LIMIT_WAIT_MS, options.reserveShare);
	}

	/** The node this client works for, to attach errors to. */
	get node(): INode {
		return this.context.getNode();
	}

	/** https://<org>.kustomerapp.com when the credential names the org, for links to records. */
	async appUrl(): Promise<string | undefined> {
		return (await this.connection()).appUrl;
	}

	/**
	 * Kustomer's time now, from the Date header of its last answer (RFC 9110: whole seconds, so
	 * up to a second behind) plus the time passed since; undefined before any answer had one.
	 */
	serverNow(): number | undefined {
		if (!this.serverDate) return undefined;
		return this.serverDate.serverMs + (this.clock.now() - this.serverDate.localMs);
	}

	private noteServerDate(headers: Record<string, unknown>): void {
		const serverMs = typeof headers.date === 'string' ? Date.parse(headers.date) : Number.NaN;
		if (!Number.isNaN(serverMs)) this.serverDate = { serverMs, localMs: this.clock.now() };
	}

	/** Waits, on the client's clock, unless the execution is cancelled meanwhile. */
	async sleep(ms: number): Promise<void> {
		if (ms > 0) await this.clock.sleep(ms, this.cancelSignal());
	}

	/** Sends one request and answers the parsed body (undefined for 204, or a tolerated 404). */
	async request<T = JsonApiDocument>(request: KustomerRequest): Promise<T | undefined> {
		const call = await this.prepare(request);
		const state: RetryState = { rateLimited: 0, failures: 0, backoffMs: 0 };
		let rateLimitWaitedMs = 0;
		let earlierMayHaveLanded = false;
		for (;;) {
			const { outcome, body } = await this.attempt(call, state, rateLimitWaitedMs);
			const notFound = 'status' in outcome && outcome.status === 404;
			if (notFound && (request.notFoundAsUndefined || (request.notFoundAfterRetryMeansDone && earlierMayHaveLanded))) return undefined;
			const step = nextStep(outcome, state, call.traits, this.clock.now(), this.clock.random());
			if (step.kind === 'done') return (body === '' || ('status' in outcome && outcome.status === 204) ? undefined : body) as T | undefined;
			if (step.kind === 'fail') {
				const existing = step.looksFirstMs && (await this.lookForWhatLanded(request, step.looksFirstMs, state));
				if (existing) return existing as T;
				throw this.failure(call, step, outcome, body, state, rateLimitWaitedMs);
			}
			if (step.kind === 'rateLimited') {
				state.rateLimited++;
				rateLimitWaitedMs += step.waitMs;
				await this.holdBack(call.request, step);
				continue;
			}
			earlierMayHaveLanded ||= mayHaveLanded(outcome);
			state.failures++;
			if (step.kind === 'settle') {
				const existing = await this.lookForWhatLanded(request, step.looksAfterMs, state);
				if (existing) return existing as T;
				continue;
			}
			state.backoffMs += step.waitMs;
			await this.sleep(step.waitMs);
		}
	}

	/**
	 * After a 429: the org's budget spent holds the whole run until the reset; a limit of the
	 * request's own (its record, its customer's creates, searches) holds the requests sharing
	 * it, and a request that shares none waits alone.
	 */
	private async holdBack(request: KustomerRequest, step: Extract<NextStep, { kind: 'rateLimited' }>): Promise<void> {
		const until = this.clock.now() + step.waitMs;
		if (step.scope === 'org') return this.governor.pause(until);
		const limit = ownLimitOf(request.cost ?? {});
		if (limit) this.governor.hold(limit, until);
		else await this.sleep(step.waitMs);
	}

	/**
	 * For a create that may have landed: waits, then looks for its record (findExisting reads
	 * Kustomer's direct lookups, never the search index), as often as the retry policy says,
	 * before the create is sent again or reported failed. Answers the record when one look finds it.
	 */
	private async lookForWhatLanded(request: KustomerRequest, looksAfterMs: number[], state: RetryState): Promise<JsonApiDocument | undefined> {
		for (const waitMs of looksAfterMs) {
			state.backoffMs += waitMs;
			await this.sleep(waitMs);
			const existing = await request.findExisting?.();
			if (existing) return existing;
		}
		return undefined;
	}

	/** The API origin requests go to (the credential's host), for checking addresses Kustomer hands out. */
	async apiOrigin(): Promise<string> {
		return (await this.connection()).baseUrl;
	}

	/** The HTTP options, retry traits and error context of a request. */
	private async prepare(request: KustomerRequest): Promise<Call> {
		const { baseUrl, secrets } = await this.connection();
		const unsafe = unsafePathProblem(request.path);
		if (unsafe) {
			throw new NodeOperationError(this.node, `Refused to send ${request.method} ${JSON.stringify(request.path.slice(0, 200))}: ${unsafe}`, {
				itemIndex: request.itemIndex,
				description: 'A value from an answer or an input reached a request path unchecked. Nothing was sent; report this with the execution log.',
			});
		}
		const retryable = request.retryable ?? isRetryableMethod(request.method);
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
		const errorContext: ErrorContext = {
			method: request.method,
			path: request.path,
			itemIndex: request.itemIndex,
			roles: request.roles,
			notFoundMessage: request.notFoundMessage,
			retryable: retryable || !!request.findExisting,
			secrets: [...secrets, ...(request.secrets ?? [])],
		};
		return { request, options, traits: { retryable, canFindExisting: !!request.findExisting }, errorContext };
	}

	/** One exchange with Kustomer, when the governor lets it go; never throws for HTTP or network failures. */
	private async attempt(call: Call, state: RetryState, rateLimitWaitedMs: number): Promise<Attempt> {
		const { request } = call;
		try {
			await this.governor.acquire(request.cost ?? {}, this.cancelSignal());
		} catch (error) {
			if (!(error instanceof RateLimitWaitTooLong)) throw asNodeError(this.node, error, request.itemIndex);
			throw rateLimitError(this.node, undefined, call.errorContext, {
				retries: state.rateLimited,
				waitedMs: rateLimitWaitedMs,
				askedMs: error.waitMs,
				boundMs: error.boundMs,
			});
		}
		let headers: Record<string, unknown> | undefined;
		try {
			const response = (await this.context.helpers.httpRequestWithAuthentication.call(
				this.context,
				CREDENTIAL_TYPE,
				{ ...call.options },
			)) as FullResponse;
			headers = response.headers ?? {};
			this.noteServerDate(headers);
			return { outcome: { status: response.statusCode, headers }, body: response.body };
		} catch (error) {
			if (this.cancelSignal()?.aborted) throw asNodeError(this.node, error, request.itemIndex);
			return { outcome: { networkCode: networkErrorCode(error) } };
		} finally {
			this.governor.release(headers);
		}
	}

	/** The node error for a request that will not be tried again. */
	private failure(
		call: Call,
		step: Extract<NextStep, { kind: 'fail' }>,
		outcome: AttemptOutcome,
		body: unknown,
		state: RetryState,
		rateLimitWaitedMs: number,
	): Error {
		if ('networkCode' in outcome) {
			return kustomerNetworkError(this.node, outcome.networkCode, call.errorContext, state.failures + 1);
		}
		if (step.reason === 'rateLimitRetries' || step.reason === 'rateLimitWait') {
			const askedMs = step.reason === 'rateLimitWait' ? rateLimitWaitMs(outcome.headers, this.clock.now(), 0) : undefined;
			return rateLimitError(this.node, body, call.errorContext, {
				retries: state.rateLimited,
				waitedMs: rateLimitWaitedMs,
				askedMs,
				boundMs: MAX_RATE_LIMIT_WAIT_MS,
			});
		}
		return kustomerApiError(this.node, outcome.status, body, call.errorContext);
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
}

const NETWORK_CODE = /^(E[A-Z0-9_]+|ERR_[A-Z0-9_]+|UND_ERR_[A-Z0-9_]+)$/;

function isErrorCode(value: unknown): value is string {
	return typeof value === 'string' && (NETWORK_CODE.test(value) || isTlsFailure(value));
}

/**
 * The network or TLS error code (ECONNRESET, CERT_HAS_EXPIRED, ...) inside whatever n8n wrapped it in. n8n 2.x keeps
 * the axios error as `cause`; n8n 1.x loses `cause` and keeps the code as `httpCode`.
 */
export function networkErrorCode(error: unknown): string | undefined {
	const queue: unknown[] = [error];
	for (let visited = 0; queue.length && visited < 10; visited++) {
		const current = queue.shift();
		if (!current || typeof current !== 'object') continue;
		const record = current as Record<string, unknown>;
		for (const key of ['code', 'httpCode', 'errno']) {
			if (isErrorCode(record[key])) return record[key];
		}
		queue.push(record.cause, record.errorResponse, record.reason);
	}
	return undefined;
}

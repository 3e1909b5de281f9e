/**
 * The trigger's webhook(): one delivery from Kustomer. Verified first; then the signed body
 * alone decides what it is (the unsigned `X-Kustomer-Webhook-Event` header never does). A
 * delivery that verifies but cannot be used is acknowledged (2xx) with a warning in n8n's log
 * and starts nothing: a 4xx would make Kustomer retry it for an hour and then switch the whole
 * webhook off (developer.kustomer.com docs/events/delivery-and-retries).
 */
import { createHash, randomBytes } from 'crypto';
import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { REPLAY_WINDOW_MS, UNCONFIRMED_CLAIM_MS } from '../shared/dedupe';
import { EVENT_HEADER } from '../shared/signature';
import type { KustomerEvent } from '../shared/webhookEvents';
import { attributeChanges, changedAny, parseAttributePatterns, simplifyEvent } from '../shared/webhookEvents';
import { defaultTransportClock } from '../transport/clock';
import { eventAppPath } from './appLinks';
import { triggerFilters } from './settings';
import { DELIVERY_FIELD } from './deliveryItems';
import { claims, triggerKey } from './processMemory';
import { verifyDelivery } from './verification';

type RawRequest = ReturnType<IWebhookFunctions['getRequestObject']> & {
	rawBody?: Buffer | string;
	readRawBody?: () => Promise<void>;
};

/** The bytes Kustomer sent (n8n keeps them as req.rawBody), never a re-serialized body. */
async function rawBody(request: RawRequest): Promise<Buffer | string | undefined> {
	if (request.rawBody === undefined && typeof request.readRawBody === 'function') await request.readRawBody();
	return request.rawBody;
}

/** Answers itself with `status` and starts nothing. */
function answer(context: IWebhookFunctions, status: number, body: IDataObject, headers: Record<string, string> = {}): IWebhookResponseData {
	const response = context.getResponseObject();
	response.writeHead(status, { 'Content-Type': 'application/json', ...headers });
	response.end(JSON.stringify(body));
	return { noWebhookResponse: true };
}

/** 401 for a delivery that does not verify. The reason is logged, never echoed to the sender. */
function reject(context: IWebhookFunctions, reason: string): IWebhookResponseData {
	context.logger.warn(`Kustomer Trigger rejected a delivery: ${reason}`);
	return answer(context, 401, { message: 'Unauthorized' });
}

/** 200 so Kustomer stops re-sending; starts nothing. */
function acknowledge(ignored: string): IWebhookResponseData {
	return { webhookResponse: { received: true, ignored } };
}

/** 200 for a verified delivery that cannot be used, with a warning naming why. */
function unusable(context: IWebhookFunctions, why: string): IWebhookResponseData {
	context.logger.warn(`Kustomer Trigger acknowledged a verified delivery it cannot use: ${why}; nothing started`);
	return acknowledge(why);
}

/**
 * Settles a claim by n8n's answer to its delivery: 2xx means n8n made the execution, so
 * repeats are duplicates; anything else (n8n could not start it), or a connection closed
 * before an answer, releases the claim so that Kustomer's repeat runs.
 */
function settleByAnswer(context: IWebhookFunctions, trigger: string, key: string): void {
	const response = context.getResponseObject();
	const settle = () => {
		const taken = response.writableFinished && response.statusCode >= 200 && response.statusCode < 300;
		if (taken) claims.confirm(trigger, [key], defaultTransportClock().now());
		else claims.release(trigger, key);
	};
	response.once('finish', settle);
	response.once('close', settle);
}

/** 503 with Retry-After: Kustomer tries again (its next retry comes a minute later at the soonest). */
function retryLater(context: IWebhookFunctions): IWebhookResponseData {
	return answer(context, 503, { message: 'The first copy of this event has not run yet; try again' }, { 'Retry-After': String(UNCONFIRMED_CLAIM_MS / 1000) });
}

function parseBody(body: Buffer | string): unknown {
	try {
		return JSON.parse(Buffer.isBuffer(body) ? body.toString('utf8') : body) as unknown;
	} catch {
		return undefined;
	}
}

/** Why the signed body is not an event this trigger can use, or the event. */
function eventOf(body: Buffer | string, now: number): KustomerEvent | string {
	const parsed = parseBody(body);
	if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return 'the signed body is not a JSON object';
	const event = parsed as KustomerEvent;
	if (typeof event.name !== 'string' || event.name === '') return 'the signed body names no event';
	const createdAt = typeof event.createdAt === 'string' ? Date.parse(event.createdAt) : Number.NaN;
	if (now - createdAt > REPLAY_WINDOW_MS) return `a replay: the event was made at ${String(event.createdAt)}, more than 2 hours ago`;
	return event;
}

/** Why the node's options drop a verified event (answered 200, nothing started), or undefined. */
function filteredReason(context: IWebhookFunctions, event: KustomerEvent, name: string): string | undefined {
	if (!(context.getNodeParameter('events', []) as string[]).includes(name)) return 'event not selected';
	const filters = triggerFilters(context);
	const patterns = parseAttributePatterns(filters.changedAttributes);
	if (patterns.length && name.endsWith('.update') && !changedAny(attributeChanges(event), patterns)) return 'no watched attribute changed';
	const direction = filters.messageDirection;
	if (name.startsWith('kustomer.message.') && (direction === 'in' || direction === 'out')) {
		if (event.data?.attributes?.direction !== direction) return 'other message direction';
	}
	return undefined;
}

/** What recognizes a repeat: the event id, or for a body without one, the body's own digest. */
function eventKey(event: KustomerEvent, body: Buffer | string): string {
	if (typeof event.id === 'string' && event.id !== '') return event.id;
	return `sha256:${createHash('sha256').update(body).digest('hex')}`;
}

/**
 * Handles one delivery: verifies it (signature or secret header, over the raw bytes), reads
 * the signed body, acknowledges what cannot or need not run, claims the event, and starts
 * one execution, its item carrying the event's key and this delivery's nonce for the first step.
 */
export async function receiveEvent(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const now = defaultTransportClock().now();
	const request = this.getRequestObject() as RawRequest;
	const body = await rawBody(request);
	const verification = await verifyDelivery(this, request, body, now);
	if ('problem' in verification) return reject(this, verification.problem);
	const event = body === undefined ? 'the delivery has no body' : eventOf(body, now);
	if (typeof event === 'string') return unusable(this, event);
	const name = event.name as string;
	const headerEvent = request.headers[EVENT_HEADER];
	if (headerEvent !== undefined && headerEvent !== name) {
		this.logger.debug(`Kustomer Trigger: the unsigned event header "${String(headerEvent)}" differs from the signed event "${name}"; the signed body counts`);
	}
	const filtered = filteredReason(this, event, name);
	if (filtered) return acknowledge(filtered);

	const key = eventKey(event, body as Buffer | string);
	// Test deliveries (Listen for test event) are never claimed, so they never hide a production one.
	if (this.getMode() !== 'manual') {
		const claim = claims.claim(triggerKey(this), key, now);
		if (claim === 'duplicate') return acknowledge('duplicate');
		if (claim === 'pending') return retryLater(this);
		settleByAnswer(this, triggerKey(this), key);
	}
	const raw = this.getNodeParameter('output', 'simplified') === 'raw';
	const json = raw ? ({ ...event } as IDataObject) : simplifyEvent(event);
	// Raw output stays exactly what Kustomer sent; the simplified record gets its link in the first step.
	const appPath = raw ? undefined : eventAppPath(event);
	json[DELIVERY_FIELD] = { key, nonce: randomBytes(12).toString('hex'), ...(appPath ? { appPath } : {}) };
	return { workflowData: [[{ json }]] };
}

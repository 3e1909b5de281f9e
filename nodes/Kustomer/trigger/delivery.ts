import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { EVENT_HEADER, SIGNATURE_HEADER, verifySharedSecret, verifySignature } from '../shared/signature';
import type { KustomerEvent } from '../shared/webhookEvents';
import { attributeChanges, changedAny, parseAttributePatterns, simplifyEvent } from '../shared/webhookEvents';
import { acceptedEvents, claimKey } from './claims';
import type { TriggerState } from './registration';
import { AUTOMATIC_VERIFICATION_HEADER, isManual } from './registration';

export const WEBHOOK_SECRET_CREDENTIAL = 'kustomerWebhookApi';

type RawRequest = ReturnType<IWebhookFunctions['getRequestObject']> & {
	rawBody?: Buffer | string;
	readRawBody?: () => Promise<void>;
};

/** The bytes Kustomer sent (n8n keeps them as req.rawBody), never a re-serialized body. */
async function rawBody(request: RawRequest): Promise<Buffer | string | undefined> {
	if (request.rawBody === undefined && typeof request.readRawBody === 'function') await request.readRawBody();
	return request.rawBody;
}

/** Answers 401 itself and starts nothing. The reason is logged, never echoed to the sender. */
function reject(context: IWebhookFunctions, reason: string): IWebhookResponseData {
	context.logger.warn(`Kustomer Trigger rejected a delivery: ${reason}`);
	const response = context.getResponseObject();
	response.writeHead(401, { 'Content-Type': 'application/json' });
	response.end(JSON.stringify({ message: 'Unauthorized' }));
	return { noWebhookResponse: true };
}

/** Answers 200 so Kustomer stops re-sending, and starts nothing. */
function acknowledge(ignored: string): IWebhookResponseData {
	return { webhookResponse: { received: true, ignored } };
}

function header(request: RawRequest, name: string): unknown {
	return request.headers[name.toLowerCase()];
}

function parseEvent(body: Buffer | string): KustomerEvent | undefined {
	try {
		const parsed = JSON.parse(Buffer.isBuffer(body) ? body.toString('utf8') : body) as unknown;
		return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as KustomerEvent) : undefined;
	} catch {
		return undefined;
	}
}

/** Why a delivery is not proven to come from Kustomer, or undefined when it is. */
async function unverifiedReason(context: IWebhookFunctions, request: RawRequest, body: Buffer | string | undefined): Promise<string | undefined> {
	const automatic = !isManual(context);
	const verification = context.getNodeParameter('verification', 'signature') as string;
	const data = context.getWorkflowStaticData('node') as TriggerState;
	let secret: string | undefined;
	if (automatic) {
		secret = verification === 'signature' ? data.webhookToken : data.headerSecret;
	} else {
		secret = String((await context.getCredentials(WEBHOOK_SECRET_CREDENTIAL)).secret ?? '') || undefined;
	}
	if (!secret) return 'no secret to verify with (activate the workflow again, or set the credential)';
	if (verification === 'signature') {
		return verifySignature(body, secret, header(request, SIGNATURE_HEADER)) ? undefined : 'missing or wrong X-Kustomer-Webhook-Signature';
	}
	const headerName = automatic ? AUTOMATIC_VERIFICATION_HEADER : String(context.getNodeParameter('verificationHeaderName', ''));
	if (!headerName || !verifySharedSecret(header(request, headerName), secret)) return `missing or wrong ${headerName || 'secret'} header`;
	return undefined;
}

/** Why the node's options drop a verified event (answered 200, nothing started), or undefined. */
function filteredReason(context: IWebhookFunctions, event: KustomerEvent, name: string): string | undefined {
	const options = context.getNodeParameter('options', {}) as IDataObject;
	const patterns = parseAttributePatterns(options.changedAttributes);
	if (patterns.length && name.endsWith('.update') && !changedAny(attributeChanges(event), patterns)) {
		return 'no watched attribute changed';
	}
	const direction = options.messageDirection;
	if (name.startsWith('kustomer.message.') && (direction === 'in' || direction === 'out')) {
		if (event.data?.attributes?.direction !== direction) return 'other message direction';
	}
	return undefined;
}

/**
 * Handles one delivery: verifies it came from Kustomer (signature or shared-secret header,
 * over the raw bytes), acknowledges without an execution an event this trigger does not
 * select, drops repeats of an event id, applies the filters, and starts one execution.
 */
export async function receiveEvent(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const request = this.getRequestObject() as RawRequest;
	const body = await rawBody(request);
	const unverified = await unverifiedReason(this, request, body);
	if (unverified) return reject(this, unverified);

	const event = body === undefined ? undefined : parseEvent(body);
	if (!event) return reject(this, 'the signed body is not a JSON event');
	const headerEvent = header(request, EVENT_HEADER);
	const name = event.name ?? (typeof headerEvent === 'string' ? headerEvent : undefined);
	if (!name) return reject(this, 'the signed body names no event');
	if (typeof headerEvent === 'string' && headerEvent !== name) {
		return reject(this, `the event header "${headerEvent}" does not match the signed event "${name}"`);
	}
	// A genuine event the trigger no longer selects (the webhook still lists it, e.g. while
	// it is re-registered): a 4xx would make Kustomer retry it for an hour and then switch the
	// whole webhook off, so it is acknowledged and starts nothing.
	if (!(this.getNodeParameter('events', []) as string[]).includes(name)) return acknowledge('event not selected');

	// Kustomer delivers at least once: a repeated event id starts nothing.
	const eventId = event.id ? String(event.id) : undefined;
	const recent = (this.getWorkflowStaticData('node') as TriggerState).recentEventIds;
	if (eventId && recent?.includes(eventId)) return acknowledge('duplicate');
	const filtered = filteredReason(this, event, name);
	if (filtered) return acknowledge(filtered);

	// Only an event that starts an execution is claimed: a filtered one is filtered again when
	// repeated. Nothing is written to static data here (n8n would not keep it once an execution
	// starts, and a request that saves nothing cannot save over a running execution's ids); the
	// execution records the id (KustomerTrigger.execute). Test deliveries are never claimed.
	if (eventId && this.getMode() !== 'manual' && !acceptedEvents.claim(claimKey(this), eventId)) {
		return acknowledge('duplicate');
	}

	const json = this.getNodeParameter('output', 'simplified') === 'raw' ? (event as IDataObject) : simplifyEvent(event);
	return { workflowData: [[{ json }]] };
}

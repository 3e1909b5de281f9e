import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { rememberEvent } from '../shared/dedupe';
import { EVENT_HEADER, SIGNATURE_HEADER, verifySharedSecret, verifySignature } from '../shared/signature';
import type { KustomerEvent } from '../shared/webhookEvents';
import { attributeChanges, changedAny, parseAttributePatterns, simplifyEvent } from '../shared/webhookEvents';
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

/**
 * Adds ids to the dedupe window in static data. The list is assigned anew: n8n tracks changes
 * through the objects it wrapped on load, and a list created here was not one of them.
 */
function rememberEventIds(data: TriggerState, ids: string[]): void {
	const recent = [...(data.recentEventIds ?? [])];
	for (const id of ids) rememberEvent(recent, id);
	data.recentEventIds = recent;
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

/**
 * Handles one delivery: verifies it came from Kustomer (signature or shared-secret header,
 * over the raw bytes), acknowledges without an execution an event this trigger does not
 * select, drops repeats of an event id, applies the filters, and starts one execution.
 */
export async function receiveEvent(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const request = this.getRequestObject() as RawRequest;
	const automatic = !isManual(this);
	const verification = this.getNodeParameter('verification', 'signature') as string;
	const data = this.getWorkflowStaticData('node') as TriggerState;

	let secret: string | undefined;
	if (automatic) {
		secret = verification === 'signature' ? data.webhookToken : data.headerSecret;
	} else {
		secret = String((await this.getCredentials(WEBHOOK_SECRET_CREDENTIAL)).secret ?? '') || undefined;
	}
	if (!secret) return reject(this, 'no secret to verify with (activate the workflow again, or set the credential)');

	const body = await rawBody(request);
	if (verification === 'signature') {
		if (!verifySignature(body, secret, header(request, SIGNATURE_HEADER))) {
			return reject(this, 'missing or wrong X-Kustomer-Webhook-Signature');
		}
	} else {
		const headerName = automatic ? AUTOMATIC_VERIFICATION_HEADER : String(this.getNodeParameter('verificationHeaderName', ''));
		if (!headerName || !verifySharedSecret(header(request, headerName), secret)) {
			return reject(this, `missing or wrong ${headerName || 'secret'} header`);
		}
	}

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
	const events = this.getNodeParameter('events', []) as string[];
	if (!events.includes(name)) return acknowledge('event not selected');

	// Kustomer delivers at least once: a repeated event id starts nothing.
	const eventId = event.id ? String(event.id) : undefined;
	if (eventId && data.recentEventIds?.includes(eventId)) return acknowledge('duplicate');

	const options = this.getNodeParameter('options', {}) as IDataObject;
	const patterns = parseAttributePatterns(options.changedAttributes);
	if (patterns.length && name.endsWith('.update') && !changedAny(attributeChanges(event), patterns)) {
		return acknowledge('no watched attribute changed');
	}
	const direction = options.messageDirection;
	if (name.startsWith('kustomer.message.') && (direction === 'in' || direction === 'out')) {
		if (event.data?.attributes?.direction !== direction) return acknowledge('other message direction');
	}

	// Only an event that starts an execution is remembered: a filtered one is filtered again
	// when repeated, and a request that leaves static data alone cannot save over the ids a
	// running execution is about to save.
	if (eventId) rememberEventIds(data, [eventId]);

	const json = this.getNodeParameter('output', 'simplified') === 'raw' ? (event as IDataObject) : simplifyEvent(event);
	return { workflowData: [[{ json }]] };
}

/**
 * Records the event ids of a started execution's items in the dedupe window, from inside the
 * execution, so n8n saves them with it (see KustomerTrigger.execute).
 */
export function keepEventIds(context: IExecuteFunctions, items: INodeExecutionData[]): void {
	const ids = items.map(({ json }) => json.eventId ?? json.id).filter((id): id is string => typeof id === 'string' && id !== '');
	rememberEventIds(context.getWorkflowStaticData('node') as TriggerState, ids);
}

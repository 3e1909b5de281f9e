import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { EventClaims, PROCESSED_WINDOW, rememberEvent } from '../shared/dedupe';
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

/** The event ids this process accepted (see EventClaims): one instance per n8n process. */
export const acceptedEvents = new EventClaims();

/** Claims are per trigger node of a workflow (the node id survives renames). */
function claimKey(context: IWebhookFunctions | IExecuteFunctions): string {
	return `${String(context.getWorkflow().id)}/${context.getNode().id}`;
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

function eventIdOf(item: INodeExecutionData): string | undefined {
	const id = item.json.eventId ?? item.json.id;
	return typeof id === 'string' && id !== '' ? id : undefined;
}

/**
 * Records ids in n8n's processed-data table and answers those recorded before. Each call reads
 * and rewrites the node's row; the first call for a node inserts it, and two first calls at
 * the same moment collide on its primary key, so one failed call is repeated once.
 */
async function recordProcessed(context: IExecuteFunctions, ids: string[]): Promise<Set<string>> {
	if (!ids.length || typeof context.helpers.checkProcessedAndRecord !== 'function') return new Set();
	const record = async () =>
		await context.helpers.checkProcessedAndRecord(ids, 'node', { mode: 'entries', maxEntries: PROCESSED_WINDOW });
	let result: Awaited<ReturnType<typeof record>>;
	try {
		result = await record();
	} catch (error) {
		context.logger.debug(`Kustomer Trigger: recording event ids failed once, trying again: ${String(error)}`);
		result = await record();
	}
	return new Set(result.processed.map(String));
}

/**
 * The first step of an execution a delivery started: records its event ids where they
 * outlive this process, and answers the items to run, without any event recorded before.
 * - n8n's processed-data table (`checkProcessedAndRecord`): written now, at the start of the
 *   execution, and kept per node id; catches a copy that reached an execution through
 *   another process (queue mode) or after a restart.
 * - static data: n8n saves it with the execution when it ends, and webhook() reads it before
 *   starting anything, so later copies start no execution at all. Each execution writes every
 *   id this process saw run, so overlapping executions do not erase each other's.
 * Manual (test) executions record nothing, so a test event never hides a production one.
 * An execution n8n started without the stored static data (n8n 2.41 in queue mode) leaves
 * static data alone.
 */
export async function admitExecutionItems(context: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	if (context.getMode() === 'manual') return items;
	const ids = items.map(eventIdOf).filter((id): id is string => id !== undefined);
	acceptedEvents.confirm(claimKey(context), ids);
	const processed = await recordProcessed(context, ids);
	const fresh = items.filter((item) => !processed.has(eventIdOf(item) ?? ''));
	if (fresh.length < items.length) {
		context.logger.info(`Kustomer Trigger: ${items.length - fresh.length} event(s) already processed by another execution; skipped`);
	}
	const data = context.getWorkflowStaticData('node') as TriggerState;
	if (Object.keys(data).length === 0) {
		// n8n 2.41 in queue mode starts a worker's execution without the stored static data;
		// writing to it would make n8n save this near-empty copy over the registration.
		context.logger.debug('Kustomer Trigger: static data not loaded for this execution; ids kept in n8n processed data only');
		return fresh;
	}
	// Every id this process saw run, not just this execution's: static data is saved whole when
	// an execution ends, and executions that overlap would otherwise save over each other's ids.
	rememberEventIds(data, acceptedEvents.confirmed(claimKey(context)));
	return fresh;
}

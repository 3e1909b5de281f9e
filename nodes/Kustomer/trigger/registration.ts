import { randomBytes } from 'crypto';
import type { IDataObject, IHookFunctions, IWebhookFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { ROLES } from '../shared/roles';
import { isKustomerEventName, matchablePatterns, MAX_EVENTS_PER_WEBHOOK, parseAttributePatterns } from '../shared/webhookEvents';
import type { JsonApiResource } from '../transport';
import { asNodeError, CREDENTIAL_TYPE, getAllPages, isLoopbackOrigin, KustomerClient, kustomerBaseUrl, recordsOf } from '../transport';

/** What a trigger keeps in its node's static data (per workflow, per node name). */
export interface TriggerState extends IDataObject {
	/**
	 * Written at every activation, kept when the registration is forgotten: an execution that
	 * finds its node's static data empty knows n8n did not load it (n8n 2.41 queue mode) and
	 * must not write, or n8n would save that near-empty copy over the stored one.
	 */
	registration?: 'automatic' | 'manual';
	webhookId?: string;
	webhookToken?: string;
	headerSecret?: string;
	webhookUrl?: string;
	recentEventIds?: string[];
}

/** The custom header an automatically registered webhook carries its shared secret in. */
export const AUTOMATIC_VERIFICATION_HEADER = 'X-N8n-Kustomer-Secret';

/** Kustomer's limit of user-created outbound webhooks per org. */
export const MAX_WEBHOOKS_PER_ORG = 5;

const COLLECTION = '/v1/outbound-webhooks';

/** Whether the user registers the webhook in Kustomer themselves (read at activation and per delivery). */
export function isManual(context: IHookFunctions | IWebhookFunctions): boolean {
	return context.getNodeParameter('registration', 'automatic') === 'manual';
}

function state(context: IHookFunctions): TriggerState {
	return context.getWorkflowStaticData('node') as TriggerState;
}

/** Forgets the registration (ids, token, URL); keeps the list of recent event ids. */
function forget(data: TriggerState): void {
	delete data.webhookId;
	delete data.webhookToken;
	delete data.headerSecret;
	delete data.webhookUrl;
}

/** The selected events, checked against Kustomer's rules. */
export function selectedEvents(context: IHookFunctions): string[] {
	const events = [...new Set((context.getNodeParameter('events', []) as string[]).map(String))];
	if (events.length === 0) {
		throw new NodeOperationError(context.getNode(), 'Choose at least one event in "Event Names or IDs"');
	}
	if (events.length > MAX_EVENTS_PER_WEBHOOK) {
		throw new NodeOperationError(
			context.getNode(),
			`Kustomer accepts at most ${MAX_EVENTS_PER_WEBHOOK} events per webhook; ${events.length} are selected`,
			{ description: 'Remove some events, or split them over two Kustomer Trigger nodes.' },
		);
	}
	const unknown = events.filter((event) => !isKustomerEventName(event));
	if (unknown.length) {
		throw new NodeOperationError(context.getNode(), `Not a Kustomer event: ${unknown.join(', ')}`, {
			description: 'Events look like kustomer.conversation.update. Pick them from the list.',
		});
	}
	return events;
}

function webhookUrl(context: IHookFunctions): string {
	const url = context.getNodeWebhookUrl('default');
	if (!url) throw new NodeOperationError(context.getNode(), 'n8n did not give this trigger a webhook URL');
	return url;
}

/** A name that tells people in Kustomer's settings which workflow the webhook belongs to. */
function webhookName(context: IHookFunctions): string {
	const workflow = context.getWorkflow();
	return `n8n: ${workflow.name ?? 'workflow'} [${workflow.id ?? '?'}] / ${context.getNode().name}`.slice(0, 255);
}

function attributes(record: JsonApiResource | undefined): IDataObject {
	return { ...(record as IDataObject | undefined), ...(record?.attributes ?? {}) };
}

async function fetchWebhook(client: KustomerClient, id: string): Promise<JsonApiResource | undefined> {
	const document = await client.request({
		method: 'GET',
		path: `${COLLECTION}/${encodeURIComponent(id)}`,
		roles: ROLES.outboundWebhookRead,
		notFoundAsUndefined: true,
	});
	return recordsOf(document)[0];
}

async function listWebhooks(client: KustomerClient): Promise<JsonApiResource[]> {
	return await getAllPages(client, { path: COLLECTION, roles: ROLES.outboundWebhookRead });
}

async function deleteWebhook(client: KustomerClient, id: string): Promise<void> {
	await client.request({
		method: 'DELETE',
		path: `${COLLECTION}/${encodeURIComponent(id)}`,
		roles: ROLES.outboundWebhookDelete,
		notFoundAsUndefined: true,
	});
}

function sameEvents(a: unknown, b: string[]): boolean {
	const left = Array.isArray(a) ? a.map(String).sort() : [];
	return JSON.stringify(left) === JSON.stringify([...b].sort());
}

interface WebhookHeader {
	name: string;
	value: string;
}

/** A webhook's custom headers as comparable "name: value" lines (names are case-insensitive). */
function headerLines(headers: unknown): string[] {
	const list = Array.isArray(headers) ? (headers as Array<Partial<WebhookHeader> | null>) : [];
	return list.map((header) => `${String(header?.name ?? '').toLowerCase()}: ${String(header?.value ?? '')}`).sort();
}

/**
 * The value of our shared-secret header on a webhook in Kustomer: undefined without the
 * header, '' when Kustomer does not show header values.
 */
function registeredSecret(details: IDataObject): string | undefined {
	const prefix = `${AUTOMATIC_VERIFICATION_HEADER.toLowerCase()}: `;
	return headerLines(details.headers).find((line) => line.startsWith(prefix))?.slice(prefix.length);
}

type Replacement = 'disabled' | 'events' | 'verification';

/**
 * Why our registered webhook must be replaced, if it must: Kustomer switched it off, it has
 * other events than the node selects, or it does not carry what "Verify With" now checks
 * (the shared-secret header with the secret we keep, or no such header for Signature).
 */
function replacementReason(context: IHookFunctions, data: TriggerState, details: IDataObject): Replacement | undefined {
	if (details.enabled === false) return 'disabled';
	if (!sameEvents(details.events, selectedEvents(context))) return 'events';
	const verification = context.getNodeParameter('verification', 'signature') as string;
	const secret = registeredSecret(details);
	const verifies =
		verification === 'sharedSecretHeader'
			? !!data.headerSecret && (secret === data.headerSecret || secret === '')
			: secret === undefined && !data.headerSecret;
	return verifies ? undefined : 'verification';
}

/** The fix when the old webhook could not be removed to register a new one. */
const REMOVE_OLD_WEBHOOK = 'Give the API key the {role} role, or delete webhook "{name}" in Kustomer and activate again.';

const REPLACEMENT_FAILURES: Record<Replacement, { message: string; fix: string }> = {
	disabled: {
		message: "Kustomer switched this trigger's webhook off after failed deliveries and it could not be re-registered",
		fix: 'Turn webhook "{name}" on again in Kustomer (Settings > Platform > Outbound Webhooks), or give the API key the {role} role so the trigger can replace it.',
	},
	events: {
		message: 'The events changed and the old webhook could not be removed',
		fix: REMOVE_OLD_WEBHOOK,
	},
	verification: {
		message: '"Verify With" changed and the old webhook could not be removed',
		fix: REMOVE_OLD_WEBHOOK,
	},
};

/** Refuses, at activation, an Only When Changed pattern that could never start the workflow. */
function checkChangedAttributes(context: IHookFunctions): void {
	const options = context.getNodeParameter('options', {}) as IDataObject;
	matchablePatterns(context.getNode(), parseAttributePatterns(options.changedAttributes));
}

/**
 * Whether our webhook is registered and usable. Finds it by the stored id and URL. A webhook
 * that is gone or now points elsewhere is forgotten (nothing is deleted: it may not be ours
 * any more). One Kustomer switched off after failed deliveries, with other events than the
 * node now selects, or registered for another "Verify With", is removed so `create`
 * registers it afresh.
 */
export async function webhookExists(this: IHookFunctions): Promise<boolean> {
	checkChangedAttributes(this);
	const data = state(this);
	const registration = isManual(this) ? 'manual' : 'automatic';
	if (data.registration !== registration) data.registration = registration;
	if (registration === 'manual') return true;
	if (!data.webhookId) return false;

	const client = new KustomerClient(this);
	const hook = await fetchWebhook(client, data.webhookId);
	const details = attributes(hook);
	if (!hook || details.url !== webhookUrl(this)) {
		this.logger.info(
			`Kustomer Trigger: webhook ${data.webhookId} ${hook ? 'now points elsewhere' : 'no longer exists'}; registering a new one`,
		);
		forget(data);
		return false;
	}

	const reason = replacementReason(this, data, details);
	if (reason) {
		this.logger.info(`Kustomer Trigger: replacing webhook ${hook.id} (${reason === 'disabled' ? 'Kustomer switched it off after failed deliveries' : `${reason} changed`})`);
		try {
			await deleteWebhook(client, hook.id);
		} catch (error) {
			const cause = asNodeError(this.getNode(), error);
			const failure = REPLACEMENT_FAILURES[reason];
			throw new NodeOperationError(this.getNode(), `${failure.message}: ${cause.message}`, {
				description: failure.fix.replace('{name}', String(details.name)).replace('{role}', ROLES.outboundWebhookDelete[0]),
			});
		}
		forget(data);
		return false;
	}

	// Kustomer lets the token be read again; recover it if static data lost it.
	if (!data.webhookToken && typeof details.token === 'string') data.webhookToken = details.token;
	return true;
}

/** Explains a failed registration: missing role, the org's webhook limit, or Kustomer's own reason. */
async function registrationError(
	context: IHookFunctions,
	client: KustomerClient,
	error: unknown,
): Promise<NodeApiError | NodeOperationError> {
	const nodeError = asNodeError(context.getNode(), error);
	const status = nodeError instanceof NodeApiError ? Number(nodeError.httpCode) : NaN;
	if (status === 401 || status === 403) {
		return new NodeOperationError(context.getNode(), `The API key may not register webhooks (${status})`, {
			description: `Create a key with the ${ROLES.outboundWebhookCreate[0]}, ${ROLES.outboundWebhookRead[0]} and ${ROLES.outboundWebhookDelete[0]} roles. Or set Registration to "Manual" and add the webhook in Kustomer yourself (see the node's notice).`,
		});
	}
	if (status >= 400 && status < 500) {
		// Whether the org is at its webhook limit decides the message; without the list, Kustomer's own error stands.
		const existing = await listWebhooks(client).catch((listError: unknown) => {
			context.logger.debug(`Kustomer Trigger: could not list webhooks to explain a failed registration: ${String(listError)}`);
			return undefined;
		});
		if (existing && existing.length >= MAX_WEBHOOKS_PER_ORG) {
			const names = existing.map((hook) => `"${String(attributes(hook).name ?? hook.id)}"`).join(', ');
			return new NodeOperationError(
				context.getNode(),
				`Kustomer allows ${MAX_WEBHOOKS_PER_ORG} outbound webhooks per org, and all ${existing.length} are in use`,
				{
					description: `Delete one you no longer need in Kustomer (Settings > Platform > Outbound Webhooks): ${names}. Or deactivate another Kustomer Trigger workflow, or point one webhook at this node in Manual mode.`,
				},
			);
		}
	}
	return nodeError;
}

/** Whether a webhook in Kustomer is exactly the one `body` asked for. */
function isWebhookWeSent(details: IDataObject, body: IDataObject): boolean {
	return (
		details.url === body.url &&
		details.name === body.name &&
		sameEvents(details.events, body.events as string[]) &&
		JSON.stringify(headerLines(details.headers)) === JSON.stringify(headerLines(body.headers))
	);
}

/** Kustomer delivers only to https: a plain http URL is refused before Kustomer is called (a sandbox on this machine excepted). */
async function assertDeliverable(context: IHookFunctions, url: string): Promise<void> {
	const credentials = await context.getCredentials(CREDENTIAL_TYPE);
	const origin = kustomerBaseUrl(credentials);
	if ((credentials.host === 'custom' && 'url' in origin && isLoopbackOrigin(origin.url)) || url.startsWith('https://')) return;
	throw new NodeOperationError(context.getNode(), `Kustomer only delivers to https URLs; this trigger's URL is ${url}`, {
		description:
			'Run n8n behind https, or expose a local n8n with a tunnel (e.g. cloudflared or ngrok) and set N8N_WEBHOOK_URL (WEBHOOK_URL on n8n 1.x) to the public https address, then activate again. Or use Manual mode with a URL you register yourself.',
	});
}

/** POST /v1/outbound-webhooks; a dropped connection adopts only the webhook exactly as sent. */
async function createWebhook(context: IHookFunctions, client: KustomerClient, body: IDataObject): Promise<JsonApiResource> {
	let created: JsonApiResource | undefined;
	try {
		created = recordsOf(
			await client.request({
				method: 'POST',
				path: COLLECTION,
				body,
				roles: ROLES.outboundWebhookCreate,
				// The shared secret header's value stays out of any error that echoes the body.
				secrets: ((body.headers ?? []) as WebhookHeader[]).map((header) => header.value),
				// A dropped connection is followed up by looking for the webhook it may have made:
				// same name, URL, events and headers. Anything else may be someone else's.
				findExisting: async () => {
					const found = (await listWebhooks(client)).find((hook) => isWebhookWeSent(attributes(hook), body));
					return found ? { data: found } : undefined;
				},
			}),
		)[0];
	} catch (error) {
		throw await registrationError(context, client, error);
	}
	if (!created?.id) {
		throw new NodeOperationError(context.getNode(), 'Kustomer registered the webhook but returned no id');
	}
	return created;
}

/**
 * The new webhook's signing token (read again when the create's answer lacks it). Signature
 * verification without one is impossible: the webhook is removed again and activation fails.
 */
async function signingToken(context: IHookFunctions, client: KustomerClient, created: JsonApiResource, verification: string): Promise<string | undefined> {
	let token = attributes(created).token;
	if (typeof token !== 'string' || token === '') token = attributes(await fetchWebhook(client, created.id)).token;
	if (typeof token === 'string' && token !== '') return token;
	if (verification !== 'signature') return undefined;
	await deleteWebhook(client, created.id);
	throw new NodeOperationError(context.getNode(), 'Kustomer returned no signing token for the webhook', {
		description: 'Deliveries could not be verified, so the webhook was removed again. Set "Verify With" to "Shared Secret Header" and activate again.',
	});
}

/** Registers our webhook with Kustomer and keeps its id and signing token in static data. */
export async function registerWebhook(this: IHookFunctions): Promise<boolean> {
	if (isManual(this)) return true;
	const events = selectedEvents(this);
	const url = webhookUrl(this);
	await assertDeliverable(this, url);

	const verification = this.getNodeParameter('verification', 'signature') as string;
	const headerSecret = verification === 'sharedSecretHeader' ? randomBytes(32).toString('hex') : undefined;
	const body: IDataObject = { name: webhookName(this), url, events, enabled: true };
	if (headerSecret) body.headers = [{ name: AUTOMATIC_VERIFICATION_HEADER, value: headerSecret }];

	const client = new KustomerClient(this);
	const created = await createWebhook(this, client, body);
	const token = await signingToken(this, client, created, verification);

	const data = state(this);
	data.registration = 'automatic';
	data.webhookId = created.id;
	data.webhookUrl = url;
	if (token) data.webhookToken = token;
	if (headerSecret) data.headerSecret = headerSecret;
	return true;
}

/** Removes the webhook this node registered, and only that one. */
export async function unregisterWebhook(this: IHookFunctions): Promise<boolean> {
	if (isManual(this)) return true;
	const data = state(this);
	if (!data.webhookId) return true;
	const client = new KustomerClient(this);
	const hook = await fetchWebhook(client, data.webhookId);
	if (hook && attributes(hook).url === (data.webhookUrl ?? webhookUrl(this))) {
		await deleteWebhook(client, hook.id);
	} else {
		this.logger.info(`Kustomer Trigger: webhook ${data.webhookId} is gone or no longer ours; nothing to delete`);
	}
	forget(data);
	return true;
}

/**
 * The trigger's webhook in Kustomer through n8n's activation lifecycle (checkExists, create,
 * delete). What identifies it is this node's own production URL, never stored state: the
 * webhook and its token are read from Kustomer each time, and kept in process memory only
 * (registry.ts). What n8n does, from its source (2.41.1):
 * - activation runs checkExists, then create if it answered false (packages/cli/src/webhooks/
 *   webhook.service.ts, createWebhookIfNotExists), on start-up with activation mode 'init';
 * - publishing an edit of an active workflow runs delete, then checkExists/create with mode
 *   'update' (packages/cli/src/workflows/workflow.service.ts, activateWorkflow:
 *   activeWorkflowManager.remove, then add(workflowId, 'update')); deactivating runs delete
 *   too, and n8n passes 'update' to every delete (active-workflow-manager.ts,
 *   deregisterWebhooks), so delete cannot tell the two apart.
 * So delete holds the removal for a grace period, and an activation of the same URL in the
 * same process within it keeps the webhook: a publish keeps Kustomer's webhook and its token.
 */
import type { IHookFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { ROLES } from '../shared/roles';
import { VERIFICATION_HEADER, automaticSecret } from '../shared/signature';
import { DOCUMENTED_EVENTS } from '../shared/webhookEvents';
import { asNodeError, CREDENTIAL_TYPE, isLoopbackOrigin, KustomerClient, kustomerBaseUrl } from '../transport';
import type { Hook } from './hooks';
import { createHook, deleteHook, fetchHook, listHooks, MAX_WEBHOOKS_PER_ORG, offeredEvents } from './hooks';
import { registry, timers } from './processMemory';
import { checkChangedAttributes, isManual, selectedEvents, webhookUrl } from './settings';

/** How long a deactivated trigger's webhook stays, in case the deactivation is half of a publish. */
export const REMOVAL_GRACE_MS = 30_000;

/** What earlier versions kept in static data; removed at activation (the secrets above all). */
const LEGACY_STATE = ['registration', 'webhookId', 'webhookToken', 'headerSecret', 'webhookUrl', 'recentEventIds'];

function scrubStaticData(context: IHookFunctions): void {
	const data = context.getWorkflowStaticData('node');
	for (const key of LEGACY_STATE) if (key in data) delete data[key];
}

/** The marker at the end of this node's webhook names: its workflow id and node id. */
function marker(context: IHookFunctions): string {
	return ` [n8n ${String(context.getWorkflow().id)}/${context.getNode().id}]`;
}

/** A name that tells people in Kustomer's settings which workflow and node the webhook belongs to. */
function webhookName(context: IHookFunctions): string {
	const label = `n8n: ${context.getWorkflow().name ?? 'workflow'} / ${context.getNode().name}`;
	return `${label.slice(0, 255 - marker(context).length)}${marker(context)}`;
}

function pathOf(url: string): string | undefined {
	try {
		return new URL(url).pathname;
	} catch {
		return undefined;
	}
}

/**
 * Whether a webhook in Kustomer is this node's: registered for its URL, or for its path under
 * another address (the n8n URL changed), or named with its marker, or with the name an earlier
 * version of the package gave it ("n8n: <workflow> [<workflow id>] / <node>").
 */
function isOurs(context: IHookFunctions, hook: Hook, url: string): boolean {
	if (hook.url === url || hook.name.endsWith(marker(context))) return true;
	if (pathOf(hook.url) !== undefined && pathOf(hook.url) === pathOf(url)) return true;
	return hook.name.startsWith('n8n: ') && hook.name.endsWith(`[${String(context.getWorkflow().id)}] / ${context.getNode().name}`);
}

async function ourHooks(context: IHookFunctions, client: KustomerClient, url: string): Promise<Hook[]> {
	return (await listHooks(client)).filter((hook) => isOurs(context, hook, url));
}

async function secretFor(context: IHookFunctions, url: string): Promise<string> {
	return automaticSecret(String((await context.getCredentials(CREDENTIAL_TYPE)).apiKey ?? ''), url);
}

function sameEvents(a: string[], b: string[]): boolean {
	return JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());
}

/** Whether a webhook carries the secret header, with our value (or a value Kustomer does not show). */
function carriesSecret(hook: Hook, secret: string): boolean {
	const header = hook.headers.find((entry) => entry.name.toLowerCase() === VERIFICATION_HEADER.toLowerCase());
	return !!header && (header.value === undefined || header.value === secret);
}

function newest(hooks: Hook[]): Hook | undefined {
	return [...hooks].sort((a, b) => String(b.createdAt ?? '').localeCompare(String(a.createdAt ?? '')) || b.id.localeCompare(a.id))[0];
}

/**
 * The webhook to keep, if one is exactly what the node asks for (its URL, enabled, the same
 * events, the secret header) and no other process may be about to remove it: n8n runs delete
 * on the instance that took the request and activation on the leader when several main
 * processes run, so a webhook is kept only after this process held its removal, or when n8n
 * starts up (no removal is pending anywhere then).
 */
function keepable(context: IHookFunctions, ours: Hook[], url: string, events: string[], secret: string, heldHere: boolean): Hook | undefined {
	const activation = context.getActivationMode();
	if (!heldHere && activation !== 'init' && activation !== 'leadershipChange') return undefined;
	return newest(ours.filter((hook) => hook.url === url && hook.enabled && sameEvents(hook.events, events) && carriesSecret(hook, secret)));
}

/** Removes webhooks of this node; one that cannot be removed fails with what to do. */
async function removeHooks(context: IHookFunctions, client: KustomerClient, hooks: Hook[]): Promise<void> {
	for (const hook of hooks) {
		try {
			await deleteHook(client, hook.id);
			context.logger.info(`Kustomer Trigger removed its old webhook "${hook.name}" (${hook.id})`);
		} catch (error) {
			const cause = asNodeError(context.getNode(), error);
			throw new NodeOperationError(context.getNode(), `The trigger's old webhook "${hook.name}" could not be removed: ${cause.message}`, {
				description: `Give the API key the ${ROLES.outboundWebhookDelete[0]} role, or delete webhook "${hook.name}" in Kustomer (Settings > Platform > Outbound Webhooks) and activate again.`,
			});
		}
	}
}

/**
 * Refuses, before anything is created, an event this org does not offer. Kustomer's sources
 * disagree on tag events (its help center and AsyncAPI list 10 events, its newer event catalog
 * 12), so the org's own list decides; when it cannot be read, only the 10 everyone lists pass.
 */
async function assertOffered(context: IHookFunctions, client: KustomerClient, events: string[]): Promise<void> {
	const offered = await offeredEvents(client);
	const refused = events.filter((event) => !(offered ?? DOCUMENTED_EVENTS).includes(event));
	if (!refused.length) return;
	const names = refused.join(', ');
	throw new NodeOperationError(
		context.getNode(),
		offered ? `This Kustomer org does not offer ${names} for webhooks` : `Whether this Kustomer org offers ${names} could not be checked`,
		{
			description: offered
				? `Its list of subscribable events (GET /v1/outbound-webhooks/events) does not name it. Remove it from "Event Names or IDs".`
				: `Kustomer's documents disagree on this event and the API key may not read the org's event list. Give the key the ${ROLES.outboundWebhookRead[0]} role, or remove the event.`,
		},
	);
}

/**
 * checkExists: whether this node's webhook is in Kustomer as the node needs it. Old webhooks of
 * this node (another URL, another version) are removed; one that no longer fits (Kustomer
 * switched it off, other events, no secret header) is replaced by create, new before old.
 */
export async function webhookExists(this: IHookFunctions): Promise<boolean> {
	checkChangedAttributes(this);
	scrubStaticData(this);
	if (isManual(this)) return true;
	const events = selectedEvents(this);
	const url = webhookUrl(this);
	const client = new KustomerClient(this);
	await assertOffered(this, client, events);
	const heldHere = registry.cancelRemoval(url);
	const ours = await ourHooks(this, client, url);
	const keep = keepable(this, ours, url, events, await secretFor(this, url), heldHere);
	if (!keep) {
		registry.remember(url, ours);
		return false;
	}
	await removeHooks(this, client, ours.filter((hook) => hook.id !== keep.id));
	registry.remember(url, [keep]);
	return true;
}

/** Explains a failed registration: a missing role, the org's limit of 5, or Kustomer's own reason. */
function registrationError(context: IHookFunctions, error: unknown, existing: Hook[] | undefined): Error {
	const nodeError = asNodeError(context.getNode(), error);
	const status = nodeError instanceof NodeApiError ? Number(nodeError.httpCode) : NaN;
	if (status === 401 || status === 403) {
		return new NodeOperationError(context.getNode(), `The API key may not register webhooks (${status})`, {
			description: `Create a key with the ${ROLES.outboundWebhookCreate[0]}, ${ROLES.outboundWebhookRead[0]} and ${ROLES.outboundWebhookDelete[0]} roles. Or set Registration to "Manual" and add the webhook in Kustomer yourself (see the node's notice).`,
		});
	}
	if (existing && existing.length >= MAX_WEBHOOKS_PER_ORG) {
		const names = existing.map((hook) => `"${hook.name || hook.id}"`).join(', ');
		return new NodeOperationError(context.getNode(), `Kustomer allows ${MAX_WEBHOOKS_PER_ORG} outbound webhooks per org, and all ${existing.length} are in use`, {
			description: `Delete one you no longer need in Kustomer (Settings > Platform > Outbound Webhooks): ${names}. Or deactivate another Kustomer Trigger workflow, or point one webhook at this node in Manual mode.`,
		});
	}
	return nodeError;
}

/** A webhook that appeared since `before` and is exactly the one `body` asked for. */
function madeByUs(hooks: Hook[], before: Hook[], body: { name: string; url: string; events: string[] }): Hook | undefined {
	const known = new Set(before.map((hook) => hook.id));
	return newest(hooks.filter((hook) => !known.has(hook.id) && hook.url === body.url && hook.name === body.name && sameEvents(hook.events, body.events)));
}

/**
 * POST the webhook. After a dropped connection only a webhook that appeared since and is
 * exactly this one is adopted. At the org's limit, this node's old webhooks make room first.
 */
async function createWebhook(context: IHookFunctions, client: KustomerClient, body: { name: string; url: string; events: string[]; headers: Array<{ name: string; value: string }> }, before: Hook[]): Promise<Hook> {
	const attempt = async () => await createHook(client, { ...body }, async () => madeByUs(await listHooks(client), before, body));
	let created: Hook | undefined;
	try {
		created = await attempt();
	} catch (error) {
		const status = error instanceof NodeApiError ? Number(error.httpCode) : NaN;
		const existing = status >= 400 && status < 500 ? await listHooks(client).catch(() => undefined) : undefined;
		if (!existing || existing.length < MAX_WEBHOOKS_PER_ORG || !before.length) throw registrationError(context, error, existing);
		// This node's old webhooks made room: nothing is left for the caller to remove.
		await removeHooks(context, client, before.splice(0));
		created = await attempt().catch((retryError: unknown) => {
			throw registrationError(context, retryError, undefined);
		});
	}
	if (!created?.id) throw new NodeOperationError(context.getNode(), 'Kustomer registered the webhook but returned no id');
	return created;
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

/** create: registers this node's webhook, then removes the ones it replaces (new before old). */
export async function registerWebhook(this: IHookFunctions): Promise<boolean> {
	if (isManual(this)) return true;
	const events = selectedEvents(this);
	const url = webhookUrl(this);
	await assertDeliverable(this, url);
	const client = new KustomerClient(this);
	const before = await ourHooks(this, client, url);
	const headers = [{ name: VERIFICATION_HEADER, value: await secretFor(this, url) }];
	const created = await createWebhook(this, client, { name: webhookName(this), url, events, headers }, before);
	const token = created.token ?? (await fetchHook(client, created.id))?.token;
	if (!token) this.logger.warn('Kustomer Trigger: Kustomer returned no signing token; deliveries are verified by the secret header only');
	registry.remember(url, [...before, { ...created, token }]);
	await removeHooks(this, client, before);
	registry.remember(url, [{ ...created, token }]);
	return true;
}

interface IsolateHolder {
	workflow?: { expression?: { withIsolate?: <T>(work: () => Promise<T>) => Promise<T> } };
}

/**
 * Runs `work` holding an expression isolate of the context's workflow. n8n holds one only while
 * it runs delete (packages/cli/src/active-workflow-manager.ts, deregisterWebhooks: acquireIsolate,
 * then releaseIsolate), and authenticating a request evaluates the credential's expression in
 * it (credentials-helper.ts, resolveValue; expression-runtime's evaluator: "No bridge acquired
 * for this context"), so a removal after the grace period takes one itself (n8n-workflow's
 * Expression.withIsolate, in n8n 1.123 and 2.41; without it, the work runs as it is).
 */
async function withIsolate<T>(context: IHookFunctions, work: () => Promise<T>): Promise<T> {
	const expression = (context as unknown as IsolateHolder).workflow?.expression;
	return typeof expression?.withIsolate === 'function' ? await expression.withIsolate(work) : await work();
}

/** Removes the held webhooks once the grace period passed, unless the URL was activated again. */
async function removeAfterGrace(context: IHookFunctions, client: KustomerClient, url: string, hooks: Hook[]): Promise<void> {
	const removal = registry.holdRemoval(url, hooks.map((hook) => hook.id));
	await timers.sleep(REMOVAL_GRACE_MS);
	if (removal.cancelled) return;
	registry.release(url, removal);
	try {
		await withIsolate(context, async () => await removeHooks(context, client, hooks));
	} catch (error) {
		context.logger.warn(`Kustomer Trigger: the webhook of a deactivated trigger could not be removed: ${(error as Error).message}`);
	}
}

/**
 * delete: this node's webhooks at other URLs go at once; the one at its URL after
 * REMOVAL_GRACE_MS, unless an activation of the same URL in this process keeps it (a publish).
 */
export async function unregisterWebhook(this: IHookFunctions): Promise<boolean> {
	if (isManual(this)) return true;
	const url = webhookUrl(this);
	const client = new KustomerClient(this);
	const ours = await ourHooks(this, client, url);
	await removeHooks(this, client, ours.filter((hook) => hook.url !== url));
	const current = ours.filter((hook) => hook.url === url);
	if (current.length) void removeAfterGrace(this, client, url, current);
	return true;
}

/**
 * Kustomer's outbound-webhook API, as its documents describe it: create, list, get and delete
 * at /v1/outbound-webhooks (developer.kustomer.com api/apps-platform/*; Pipedream's
 * components/kustomer/kustomer.app.mjs), a record carrying name, url, events, headers,
 * enabled, token and createdAt (MeltanoLabs/tap-kustomer streams/apps_platform/schemas/
 * outbound_webhooks.json, read from the list), and the org's subscribable events at
 * /v1/outbound-webhooks/events. Kustomer documents no update of a webhook.
 */
import type { IDataObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { ROLES } from '../shared/roles';
import { isKustomerEventName } from '../shared/webhookEvents';
import type { JsonApiResource, KustomerClient } from '../transport';
import { asNodeError, costs, getAllPages, recordsOf } from '../transport';

const COLLECTION = '/v1/outbound-webhooks';

/** At most 5 user-created outbound webhooks per org (help.kustomer.com outbound-webhooks). */
export const MAX_WEBHOOKS_PER_ORG = 5;

export interface WebhookHeader {
	name: string;
	/** Absent when Kustomer does not show a header's value. */
	value?: string;
}

/** One outbound webhook, its attributes read. */
export interface Hook {
	id: string;
	name: string;
	url: string;
	events: string[];
	enabled: boolean;
	token?: string;
	headers: WebhookHeader[];
	createdAt?: string;
}

function text(value: unknown): string | undefined {
	return typeof value === 'string' && value !== '' ? value : undefined;
}

export function hookOf(resource: JsonApiResource): Hook {
	const attributes = resource.attributes ?? {};
	const headers = Array.isArray(attributes.headers) ? (attributes.headers as IDataObject[]) : [];
	return {
		id: resource.id,
		name: String(attributes.name ?? ''),
		url: String(attributes.url ?? ''),
		events: Array.isArray(attributes.events) ? attributes.events.map(String) : [],
		enabled: attributes.enabled !== false,
		token: text(attributes.token),
		headers: headers.map((header) => ({ name: String(header?.name ?? ''), value: typeof header?.value === 'string' ? header.value : undefined })),
		createdAt: text(attributes.createdAt),
	};
}

export async function listHooks(client: KustomerClient): Promise<Hook[]> {
	return (await getAllPages(client, { path: COLLECTION, roles: ROLES.outboundWebhookRead })).map(hookOf);
}

export async function fetchHook(client: KustomerClient, id: string): Promise<Hook | undefined> {
	const document = await client.request({
		method: 'GET',
		path: `${COLLECTION}/${encodeURIComponent(id)}`,
		roles: ROLES.outboundWebhookRead,
		notFoundAsUndefined: true,
	});
	const [resource] = recordsOf(document);
	return resource ? hookOf(resource) : undefined;
}

/** Deletes a webhook; one already gone counts as deleted. */
export async function deleteHook(client: KustomerClient, id: string): Promise<void> {
	await client.request({
		method: 'DELETE',
		path: `${COLLECTION}/${encodeURIComponent(id)}`,
		cost: costs.recordWrite(`${COLLECTION}/${encodeURIComponent(id)}`),
		roles: ROLES.outboundWebhookDelete,
		notFoundAsUndefined: true,
	});
}

/**
 * POST /v1/outbound-webhooks with `{ name, url, events, headers }`: the documented create body
 * (no `enabled`: a new webhook is enabled, and only the list shows that field). After a
 * dropped connection, `findExisting` looks for the webhook the request may have made.
 */
export async function createHook(
	client: KustomerClient,
	body: IDataObject,
	findExisting: () => Promise<Hook | undefined>,
): Promise<Hook | undefined> {
	const document = await client.request({
		method: 'POST',
		path: COLLECTION,
		body,
		roles: ROLES.outboundWebhookCreate,
		// The secret header's value stays out of any error that echoes the body.
		secrets: ((body.headers ?? []) as WebhookHeader[]).map((header) => String(header.value ?? '')),
		findExisting: async () => {
			const found = await findExisting();
			return found ? { data: { type: 'outbound_webhook', id: found.id, attributes: { ...found } as unknown as IDataObject } } : undefined;
		},
	});
	const [resource] = recordsOf(document);
	return resource ? hookOf(resource) : undefined;
}

/** Event names in Kustomer's answer: `{ events: [name | { name }] }`, or a JSON:API list. */
function eventNames(response: { events?: unknown; data?: unknown } | undefined): string[] {
	const listed = Array.isArray(response?.events) ? response.events : Array.isArray(response?.data) ? response.data : [];
	return listed
		.map((entry) => (typeof entry === 'string' ? entry : (entry as { name?: unknown; id?: unknown })?.name ?? (entry as { id?: unknown })?.id))
		.filter(isKustomerEventName);
}

/**
 * The events this org lets a webhook subscribe to (GET /v1/outbound-webhooks/events,
 * developer.kustomer.com api/apps-platform/list-subscribable-events), or undefined when the
 * key may not read the list (401, 403) or the org does not have it (404).
 */
export async function offeredEvents(client: KustomerClient): Promise<string[] | undefined> {
	try {
		return eventNames(
			await client.request<{ events?: unknown; data?: unknown }>({ method: 'GET', path: `${COLLECTION}/events`, roles: ROLES.outboundWebhookRead }),
		);
	} catch (error) {
		const status = error instanceof NodeApiError ? Number(error.httpCode) : NaN;
		if ([401, 403, 404].includes(status)) return undefined;
		throw asNodeError(client.node, error);
	}
}

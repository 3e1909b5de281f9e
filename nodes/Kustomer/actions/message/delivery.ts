import type { IDataObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { ROLES } from '../../shared/roles';
import { relatedId } from '../../shared/simplify';
import type { JsonApiResource, KustomerClient } from '../../transport';
import { asNodeError, costs, getAllPages } from '../../transport';

/**
 * A reply's way through Kustomer's drafts, as its documents describe it, and how the node learns
 * what became of it:
 *
 * - POST /v1/customers/{id}/drafts makes the draft (create-draft-for-customer).
 * - PUT /v1/drafts/{id} sends it: "If the sendAt property is set to a valid timestamp, the draft
 *   will be scheduled to be sent" (update-draft, and OpenAPI PUT /drafts/{id}), while
 *   create-draft-for-customer says scheduling needs BOTH "a sendAt timestamp that is in the
 *   future" AND "scheduled": true. The node sends both, with a sendAt a few seconds ahead for
 *   "now": that form schedules under every reading. A PUT may replace what it is not sent (OpenAPI
 *   says only "update any available properties"), so the draft's own fields go again with it.
 * - Kustomer answers the draft still `draft` (OpenAPI's example answer), and delivers later:
 *   "Once a draft is sent, Kustomer removes it and records the delivered message as an `out`
 *   message on the conversation" (developer.kustomer.com api/core-resources, "About Drafts").
 * - A delivery that fails is recorded as that message with `status: "error"` and an `error`
 *   object (status, code, title, detail) and `errorAt` (OpenAPI PATCH /messages/{id}: `status`
 *   is sent | received | error). Should Kustomer leave the draft instead, with status "error",
 *   the node reads that too.
 * - There is no GET /v1/drafts/{id}: the customer's drafts are listed (GET
 *   /v1/customers/{id}/drafts, role draft.read), and the delivered message is found among the
 *   conversation's messages.
 */

/** How far ahead a send-now's sendAt is set: still in the future when Kustomer reads it, with clocks a little apart. */
export const SEND_NOW_LEAD_MS = 2_000;
/** Delivery Timeout when not set. */
export const DEFAULT_DELIVERY_TIMEOUT_S = 120;
/** Looks for the delivery: first a second after the send, then ever less often, at most this far apart. */
const FIRST_LOOK_AFTER_SEND_MS = 1_000;
const LOOK_INTERVAL_CAP_MS = 10_000;
/** A delivered message may be stamped a little before the draft by Kustomer's clocks. */
const CLOCK_SLACK_MS = 60_000;
/** Where the node marks a reply with its External ID: the draft's free-form payload, and the message's meta. */
export const EXTERNAL_ID_MARK = 'n8nExternalId';

const FAILED = new Set(['error', 'failed', 'failure']);

/** A draft an earlier run left that will not go by itself: never sent, or its delivery refused. */
export function isUnsent(draft: JsonApiResource): boolean {
	const status = String(draft.attributes?.status ?? 'draft');
	return status === 'draft' || FAILED.has(status);
}

/** What the node knows of the reply it is sending. */
export interface Reply {
	customerId: string;
	conversationId: string;
	channel: string;
	body: string;
	externalId?: string;
	itemIndex: number;
	/**
	 * A WhatsApp template message: Kustomer fills in its text, so the delivered message cannot be
	 * told by the text; it is the reply's draft's first unclaimed out WhatsApp message since it.
	 */
	template?: boolean;
}

/** The customer's drafts; undefined when the key may not read them (role draft.read). */
export async function customerDrafts(client: KustomerClient, reply: Reply): Promise<JsonApiResource[] | undefined> {
	try {
		return await getAllPages(client, { path: `/v1/customers/${reply.customerId}/drafts`, itemIndex: reply.itemIndex, roles: ROLES.draftRead });
	} catch (error) {
		if (error instanceof NodeApiError && ['401', '403'].includes(String(error.httpCode))) return undefined;
		throw asNodeError(client.node, error, reply.itemIndex);
	}
}

/** The conversation's messages (every page: Kustomer documents no order for this list). */
async function conversationMessages(client: KustomerClient, reply: Reply): Promise<JsonApiResource[]> {
	return await getAllPages(client, { path: `/v1/conversations/${reply.conversationId}/messages`, itemIndex: reply.itemIndex, roles: ROLES.messageRead });
}

const normalized = (text: unknown) => String(text ?? '').replace(/\s+/g, ' ').trim();

/** The External ID a draft or message carries as the node's mark, if any. */
export function markOf(record: JsonApiResource): string | undefined {
	const { payload, meta } = (record.attributes ?? {}) as { payload?: IDataObject; meta?: IDataObject };
	const mark = payload?.[EXTERNAL_ID_MARK] ?? meta?.[EXTERNAL_ID_MARK] ?? meta?.payload?.[EXTERNAL_ID_MARK as never];
	return typeof mark === 'string' ? mark : undefined;
}

/** Per client (one node run): messages already taken as the delivery of an item, so two identical replies are told apart. */
const claimed = new WeakMap<KustomerClient, Set<string>>();

function claim(client: KustomerClient, message: JsonApiResource): JsonApiResource {
	const taken = claimed.get(client) ?? new Set<string>();
	taken.add(message.id);
	claimed.set(client, taken);
	return message;
}

/**
 * The out message a reply became: on its conversation and channel, not before its draft, not
 * taken by another item; one linked to the draft or carrying the reply's mark first, else one
 * with the reply's text (Kustomer documents no link from a message to its draft).
 */
function deliveredMessage(client: KustomerClient, messages: JsonApiResource[], reply: Reply, draft?: JsonApiResource): JsonApiResource | undefined {
	const since = Date.parse(String(draft?.attributes?.createdAt ?? '')) - CLOCK_SLACK_MS;
	const taken = claimed.get(client) ?? new Set<string>();
	const candidates = messages.filter((message) => {
		const a = message.attributes ?? {};
		const at = Date.parse(String(a.createdAt ?? a.sentAt ?? ''));
		return a.direction === 'out' && a.channel === reply.channel && !taken.has(message.id) && !(at < since);
	});
	const linked = candidates.find((message) => draft && relatedId(message, 'draft') === draft.id);
	const marked = reply.externalId ? candidates.find((message) => markOf(message) === reply.externalId) : undefined;
	// A template's text is Kustomer's: only a reply whose draft is known (not a re-run's search) takes the first one since it.
	const sameText = candidates.find((message) => markOf(message) === undefined && (reply.template ? !!draft : normalized(message.attributes?.preview) === normalized(reply.body)));
	return linked ?? marked ?? sameText;
}

function failureReason(record: JsonApiResource): string {
	const error = (record.attributes?.error ?? {}) as IDataObject;
	return [error.title, error.detail].filter((part) => typeof part === 'string' && part).join(': ') || `status ${String(record.attributes?.status)}`;
}

function undelivered(client: KustomerClient, reply: Reply, record: JsonApiResource, what: string): NodeOperationError {
	return new NodeOperationError(client.node, `Kustomer could not deliver the reply: ${failureReason(record)} [item ${reply.itemIndex}]`, {
		itemIndex: reply.itemIndex,
		description: `Kustomer recorded the failure on ${what} ${record.id}. Fix what it names (the recipient, the channel's rules, the files) and send again.`,
	});
}

function notYetDelivered(client: KustomerClient, reply: Reply, draft: JsonApiResource, timeoutS: number, status: string): NodeOperationError {
	return new NodeOperationError(client.node, `Kustomer has not delivered the reply within ${timeoutS} s (draft ${draft.id} is still ${status}) [item ${reply.itemIndex}]`, {
		itemIndex: reply.itemIndex,
		description: `The reply may still go out: check the conversation in Kustomer before sending it again. ${
			reply.externalId ? 'Running the item again is safe: it finds this draft by its External ID.' : 'Running it again without an External ID could deliver it twice.'
		} Raise Delivery Timeout for slow channels.`,
	});
}

/**
 * One look at a reply on its way: the delivered message (or an error when it failed), or
 * undefined while the draft is still waiting. `draftsReadable` is turned off when the key may
 * not list drafts: then only the conversation's messages tell.
 */
async function lookOnce(client: KustomerClient, reply: Reply, draft: JsonApiResource, state: { status: string; draftsReadable: boolean }): Promise<JsonApiResource | undefined> {
	if (state.draftsReadable) {
		const drafts = await customerDrafts(client, reply);
		if (drafts === undefined) state.draftsReadable = false;
		const pending = drafts?.find((entry) => entry.id === draft.id);
		if (pending && FAILED.has(String(pending.attributes?.status))) throw undelivered(client, reply, pending, 'draft');
		if (pending) {
			state.status = String(pending.attributes?.status ?? 'waiting');
			return undefined;
		}
	}
	const message = deliveredMessage(client, await conversationMessages(client, reply), reply, draft);
	if (message && FAILED.has(String(message.attributes?.status))) throw undelivered(client, reply, message, 'message');
	return message ? claim(client, message) : undefined;
}

/**
 * Waits, bounded by `timeoutS`, until the draft has left the customer's drafts and its out
 * message is on the conversation, and answers that message; a failed delivery, or none in
 * time, fails the item.
 */
export async function awaitDelivery(client: KustomerClient, reply: Reply, draft: JsonApiResource, timeoutS: number): Promise<JsonApiResource> {
	const deadline = client.clock.now() + timeoutS * 1000;
	const state = { status: 'scheduled', draftsReadable: true };
	let interval = FIRST_LOOK_AFTER_SEND_MS;
	let lookAt = client.clock.now() + interval;
	for (;;) {
		await client.sleep(Math.min(lookAt, deadline) - client.clock.now());
		const message = await lookOnce(client, reply, draft, state);
		if (message) return message;
		if (client.clock.now() >= deadline) throw notYetDelivered(client, reply, draft, timeoutS, state.status);
		interval = Math.min(LOOK_INTERVAL_CAP_MS, interval * 2);
		lookAt = client.clock.now() + interval;
	}
}

/** What an earlier run left of a reply with this External ID: its draft still pending, or its delivered message. */
export interface EarlierReply {
	draft?: JsonApiResource;
	message?: JsonApiResource;
}

/**
 * An earlier run's reply with the same External ID: a draft carrying the mark in its payload
 * (the customer's drafts), or a delivered message carrying it, or (for a message delivered but
 * not marked, should the run have stopped in between) an unmarked out message with the same
 * text. Reading drafts needs draft.read: without it the item fails, since a reply still on its
 * way could not be seen and would go twice.
 */
export async function findEarlierReply(client: KustomerClient, reply: Reply): Promise<EarlierReply> {
	const drafts = await customerDrafts(client, reply);
	if (drafts === undefined) {
		throw new NodeOperationError(client.node, `With an External ID, Send needs to read the customer's drafts, which this API key may not [item ${reply.itemIndex}]`, {
			itemIndex: reply.itemIndex,
			description: `Nothing was sent. A reply of an earlier run still on its way is found among the drafts: give the key one of these roles: ${ROLES.draftRead.join(', ')}, or leave External ID empty.`,
		});
	}
	const onThisConversation = (entry: JsonApiResource) => [undefined, reply.conversationId].includes(relatedId(entry, 'conversation'));
	const draft = drafts.find((entry) => markOf(entry) === reply.externalId && onThisConversation(entry));
	if (draft) return { draft };
	const message = deliveredMessage(client, await conversationMessages(client, reply), reply);
	return message ? { message: claim(client, message) } : {};
}

/**
 * Marks a delivered reply with its External ID in the message's `meta` (kept as it is
 * otherwise), so a later run tells it from another reply with the same text. Best effort: a
 * key without message.update, or an object rate limit, leaves it unmarked.
 */
export async function markDelivered(client: KustomerClient, message: JsonApiResource, reply: Reply): Promise<void> {
	if (!reply.externalId || markOf(message) === reply.externalId) return;
	const meta = { ...((message.attributes?.meta as IDataObject | undefined) ?? {}), [EXTERNAL_ID_MARK]: reply.externalId };
	try {
		const path = `/v1/messages/${message.id}`;
		await client.request({ method: 'PATCH', path, body: { meta }, cost: costs.recordWrite(path), itemIndex: reply.itemIndex, roles: ROLES.messageUpdate });
	} catch {
		// The reply went out; only a later run's check is less sure. Nothing to fail the item for.
	}
}

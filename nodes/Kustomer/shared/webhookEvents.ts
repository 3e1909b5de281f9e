import type { IDataObject, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { JsonApiResource } from '../transport';
import { simplifyResource } from './simplify';
import { commaList } from './validation';

/**
 * The subscribable events every source agrees on: Kustomer's help center ("Outbound
 * webhooks", help.kustomer.com/en_us/outbound-webhooks-rkUQvela8) and AsyncAPI description
 * list these ten. Offered when the org's own list cannot be read.
 */
export const DOCUMENTED_EVENTS: readonly string[] = [
	'kustomer.conversation.create',
	'kustomer.conversation.update',
	'kustomer.customer.create',
	'kustomer.customer.update',
	'kustomer.message.create',
	'kustomer.message.update',
	'kustomer.team.create',
	'kustomer.team.update',
	'kustomer.user.create',
	'kustomer.user.update',
];

/** Kustomer accepts at most this many events on one outbound webhook. */
export const MAX_EVENTS_PER_WEBHOOK = 12;

const EVENT_NAME = /^kustomer\.([a-z_]+)\.([a-z_]+)$/;

export function isKustomerEventName(value: unknown): value is string {
	return typeof value === 'string' && EVENT_NAME.test(value);
}

/** "kustomer.conversation.update" -> "Conversation Updated". */
export function eventDisplayName(name: string): string {
	const [, resource, action] = EVENT_NAME.exec(name) ?? [];
	if (!resource) return name;
	const word = (text: string) => text.charAt(0).toUpperCase() + text.slice(1).replace(/_/g, ' ');
	const past = action === 'create' ? 'Created' : action === 'update' ? 'Updated' : word(action);
	return `${word(resource)} ${past}`;
}

/**
 * Attributes that change on nearly every update, e.g. each new message bumps a conversation's
 * counters: they never satisfy a "changed attributes" filter and are left out of the changes.
 * `modificationHistory` (when each attribute last changed) comes with every real update event
 * (Pipedream's components/kustomer/sources/updated-conversation-instant/test-event.mjs).
 */
export const NOISE_ATTRIBUTES = new Set([
	'updatedAt',
	'modifiedAt',
	'modifiedBy',
	'modificationHistory',
	'rev',
	'lastActivityAt',
	'lastMessageAt',
	'lastMessageIn',
	'lastMessageOut',
	'messageCount',
	'outboundMessageCount',
	'noteCount',
]);

/** An outbound-webhook delivery, as Kustomer documents it. */
export interface KustomerEvent {
	id?: string;
	name?: string;
	org?: string;
	orgName?: string;
	createdAt?: string;
	dataId?: string;
	data?: JsonApiResource;
	changes?: { attributes?: Record<string, { op?: string; before?: unknown; after?: unknown }>; relationships?: unknown } | null;
}

export type AttributeChanges = Record<string, { before: unknown; after: unknown }>;

export function isPlainObject(value: unknown): value is Record<string, unknown> {
	return !!value && typeof value === 'object' && !Array.isArray(value);
}

/**
 * What changed, as { attribute: { before, after } }, noise left out. A change of the whole
 * `custom` object is split into `custom.<name>` entries for the names whose value differs.
 */
export function attributeChanges(event: KustomerEvent): AttributeChanges {
	const changes: AttributeChanges = {};
	for (const [name, change] of Object.entries(event.changes?.attributes ?? {})) {
		if (NOISE_ATTRIBUTES.has(name) || !change || typeof change !== 'object') continue;
		if (name === 'custom' && (isPlainObject(change.before) || isPlainObject(change.after))) {
			const before = isPlainObject(change.before) ? change.before : {};
			const after = isPlainObject(change.after) ? change.after : {};
			for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
				if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
					changes[`custom.${key}`] = { before: before[key] ?? null, after: after[key] ?? null };
				}
			}
			continue;
		}
		changes[name] = { before: change.before ?? null, after: change.after ?? null };
	}
	return changes;
}

/** "status, priority, custom.*" -> ["status", "priority", "custom.*"]. */
export function parseAttributePatterns(text: unknown): string[] {
	return commaList(text);
}

const ATTRIBUTE_NAME = /^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*(\.?\*)?$|^\*$/;

/** Why an Only When Changed pattern can never match an attribute, if it cannot. */
export function patternProblem(pattern: string): string | undefined {
	if (pattern.includes('*') && !pattern.endsWith('*')) return 'a * only works at the end, as in custom.*';
	if (!ATTRIBUTE_NAME.test(pattern)) return 'attribute names are letters, digits and _, with custom attributes as custom.<name>';
	if (NOISE_ATTRIBUTES.has(pattern)) return `${pattern} changes with every update and never counts as a change`;
	if (pattern === 'custom') return 'custom attributes are named custom.<name>; custom.* watches them all';
	return undefined;
}

/** The first pattern of Only When Changed that can never match, and why. */
function unmatchablePattern(patterns: string[]): { pattern: string; why: string } | undefined {
	for (const pattern of patterns) {
		const why = patternProblem(pattern);
		if (why) return { pattern, why };
	}
	return undefined;
}

/**
 * The Only When Changed patterns, refused with an error when one can never match: both
 * triggers check them at activation.
 */
export function matchablePatterns(node: INode, patterns: string[]): string[] {
	const unmatchable = unmatchablePattern(patterns);
	if (unmatchable) {
		throw new NodeOperationError(node, `Only When Changed: "${unmatchable.pattern}" can never match`, {
			description: `${unmatchable.why}. Example: status, priority, assignedUsers, tags, custom.*`,
		});
	}
	return patterns;
}

/** Whether an attribute name matches a pattern (exact, or a prefix ending in *). */
export function matchesPattern(name: string, patterns: string[]): boolean {
	return patterns.some((pattern) => (pattern.endsWith('*') ? name.startsWith(pattern.slice(0, -1)) : name === pattern));
}

/** Whether any changed attribute matches a pattern. */
export function changedAny(changes: AttributeChanges, patterns: string[]): boolean {
	return Object.keys(changes).some((name) => matchesPattern(name, patterns));
}

/** The event for a workflow: names, the record flattened as the action node's Simplify does, the changes. */
export function simplifyEvent(event: KustomerEvent): IDataObject {
	return {
		event: event.name ?? null,
		eventId: event.id ?? null,
		createdAt: event.createdAt ?? null,
		orgId: event.org ?? null,
		resourceType: event.data?.type ?? null,
		resource: event.data ? simplifyResource(event.data) : null,
		changes: event.changes ? attributeChanges(event) : null,
	};
}

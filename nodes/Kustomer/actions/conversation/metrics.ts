import type { IDataObject } from 'n8n-workflow';

import type { JsonApiResource } from '../../transport';

/**
 * Pure helpers of Conversation → Get Metrics: how conversation IDs go into requests, and what
 * one output row holds. Nothing here talks to Kustomer.
 */

/**
 * IDs per `GET /v1/conversations/{id,id,...}` ("You can also retrieve multiple conversations
 * with a comma-separated list of IDs": OpenAPI GET /conversations/{id}). Kustomer states no
 * maximum; 25 IDs keep the path near 650 characters, far under any proxy's URL limit.
 */
export const CONVERSATIONS_PER_REQUEST = 25;

/** The distinct IDs, in first-seen order, cut into groups of at most `size`. */
export function idGroups(ids: readonly string[], size = CONVERSATIONS_PER_REQUEST): string[][] {
	const distinct = [...new Set(ids.map((id) => id.toLowerCase()))];
	const groups: string[][] = [];
	for (let start = 0; start < distinct.length; start += size) groups.push(distinct.slice(start, start + size));
	return groups;
}

/**
 * The conversation's SLA stamp (`attributes.sla`): "the SLA name and version, matchedAt, a
 * deadline (breachAt) and satisfiedAt for each metric, and whether and when it breached"
 * (developer.kustomer.com api/core-resources/get-sla-by-id, "About SLAs"). The OpenAPI file does
 * not describe it, so its SLA's ID is read as `id`, `slaId` (the stored record's name) or a
 * relationship, whichever Kustomer sends.
 */
export function slaOf(record: JsonApiResource): IDataObject | undefined {
	const sla = record.attributes?.sla;
	return sla && typeof sla === 'object' && !Array.isArray(sla) ? (sla as IDataObject) : undefined;
}

export function slaIdOf(record: JsonApiResource): string | undefined {
	const sla = slaOf(record);
	const related = (record.relationships?.sla as { data?: { id?: unknown } } | undefined)?.data?.id;
	const id = sla?.id ?? sla?.slaId ?? related;
	return typeof id === 'string' && /^[0-9a-f]{24}$/i.test(id) ? id.toLowerCase() : undefined;
}

/**
 * The SLA's state on this conversation: none, breached, or Kustomer's own status (done,
 * pending, paused: the search attribute conversation_sla_status, OpenAPI POST /customers/search,
 * "Standard attributes JSON Schema", beside conversation_sla_breached and _breach_at). A stamp
 * without a status is done when every metric is satisfied, else pending.
 */
export function slaStatus(sla: IDataObject | undefined): string {
	if (!sla) return 'none';
	const breach = sla.breach as IDataObject | undefined;
	if (sla.breached === true || (breach && typeof breach === 'object' && breach.at)) return 'breached';
	if (typeof sla.status === 'string' && sla.status) return sla.status;
	const metrics = Object.values((sla.metrics as IDataObject | undefined) ?? {}) as IDataObject[];
	return metrics.length && metrics.every((metric) => metric && typeof metric === 'object' && metric.satisfiedAt) ? 'done' : 'pending';
}

/**
 * The policy `GET /v1/slas/{id}` answers: its `included` sla_version holds the name, hours and
 * targets per metric and priority (OpenAPI GET /slas/{id}, example). `included` is an object
 * there, a list in JSON:API: either is read, the version the conversation matched preferred.
 */
export function slaPolicyOf(document: IDataObject | undefined, version: unknown): IDataObject | undefined {
	const data = document?.data as JsonApiResource | undefined;
	if (!data?.id) return undefined;
	const included = document?.included;
	const versions = (Array.isArray(included) ? included : included ? [included] : []) as JsonApiResource[];
	const chosen = versions.find((entry) => entry?.attributes?.version === version) ?? versions[versions.length - 1];
	const attributes = chosen?.attributes ?? {};
	return {
		id: data.id,
		name: attributes.name,
		version: attributes.version ?? data.attributes?.currentVersion,
		hours: attributes.hours,
		metrics: attributes.metrics,
	};
}

/** The times Kustomer keeps on a conversation record (OpenAPI conversation schema: firstDone, lastDone; firstResponse). */
const TIME_ATTRIBUTES = ['firstResponse', 'firstResponseSinceLastDone', 'lastResponse', 'firstDone', 'lastDone'] as const;

/** Handle-time records (`conversation_time`: handleAt, handleTime in seconds, channels, assignees) as plain rows. */
export function handleTimeRows(records: readonly JsonApiResource[]): IDataObject[] {
	return records.map((record) => ({ id: record.id, ...record.attributes }));
}

/** One output row: the conversation's times and SLA, its policy and handle times when read. */
export function metricsRow(record: JsonApiResource, slaPolicy: IDataObject | undefined, handleTimes: IDataObject[] | undefined): IDataObject {
	const attributes = record.attributes ?? {};
	const sla = slaOf(record);
	const row: IDataObject = {
		id: record.id,
		customerId: (record.relationships?.customer as { data?: { id?: string } } | undefined)?.data?.id,
		name: attributes.name,
		status: attributes.status,
		priority: attributes.priority,
		createdAt: attributes.createdAt,
		messageCount: attributes.messageCount,
		satisfaction: attributes.satisfaction,
	};
	for (const name of TIME_ATTRIBUTES) if (attributes[name] !== undefined) row[name] = attributes[name];
	row.slaStatus = slaStatus(sla);
	row.sla = sla ?? null;
	if (slaPolicy) row.slaPolicy = slaPolicy;
	if (handleTimes) {
		row.handleTimes = handleTimes;
		row.handleTimeTotal = handleTimes.reduce((sum, entry) => sum + (typeof entry.handleTime === 'number' ? entry.handleTime : 0), 0);
	}
	return row;
}

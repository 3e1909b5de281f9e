import type { RequestCost } from '../../nodes/Kustomer/transport/governor';

/**
 * Kustomer's limits besides the org budget, as rules on a request's method, path and body
 * (Kustomer's API documentation, "Rate limiting"; object rate limiting on writes to one record).
 * The governor read these from every request until issue 19; now each request declares its
 * cost (`costs` in transport/governor.ts), and the tests hold every declaration to these rules.
 */
const RECORD_PATH = /^(\/v1\/(?:klasses\/[^/]+|[a-z-]+)\/[0-9a-f]{24})(?:\/[a-z]+)?$/i;
const SEARCH_PATH = /^\/v1\/customers\/(?:archive\/)?search$/;
const CUSTOMER_CREATE_PATH = /^\/v1\/customers\/([0-9a-f]{24})\/(?:conversations|messages|drafts|klasses\/[^/]+)$/i;
const CONVERSATION_CREATE_PATH = /^\/v1\/conversations\/([0-9a-f]{24})\/(?:messages|notes)$/i;

export function requestCost(method: string, path: string, body: unknown): RequestCost {
	const pathname = path.split('?')[0];
	if (SEARCH_PATH.test(pathname)) return { search: true };
	const fields = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
	const record = RECORD_PATH.exec(pathname)?.[1]?.toLowerCase();
	if (method.toUpperCase() !== 'POST' && method.toUpperCase() !== 'GET') return record ? { record } : {};
	if (record && method.toUpperCase() === 'POST' && /\/tags$/.test(pathname)) return { record };
	if (method.toUpperCase() !== 'POST' || fields.importedAt !== undefined) return {};
	const customer = CUSTOMER_CREATE_PATH.exec(pathname)?.[1];
	if (customer) return { createFor: customer.toLowerCase() };
	const conversation = CONVERSATION_CREATE_PATH.exec(pathname)?.[1];
	if (conversation) return { createFor: `conversation:${conversation.toLowerCase()}` };
	if (pathname === '/v1/conversations' && typeof fields.customer === 'string') return { createFor: fields.customer.toLowerCase() };
	return {};
}

/** The limits a cost counts against, without the bulk mark (a bulk has no limit of its own). */
export function limitsOf({ search, createFor, record }: RequestCost): RequestCost {
	return { ...(search ? { search } : {}), ...(createFor ? { createFor } : {}), ...(record ? { record } : {}) };
}

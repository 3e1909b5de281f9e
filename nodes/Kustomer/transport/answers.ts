import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/**
 * What Kustomer answers decides where some next requests go: a record's ID goes into a path,
 * an attachment's storage address is fetched. Those values are checked first, so an answer
 * that is malformed (or tampered with on the way) cannot send a request somewhere else.
 */

/** Kustomer's IDs are MongoDB ObjectIds: 24 hexadecimal characters ("IDs are 24-hex ObjectIds", the API brief; every ID in the OpenAPI examples). */
const KUSTOMER_ID = /^[0-9a-f]{24}$/i;

/** A value from Kustomer's answer shown in an error: as JSON, and not too long. */
function shown(value: unknown): string {
	const text = JSON.stringify(value) ?? String(value);
	return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/** An ID Kustomer answered, checked before it goes into a request path; the item fails otherwise. */
export function idFromAnswer(node: INode, value: unknown, what: string, itemIndex?: number): string {
	if (typeof value === 'string' && KUSTOMER_ID.test(value)) return value;
	const item = itemIndex === undefined ? '' : ` [item ${itemIndex}]`;
	return fail(node, `Kustomer answered a ${what} ID that is not a Kustomer ID: ${shown(value)}${item}`, itemIndex);
}

function fail(node: INode, message: string, itemIndex?: number): never {
	throw new NodeOperationError(node, message, {
		itemIndex,
		description: "Nothing was sent with it: Kustomer's IDs are 24 hexadecimal characters. Run the item again; if it persists, report the answer (the execution log shows the request).",
	});
}

/**
 * Where Kustomer keeps files: its S3 buckets (the OpenAPI examples of POST /attachments and
 * GET /messages/{id}/attachments/{id} answer https://…s3.amazonaws.com addresses), over https.
 * The credential's own origin is accepted too: a proxy in front of Kustomer, or the sandbox,
 * which serves its storage there.
 */
export function isKustomerStorage(url: string, apiOrigin: string): boolean {
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		return false;
	}
	if (parsed.origin === new URL(apiOrigin).origin) return true;
	return parsed.protocol === 'https:' && (parsed.hostname === 'amazonaws.com' || parsed.hostname.endsWith('.amazonaws.com'));
}

/** The origin of a URL for an error, or the text itself when it is no URL. */
export function originOf(url: string): string {
	try {
		return new URL(url).origin;
	} catch {
		return shown(url);
	}
}

/**
 * Why a request path must not be sent, if it must not: paths are built from checked or
 * URL-encoded values, so a `.` or `..` segment, an empty one, or a raw `?`, `#`, `\` or space
 * means a value got in unchecked and would address another endpoint.
 */
export function unsafePathProblem(path: string): string | undefined {
	if (!path.startsWith('/v1/')) return 'it does not start with /v1/';
	const [pathname] = path.split('?');
	const segments = pathname.slice(1).split('/');
	if (segments.some((segment) => segment === '' || segment === '.' || segment === '..')) return 'it has an empty, "." or ".." segment';
	if (/[\s#\\]/.test(pathname) || /%2e%2e|%2f/i.test(pathname.replace(/=[^/]*/g, ''))) return 'it holds characters a Kustomer path never has';
	return undefined;
}

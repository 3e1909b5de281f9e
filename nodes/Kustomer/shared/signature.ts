import { createHash, createHmac, timingSafeEqual } from 'crypto';

/**
 * Kustomer's delivery headers (Node lower-cases incoming header names): the signature and the
 * event name (developer.kustomer.com docs/events/delivery-and-retries).
 */
export const SIGNATURE_HEADER = 'x-kustomer-webhook-signature';
export const EVENT_HEADER = 'x-kustomer-webhook-event';

/**
 * The custom header an automatically registered webhook carries the trigger's own secret in.
 * Kustomer sends a webhook's registered headers with every delivery (create body `headers:
 * [{ name, value }]`, developer.kustomer.com docs/events/outbound-webhooks), so a delivery can
 * be verified without the signature scheme, which only Kustomer's newer pages document.
 */
export const VERIFICATION_HEADER = 'X-N8n-Kustomer-Secret';

const HEX_SHA256 = /^[0-9a-f]{64}$/i;

function bytes(body: Buffer | string): Buffer {
	return Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
}

/** Kustomer's signature of a body: lowercase hex HMAC-SHA256, keyed with the webhook token. */
export function signBody(body: Buffer | string, token: string): string {
	return createHmac('sha256', token).update(bytes(body)).digest('hex');
}

/**
 * Whether `signature` is Kustomer's signature of exactly these bytes. Fails closed: a missing
 * token, body or header, a header that is not 64 hex digits, or a repeated header is false.
 * Upper-case hex is accepted. The comparison takes the same time whatever matches.
 */
export function verifySignature(body: Buffer | string | undefined, token: string | undefined, signature: unknown): boolean {
	if (!token || body === undefined || typeof signature !== 'string' || !HEX_SHA256.test(signature.trim())) {
		return false;
	}
	const expected = Buffer.from(signBody(body, token), 'hex');
	const given = Buffer.from(signature.trim(), 'hex');
	return timingSafeEqual(expected, given);
}

/**
 * The secret an automatically registered webhook carries in VERIFICATION_HEADER: derived
 * from the API key (kept encrypted in n8n's credentials) and the webhook URL, so nothing
 * secret is stored anywhere else and every n8n process can compute it.
 */
export function automaticSecret(apiKey: string, webhookUrl: string): string {
	return createHmac('sha256', apiKey).update(`n8n-nodes-kustomer webhook secret\n${webhookUrl}`, 'utf8').digest('hex');
}

/**
 * Whether a shared-secret header carries the expected secret. Both sides are hashed first so
 * the comparison is constant-time whatever their lengths.
 */
export function verifySharedSecret(given: unknown, expected: string | undefined): boolean {
	if (!expected || typeof given !== 'string' || given === '') return false;
	const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
	return timingSafeEqual(digest(given), digest(expected));
}

/**
 * Whether a delivery comes from Kustomer. Automatic registration makes every delivery
 * verifiable two ways, and one is enough:
 * - the documented signature: `X-Kustomer-Webhook-Signature`, the lowercase hex HMAC-SHA256
 *   of the raw body keyed with the webhook's token (developer.kustomer.com
 *   docs/events/delivery-and-retries; only Kustomer's newer pages state it);
 * - the package's own secret, registered as a custom header of the webhook, which Kustomer
 *   sends with every delivery (docs/events/outbound-webhooks, `headers`).
 * Manual mode checks the one the user configured, with the secret of their credential.
 */
import type { IWebhookFunctions } from 'n8n-workflow';

import { VERIFICATION_HEADER, automaticSecret, SIGNATURE_HEADER, verifySharedSecret, verifySignature } from '../shared/signature';
import { CREDENTIAL_TYPE, KustomerClient } from '../transport';
import { listHooks } from './hooks';
import { registry } from './processMemory';
import type { VerifiedBy } from './registry';
import { isManual, webhookUrl } from './settings';

export const WEBHOOK_SECRET_CREDENTIAL = 'kustomerWebhookApi';

type RawRequest = ReturnType<IWebhookFunctions['getRequestObject']>;

export type Verification = { by: VerifiedBy } | { problem: string };

function header(request: RawRequest, name: string): unknown {
	return request.headers[name.toLowerCase()];
}

function signedWithAny(body: Buffer | string | undefined, tokens: string[], signature: unknown): boolean {
	return tokens.some((token) => verifySignature(body, token, signature));
}

/**
 * Reads this URL's webhooks from Kustomer again (after a restart, or when a delivery fails
 * with the tokens known), at most once a minute, deliveries arriving meanwhile waiting for
 * the same read. A failed read is logged and verifies nothing.
 */
async function lookUpTokens(context: IWebhookFunctions, url: string, now: number): Promise<string[]> {
	try {
		if (!(await registry.lookUp(url, now, async () => await listHooks(new KustomerClient(context))))) return [];
	} catch (error) {
		context.logger.warn(`Kustomer Trigger could not read its webhooks from Kustomer to verify a delivery: ${(error as Error).message}`);
		return [];
	}
	return registry.tokens(url);
}

async function verifyAutomatic(context: IWebhookFunctions, request: RawRequest, body: Buffer | string | undefined, now: number): Promise<Verification> {
	const url = webhookUrl(context);
	const signature = header(request, SIGNATURE_HEADER);
	if (signedWithAny(body, registry.tokens(url), signature)) return { by: 'signature' };
	const apiKey = String((await context.getCredentials(CREDENTIAL_TYPE)).apiKey ?? '');
	if (apiKey && verifySharedSecret(header(request, VERIFICATION_HEADER), automaticSecret(apiKey, url))) return { by: 'secret header' };
	if (signedWithAny(body, await lookUpTokens(context, url, now), signature)) return { by: 'signature' };
	return { problem: `neither ${SIGNATURE_HEADER} nor ${VERIFICATION_HEADER} verifies (missing or wrong)` };
}

async function verifyManual(context: IWebhookFunctions, request: RawRequest, body: Buffer | string | undefined): Promise<Verification> {
	const secret = String((await context.getCredentials(WEBHOOK_SECRET_CREDENTIAL)).secret ?? '') || undefined;
	if (!secret) return { problem: 'no secret to verify with (set it in the Kustomer Trigger Manual Webhook Secret credential)' };
	if (context.getNodeParameter('verification', 'signature') === 'signature') {
		return verifySignature(body, secret, header(request, SIGNATURE_HEADER)) ? { by: 'signature' } : { problem: `missing or wrong ${SIGNATURE_HEADER}` };
	}
	const headerName = String(context.getNodeParameter('verificationHeaderName', ''));
	if (!headerName || !verifySharedSecret(header(request, headerName), secret)) return { problem: `missing or wrong ${headerName || 'secret'} header` };
	return { by: 'secret header' };
}

/** Whether the delivery verifies, and how; logs how (never a secret). */
export async function verifyDelivery(context: IWebhookFunctions, request: RawRequest, body: Buffer | string | undefined, now: number): Promise<Verification> {
	const verification = isManual(context) ? await verifyManual(context, request, body) : await verifyAutomatic(context, request, body, now);
	if ('by' in verification) {
		const how = `Kustomer Trigger verified a delivery by its ${verification.by === 'signature' ? 'signature (X-Kustomer-Webhook-Signature)' : `secret header`}`;
		if (registry.noteVerifiedBy(webhookUrl(context), verification.by)) context.logger.info(how);
		else context.logger.debug(how);
	}
	return verification;
}

import type { KustomerClient } from '../transport';

const ORGANIZATION_NAME = /^[a-z0-9][a-z0-9-]*$/i;

/** Per client (one node run): the org's app address, asked for once however many items need it. */
const appBases = new WeakMap<KustomerClient, Promise<string | undefined>>();

/**
 * The org's Kustomer web app, https://<org>.kustomerapp.com, for the `appUrl` of output records.
 * An Organization Host credential names the org; for a regional or custom host the org's name
 * comes from GET /v1/orgs/current (`data.attributes.name` is the subdomain: notes §11), asked
 * once per run. When neither tells, records go out without `appUrl` rather than with a guess.
 */
export async function appBaseUrl(client: KustomerClient): Promise<string | undefined> {
	let base = appBases.get(client);
	if (!base) {
		base = readAppBaseUrl(client);
		appBases.set(client, base);
	}
	return await base;
}

async function readAppBaseUrl(client: KustomerClient): Promise<string | undefined> {
	const fromCredential = await client.appUrl();
	if (fromCredential) return fromCredential;
	try {
		const document = await client.request<{ data?: { attributes?: { name?: unknown } } }>({ method: 'GET', path: '/v1/orgs/current' });
		const name = document?.data?.attributes?.name;
		return typeof name === 'string' && ORGANIZATION_NAME.test(name) ? `https://${name.toLowerCase()}.kustomerapp.com` : undefined;
	} catch {
		// Links are a convenience: a key that may not read its org still gets its records.
		return undefined;
	}
}

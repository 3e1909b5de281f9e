import type { IDataObject } from 'n8n-workflow';

import { simplifyResource } from '../shared/simplify';
import type { JsonApiResource, KustomerClient } from '../transport';
import { RESOURCES } from './index';

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

/**
 * The address an agent opens for a record in Kustomer's web app, under `appBase`
 * (https://<org>.kustomerapp.com): its kind's page (RecordKind.appPath). Undefined for other records.
 */
export function recordAppUrl(resource: JsonApiResource, appBase: string): string | undefined {
	const path = RESOURCES.find(({ record }) => record.isType(resource.type))?.record.appPath(resource);
	return path === undefined ? undefined : `${appBase}${path}`;
}

/**
 * The output of an operation: simplified records, or the records as Kustomer sent them; both
 * with `appUrl`, the record's page in Kustomer, when the org's app address is known.
 */
export function formatResources(resources: JsonApiResource[], simplify: boolean, appBase?: string): IDataObject[] {
	return resources.map((resource) => {
		const json = simplify ? simplifyResource(resource) : ({ ...resource } as unknown as IDataObject);
		const appUrl = appBase ? recordAppUrl(resource, appBase) : undefined;
		if (appUrl) json.appUrl = appUrl;
		return json;
	});
}

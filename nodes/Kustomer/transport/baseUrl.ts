import type { IHttpRequestOptions } from 'n8n-workflow';

/** The credential fields that decide where requests go. */
export interface KustomerHostSettings {
	host?: string;
	organization?: string;
	customBaseUrl?: string;
}

const REGIONAL_HOSTS: Record<string, string> = {
	us: 'https://api.kustomerapp.com',
	eu: 'https://api.prod2.kustomerapp.com',
	in: 'https://api.prod4.kustomerapp.com',
};

const ORGANIZATION_NAME = /^[a-z0-9][a-z0-9-]*$/i;

/** The credential's org subdomain, lowercased, or undefined when it is not a valid one. */
function organizationSubdomain(settings: KustomerHostSettings): string | undefined {
	const organization = String(settings.organization ?? '').trim();
	return ORGANIZATION_NAME.test(organization) ? organization.toLowerCase() : undefined;
}

/**
 * The API origin (no trailing slash, no /v1) for a credential: the one rule the node and the
 * credential's Test button (through `withKustomerBaseUrl`) share. Returns an explanation
 * instead of a URL when the credential is unusable, so callers can raise it with their own
 * node context.
 */
export function kustomerBaseUrl(settings: KustomerHostSettings): { url: string } | { problem: string } {
	const host = settings.host || 'org';
	if (host in REGIONAL_HOSTS) return { url: REGIONAL_HOSTS[host] };

	if (host === 'custom') {
		const raw = String(settings.customBaseUrl ?? '').trim().replace(/\/+$/, '');
		let parsed: URL | undefined;
		try {
			parsed = new URL(raw);
		} catch {
			parsed = undefined;
		}
		if (!parsed || !/^https?:$/.test(parsed.protocol)) {
			return {
				problem: `The credential's Custom Base URL "${raw}" is not an http(s) URL. Enter e.g. http://127.0.0.1:4010 (without /v1).`,
			};
		}
		return { url: raw.replace(/\/v1$/, '') };
	}

	const organization = organizationSubdomain(settings);
	if (!organization) {
		return {
			problem:
				'The credential has no valid Organization Name. Enter the subdomain you sign in at ("acme" for acme.kustomerapp.com), or choose a regional host.',
		};
	}
	return { url: `https://${organization}.api.kustomerapp.com` };
}

/** The Kustomer web app for an org-host credential (links to records); unknown otherwise. */
export function kustomerAppUrl(settings: KustomerHostSettings): string | undefined {
	const organization = organizationSubdomain(settings);
	if ((settings.host || 'org') !== 'org' || !organization) return undefined;
	return `https://${organization}.kustomerapp.com`;
}

/**
 * A request with a relative URL (the credential's Test, or any caller that gives only a path)
 * sent to the credential's API origin; an absolute URL or a set baseURL is left alone.
 * Throws the explanation when the credential is unusable, before anything is sent.
 */
export function withKustomerBaseUrl(settings: KustomerHostSettings, options: IHttpRequestOptions): IHttpRequestOptions {
	if (options.baseURL || /^[a-z][a-z0-9+.-]*:\/\//i.test(options.url)) return options;
	const resolved = kustomerBaseUrl(settings);
	if ('problem' in resolved) throw new Error(resolved.problem);
	return { ...options, baseURL: resolved.url };
}

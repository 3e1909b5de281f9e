/** The credential fields that decide where requests go. */
export interface KustomerHostSettings {
	host?: string;
	organization?: string;
	customBaseUrl?: string;
}

type KustomerOrigin = { url: string } | { problem: string };

/**
 * THE rule for where a credential's requests go: the API origin (no trailing slash, no /v1),
 * or an explanation when the credential is unusable. It runs in two places: in the node, and
 * inside n8n's expression engine for the credential's Test button, which n8n evaluates
 * without loading the node (KustomerApi.credentials.ts puts this function's source into the
 * Test request's baseURL). So it is self-contained plain JavaScript: no imports, no module
 * constants, no URL class, and no two closing braces in a row (they would end the expression).
 */
export function resolveKustomerOrigin(host: unknown, organization: unknown, customBaseUrl: unknown): KustomerOrigin {
	switch (String(host || 'org')) {
		case 'us':
			return { url: 'https://api.kustomerapp.com' };
		case 'eu':
			return { url: 'https://api.prod2.kustomerapp.com' };
		case 'in':
			return { url: 'https://api.prod4.kustomerapp.com' };
		case 'custom': {
			const raw = String(customBaseUrl ?? '').trim().replace(/\/+$/, '');
			const parts = /^(https?):\/\/([^\s/?#]+)(\/\S*)?$/i.exec(raw);
			if (!parts) {
				return { problem: 'The credential\'s Custom Base URL "' + raw + '" is not an http(s) URL. Enter e.g. https://proxy.example.com, or http://127.0.0.1:4010 for a server on this machine.' };
			}
			// Plain http would carry the API key in clear text: only to this machine (the local sandbox, a local proxy).
			const loopback = /^(127(\.\d{1,3}){3}|localhost|\[::1\])(:\d+)?$/i.test(parts[2]);
			if (parts[1].toLowerCase() !== 'https' && !loopback) {
				return {
					problem:
						'The credential\'s Custom Base URL "' + raw + '" is plain http to another machine, which would send the API key in clear text. Use https, or http only for a server on this machine (127.0.0.1, localhost).',
				};
			}
			return { url: raw.replace(/\/v1$/i, '') };
		}
		default: {
			const name = String(organization ?? '').trim();
			if (!/^[a-z0-9][a-z0-9-]*$/i.test(name)) {
				return {
					problem:
						'The credential has no valid Organization Name. Enter the subdomain you sign in at ("acme" for acme.kustomerapp.com), or choose a regional host.',
				};
			}
			return { url: 'https://' + name.toLowerCase() + '.api.kustomerapp.com' };
		}
	}
}

/** Whether an origin is this machine (127.0.0.0/8, localhost, ::1): the only place plain http may go. */
export function isLoopbackOrigin(url: string): boolean {
	return /^https?:\/\/(127(\.\d{1,3}){3}|localhost|\[::1\])(:\d+)?(\/|$)/i.test(url);
}

/** The API origin for a credential (see resolveKustomerOrigin), or why there is none. */
export function kustomerBaseUrl(settings: KustomerHostSettings): KustomerOrigin {
	return resolveKustomerOrigin(settings.host, settings.organization, settings.customBaseUrl);
}

/**
 * The Kustomer web app for an org-host credential (links to records); unknown otherwise. An
 * org's API is at https://<org>.api.kustomerapp.com, its app at https://<org>.kustomerapp.com.
 */
export function kustomerAppUrl(settings: KustomerHostSettings): string | undefined {
	if ((settings.host || 'org') !== 'org') return undefined;
	const resolved = kustomerBaseUrl(settings);
	return 'url' in resolved ? resolved.url.replace('.api.kustomerapp.com', '.kustomerapp.com') : undefined;
}

/** A node name no workflow has, looked up only to obtain n8n's own ExpressionError. */
const NO_SUCH_NODE = 'Kustomer credential check';

/**
 * An n8n expression (for a credential's declarative Test) that evaluates resolveKustomerOrigin
 * on the credential's fields: the origin, or an error carrying the explanation. n8n's expression
 * engine swallows a plain Error thrown inside {{ }} (the request then failed with a bare
 * ERR_INVALID_URL) and passes on only its own ExpressionError, whose constructor an expression
 * may not call (n8n-workflow expression.js, renderExpression's catch). So the explanation
 * travels in the ExpressionError n8n raises for a node that does not exist.
 */
export function kustomerOriginExpression(): string {
	const rule = resolveKustomerOrigin.toString();
	const call = `(${rule})($credentials.host, $credentials.organization, $credentials.customBaseUrl)`;
	const fail = `(() => { try { $('${NO_SUCH_NODE}'); } catch (error) { error.message = origin.problem; error.description = origin.problem; throw error; } throw new Error(origin.problem); })()`;
	return `={{ ((origin) => origin.url || ${fail})(${call}) }}`;
}

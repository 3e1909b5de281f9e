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
 * engines pass on only their own ExpressionError; anything else thrown inside {{ }} is
 * swallowed, the Test request then going out without a base URL and failing with a bare
 * ERR_INVALID_URL (issue 20 item 1). So the explanation travels in an ExpressionError either way:
 * - the legacy engine (n8n-workflow expression.js, renderExpression's catch: `instanceof
 *   ExpressionError`): the one n8n raises for a node that does not exist, whose constructor an
 *   expression may not call;
 * - the isolated "vm" engine, n8n's default since 1.123 (N8N_EXPRESSION_ENGINE,
 *   @n8n/config expression-engine.config.js), where $() of a missing node throws nothing: an
 *   Error named "ExpressionError", which n8n rebuilds as its own on the way out of the isolate
 *   (expression.js, mapVmError: "Name-based reconstruction for errors that crossed the isolate
 *   boundary").
 */
export function kustomerOriginExpression(): string {
	const rule = resolveKustomerOrigin.toString();
	const call = `(${rule})($credentials.host, $credentials.organization, $credentials.customBaseUrl)`;
	const named = `const error = new Error(origin.problem); error.name = 'ExpressionError'; throw error;`;
	const fail = `(() => { try { $('${NO_SUCH_NODE}'); } catch (error) { error.message = origin.problem; error.description = origin.problem; throw error; } ${named} })()`;
	return `={{ ((origin) => origin.url || ${fail})(${call}) }}`;
}

/**
 * Checks request bodies against Kustomer's request schemas (kustomer-request-schemas.json,
 * derived from Kustomer's OpenAPI description by scripts/derive-contract-schemas.js).
 * Used by the contract tests and by the sandbox server, which rejects what Kustomer would.
 */
const Ajv = require('ajv');

const { schemas } = require('./kustomer-request-schemas.json');

const E164 = /^\+[1-9]\d{6,14}$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/i;

function isUrl(value) {
	try {
		return ['http:', 'https:'].includes(new URL(value).protocol);
	} catch {
		return false;
	}
}

const ajv = new Ajv({ allErrors: true, strict: false });
ajv.addFormat('object-id', /^[0-9a-f]{24}$/i);
ajv.addFormat('email-relaxed', /^[^\s@]+@[^\s@]+$/);
ajv.addFormat('phone-number', E164);
ajv.addFormat('whatsapp-number', E164);
ajv.addFormat('date-time', (value) => RFC3339.test(value) && !Number.isNaN(Date.parse(value)));
ajv.addFormat('uri', isUrl);
ajv.addFormat('url', isUrl);
ajv.addFormat('email', /^[^\s@]+@[^\s@]+$/);
ajv.addFormat('domain-name', /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/i);
// Kustomer's own formats for a send time, undocumented beyond their names: an RFC 3339
// date-time is what the nodes send; relative "now+…" date math is let through unchecked.
const sendTime = (value) => (RFC3339.test(value) && !Number.isNaN(Date.parse(value))) || /^now\b/.test(value);
ajv.addFormat('date-time-math', sendTime);
ajv.addFormat('send-at', sendTime);

const routes = Object.keys(schemas)
	.map((key) => {
		const [method, template] = key.split(' ');
		const pattern = new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`);
		return { key, method, template, pattern, validate: ajv.compile(schemas[key]) };
	})
	// Literal routes (/v1/customers/search) before templated ones (/v1/customers/{id}).
	.sort((a, b) => (a.template.match(/\{/g) || []).length - (b.template.match(/\{/g) || []).length);

/** The schema key (e.g. "POST /v1/conversations") for a request, or undefined. */
function schemaKeyFor(method, path) {
	const pathname = path.split('?')[0];
	return routes.find((route) => route.method === method.toUpperCase() && route.pattern.test(pathname))?.key;
}

/**
 * Validates one request body. Answers { schema, valid, errors } where errors are readable
 * strings ("/priority must be <= 5"). schema is undefined when no schema covers the route.
 */
function validateRequestBody(method, path, body) {
	const key = schemaKeyFor(method, path);
	if (!key) return { schema: undefined, valid: true, errors: [] };
	const route = routes.find((entry) => entry.key === key);
	const valid = route.validate(body);
	const errors = valid
		? []
		: route.validate.errors.map((error) => {
				const where = error.instancePath || '(body)';
				const extra = error.params && error.params.additionalProperty ? ` "${error.params.additionalProperty}"` : '';
				return `${where} ${error.message}${extra}`;
			});
	return { schema: key, valid, errors };
}

module.exports = { validateRequestBody, schemaKeyFor, schemas };

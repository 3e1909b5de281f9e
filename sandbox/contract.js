/**
 * Checks request bodies against Kustomer's request schemas (kustomer-request-schemas.json,
 * derived from Kustomer's OpenAPI description by scripts/derive-contract-schemas.js).
 * Used by the contract tests and by the sandbox server, which rejects what Kustomer would.
 */
const Ajv = require('ajv');

const { schemas } = require('./kustomer-request-schemas.json');
const { customSchema } = require('./metadata');

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

// Each schema is compiled when first used: compiling them all costs most test files more
// than half a second, for the few routes each one sends to.
const compiled = new Map();
const routes = Object.keys(schemas)
	.map((key) => {
		const [method, template] = key.split(' ');
		const pattern = new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`);
		return {
			key,
			method,
			template,
			pattern,
			get validate() {
				if (!compiled.has(key)) compiled.set(key, ajv.compile(schemas[key]));
				return compiled.get(key);
			},
		};
	})
	// Literal routes (/v1/customers/search) before templated ones (/v1/customers/{id}).
	.sort((a, b) => (a.template.match(/\{/g) || []).length - (b.template.match(/\{/g) || []).length);

/** The schema key (e.g. "POST /v1/conversations") for a request, or undefined. */
function schemaKeyFor(method, path) {
	const pathname = path.split('?')[0];
	return routes.find((route) => route.method === method.toUpperCase() && route.pattern.test(pathname))?.key;
}

function readable(errors, prefix = '') {
	return errors.map((error) => {
		const where = `${prefix}${error.instancePath}` || '(body)';
		const extra = error.params && error.params.additionalProperty ? ` "${error.params.additionalProperty}"` : '';
		return `${where} ${error.message}${extra}`;
	});
}

/** Which record type's custom attributes a write sets: customer, conversation, kobject.<klass>, ... */
function metadataResourceOf(path) {
	const pathname = path.split('?')[0];
	const klass = /^\/v1\/(?:customers\/[^/]+\/)?klasses\/([^/]+)/.exec(pathname);
	if (klass && !/^[0-9a-f]{24}$/i.test(klass[1])) return `kobject.${decodeURIComponent(klass[1])}`;
	const collection = /^\/v1\/(customers|conversations|messages|companies|notes)(?:\/[^/]+\/(conversations|messages|notes))?/.exec(pathname);
	if (!collection) return undefined;
	return (collection[2] ?? collection[1]).replace(/ies$/, 'y').replace(/s$/, '');
}

const customValidators = new Map();

/** Errors of the `custom` objects in a body against an org's metadata: what it defines and nothing else. */
function customErrors(path, body, metadata, strict) {
	const resource = metadataResourceOf(path);
	if (!resource) return [];
	const properties = metadata[resource] ?? {};
	const cacheKey = JSON.stringify([strict, properties]);
	if (!customValidators.has(cacheKey)) customValidators.set(cacheKey, ajv.compile(customSchema(properties, { strict })));
	const validate = customValidators.get(cacheKey);
	const entries = Array.isArray(body) ? body.map((item, index) => [item, `/${index}`]) : [[body, '']];
	return entries.flatMap(([item, prefix]) =>
		item && typeof item === 'object' && item.custom !== undefined && !validate(item.custom) ? readable(validate.errors, `${prefix}/custom`) : [],
	);
}

/**
 * Validates one request body. Answers { schema, valid, errors } where errors are readable
 * strings ("/priority must be <= 5"). schema is undefined when no schema covers the route.
 * With `metadata` (an org's custom attribute definitions by record type, as GET
 * /v1/metadata/{resource} lists them), `custom` may hold those attributes, typed, and nothing
 * else; `strict: false` lets other attributes through (what the sandbox, like Kustomer, stores).
 */
function validateRequestBody(method, path, body, { metadata, strict = true } = {}) {
	const key = schemaKeyFor(method, path);
	if (!key) return { schema: undefined, valid: true, errors: [] };
	const route = routes.find((entry) => entry.key === key);
	const errors = route.validate(body) ? [] : readable(route.validate.errors);
	if (metadata) errors.push(...customErrors(path, body, metadata, strict));
	return { schema: key, valid: errors.length === 0, errors };
}

module.exports = { validateRequestBody, schemaKeyFor, schemas };

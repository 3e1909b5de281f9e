#!/usr/bin/env node
/**
 * Derives sandbox/kustomer-request-schemas.json from Kustomer's official OpenAPI description
 * (../shared/kustomer/openapi-core-resources.json, read-only reference, not shipped): the
 * request-body schema of every write endpoint the file describes with a JSON body.
 *
 *   node scripts/derive-contract-schemas.js <path to openapi-core-resources.json>
 *
 * Documented adjustments, all marked in the output under "x-derived":
 * - `custom`: the OpenAPI file declares it as an object with additionalProperties:false and no
 *   properties, because custom attributes are defined per org. Kept as written, it would reject
 *   every custom attribute. It becomes: names must end in a type suffix, values scalar or null.
 * - tracking event `meta` (POST /v1/tracking/event and /identityEvent): declared like `custom`, an
 *   object with additionalProperties:false, no properties and at most 100 of them, since its
 *   properties are the caller's. It becomes: names starting with a letter, values text or
 *   numbers (the one public client, RudderStack's Kustomer destination, sends numbers as `…Num`,
 *   dates as `…At` text and booleans as "true"/"false" text).
 * - `_clientRef` on the records of bulk bodies: Kustomer's docs say to "Add `_clientRef` to each
 *   item so you can match results back to your source rows" (developer.kustomer.com
 *   docs/guides/bulk-operations; rules in api/core-resources/bulk-create-customers: on every
 *   item or none, a string of 1 to 255 characters, unique in the request), but the OpenAPI
 *   file's bulk item schemas (additionalProperties: false) do not list it. The docs are newer
 *   and explicit, so it is allowed on every bulk record.
 * - WhatsApp drafts: the OpenAPI file's allOf parts contradict each other; merged (see mergeAllOf).
 * - POST /v1/messages/{id}/redactions: an object closed at the top (additionalProperties: false,
 *   no properties) whose fields sit only in anyOf branches, so every field is refused and only
 *   `{}` passes (see propertiesOutOfAnyOf).
 * - `queue` in PATCH/PUT /v1/conversations/{id}: a oneOf of two overlapping objects (`id` as
 *   object-id, or as any string), so the ordinary `{ queue: { id: "<24 hex>" } }` matches both and
 *   fails oneOf. Kustomer documents no such rule and POST /v1/conversations takes the same object
 *   (as a plain anyOf): the choice becomes anyOf. (The body's own top-level oneOf, attributes or
 *   `customer`, stays: its branches exclude each other except for `{}`, which the node never sends.)
 *   The records of PUT /v1/conversations/bulk get the same treatment; in the file as it is, their
 *   `queue` is already one plain object (`id` any string or null), so nothing changes there. That
 *   schema is an array of a oneOf (the same two branches, each requiring `id`), nothing is lost in
 *   the derivation: it only looks empty to a reader expecting `items.properties`.
 * - Outbound webhooks, users, teams, queues and tags are not in the OpenAPI file. The body of
 *   POST /v1/outbound-webhooks is written from Kustomer's documentation (API.md in the brief);
 *   its https rule is a runtime check, not part of the body's shape.
 */
const fs = require('fs');
const path = require('path');

const source = process.argv[2] || path.join(__dirname, '..', '..', 'shared', 'kustomer', 'openapi-core-resources.json');
const openapi = JSON.parse(fs.readFileSync(source, 'utf8'));

/** Every write the OpenAPI file describes with a JSON body: operations added later find theirs here. */
const JSON_BODY_TYPES = ['application/json', 'application/json-patch+json'];
const ENDPOINTS = Object.entries(openapi.paths).flatMap(([route, operations]) =>
	['post', 'put', 'patch', 'delete']
		.filter((method) => JSON_BODY_TYPES.some((type) => operations[method]?.requestBody?.content?.[type]))
		.map((method) => [method.toUpperCase(), route]),
);

// Tree (hierarchical dropdowns) is not in Kustomer's suffix lists but exists in real orgs and
// in the metadata endpoint's answers; an Id attribute with `multi` metadata holds a list of IDs.
const CUSTOM_ATTRIBUTES = {
	type: 'object',
	maxProperties: 100,
	propertyNames: { pattern: '^[a-zA-Z][a-zA-Z0-9]*(Str|Txt|Num|At|Bool|Url|Id|Tree)$' },
	patternProperties: { 'Id$': { anyOf: [{ type: ['string', 'null'] }, { type: 'array', items: { type: 'string' } }] } },
	additionalProperties: { type: ['string', 'number', 'boolean', 'null'] },
};

/** A tracking event's properties (see the header). */
const TRACKING_META = {
	type: 'object',
	maxProperties: 100,
	propertyNames: { pattern: '^[a-zA-Z][a-zA-Z0-9_.-]*$' },
	additionalProperties: { type: ['string', 'number'] },
};

/** The event object of the tracking bodies: the only schemas with a patterned `name` beside a placeholder `meta`. */
const isTrackingEvent = (properties) =>
	properties.meta && properties.meta.additionalProperties === false && !properties.meta.properties && typeof properties.name?.pattern === 'string';

/**
 * Kustomer's WhatsApp draft branches are `allOf` of an object that requires `channel` and one
 * with additionalProperties:false that does not list it, so no body can ever match them (an
 * error in the OpenAPI file: Kustomer's docs show WhatsApp drafts with a channel). The parts
 * are merged into the one object they describe.
 */
function mergeAllOf(parts) {
	if (!parts.every((part) => part && part.type === 'object' && part.properties)) return undefined;
	const merged = { type: 'object', properties: {}, required: [] };
	for (const part of parts) {
		Object.assign(merged.properties, part.properties);
		merged.required.push(...(part.required ?? []).filter((name) => !merged.required.includes(name)));
		if (part.additionalProperties === false) merged.additionalProperties = false;
	}
	return merged;
}

/**
 * An object closed at the top whose fields are listed only in `anyOf` branches (the redaction:
 * `preview`, `attachments` or `meta`): as written, JSON Schema refuses every field, since
 * additionalProperties sees no `properties` beside it. The branches' fields become the object's,
 * and the anyOf asks for at least one of them, which is what the branches describe.
 */
function propertiesOutOfAnyOf(schema) {
	const { anyOf } = schema;
	if (schema.type !== 'object' || schema.additionalProperties !== false || schema.properties || !Array.isArray(anyOf)) return undefined;
	if (!anyOf.every((branch) => branch.properties && Object.keys(branch).every((key) => key === 'properties'))) return undefined;
	return {
		...schema,
		properties: Object.assign({}, ...anyOf.map((branch) => branch.properties)),
		anyOf: anyOf.map((branch) => ({ required: Object.keys(branch.properties) })),
	};
}

/** Replaces the per-org `custom` placeholder wherever it occurs. */
function adjust(schema) {
	if (Array.isArray(schema)) return schema.map(adjust);
	if (!schema || typeof schema !== 'object') return schema;
	const result = {};
	// OpenAPI 3.0's `nullable` beside anyOf (no `type`) is not JSON Schema: null becomes one of the choices.
	if (schema.nullable === true && !schema.type && Array.isArray(schema.anyOf)) {
		const { nullable: _nullable, ...rest } = schema;
		return adjust({ ...rest, anyOf: [...schema.anyOf, { type: 'null' }] });
	}
	const opened = propertiesOutOfAnyOf(schema);
	if (opened) return adjust(opened);
	if (Array.isArray(schema.allOf)) {
		const { allOf, ...rest } = schema;
		const merged = mergeAllOf(allOf);
		if (merged) return adjust({ ...rest, ...merged });
	}
	for (const [key, value] of Object.entries(schema)) {
		if (key === 'example' || key === 'description') continue;
		if (key === 'properties' && value.custom && value.custom.additionalProperties === false && !value.custom.properties) {
			result.properties = { ...adjust(value), custom: CUSTOM_ATTRIBUTES };
			continue;
		}
		if (key === 'properties' && isTrackingEvent(value)) {
			result.properties = { ...adjust(value), meta: TRACKING_META };
			continue;
		}
		result[key] = adjust(value);
	}
	return result;
}

/** A conversation update (PATCH/PUT /conversations/{id}, or a bulk's record): the overlapping `queue` choice as anyOf (see the header). */
function relaxQueueChoice(schema) {
	const record = schema.type === 'array' ? schema.items : schema;
	for (const branch of record.oneOf ?? [record]) {
		const queue = branch.properties?.queue;
		if (queue?.oneOf) branch.properties.queue = { anyOf: queue.oneOf };
	}
	return schema;
}

const schemas = {};
for (const [method, route] of ENDPOINTS) {
	const operation = openapi.paths[route]?.[method.toLowerCase()];
	const content = operation?.requestBody?.content ?? {};
	const body = content['application/json'] ?? content['application/json-patch+json'];
	if (!body) throw new Error(`${method} ${route}: no JSON request body in the OpenAPI file`);
	const schema = adjust(body.schema);
	const conversationUpdate = route === '/conversations/{id}' || (route === '/conversations/bulk' && method === 'PUT');
	schemas[`${method} /v1${route}`] = conversationUpdate ? relaxQueueChoice(schema) : schema;
}

const CLIENT_REF = { type: 'string', minLength: 1, maxLength: 255 };

/** Allows `_clientRef` on each record of a bulk body (in every branch of a oneOf). */
function allowClientRef(itemSchema) {
	if (Array.isArray(itemSchema.oneOf)) return { ...itemSchema, oneOf: itemSchema.oneOf.map(allowClientRef) };
	if (itemSchema.type !== 'object') return itemSchema;
	return { ...itemSchema, properties: { ...itemSchema.properties, _clientRef: CLIENT_REF } };
}

for (const key of Object.keys(schemas)) {
	if (/^(POST|PUT) \S+\/bulk$/.test(key) && schemas[key].type === 'array') {
		schemas[key] = { ...schemas[key], items: allowClientRef(schemas[key].items) };
	}
}

// The create body Kustomer documents (developer.kustomer.com docs/events/outbound-webhooks:
// name, url, events, headers); `enabled` is only among a webhook's fields in the list, and
// Kustomer documents no update of a webhook.
schemas['POST /v1/outbound-webhooks'] = {
	type: 'object',
	required: ['name', 'url', 'events'],
	additionalProperties: false,
	properties: {
		name: { type: 'string', minLength: 1, maxLength: 255 },
		// Kustomer requires https at runtime (the trigger checks before registering; the sandbox
		// also allows loopback http for local n8n); the body schema only asks for a URL.
		url: { type: 'string', format: 'uri', maxLength: 2048 },
		events: { type: 'array', minItems: 1, maxItems: 12, uniqueItems: true, items: { type: 'string', pattern: '^kustomer\\.[a-z_]+\\.[a-z_]+$' } },
		headers: {
			type: 'array',
			items: {
				type: 'object',
				required: ['name', 'value'],
				additionalProperties: false,
				properties: { name: { type: 'string', minLength: 1 }, value: { type: 'string' } },
			},
		},
	},
};

const output = {
	'x-derived': {
		from: `Kustomer "${openapi.info.title}" OpenAPI ${openapi.openapi}, version ${openapi.info.version}`,
		by: 'scripts/derive-contract-schemas.js',
		adjustments: [
			'custom: per-org attributes; names must end in Str|Txt|Num|At|Bool|Url|Id|Tree, values scalar or null (Id: also a list of IDs); sandbox/contract.js checks them against an org\'s metadata when given',
			'meta of tracking events: the caller\'s properties; names start with a letter, values text or numbers',
			'allOf of objects (the WhatsApp draft branches, unsatisfiable as written) merged into one object',
			'POST /v1/messages/{id}/redactions: the fields of its anyOf branches made the object\'s (closed at the top, it refused them all), at least one of them required',
			'_clientRef: allowed on the records of bulk bodies, as Kustomer documents it (docs/guides/bulk-operations)',
			'PATCH/PUT /v1/conversations/{id} (and the records of PUT /v1/conversations/bulk) queue: oneOf of overlapping objects made anyOf (a plain {id} matched both)',
			'POST /v1/outbound-webhooks: not in the OpenAPI file; written from Kustomer documentation',
		],
	},
	schemas,
};
const target = path.join(__dirname, '..', 'sandbox', 'kustomer-request-schemas.json');
fs.writeFileSync(target, `${JSON.stringify(output, null, '\t')}\n`);
console.log(`wrote ${Object.keys(schemas).length} schemas to ${path.relative(process.cwd(), target)}`);

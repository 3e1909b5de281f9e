#!/usr/bin/env node
/**
 * Derives sandbox/kustomer-request-schemas.json from Kustomer's official OpenAPI description
 * (../shared/kustomer/openapi-core-resources.json, read-only reference, not shipped): the
 * request-body schema of every write endpoint the file describes with a JSON body.
 *
 *   node scripts/derive-contract-schemas.js <path to openapi-core-resources.json>
 *
 * Two documented adjustments, both marked in the output under "x-derived":
 * - `custom`: the OpenAPI file declares it as an object with additionalProperties:false and no
 *   properties, because custom attributes are defined per org. Kept as written, it would reject
 *   every custom attribute. It becomes: names must end in a type suffix, values scalar or null.
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

const CUSTOM_ATTRIBUTES = {
	type: 'object',
	maxProperties: 100,
	propertyNames: { pattern: '^[a-zA-Z][a-zA-Z0-9]*(Str|Txt|Num|At|Bool|Url|Id)$' },
	additionalProperties: { type: ['string', 'number', 'boolean', 'null'] },
};

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
	for (const [key, value] of Object.entries(schema)) {
		if (key === 'example' || key === 'description') continue;
		if (key === 'properties' && value.custom && value.custom.additionalProperties === false && !value.custom.properties) {
			result.properties = { ...adjust(value), custom: CUSTOM_ATTRIBUTES };
			continue;
		}
		result[key] = adjust(value);
	}
	return result;
}

const schemas = {};
for (const [method, route] of ENDPOINTS) {
	const operation = openapi.paths[route]?.[method.toLowerCase()];
	const content = operation?.requestBody?.content ?? {};
	const body = content['application/json'] ?? content['application/json-patch+json'];
	if (!body) throw new Error(`${method} ${route}: no JSON request body in the OpenAPI file`);
	schemas[`${method} /v1${route}`] = adjust(body.schema);
}

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
		enabled: { type: 'boolean' },
	},
};
schemas['PATCH /v1/outbound-webhooks/{id}'] = {
	type: 'object',
	additionalProperties: false,
	minProperties: 1,
	properties: schemas['POST /v1/outbound-webhooks'].properties,
};

const output = {
	'x-derived': {
		from: `Kustomer "${openapi.info.title}" OpenAPI ${openapi.openapi}, version ${openapi.info.version}`,
		by: 'scripts/derive-contract-schemas.js',
		adjustments: [
			'custom: per-org attributes; names must end in Str|Txt|Num|At|Bool|Url|Id, values scalar or null',
			'POST/PATCH /v1/outbound-webhooks: not in the OpenAPI file; written from Kustomer documentation',
		],
	},
	schemas,
};
const target = path.join(__dirname, '..', 'sandbox', 'kustomer-request-schemas.json');
fs.writeFileSync(target, `${JSON.stringify(output, null, '\t')}\n`);
console.log(`wrote ${Object.keys(schemas).length} schemas to ${path.relative(process.cwd(), target)}`);

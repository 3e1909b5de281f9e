/**
 * Custom attribute definitions, as Kustomer's GET /v1/metadata/{resource} answers them
 * (`data.attributes.properties`, keyed by the attribute's full name): the sandbox org's, and
 * the fixture the contract tests check `custom` against. Both shapes of allowed values occur:
 * the older `enumeration: [strings]` and the current dropdown `enumeration: true` + `tree`.
 *
 * Also the JSON Schema a `custom` object must satisfy under such definitions: what Kustomer's
 * server accepts for an org (types by suffix or metadata type, allowed values, null clears).
 */

const METADATA = {
	customer: {
		tierStr: { type: 'string', displayName: 'Tier', enumeration: ['Gold', 'Silver', 'Bronze'] },
		seatsNum: { type: 'number', displayName: 'Seats' },
		vipBool: { type: 'boolean', displayName: 'VIP' },
		renewalAt: { type: 'date', displayName: 'Renewal' },
		websiteUrl: { type: 'string', displayName: 'Website' },
		accountNotesTxt: { type: 'string', displayName: 'Account Notes' },
		regionTree: {
			type: 'string',
			displayName: 'Region',
			enumeration: true,
			lastNodeRequired: true,
			tree: {
				children: [
					{ id: 'americas', displayName: 'Americas', children: [{ id: 'us', displayName: 'United States' }, { id: 'ca', displayName: 'Canada' }] },
					{ id: 'emea', displayName: 'EMEA', children: [{ id: 'de', displayName: 'Germany' }, { id: 'fr', displayName: 'France' }] },
				],
			},
		},
		legacyStr: { type: 'string', displayName: 'Legacy', deletedAt: '2026-01-01T00:00:00.000Z' },
	},
	conversation: {
		orderNumberStr: { type: 'string', displayName: 'Order Number' },
		notesTxt: { type: 'string', displayName: 'Notes' },
		refundNum: { type: 'number', displayName: 'Refund Amount' },
		vipBool: { type: 'boolean', displayName: 'VIP' },
		promisedAt: { type: 'date', displayName: 'Promised By' },
		portalUrl: { type: 'string', displayName: 'Portal Link' },
		legacyId: { type: 'string', displayName: 'Legacy Record' },
		clearedStr: { type: 'string', displayName: 'Cleared' },
		reasonTree: {
			type: 'string',
			displayName: 'Contact Reason',
			enumeration: true,
			tree: {
				children: [
					{ id: 'shipping', displayName: 'Shipping', children: [{ id: 'shipping.damaged', displayName: 'Damaged' }, { id: 'shipping.lost', displayName: 'Lost' }] },
					{ id: 'billing', displayName: 'Billing', children: [{ id: 'billing.refund', displayName: 'Refund' }] },
				],
			},
		},
	},
	company: {
		planStr: { type: 'string', displayName: 'Plan', enumeration: ['Starter', 'Growth', 'Enterprise'] },
		seatsNum: { type: 'number', displayName: 'Seats' },
		strategicBool: { type: 'boolean', displayName: 'Strategic Account' },
		renewalAt: { type: 'date', displayName: 'Renewal' },
		crmUrl: { type: 'string', displayName: 'CRM Record' },
	},
	'kobject.order': {
		totalNum: { type: 'number', displayName: 'Total' },
		statusStr: { type: 'string', displayName: 'Status', enumeration: ['placed', 'shipped', 'delivered', 'returned'] },
		placedAt: { type: 'date', displayName: 'Placed At' },
		trackingUrl: { type: 'string', displayName: 'Tracking Link' },
		giftBool: { type: 'boolean', displayName: 'Gift' },
		skuStr: { type: 'string', displayName: 'SKU' },
		lineItemsId: { type: 'string', displayName: 'Line Items', target: 'kobject.line-item', multi: true },
	},
};

const SUFFIX = /(Str|Txt|Num|At|Bool|Url|Id|Tree)$/;

/** The values a dropdown allows: tree node ids (leaves only when lastNodeRequired), or the string list. */
function allowedValues(definition) {
	const walk = (nodes) =>
		(nodes ?? []).flatMap((node) => {
			if (!node || node.deleted) return [];
			const below = walk(node.children);
			return definition.lastNodeRequired && node.children?.length ? below : [String(node.id), ...below];
		});
	if (definition.tree) return walk(definition.tree.children);
	return Array.isArray(definition.enumeration) ? definition.enumeration : undefined;
}

/** One attribute's schema: by its suffix, else by the metadata's type; allowed values where listed; null clears. */
function attributeSchema(name, definition) {
	const suffix = SUFFIX.exec(name)?.[1];
	const allowed = allowedValues(definition);
	if (allowed && ['Str', 'Txt', 'Tree', undefined].includes(suffix)) return { enum: [...allowed, null] };
	if (suffix === 'Id' && definition.multi) return { anyOf: [{ type: 'array', items: { type: 'string', minLength: 1 } }, { type: 'null' }] };
	switch (suffix ?? definition.type) {
		case 'Num':
		case 'number':
			return { type: ['number', 'null'] };
		case 'Bool':
		case 'boolean':
			return { type: ['boolean', 'null'] };
		case 'At':
		case 'date':
			return { anyOf: [{ type: 'string', format: 'date-time' }, { type: 'null' }] };
		case 'Url':
			return { anyOf: [{ type: 'string', format: 'uri' }, { type: 'null' }] };
		case 'Str':
			return { type: ['string', 'null'], maxLength: 1024 };
		default:
			return { type: ['string', 'null'] };
	}
}

/**
 * The schema of `custom` for an org whose metadata for the record type is `properties`: those
 * attributes, typed, and nothing else; with `strict: false`, others are let through (Kustomer
 * stores attributes without metadata, except Id ones).
 */
function customSchema(properties, { strict = true } = {}) {
	const live = Object.entries(properties ?? {}).filter(([, definition]) => definition && !definition.deletedAt);
	return {
		type: 'object',
		maxProperties: 100,
		additionalProperties: !strict,
		properties: Object.fromEntries(live.map(([name, definition]) => [name, attributeSchema(name, definition)])),
	};
}

module.exports = { METADATA, customSchema };

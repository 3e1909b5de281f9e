/**
 * Where Kustomer's sources disagree about a behaviour, or only one source states it, the sandbox
 * follows the documented reading by default and can be switched to each other reading, so that
 * the package is tested under every one (the developers' rule: "the sandbox does what the
 * documents say, with a switch where they disagree, and tests run both readings").
 *
 * One entry per disagreement: its documented value first in `values`, the sources in `source`.
 * Choose a reading per sandbox with `createSandbox({ config: { readings: { <name>: <value> } } })`,
 * `PATCH /_sandbox/config { readings: { ... } }`, or `--reading <name>=<value>` on the command line.
 * The sandbox's code reads the current value with `reading(config, name)`.
 */
const READINGS = {};

// Fidelity to Kustomer's contract (issue 17): search, bulk, custom attributes, lookups, attachments.
READINGS.notSetForm = {
	values: ['emptyString', 'anyValue'],
	source:
		'Kustomer\'s only documented "is not set" criterion is { "<attribute>": { "not_set": "" } } (developer.kustomer.com docs/guides/search-recipes, "Unassigned"); the OpenAPI file shows none. emptyString: only that form is taken, another value is a 400; anyValue: not_set: true works too.',
};
READINGS.searchSort = {
	values: ['customerAttributesAndUpdatedAt', 'anyDateAttribute'],
	source:
		'OpenAPI POST /customers/search lists customer_* sort keys only: "Sorting based on other standard Object attributes is unavailable"; public clients sort by <object>_updated_at (singer-io/tap-kustomer streams.py, MeltanoLabs/tap-kustomer client.py), one gist by conversation_created_at. customerAttributesAndUpdatedAt: those keys are honoured and any other sort is ignored; anyDateAttribute: every date attribute sorts.',
};
READINGS.bulkClientRef = {
	values: ['refused', 'accepted'],
	source:
		'The OpenAPI bulk item schemas are additionalProperties: false without _clientRef (POST /customers/bulk, /conversations/bulk, /messages/bulk, /notes/bulk, PUT /conversations/bulk); developer.kustomer.com api/core-resources/bulk-create-customers documents it (optional, all items or none, 1-255 characters, unique). refused: a bulk carrying it is a 400 and nothing is written; accepted: batches answer results[] by _clientRef.',
};
READINGS.txtLength = {
	values: ['max1024', 'unlimited'],
	source:
		'The OpenAPI naming-suffix table (e.g. POST /klasses/{name}, PATCH /conversations/{id}) and the older reference (kustomer-api-docs/reference/createkobject) give Txt "string or null, length: [ 0 .. 1024 ] characters"; developer.kustomer.com docs/concepts/custom-attributes says only "Text, shown as a multi-line field". max1024: a longer Txt value is a 400; unlimited: it is stored.',
};
READINGS.messageExternalIdRoute = {
	values: ['lowercase', 'camelCase'],
	source:
		'The OpenAPI file has GET /messages/externalid=:externalId (lower case, no parameter declared); no public client uses it, and the customer and conversation lookups are spelled externalId=. lowercase: /v1/messages/externalid=<value> answers; camelCase: only /v1/messages/externalId=<value> does, and the lower-case path is an unknown route (404).',
};
READINGS.attachmentListIds = {
	values: ['id', 'linksSelfOnly'],
	source:
		'The OpenAPI schema of GET /conversations/{id}/attachments requires each item\'s id; its example items carry none, the ID only in links.self (/v1/messages/<message>/attachments/<attachment>). id: items carry id; linksSelfOnly: as the example.',
};

// Several conversations by one GET (issue 21 part 5).
READINGS.conversationListMissing = {
	values: ['omitted', 'notFound'],
	source:
		'OpenAPI GET /conversations/{id}: "You can also retrieve multiple conversations with a comma-separated list of IDs"; no source says what an unknown ID in the list does. omitted: the known ones are answered, the unknown left out; notFound: the whole request is a 404.',
};

// Which events a webhook can subscribe to. Kustomer's help center ("Outbound webhooks",
// help.kustomer.com/en_us/outbound-webhooks-rkUQvela8) and its AsyncAPI description list 10:
// create and update of conversations, customers, messages, teams and users. Only its newer
// event catalog (developer.kustomer.com docs/events/event-catalog) adds tag create and update.
READINGS.tagEvents = {
	values: ['absent', 'listed'],
	source: 'help.kustomer.com outbound-webhooks (10 events, no tags); developer.kustomer.com docs/events/event-catalog (12, with tags)',
};

// The delivery signature. Only Kustomer's newer pages state it: X-Kustomer-Webhook-Signature,
// the lowercase hex HMAC-SHA256 of the raw body keyed with the webhook's token
// (developer.kustomer.com docs/events/delivery-and-retries). The one public repository file
// found that checks one reads a header named X-Kustomer-Signature instead.
READINGS.webhookSignature = {
	values: ['documented', 'otherHeader'],
	source: 'developer.kustomer.com docs/events/delivery-and-retries; a public client reading x-kustomer-signature (EVIDENCE B2)',
};

// Whether an update event's changes carry modificationHistory (when each attribute last
// changed), as a real kustomer.conversation.update envelope does (Pipedream's
// components/kustomer/sources/updated-conversation-instant/test-event.mjs). Kustomer's docs show
// changes with updatedAt, modifiedAt and rev only.
READINGS.modificationHistory = {
	values: ['inChanges', 'absent'],
	source: "Pipedream's updated-conversation-instant test event (a real envelope); developer.kustomer.com docs/events (the envelope)",
};

/**
 * Whether Kustomer refuses a second conversation, message or custom object with an External ID
 * one already has. Its OpenAPI file calls the external ID "unique" on the lookups (GET
 * /conversations/externalId={externalId}, GET /messages/externalid=:externalId, GET
 * /klasses/{name}/externalId={externalId}), but no create documents refusing a duplicate (no
 * 409 among any create's responses): nothing documented stops a second record.
 */
READINGS.externalIdUniqueness = {
	values: ['not-enforced', 'enforced'],
	source: 'OpenAPI: external IDs are "unique" on the lookups, but no create documents a 409 for a duplicate (issue 23)',
};

/**
 * Whether a PUT /v1/drafts/{id} keeps the fields it is not sent. OpenAPI: "You can use this
 * endpoint to update any available properties for a channel" (merges); a PUT may replace the
 * whole draft (replaces), dropping a body or recipient the request leaves out.
 */
READINGS.draftPut = {
	values: ['merges', 'replaces'],
	source: 'OpenAPI PUT /drafts/{id}: "update any available properties"; PUT semantics may replace the draft',
};

/**
 * Whether a PUT's `sendAt` without `scheduled: true` schedules the draft. update-draft (KR, KD
 * and OpenAPI): "If the sendAt property is set to a valid timestamp, the draft will be scheduled
 * to be sent" (schedules); create-draft-for-customer (KD): scheduling needs both a future sendAt
 * and "scheduled": true, else sendAt is overridden (ignored).
 */
READINGS.draftSendAtWithoutScheduled = {
	values: ['schedules', 'ignored'],
	source: 'update-draft: a valid sendAt schedules; create-draft-for-customer: only with scheduled: true',
};

/**
 * What a delivery the provider refuses leaves. OpenAPI's message schema: `status` sent |
 * received | error, with `error` { status, code, title, detail } and `errorAt` (the out message,
 * marked error); otherwise the draft may stay, with status "error".
 */
READINGS.failedDeliveryLeaves = {
	values: ['message', 'draft'],
	source: 'OpenAPI PATCH /messages/{id}: status error, error, errorAt; undocumented: a draft left with status error',
};

/** Whether a delivered message keeps its draft's `payload` (in its meta): Kustomer documents no link from a message to its draft. */
READINGS.draftPayloadOnMessage = {
	values: ['dropped', 'kept'],
	source: 'undocumented: the drafts docs say only that a sent draft is recorded as an out message',
};

// What a delete does to a record that Kustomer's search still finds with includeDeleted (issue 21,
// polling trigger deletion events).
READINGS.deletionStamp = {
	values: ['updatedAt', 'deletedAtOnly'],
	source:
		"Kustomer's one documented deleted record (OpenAPI DELETE /schedules/{id}, 200 example) has deleted: true and deletedAt equal to updatedAt and modifiedAt; no source says what a delete of a customer, conversation or custom object (204, no body) does to the record search keeps. updatedAt: a delete stamps deleted, deletedAt, updatedAt and modifiedAt; deletedAtOnly: it stamps deleted and deletedAt and leaves updatedAt as it was.",
};

// What a redaction's `preview` is (issue 21 part 3, Message → Redact). The OpenAPI file's
// POST /messages/{id}/redactions says only "Redacts a message", with `preview` (up to 10,240
// characters, as a message's text), `attachments` and `meta` in its body and `preview` required in
// its answer; no other source describes it.
READINGS.redactionPreview = {
	values: ['replacesText', 'masksText'],
	source:
		'OpenAPI POST /messages/{id}/redactions: "Redacts a message", body anyOf preview (string, maxLength 10240, as a message\'s text), attachments (object IDs, at most 10) or meta; the answer requires preview. No other source. replacesText: preview becomes the message\'s text; masksText: preview is the text to remove, each occurrence in the message masked, and the answer carries the text that results.',
};

/** The documented value of every reading: the sandbox's default. */
function documentedReadings() {
	return Object.fromEntries(Object.entries(READINGS).map(([name, entry]) => [name, entry.values[0]]));
}

/** The reading a sandbox is set to; throws on a name or value the table does not know. */
function reading(config, name) {
	const entry = READINGS[name];
	if (!entry) throw new Error(`unknown sandbox reading "${name}"`);
	const value = config.readings?.[name] ?? entry.values[0];
	if (!entry.values.includes(value)) throw new Error(`sandbox reading ${name} has no value "${value}" (one of ${entry.values.join(', ')})`);
	return value;
}

/** `--reading name=value` flags, parsed into a readings object. */
function parseReadingFlags(values) {
	const readings = {};
	for (const flag of values) {
		const [name, value] = String(flag).split('=');
		reading({ readings: { [name]: value } }, name);
		readings[name] = value;
	}
	return readings;
}

module.exports = { READINGS, documentedReadings, reading, parseReadingFlags };

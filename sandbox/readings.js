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

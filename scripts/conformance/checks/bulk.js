/**
 * Kustomer's bulk endpoints (developer.kustomer.com docs/guides/bulk-operations): a job per
 * request, polled until complete, its batches telling each record's outcome, by `_clientRef`
 * when Kustomer takes it, else by the order of objectIds.
 */
const { BULK_READ_ROLES, ROLES } = require('../package');

const BULK_PATH = '/v1/conversations/bulk';
const BULK_ROLES = [...ROLES.conversationCreate, ...BULK_READ_ROLES];

/** Waits for a job to complete; answers its batches' attributes, in the order Kustomer lists them. */
async function completedBatches(ctx, bulkId) {
	const done = await ctx.pollUntil(async () => {
		const attributes = ctx.expectStatus(await ctx.get(`/v1/bulk/${bulkId}`), [200], 'GET /v1/bulk/{id}')?.data?.attributes ?? {};
		return attributes.status === 'complete' || attributes.completed === true;
	}, ctx.options.deliveryTimeoutSeconds * 1000, 1000);
	ctx.expect(done, `bulk operation ${bulkId} was not complete after ${ctx.options.deliveryTimeoutSeconds} s`);
	const body = ctx.expectStatus(await ctx.get(`/v1/bulk/${bulkId}/batches`), [200], 'GET /v1/bulk/{id}/batches');
	const batches = Array.isArray(body) ? body : body?.data ?? [];
	return batches.map((batch) => batch?.attributes ?? batch);
}

/** Submits conversations of the run's customer in bulk (with `_clientRef` when `refs`); answers the raw answer. */
async function submitConversations(ctx, count, refs) {
	const customer = await ctx.fixtures.customer();
	const records = Array.from({ length: count }, (_, index) => ({
		customer: customer.id,
		name: ctx.fixtures.label(`bulk ${index + 1}`),
		...(refs ? { _clientRef: `r${index + 1}` } : {}),
	}));
	return { records, answer: await ctx.request('POST', BULK_PATH, { body: records }) };
}

/** The job's id from a submit that must have been taken, and its made records tracked for deletion once complete. */
async function jobOf(ctx, answer) {
	const bulkId = ctx.expectStatus(answer, [200, 201], `POST ${BULK_PATH}`)?.data?.id;
	ctx.expect(typeof bulkId === 'string', `POST ${BULK_PATH} answered no data.id`);
	const batches = await completedBatches(ctx, bulkId);
	for (const id of batches.flatMap((batch) => batch.objectIds ?? [])) ctx.fixtures.track('conversation made in bulk', `/v1/conversations/${id}`);
	return { bulkId, batches };
}

const BULK_CHECKS = [
	{
		id: 'bulk.client-ref',
		reading: 'bulkClientRef',
		checks: "A bulk whose records carry _clientRef is refused with a 400 and makes nothing, as the OpenAPI file's closed bulk item schemas have it (Kustomer's bulk pages document _clientRef)",
		dependsOn: 'Send in Bulk: refused, it sends the bulk again without _clientRef and matches results by position; taken, it matches them by _clientRef',
		roles: BULK_ROLES,
		async run(ctx) {
			ctx.fixtures.requireWrite('two conversations made in bulk');
			const { answer } = await submitConversations(ctx, 2, true);
			if (answer.status === 400) return '400: refused, no job';
			const { batches } = await jobOf(ctx, answer);
			const refs = batches.flatMap((batch) => batch.results ?? []).map((result) => result._clientRef);
			ctx.expect(false, `taken (${answer.status}); the batches answered results[] by _clientRef: ${refs.length ? refs.join(', ') : 'none'}`);
		},
	},
	{
		id: 'bulk.by-position',
		checks: 'A bulk without _clientRef makes each record once; its batches list objectIds in the order the records were sent',
		dependsOn: 'Send in Bulk where Kustomer refuses _clientRef (results matched by position)',
		roles: [...BULK_ROLES, ...ROLES.conversationRead],
		async run(ctx) {
			ctx.fixtures.requireWrite('30 conversations made in bulk');
			const { records, answer } = await submitConversations(ctx, 30, false);
			const { batches } = await jobOf(ctx, answer);
			const ids = batches.flatMap((batch) => batch.objectIds ?? []);
			ctx.expect(ids.length === records.length, `${records.length} records sent, ${ids.length} objectIds in ${batches.length} batches`);
			for (const [index, id] of ids.entries()) {
				const name = (await ctx.get(`/v1/conversations/${id}`)).body?.data?.attributes?.name;
				ctx.expect(name === records[index].name, `objectIds[${index}] is "${name}", sent as "${records[index].name}"`);
			}
			return `${ids.length} records in ${batches.length} batches, each ID in the place of its record`;
		},
	},
	{
		id: 'bulk.delete-ids',
		checks: "DELETE /v1/customers/bulk takes the records' IDs in its ids query (OpenAPI); once the job is complete the customer is gone (404) and the batches list its ID, or count no failure",
		dependsOn: 'Send in Bulk on Customer → Delete and Custom Object → Delete (results read by the IDs sent)',
		roles: [...ROLES.customerCreate, ...ROLES.customerDelete, ...ROLES.customerRead, ...BULK_READ_ROLES],
		async run(ctx) {
			ctx.fixtures.requireWrite('a customer made and deleted in bulk');
			const path = (id) => `/v1/customers/${id}`;
			const customer = await ctx.fixtures.create('customer deleted in bulk', '/v1/customers', { name: ctx.fixtures.label('bulk delete') }, path);
			const answer = await ctx.request('DELETE', '/v1/customers/bulk', { query: { ids: customer.id } });
			const bulkId = ctx.expectStatus(answer, [200, 201], 'DELETE /v1/customers/bulk')?.data?.id;
			ctx.expect(typeof bulkId === 'string', 'DELETE /v1/customers/bulk answered no data.id');
			const batches = await completedBatches(ctx, bulkId);
			const gone = (await ctx.get(path(customer.id))).status === 404;
			if (gone) ctx.fixtures.forget(path(customer.id));
			ctx.expect(gone, `the customer is still there after bulk operation ${bulkId} completed`);
			const ids = batches.flatMap((batch) => batch.objectIds ?? []);
			const failures = batches.reduce((sum, batch) => sum + (batch.failureCount ?? 0), 0);
			ctx.expect(ids.includes(customer.id) || (ids.length === 0 && failures === 0), `the batches list ${ids.join(', ') || 'no IDs'} and ${failures} failures`);
			return ids.length ? 'deleted; its ID listed in the batch' : 'deleted; the batch lists no IDs and no failures';
		},
	},
];

module.exports = { BULK_CHECKS };

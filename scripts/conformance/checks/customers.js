/**
 * Customer → Merge and Customer → Track Event (issue 21 parts 2 and 4): what they rely on that
 * the OpenAPI file states once or not at all. Both need --write and act only on the run's own
 * customers: the duplicate is merged into the run's customer, and the event is tracked on it,
 * and both go when that customer is deleted at the end.
 */
const { ROLES, MERGE_ENDED_WITHOUT_SUCCESS, MERGE_MAX_WAIT_MS, MERGE_SUCCEEDED } = require('../package');

/** The run's customer's first email, which the tracking check identifies it by. */
const emailOf = (customer) => customer?.attributes?.emails?.[0]?.email;

const CUSTOMER_CHECKS = [
	{
		id: 'tracking.identity-event',
		checks: 'POST /v1/tracking/identityEvent with an email identity answers the identity record, naming the customer it belongs to (relationships.customer)',
		dependsOn: 'Customer → Track Event (the node fails an item whose event Kustomer recorded for another customer)',
		roles: ROLES.tracking,
		async run(ctx) {
			const customer = await ctx.fixtures.customer();
			const body = { identity: { email: emailOf(customer) }, event: { name: 'n8n-conformance', meta: { runStr: ctx.runId } } };
			const data = ctx.expectStatus(await ctx.request('POST', '/v1/tracking/identityEvent', { body }), [200, 201, 202], 'POST /v1/tracking/identityEvent')?.data;
			ctx.expect(typeof data?.id === 'string', 'the answer has no data.id');
			const recordedFor = data?.relationships?.customer?.data?.id;
			ctx.expect(recordedFor === customer.id, `the event was recorded for customer ${recordedFor ?? '(none named)'}, not ${customer.id}`);
			return `identity ${data.id} of customer ${customer.id}`;
		},
	},
	{
		id: 'customers.merge',
		checks: "POST /v1/customers/merges { source, target } starts a merge whose status (GET /v1/customers/merges/{id}) ends in a value read as success, and GET /v1/customers/{target}/merges lists it with its source",
		dependsOn: 'Customer → Merge: waiting for the outcome, and a re-run finding the earlier merge instead of failing',
		roles: [...ROLES.customerMerge, ...ROLES.customerMergeRead, ...ROLES.customerMergeList],
		async run(ctx) {
			const target = await ctx.fixtures.customer();
			const source = await ctx.fixtures.create('duplicate customer', '/v1/customers', { name: ctx.fixtures.label('duplicate customer') }, (id) => `/v1/customers/${id}`);
			const started = ctx.expectStatus(await ctx.request('POST', '/v1/customers/merges', { body: { source: source.id, target: target.id } }), [200, 201, 202], 'POST /v1/customers/merges')?.data;
			ctx.expect(typeof started?.id === 'string', 'the answer has no data.id');
			const seen = new Set();
			const ended = await ctx.pollUntil(async () => {
				const status = String(ctx.expectStatus(await ctx.get(`/v1/customers/merges/${started.id}`), [200], 'GET /v1/customers/merges/{id}')?.data?.attributes?.status);
				seen.add(status);
				return MERGE_SUCCEEDED.test(status) || MERGE_ENDED_WITHOUT_SUCCESS.test(status) ? status : undefined;
			}, MERGE_MAX_WAIT_MS);
			ctx.expect(ended !== undefined, `the merge was still ${[...seen].join(' / ')} after ${MERGE_MAX_WAIT_MS / 60_000} minutes`);
			ctx.expect(MERGE_SUCCEEDED.test(ended), `the merge ended "${ended}" (statuses seen: ${[...seen].join(', ')})`);
			const listed = ctx.expectStatus(await ctx.get(`/v1/customers/${target.id}/merges`), [200], 'GET /v1/customers/{id}/merges')?.data ?? [];
			const entry = [].concat(listed).find((merge) => merge?.id === started.id);
			ctx.expect(entry?.relationships?.source?.data?.id === source.id, `the target's merges ${entry ? `name source ${entry.relationships?.source?.data?.id}` : `do not list merge ${started.id}`}, not ${source.id}`);
			return `merge ${started.id}: ${[...seen].join(' → ')}, listed among the target's`;
		},
	},
];

module.exports = { CUSTOMER_CHECKS };

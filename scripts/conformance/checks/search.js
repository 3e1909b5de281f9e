/**
 * Kustomer's search (POST /v1/customers/search): the answer's shape, page sizes, the criterion
 * forms the node sends, and which sort keys Kustomer honours.
 */
const { ROLES } = require('../package');

const DAY_MS = 86_400_000;

/** Recent conversations of the org; with --write and fewer than `count`, the run's own are made up to it. */
async function conversationsToLookAt(ctx, count) {
	const recent = async () => (await ctx.search({ queryContext: 'conversation', sort: [{ conversation_updated_at: 'desc' }] })).data ?? [];
	let found = await recent();
	if (found.length >= count || !ctx.options.write) return found;
	const customer = await ctx.fixtures.customer();
	for (let index = found.length; index < count; index++) await ctx.fixtures.addConversation(customer.id, `conversation ${index + 1}`);
	// The search index may trail the writes by a few seconds.
	found = await ctx.pollUntil(async () => ((await recent()).length >= count ? await recent() : undefined), 30_000);
	return found ?? (await recent());
}

/** A recent customer with an external ID, or with --write the run's own. */
async function customerWithExternalId(ctx) {
	return await ctx.recentOrMade('customer', (customer) => !!customer.attributes?.externalId, async () => await ctx.fixtures.customer(), 'has an external ID');
}

/** Whether records come in `order` of `attribute` (all dated ones). */
function inOrder(records, attribute, order) {
	const times = records.map((record) => Date.parse(record.attributes?.[attribute])).filter((time) => !Number.isNaN(time));
	return times.every((time, index) => index === 0 || (order === 'asc' ? time >= times[index - 1] : time <= times[index - 1]));
}

/** Records with distinct values of `attribute`, enough to see an order: at least two, or a skip. */
function needTwoDistinct(ctx, records, attribute) {
	if (new Set(records.map((record) => record.attributes?.[attribute])).size < 2) {
		ctx.skip(`fewer than two conversations with distinct ${attribute} to see an order${ctx.options.write ? '' : ' (--write makes two)'}`);
	}
}

const SEARCH_CHECKS = [
	{
		id: 'search.answer-shape',
		checks: 'A search (with the timeZone the node sends) answers data[], meta.total and meta.totalPages (the OpenAPI 200 schema requires both)',
		dependsOn: 'Customer → Get Many, Conversation → Get Many; the polling trigger counts windows by meta.total',
		roles: ROLES.search,
		async run(ctx) {
			const body = await ctx.search({ queryContext: 'customer', sort: [{ customer_updated_at: 'desc' }], timeZone: 'UTC' }, { pageSize: 2 });
			ctx.expect(Array.isArray(body?.data), 'no data array');
			ctx.expect(typeof body.meta?.total === 'number' && typeof body.meta?.totalPages === 'number', `meta ${JSON.stringify(body.meta)}`);
			return `meta.total ${body.meta.total}, meta.totalPages ${body.meta.totalPages}`;
		},
	},
	{
		id: 'search.page-size-500',
		checks: 'A search takes pageSize 500',
		dependsOn: 'Return All and Limit above 100 (pages of 500), External ID checks of many items',
		roles: ROLES.search,
		async run(ctx) {
			const body = await ctx.search({ queryContext: 'customer', sort: [{ customer_updated_at: 'asc' }] }, { pageSize: 500 });
			ctx.expect(body.data.length <= 500, `${body.data.length} records on a page of 500`);
			ctx.expect(body.meta?.pageSize === undefined || body.meta.pageSize === 500, `meta.pageSize ${body.meta?.pageSize}`);
			return `${body.data.length} records, meta.pageSize ${body.meta?.pageSize ?? 'not given'}`;
		},
	},
	{
		id: 'search.range-two-criteria',
		checks: 'A date range as two criteria, one operator each ({conversation_created_at: {gte}}, {conversation_created_at: {lt}}), keeps both bounds',
		dependsOn: "Conversation → Get Many's date filters; the polling trigger's windows",
		roles: ROLES.search,
		async run(ctx) {
			// From one conversation's creation (included) to a later one's (excluded).
			const found = await conversationsToLookAt(ctx, 2);
			needTwoDistinct(ctx, found, 'createdAt');
			const [from, before] = [...new Set(found.map((record) => record.attributes.createdAt))].sort().slice(-2);
			const body = await ctx.search({ queryContext: 'conversation', and: [{ conversation_created_at: { gte: from } }, { conversation_created_at: { lt: before } }] });
			const outside = body.data.find((record) => !(Date.parse(record.attributes?.createdAt) >= Date.parse(from) && Date.parse(record.attributes?.createdAt) < Date.parse(before)));
			ctx.expect(!outside, `conversation ${outside?.id} created ${outside?.attributes?.createdAt}, outside ${from} – ${before}`);
			ctx.expect(body.data.length > 0, `nothing found from ${from}, when a conversation was created then`);
			return `${body.data.length} conversation(s) from ${from} to before ${before}, none outside`;
		},
	},
	{
		id: 'search.not-set',
		checks: 'Is Not Set in the documented form, {"conversation_assigned_users": {"not_set": ""}}, finds unassigned conversations only',
		dependsOn: 'The Is Not Set operator of Customer → Get Many and Conversation → Get Many criteria',
		roles: ROLES.search,
		async run(ctx) {
			const unassigned = (await conversationsToLookAt(ctx, 2)).filter((record) => (record.attributes?.assignedUsers ?? []).length === 0);
			if (!unassigned.length) ctx.skip(`no recent unassigned conversation to look for${ctx.options.write ? '' : ' (--write makes two)'}`);
			const body = await ctx.search({ queryContext: 'conversation', and: [{ conversation_assigned_users: { not_set: '' } }] }, { pageSize: 500 });
			const assigned = body.data.find((record) => (record.attributes?.assignedUsers ?? []).length > 0);
			ctx.expect(!assigned, `conversation ${assigned?.id} has assignedUsers ${JSON.stringify(assigned?.attributes?.assignedUsers)}`);
			ctx.expect(body.data.length > 0, 'no conversation found, when recent ones are unassigned');
			return `${body.data.length} conversations, none assigned`;
		},
	},
	{
		id: 'search.message-external-id',
		checks: 'A message search takes message_external_id (the OpenAPI standard attributes list it)',
		dependsOn: 'Message → Create and Escalate with an External ID: checking many at once, and confirming a lookup\'s 404',
		roles: ROLES.search,
		async run(ctx) {
			const body = await ctx.search({ queryContext: 'message', and: [{ message_external_id: { equals: `n8n-conformance-${ctx.runId}-none` } }] });
			ctx.expect(body.data.length === 0, `${body.data.length} messages for an External ID no message has`);
			return 'accepted, no match';
		},
	},
	{
		id: 'search.customer-external-id',
		checks: 'A customer search on customer_externalId (camel case, as the OpenAPI standard attributes spell it) finds the customer',
		dependsOn: 'Customer → Get Many by External ID',
		roles: ROLES.search,
		async run(ctx) {
			const customer = await customerWithExternalId(ctx);
			const find = async () => (await ctx.search({ queryContext: 'customer', and: [{ customer_externalId: { equals: customer.attributes.externalId } }] })).data.find((record) => record.id === customer.id);
			// The search index may trail a customer made a moment ago.
			ctx.expect(await ctx.pollUntil(find, 30_000), `customer ${customer.id} not found by customer_externalId "${customer.attributes.externalId}"`);
			return `customer ${customer.id} found`;
		},
	},
	{
		id: 'search.conversation-customer',
		checks: "A conversation search on conversation_customer_id finds that customer's conversations only",
		dependsOn: "Conversation → Get Many of one customer; Conversation → Create's check of many External IDs",
		roles: ROLES.search,
		async run(ctx) {
			const [conversation] = await conversationsToLookAt(ctx, 1);
			const customerId = conversation?.relationships?.customer?.data?.id;
			if (!customerId) ctx.skip(`no recent conversation with a customer${ctx.options.write ? '' : ' (--write makes one)'}`);
			const body = await ctx.search({ queryContext: 'conversation', and: [{ conversation_customer_id: { equals: customerId } }] });
			const other = body.data.find((record) => record.relationships?.customer?.data?.id !== customerId);
			ctx.expect(body.data.some((record) => record.id === conversation.id), `conversation ${conversation.id} not found by its customer ${customerId}`);
			ctx.expect(!other, `conversation ${other?.id} of customer ${other?.relationships?.customer?.data?.id} came back`);
			return `${body.data.length} conversation(s) of customer ${customerId}`;
		},
	},
	{
		id: 'search.sort-updated-at',
		checks: 'A conversation search sorted by conversation_updated_at comes back in that order, both ways',
		dependsOn: 'Conversation → Get Many\'s order and Return All past 10,000 (continued from the last updated_at); the polling trigger',
		roles: ROLES.search,
		async run(ctx) {
			needTwoDistinct(ctx, await conversationsToLookAt(ctx, 2), 'updatedAt');
			for (const order of ['asc', 'desc']) {
				const body = await ctx.search({ queryContext: 'conversation', sort: [{ conversation_updated_at: order }] });
				ctx.expect(inOrder(body.data, 'updatedAt', order), `sorted ${order}, the records came out of order of updatedAt`);
			}
			return 'ordered both ways';
		},
	},
	{
		id: 'search.sort-created-at',
		reading: 'searchSort',
		checks: 'A conversation search cannot be sorted by conversation_created_at (OpenAPI: "Sorting based on other standard Object attributes is unavailable"), so results are not ordered by it both ways',
		dependsOn: 'Conversation → Get Many, Sort By Creation: with a Limit the node checks the order and fails when it is not kept; Return All orders the records itself',
		roles: ROLES.search,
		async run(ctx) {
			needTwoDistinct(ctx, await conversationsToLookAt(ctx, 2), 'createdAt');
			const kept = [];
			for (const order of ['asc', 'desc']) {
				const body = await ctx.search({ queryContext: 'conversation', sort: [{ conversation_created_at: order }] });
				kept.push(inOrder(body.data, 'createdAt', order));
			}
			ctx.expect(!kept.every(Boolean), 'Kustomer sorted by conversation_created_at both ways (so Sort By Creation with a Limit works)');
			return 'not sorted by it (as documented): Sort By Creation needs Return All';
		},
	},
];

module.exports = { SEARCH_CHECKS, conversationsToLookAt };

/**
 * Customers, conversations, messages and companies: the lookups by external ID, email and phone
 * (a miss is a 404; a company's, an empty list), the creates the node makes, the three lookups of what was made, updates, tags, the
 * Txt limit and deletes.
 */
const { ROLES } = require('../package');

/** A lookup that must miss with a 404 (the node reads a 404 there as "no such record"). */
async function expectMiss(ctx, path) {
	const answer = await ctx.get(path);
	ctx.expect(answer.status === 404, `GET ${path} answered ${answer.status} for a value no record has`);
}

/** A lookup that must answer the record `id`. */
async function expectFound(ctx, path, id) {
	const body = ctx.expectStatus(await ctx.get(path), [200], `GET ${path}`);
	ctx.expect(body?.data?.id === id, `GET ${path} answered ${body?.data?.id ?? 'no record'}, not ${id}`);
}

/** The first Txt custom attribute the org defines for customers, from its metadata. */
async function customerTxtAttribute(ctx) {
	const body = ctx.expectStatus(await ctx.get('/v1/metadata/customer'), [200], 'GET /v1/metadata/customer');
	return Object.keys(body?.data?.attributes?.properties ?? {}).find((name) => /Txt$/.test(name));
}

const RECORD_CHECKS = [
	{
		id: 'lookups.customer-miss',
		checks: 'GET /v1/customers/externalId=…, /email=… and /phone=… answer 404 for values no customer has',
		dependsOn: 'Customers given by email, phone or external ID; Customer → Create or Update',
		roles: ROLES.customerRead,
		async run(ctx) {
			const none = `n8n-conformance-${ctx.runId}-none`;
			await expectMiss(ctx, `/v1/customers/externalId=${encodeURIComponent(none)}`);
			await expectMiss(ctx, `/v1/customers/email=${encodeURIComponent(`${none}@example.com`)}`);
			await expectMiss(ctx, `/v1/customers/phone=${encodeURIComponent('+15005550199')}`);
			return '404 for each';
		},
	},
	{
		id: 'lookups.conversation-miss',
		checks: 'GET /v1/conversations/externalId=… answers 404 for a value no conversation has',
		dependsOn: 'Conversation → Create with an External ID, conversations given by external ID',
		roles: ROLES.conversationRead,
		async run(ctx) {
			await expectMiss(ctx, `/v1/conversations/externalId=${encodeURIComponent(`n8n-conformance-${ctx.runId}-none`)}`);
			return '404';
		},
	},
	{
		id: 'lookups.company-external-id',
		checks: 'GET /v1/companies?externalId=… answers 200 with no company for a value no company has (the filter applied, not ignored)',
		dependsOn: 'Companies given by external ID; Company → Create and Create or Update by External ID (docs/companies.md)',
		roles: ROLES.companyRead,
		async run(ctx) {
			const externalId = `n8n-conformance-${ctx.runId}-none`;
			const body = ctx.expectStatus(await ctx.get('/v1/companies', { externalId }), [200], 'GET /v1/companies?externalId=…');
			const found = Array.isArray(body?.data) ? body.data.length : undefined;
			ctx.expect(found === 0, `GET /v1/companies?externalId=${externalId} answered ${found ?? 'no list'} companies for a value no company has`);
			return 'an empty list';
		},
	},
	{
		id: 'customers.create-and-lookups',
		checks: 'POST /v1/customers makes a customer; GET /v1/customers/{id}, /externalId=… and /email=… find it',
		dependsOn: 'Customer → Create, Create or Update; every customer given by email or external ID',
		roles: [...ROLES.customerCreate, ...ROLES.customerRead],
		async run(ctx) {
			const customer = await ctx.fixtures.customer();
			await expectFound(ctx, `/v1/customers/${customer.id}`, customer.id);
			await expectFound(ctx, `/v1/customers/externalId=${encodeURIComponent(customer.attributes.externalId)}`, customer.id);
			await expectFound(ctx, `/v1/customers/email=${encodeURIComponent(`n8n-conformance+${ctx.runId}@example.com`)}`, customer.id);
			return `customer ${customer.id}, found by ID, external ID and email`;
		},
	},
	{
		id: 'conversations.create-and-lookup',
		checks: 'POST /v1/conversations makes a conversation with an External ID; GET /v1/conversations/{id} and /externalId=… find it',
		dependsOn: 'Conversation → Create and Escalate, safe to repeat by External ID',
		roles: [...ROLES.conversationCreate, ...ROLES.conversationRead],
		async run(ctx) {
			const conversation = await ctx.fixtures.conversation();
			await expectFound(ctx, `/v1/conversations/${conversation.id}`, conversation.id);
			await expectFound(ctx, `/v1/conversations/externalId=${encodeURIComponent(conversation.attributes.externalId)}`, conversation.id);
			return `conversation ${conversation.id}, found by ID and external ID`;
		},
	},
	{
		id: 'messages.externalid-route',
		reading: 'messageExternalIdRoute',
		checks: 'GET /v1/messages/externalid=… (lower case, as the OpenAPI file spells it) finds a message by its External ID',
		dependsOn: 'Message → Create and Escalate with an External ID (a 404 there is confirmed by a search, which costs one more request per miss until the route answers)',
		roles: ROLES.messageRead,
		async run(ctx) {
			const message = await messageWithExternalId(ctx);
			const value = encodeURIComponent(message.attributes.externalId);
			const answer = await ctx.get(`/v1/messages/externalid=${value}`);
			if (answer.status !== 200 || answer.body?.data?.id !== message.id) {
				const camel = await ctx.get(`/v1/messages/externalId=${value}`);
				ctx.expect(false, `the lower-case lookup answered ${answer.status}; GET /v1/messages/externalId=… answered ${camel.status}`);
			}
			return `message ${message.id} found`;
		},
	},
	{
		id: 'notes.create-and-list',
		checks: "POST /v1/conversations/{id}/notes makes a note; GET /v1/conversations/{id}/notes lists it",
		dependsOn: 'Note → Create, Note → Get Many, Escalate\'s internal note',
		roles: [...ROLES.noteCreate, ...ROLES.noteRead],
		async run(ctx) {
			const conversation = await ctx.fixtures.conversation();
			const note = await ctx.fixtures.create('note', `/v1/conversations/${conversation.id}/notes`, { body: ctx.fixtures.label('note'), externalId: ctx.fixtures.externalId('note') });
			const listed = ctx.expectStatus(await ctx.get(`/v1/conversations/${conversation.id}/notes`, { page: 1, pageSize: 100 }), [200], 'GET /v1/conversations/{id}/notes');
			ctx.expect((listed?.data ?? []).some((entry) => entry.id === note.id), `note ${note.id} is not in its conversation's notes`);
			return `note ${note.id}, listed`;
		},
	},
	{
		id: 'messages.redaction-text',
		reading: 'redactionPreview',
		checks: "POST /v1/messages/{id}/redactions with `preview` makes that the message's text (the OpenAPI file says only \"Redacts a message\")",
		dependsOn: 'Message → Redact: Replacement Text (the node fails an item whose message reads otherwise afterwards)',
		roles: [...ROLES.messageRedact, ...ROLES.messageRead],
		async run(ctx) {
			const message = await ctx.fixtures.message();
			const preview = ctx.fixtures.label('redacted message');
			const path = `/v1/messages/${message.id}/redactions`;
			ctx.expectStatus(await ctx.request('POST', path, { body: { preview } }), [200, 201], `POST ${path}`);
			const after = ctx.expectStatus(await ctx.get(`/v1/messages/${message.id}`), [200], 'GET /v1/messages/{id}');
			ctx.expect(after?.data?.attributes?.preview === preview, `the message's text after redacting it with "${preview}" is ${JSON.stringify(after?.data?.attributes?.preview)}`);
			return `message ${message.id} reads the preview sent`;
		},
	},
	{
		id: 'conversations.patch-json',
		checks: 'PATCH /v1/conversations/{id} takes a plain JSON object (application/json), not only a JSON patch',
		dependsOn: 'Conversation → Update',
		roles: ROLES.conversationUpdate,
		async run(ctx) {
			const conversation = await ctx.fixtures.conversation();
			const body = ctx.expectStatus(await ctx.request('PATCH', `/v1/conversations/${conversation.id}`, { body: { priority: 4 } }), [200], 'PATCH /v1/conversations/{id}');
			ctx.expect(body?.data?.attributes?.priority === 4, `priority ${body?.data?.attributes?.priority} after setting 4`);
			return 'priority set to 4';
		},
	},
	{
		id: 'tags.add-remove',
		checks: 'POST and DELETE /v1/conversations/{id}/tags add and remove a tag by name (made when missing); the conversation keeps tag IDs',
		dependsOn: 'Conversation → Add Tags, Remove Tags',
		roles: [...ROLES.conversationUpdate, ...ROLES.conversationTagRemove],
		async run(ctx) {
			const conversation = await ctx.fixtures.conversation();
			const path = `/v1/conversations/${conversation.id}/tags`;
			// The conversation's tags as the answer gives them, or as a read of it does.
			const tagsAfter = async (answer) => answer?.data?.attributes?.tags ?? (await ctx.get(`/v1/conversations/${conversation.id}`)).body?.data?.attributes?.tags;
			const tags = await tagsAfter(ctx.expectStatus(await ctx.request('POST', path, { body: ['n8n-conformance'] }), [200, 201], `POST ${path}`));
			ctx.expect(Array.isArray(tags) && tags.length === 1 && /^[0-9a-f]{24}$/.test(tags[0]), `tags after adding one: ${JSON.stringify(tags)}`);
			const left = await tagsAfter(ctx.expectStatus(await ctx.request('DELETE', path, { body: ['n8n-conformance'] }), [200, 204], `DELETE ${path}`));
			ctx.expect(Array.isArray(left) && left.length === 0, `tags after removing it: ${JSON.stringify(left)}`);
			return `tag ${tags[0]} added and removed (the tag "n8n-conformance" stays in the org's list)`;
		},
	},
	{
		id: 'custom.txt-limit',
		reading: 'txtLength',
		checks: 'A Txt custom attribute refuses more than 1,024 characters (the OpenAPI naming-suffix table)',
		dependsOn: 'Custom attributes: the node refuses a longer Txt value before sending it',
		roles: [...ROLES.customerUpdate, ...ROLES.metadataRead],
		async run(ctx) {
			const attribute = await customerTxtAttribute(ctx);
			if (!attribute) ctx.skip('the org defines no Txt attribute for customers');
			const customer = await ctx.fixtures.customer();
			const write = async (value) => await ctx.request('PATCH', `/v1/customers/${customer.id}`, { body: { custom: { [attribute]: value } } });
			const answer = await write('x'.repeat(1025));
			if (answer.status < 300) await write(null);
			ctx.expect(answer.status === 400, `1,025 characters in ${attribute} were answered ${answer.status}`);
			return `1,025 characters in ${attribute}: 400`;
		},
	},
];

/** A message that has an External ID: a recent one of the org, or with --write the run's own. */
async function messageWithExternalId(ctx) {
	return await ctx.recentOrMade('message', (message) => !!message.attributes?.externalId, async () => await ctx.fixtures.message(), 'has an External ID');
}

/** Deletes: run last, on the run's conversation and customer. */
const DELETE_CHECKS = [
	{
		id: 'records.deletion-stamp',
		checks:
			"A deleted conversation stays in search with includeDeleted, flagged deleted, its updatedAt stamped by the delete (Kustomer's one documented deleted record, OpenAPI DELETE /schedules/{id}, has deletedAt equal to updatedAt)",
		dependsOn: 'Polling Trigger: Customer, Conversation and Custom Object Deleted (read by updatedAt)',
		roles: ROLES.conversationDelete,
		reading: 'deletionStamp',
		async run(ctx) {
			const customer = await ctx.fixtures.customer();
			const conversation = await ctx.fixtures.addConversation(customer.id, 'conversation to delete');
			const path = `/v1/conversations/${conversation.id}`;
			ctx.expectStatus(await ctx.request('DELETE', path), [204], `DELETE ${path}`);
			ctx.fixtures.forget(path);
			const body = { queryContext: 'conversation', includeDeleted: true, and: [{ conversation_id: { equals: conversation.id } }] };
			// The search index may trail the delete by a few seconds.
			const deleted = await ctx.pollUntil(async () => ((await ctx.search(body)).data ?? []).find((record) => record.attributes?.deleted === true), 30_000);
			ctx.expect(deleted, `deleted conversation ${conversation.id} not found flagged deleted by a search with includeDeleted within 30 s`);
			const { updatedAt, deletedAt } = deleted.attributes;
			const stamped = Date.parse(updatedAt) > Date.parse(conversation.attributes.updatedAt) && !(Date.parse(deletedAt) > Date.parse(updatedAt));
			ctx.expect(stamped, `updatedAt ${updatedAt} (${conversation.attributes.updatedAt} before the delete), deletedAt ${deletedAt}`);
			return `found with includeDeleted, updatedAt ${updatedAt}, deletedAt ${deletedAt}`;
		},
	},
	{
		id: 'records.delete',
		checks: 'DELETE /v1/conversations/{id} and /v1/customers/{id} answer 204; deleting the conversation again answers 404',
		dependsOn: 'Conversation → Delete and Customer → Delete (a second delete outputs alreadyDeleted)',
		roles: [...ROLES.conversationDelete, ...ROLES.customerDelete],
		async run(ctx) {
			const conversation = await ctx.fixtures.conversation();
			const customer = await ctx.fixtures.customer();
			const remove = async (path) => ctx.expectStatus(await ctx.request('DELETE', path), [204], `DELETE ${path}`);
			const conversationPath = `/v1/conversations/${conversation.id}`;
			await remove(conversationPath);
			ctx.fixtures.forget(conversationPath);
			const again = await ctx.request('DELETE', conversationPath);
			ctx.expect(again.status === 404, `a second DELETE ${conversationPath} answered ${again.status}`);
			// The run's other records first (its customer's other conversations), then the customer.
			const customerPath = `/v1/customers/${customer.id}`;
			await ctx.fixtures.cleanup([customerPath]);
			await remove(customerPath);
			ctx.fixtures.forget(customerPath);
			return `conversation deleted (then 404), customer ${customer.id} deleted`;
		},
	},
];

module.exports = { DELETE_CHECKS, RECORD_CHECKS };

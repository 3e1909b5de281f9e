/**
 * Replies through drafts, as Kustomer documents sending one: POST /v1/customers/{id}/drafts,
 * then PUT /v1/drafts/{id} with the draft's own fields, a future `sendAt` and
 * `scheduled: true` (developer.kustomer.com api/core-resources/create-draft-for-customer:
 * scheduling needs both; update-draft: a valid sendAt schedules the send). Delivery is seen as
 * Kustomer documents it: the draft is removed and an `out` message is recorded on the
 * conversation. The reply goes to the address the admin gives (--email-to).
 */
const { ROLES } = require('../package');
const { FILE } = require('./attachments');

/** The customer with the admin's address, or one made for the run (deleted afterwards). */
async function recipient(ctx) {
	const found = await ctx.get(`/v1/customers/email=${encodeURIComponent(ctx.options.emailTo)}`);
	if (found.status === 200) return found.body.data;
	ctx.expectStatus(found, [404], 'GET /v1/customers/email=…');
	const body = { name: ctx.fixtures.label('reply recipient'), emails: [{ email: ctx.options.emailTo, type: 'other' }] };
	return await ctx.fixtures.create('reply recipient', '/v1/customers', body, (id) => `/v1/customers/${id}`);
}

/** The draft's own fields, sent again with the send (PUT may replace what it is not given). */
async function draftFields(ctx) {
	const accounts = (await ctx.http.send('GET', '/v1/outboundAccounts')).body?.data ?? [];
	const from = accounts.find((account) => account?.attributes?.channel === 'email')?.attributes?.account;
	return {
		channel: 'email',
		to: [{ email: ctx.options.emailTo }],
		...(from ? { from: { email: from } } : {}),
		subject: ctx.fixtures.label('reply'),
		body: `${ctx.fixtures.label('reply')}: a test reply sent by npm run conformance. It can be ignored.`,
	};
}

/**
 * A file on the draft, as the node attaches one to a reply: POST /v1/drafts/{id}/attachments
 * answers a presigned address (links.related) that takes the raw bytes by PUT, without the key.
 */
async function uploadToDraft(ctx, draftId) {
	const name = `n8n-conformance-${ctx.runId}.txt`;
	const answer = await ctx.request('POST', `/v1/drafts/${draftId}/attachments`, { body: { name, contentType: 'text/plain', contentLength: FILE.length } });
	if (answer.status >= 300) return { seen: `POST /v1/drafts/{id}/attachments answered ${answer.status}` };
	const link = answer.body?.data?.links?.related;
	if (typeof link !== 'string') return { seen: 'POST /v1/drafts/{id}/attachments answered no links.related' };
	const put = await fetch(link, { method: 'PUT', body: FILE, headers: { 'Content-Type': 'text/plain' } });
	return put.ok ? { id: answer.body.data.id } : { seen: `the PUT of the file to links.related answered ${put.status}` };
}

/** Creates the draft with a file and sends it as documented; memoized: { customer, conversation, draft, file, sent, fields, sentAt }. */
function sentDraft(ctx) {
	return ctx.fixtures.once('draft', async () => {
		if (!ctx.options.emailTo) ctx.skip('needs --email-to (an address of yours to send a test reply to)');
		ctx.fixtures.requireWrite('a reply sent to --email-to');
		const customer = await recipient(ctx);
		const conversation = await ctx.fixtures.addConversation(customer.id, 'reply conversation');
		const fields = await draftFields(ctx);
		const made = ctx.expectStatus(await ctx.request('POST', `/v1/customers/${customer.id}/drafts`, { body: { ...fields, conversation: conversation.id } }), [200, 201], 'POST /v1/customers/{id}/drafts');
		const draft = made?.data;
		ctx.expect(typeof draft?.id === 'string', 'POST /v1/customers/{id}/drafts answered no data.id');
		const file = await uploadToDraft(ctx, draft.id);
		const sendAt = new Date(Date.now() + ctx.options.sendDelaySeconds * 1000).toISOString();
		const sent = ctx.expectStatus(await ctx.request('PUT', `/v1/drafts/${draft.id}`, { body: { ...fields, sendAt, scheduled: true } }), [200], 'PUT /v1/drafts/{id}');
		return { customer, conversation, draft, file, sent: sent?.data, fields, sentAt: Date.now() };
	});
}

/** The outbound message the draft became, or undefined. */
async function deliveredMessage(ctx, conversationId, body) {
	const answer = await ctx.get(`/v1/conversations/${conversationId}/messages`, { page: 1, pageSize: 100 });
	const messages = ctx.expectStatus(answer, [200], 'GET /v1/conversations/{id}/messages')?.data ?? [];
	return messages.find((message) => message.attributes?.direction === 'out' && String(message.attributes?.preview ?? '').includes(body.slice(0, 60)));
}

/** The out message the sent draft became, waited for up to the send delay and --timeout; memoized. */
function delivered(ctx) {
	return ctx.fixtures.once('delivered reply', async () => {
		const { conversation, fields } = await sentDraft(ctx);
		const timeoutMs = (ctx.options.sendDelaySeconds + ctx.options.deliveryTimeoutSeconds) * 1000;
		return await ctx.pollUntil(async () => await deliveredMessage(ctx, conversation.id, fields.body), timeoutMs, 1000);
	});
}

/** Whether the draft is still among the customer's drafts (undefined when the key may not read drafts). */
async function draftStillThere(ctx, customerId, draftId) {
	const answer = await ctx.http.send('GET', `/v1/customers/${customerId}/drafts`, { query: { page: 1, pageSize: 100 } });
	if (answer.status !== 200) return undefined;
	return (answer.body?.data ?? []).some((entry) => entry.id === draftId);
}

const DRAFT_CHECKS = [
	{
		id: 'drafts.create',
		checks: 'POST /v1/customers/{id}/drafts makes an email draft on a conversation, answered with status draft',
		dependsOn: 'Message → Send',
		roles: [...ROLES.customerRead, ...ROLES.conversationCreate],
		async run(ctx) {
			const { draft } = await sentDraft(ctx);
			ctx.expect(draft.attributes?.status === 'draft', `the new draft's status is ${draft.attributes?.status}`);
			return `draft ${draft.id}`;
		},
	},
	{
		id: 'drafts.schedule',
		checks: 'PUT /v1/drafts/{id} with the draft\'s fields, sendAt in the future and scheduled: true is taken (200)',
		dependsOn: 'Message → Send (send now and Send At)',
		roles: [...ROLES.customerRead, ...ROLES.conversationCreate],
		async run(ctx) {
			const { sent } = await sentDraft(ctx);
			return `answered status ${sent?.attributes?.status ?? 'not given'}, sendAt ${sent?.attributes?.sendAt ?? 'not given'}`;
		},
	},
	{
		id: 'drafts.delivery',
		checks: 'A scheduled draft is delivered: it is removed and an out message with its body appears on the conversation',
		dependsOn: 'Message → Send\'s Wait for Delivery (the message it outputs), and its report of a failed delivery',
		roles: [...ROLES.customerRead, ...ROLES.conversationCreate, ...ROLES.messageRead],
		async run(ctx) {
			const { customer, draft, sentAt } = await sentDraft(ctx);
			const message = await delivered(ctx);
			const still = await draftStillThere(ctx, customer.id, draft.id);
			ctx.expect(message, `no out message on the reply's conversation ${Math.round((Date.now() - sentAt) / 1000)} s after the send (draft ${still === undefined ? 'not readable' : still ? 'still there' : 'gone'})`);
			ctx.expect(still !== true, `message ${message.id} was recorded, but draft ${draft.id} is still among the customer's drafts`);
			return `message ${message.id} (status ${message.attributes?.status ?? 'not given'}) ${Math.round((Date.now() - sentAt) / 1000)} s after the send; draft ${still === undefined ? 'not readable (no draft.read role)' : 'gone'}`;
		},
	},
	{
		id: 'drafts.attachment',
		checks: 'A file uploaded to the draft (POST /v1/drafts/{id}/attachments, then PUT to links.related without the key) goes out with the reply',
		dependsOn: 'Message → Send with attachments',
		roles: [...ROLES.customerRead, ...ROLES.conversationCreate, ...ROLES.messageRead],
		async run(ctx) {
			const { file } = await sentDraft(ctx);
			ctx.expect(file.id, file.seen);
			const message = await delivered(ctx);
			if (!message) ctx.skip('the reply was not delivered (see drafts.delivery)');
			const attached = (message.relationships?.attachments?.data ?? []).map((entry) => entry.id);
			ctx.expect(attached.length > 0, `message ${message.id} has no attachment`);
			return `message ${message.id} carries ${attached.length} file(s)`;
		},
	},
];

module.exports = { DRAFT_CHECKS };

/**
 * Outbound webhooks, as Kustomer documents them (developer.kustomer.com docs/events/
 * outbound-webhooks and delivery-and-retries; help center "Outbound webhooks"): the event list,
 * create / list / get / delete, the token, and a real delivery to the address the admin gives
 * (--webhook-url, leading to this machine's --webhook-port), its event header, its signature
 * (X-Kustomer-Webhook-Signature: lowercase hex HMAC-SHA256 of the raw body keyed with the
 * token) and the custom header registered with it.
 */
const crypto = require('crypto');

const { ROLES } = require('../package');
const { listOf } = require('./account');

const EVENT = 'kustomer.customer.update';
const CUSTOM_HEADER = 'x-n8n-conformance';
const WEBHOOK_ROLES = [...ROLES.outboundWebhookCreate, ...ROLES.outboundWebhookRead, ...ROLES.outboundWebhookDelete];

/** The run's webhook: created with the documented body only (no `enabled`), its token read back; memoized. */
function webhook(ctx) {
	return ctx.fixtures.once('webhook', async () => {
		if (!ctx.options.webhookUrl) ctx.skip('needs --webhook-url (an https address that leads to --webhook-port on this machine)');
		ctx.fixtures.requireWrite('a webhook registered for the run');
		const receiver = await ctx.fixtures.receiver();
		const secret = crypto.randomBytes(16).toString('hex');
		ctx.http.addSecret(secret);
		const body = { name: ctx.fixtures.label('webhook'), url: ctx.options.webhookUrl, events: [EVENT], headers: [{ name: CUSTOM_HEADER, value: secret }] };
		const made = await ctx.fixtures.create('webhook', '/v1/outbound-webhooks', body, (id) => `/v1/outbound-webhooks/${id}`);
		const read = ctx.expectStatus(await ctx.get(`/v1/outbound-webhooks/${made.id}`), [200], 'GET /v1/outbound-webhooks/{id}')?.data;
		const token = made.attributes?.token ?? read?.attributes?.token;
		if (typeof token === 'string') ctx.http.addSecret(token);
		return { id: made.id, token, enabled: read?.attributes?.enabled, secret, receiver };
	});
}

/** The first delivery of the event about the run's customer, after updating it; memoized. */
function delivery(ctx) {
	return ctx.fixtures.once('delivery', async () => {
		const hook = await webhook(ctx);
		const customer = await ctx.fixtures.customer();
		const updated = await ctx.request('PATCH', `/v1/customers/${customer.id}`, { body: { name: ctx.fixtures.label('customer (updated)') } });
		ctx.expectStatus(updated, [200], 'PATCH /v1/customers/{id}');
		const about = (entry) => {
			try {
				const envelope = JSON.parse(entry.raw.toString('utf8'));
				return (envelope.dataId ?? envelope.data?.id) === customer.id ? { ...entry, envelope } : undefined;
			} catch {
				return undefined;
			}
		};
		const found = await ctx.pollUntil(() => hook.receiver.deliveries.map(about).find(Boolean), ctx.options.deliveryTimeoutSeconds * 1000, 500);
		ctx.expect(found, `no delivery of ${EVENT} about customer ${customer.id} reached --webhook-url within ${ctx.options.deliveryTimeoutSeconds} s (${hook.receiver.deliveries.length} other requests)`);
		return { ...found, hook };
	});
}

const WEBHOOK_CHECKS = [
	{
		id: 'webhooks.events',
		checks: 'GET /v1/outbound-webhooks/events lists the subscribable events as { events: [...] }',
		dependsOn: "The Kustomer Trigger's event list",
		roles: ROLES.outboundWebhookRead,
		async run(ctx) {
			const body = ctx.expectStatus(await ctx.get('/v1/outbound-webhooks/events'), [200], 'GET /v1/outbound-webhooks/events');
			const names = (Array.isArray(body?.events) ? body.events : []).map((event) => (typeof event === 'string' ? event : event?.name));
			ctx.expect(names.length > 0 && names.every((name) => /^kustomer\.[a-z_]+\.[a-z_]+$/.test(name ?? '')), `events: ${JSON.stringify(body?.events ?? body)}`);
			return `${names.length} events${names.some((name) => name.startsWith('kustomer.tag.')) ? ', tag events among them' : ', no tag events'}`;
		},
	},
	{
		id: 'webhooks.list',
		checks: 'GET /v1/outbound-webhooks lists the org\'s webhooks with url, events and enabled (at most 5)',
		dependsOn: "The Kustomer Trigger's registration (it finds its own webhook again, and reports the org's limit)",
		roles: ROLES.outboundWebhookRead,
		async run(ctx) {
			const body = listOf(ctx, await ctx.get('/v1/outbound-webhooks'), '/v1/outbound-webhooks');
			const odd = body.data.find((hook) => typeof hook.attributes?.url !== 'string' || !Array.isArray(hook.attributes?.events) || typeof hook.attributes?.enabled !== 'boolean');
			ctx.expect(!odd, `webhook ${odd?.id} lacks url, events or enabled`);
			return `${body.data.length} webhook(s)`;
		},
	},
	{
		id: 'webhooks.register',
		checks: 'POST /v1/outbound-webhooks with { name, url, events, headers } (no enabled) makes an enabled webhook with a token, readable again and listed',
		dependsOn: "The Kustomer Trigger's automatic registration, and the token its signature check is keyed with",
		roles: WEBHOOK_ROLES,
		async run(ctx) {
			const hook = await webhook(ctx);
			ctx.expect(typeof hook.token === 'string' && hook.token.length > 0, 'neither the create answer nor GET /v1/outbound-webhooks/{id} has a token');
			ctx.expect(hook.enabled === true, `the webhook made without "enabled" has enabled ${hook.enabled}`);
			const listed = (await ctx.get('/v1/outbound-webhooks', { page: 1, pageSize: 100 })).body?.data ?? [];
			ctx.expect(listed.some((entry) => entry.id === hook.id), `webhook ${hook.id} is not in GET /v1/outbound-webhooks`);
			return `webhook ${hook.id}: enabled, token given, listed`;
		},
	},
	{
		id: 'webhooks.delivery-signature',
		checks: 'A real delivery carries X-Kustomer-Webhook-Event and X-Kustomer-Webhook-Signature, the lowercase hex HMAC-SHA256 of the raw body keyed with the token',
		dependsOn: "The Kustomer Trigger's Verify With: Signature (a delivery failing it is answered 401)",
		roles: [...WEBHOOK_ROLES, ...ROLES.customerUpdate],
		reading: 'webhookSignature',
		async run(ctx) {
			const { headers, raw, hook } = await delivery(ctx);
			ctx.expect(headers['x-kustomer-webhook-event'] === EVENT, `X-Kustomer-Webhook-Event "${headers['x-kustomer-webhook-event']}"`);
			const signature = headers['x-kustomer-webhook-signature'];
			const expected = crypto.createHmac('sha256', hook.token).update(raw).digest('hex');
			ctx.expect(typeof signature === 'string', `no X-Kustomer-Webhook-Signature (headers: ${Object.keys(headers).join(', ')})`);
			ctx.expect(signature === expected, `X-Kustomer-Webhook-Signature is not the hex HMAC-SHA256 of the body keyed with the token (${signature.length} characters)`);
			return 'signature matches';
		},
	},
	{
		id: 'webhooks.delivery-header',
		checks: 'A real delivery carries the custom header registered with the webhook, with its value',
		dependsOn: "The Kustomer Trigger's shared-secret header (Verify With: Shared Secret Header)",
		roles: [...WEBHOOK_ROLES, ...ROLES.customerUpdate],
		async run(ctx) {
			const { headers, hook } = await delivery(ctx);
			ctx.expect(headers[CUSTOM_HEADER] === hook.secret, `the registered header ${CUSTOM_HEADER} ${headers[CUSTOM_HEADER] === undefined ? 'is missing' : 'has another value'}`);
			return `${CUSTOM_HEADER} arrived with its value`;
		},
	},
	{
		id: 'webhooks.delivery-envelope',
		checks: 'A delivery is Kustomer\'s envelope: { id, name, org, createdAt, dataId, data { type, id, attributes }, changes { attributes } }',
		dependsOn: "The Kustomer Trigger's output, repeats (by event id) and changed-attribute filters",
		roles: [...WEBHOOK_ROLES, ...ROLES.customerUpdate],
		async run(ctx) {
			const { envelope } = await delivery(ctx);
			const missing = ['id', 'name', 'org', 'createdAt', 'dataId', 'data'].filter((key) => envelope[key] === undefined);
			ctx.expect(missing.length === 0, `the envelope lacks ${missing.join(', ')}`);
			ctx.expect(envelope.name === EVENT && envelope.data?.type === 'customer' && envelope.data?.attributes, `name ${envelope.name}, data.type ${envelope.data?.type}`);
			ctx.expect(envelope.changes?.attributes && typeof envelope.changes.attributes === 'object', `changes ${JSON.stringify(envelope.changes)?.slice(0, 200)}`);
			return `event ${envelope.id}, changes: ${Object.keys(envelope.changes.attributes).join(', ')}`;
		},
	},
	{
		id: 'webhooks.delete',
		checks: 'DELETE /v1/outbound-webhooks/{id} answers 204; the webhook is gone (404)',
		dependsOn: "The Kustomer Trigger's unregistration when a workflow is unpublished",
		roles: WEBHOOK_ROLES,
		async run(ctx) {
			const hook = await webhook(ctx);
			const path = `/v1/outbound-webhooks/${hook.id}`;
			ctx.expectStatus(await ctx.request('DELETE', path), [204, 200], `DELETE ${path}`);
			ctx.fixtures.forget(path);
			ctx.expectStatus(await ctx.get(path), [404], `GET ${path} after DELETE`);
			return `webhook ${hook.id} deleted`;
		},
	},
];

module.exports = { WEBHOOK_CHECKS };

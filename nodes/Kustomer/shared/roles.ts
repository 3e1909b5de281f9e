/**
 * Kustomer API key roles, any one of which allows a request. Named in 401/403 errors so the
 * user knows which key to make; the README's table lists the same.
 */
export const ROLES = {
	customerRead: ['org.permission.customer.read', 'org.user.customer.read'],
	conversationRead: ['org.permission.conversation.read', 'org.user.conversation.read'],
	conversationCreate: ['org.permission.conversation.create', 'org.user.conversation.write'],
	conversationUpdate: ['org.permission.conversation.update', 'org.user.conversation.write'],
	conversationDelete: ['org.permission.conversation.delete', 'org.user.conversation.delete'],
	// Removing tags is a delete on /tags: update alone is not enough (openapi: DELETE /conversations/{id}/tags).
	conversationTagRemove: ['org.permission.conversation.delete', 'org.user.conversation.write'],
	customerCreate: ['org.permission.customer.create', 'org.user.customer.write'],
	customerUpdate: ['org.permission.customer.update', 'org.user.customer.write'],
	customerDelete: ['org.permission.customer.delete', 'org.user.customer.delete'],
	companyRead: ['org.permission.company.read', 'org.user.company.read'],
	// openapi: POST /companies and /companies/bulk; PUT /companies/{id} and /companies/bulk.
	companyCreate: ['org.permission.company.create', 'org.user.company.write'],
	companyUpdate: ['org.permission.company.update', 'org.user.company.write'],
	messageCreate: ['org.permission.message.create', 'org.user.message.write'],
	messageRead: ['org.permission.message.read', 'org.user.message.read'],
	noteCreate: ['org.permission.note.create', 'org.user.note.write'],
	// openapi: POST /customers/search lists these; there is no org.permission.search.read.
	search: [
		'org.permission.search.create',
		'org.permission.search.update',
		'org.permission.search_global.create',
		'org.permission.search_preview.create',
		'org.user.search.read',
		'org.admin.search.read',
	],
	userRead: ['org.permission.user.read', 'org.user.user.read'],
	teamRead: ['org.permission.team.read', 'org.user.team.read'],
	queueRead: ['org.permission.routing.read', 'org.permission.queue.read'],
	tagRead: ['org.permission.tag.read', 'org.user.tag.read'],
	noteRead: ['org.permission.note.read', 'org.user.note.read'],
	attachmentRead: ['org.permission.attachment.read', 'org.user.attachment.read'],
	// Kustomer documents no role for drafts: "Any API key or signed-in user" may create one.
	draftCreate: ['org.permission.draft.create'],
	// developer.kustomer.com api/core-resources/get-all-drafts-for-customer.
	draftRead: ['org.permission.draft.read', 'org.user.draft.read'],
	// OpenAPI PATCH /messages/{id}.
	messageUpdate: ['org.permission.message.update', 'org.user.message.write'],
	outboundAccountRead: ['org.permission.apps.read', 'org.user.apps.read'],
	metadataRead: ['org.permission.metadata.read', 'org.user.metadata.read'],
	// openapi: GET /klasses and GET /klasses/{name} (a klass's objects: Custom Object → Get Many).
	klassRead: ['org.permission.klass.read', 'org.user.klass.read', 'org.admin.klass.read'],
	kobjectCreate: ['org.permission.kobject.create', 'org.user.kobject.write'],
	kobjectRead: ['org.permission.kobject.read', 'org.user.kobject.read'],
	kobjectUpdate: ['org.permission.kobject.update', 'org.user.kobject.write'],
	kobjectDelete: ['org.permission.kobject.delete', 'org.user.kobject.delete'],
	outboundWebhookRead: ['org.permission.outbound_webhook.read'],
	outboundWebhookCreate: ['org.permission.outbound_webhook.create'],
	outboundWebhookUpdate: ['org.permission.outbound_webhook.update'],
	outboundWebhookDelete: ['org.permission.outbound_webhook.delete'],
} as const;

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
	// OpenAPI POST /messages/{id}/redactions.
	messageRedact: ['org.permission.message_redaction.create', 'org.admin.message.write'],
	// OpenAPI PATCH and DELETE /notes/{id}, PUT /notes/bulk.
	noteUpdate: ['org.permission.note.update', 'org.user.note.write'],
	noteDelete: ['org.permission.note.delete', 'org.user.note.write'],
	// OpenAPI POST /customers/merges, GET /customers/merges/{id} (its outcome), GET /customers/{id}/merges (a customer's).
	customerMerge: ['org.permission.customer_merge.create', 'org.user.customer.write', 'org.admin.customer.merge.write'],
	customerMergeRead: ['org.permission.customer_merge.create', 'org.user.customer.read', 'org.admin.customer.merge.read'],
	customerMergeList: ['org.permission.customer_merge.read', 'org.user.customer.read', 'org.admin.customer.merge.read'],
	outboundAccountRead: ['org.permission.apps.read', 'org.user.apps.read'],
	metadataRead: ['org.permission.metadata.read', 'org.user.metadata.read'],
	// openapi: GET /klasses and GET /klasses/{name} (a klass's objects: Custom Object → Get Many).
	klassRead: ['org.permission.klass.read', 'org.user.klass.read', 'org.admin.klass.read'],
	kobjectCreate: ['org.permission.kobject.create', 'org.user.kobject.write'],
	kobjectRead: ['org.permission.kobject.read', 'org.user.kobject.read'],
	kobjectUpdate: ['org.permission.kobject.update', 'org.user.kobject.write'],
	kobjectDelete: ['org.permission.kobject.delete', 'org.user.kobject.delete'],
	// OpenAPI POST /tracking/identityEvent and /tracking/event: "The following role is required for this endpoint: org.tracking".
	tracking: ['org.tracking'],
	// OpenAPI GET /satisfaction.
	satisfactionRead: ['org.permission.satisfaction.read', 'org.user.satisfaction.read'],
	// OpenAPI GET /slas/{id}.
	slaRead: ['org.permission.sla.read', 'org.user.sla.read'],
	outboundWebhookRead: ['org.permission.outbound_webhook.read'],
	outboundWebhookCreate: ['org.permission.outbound_webhook.create'],
	outboundWebhookUpdate: ['org.permission.outbound_webhook.update'],
	outboundWebhookDelete: ['org.permission.outbound_webhook.delete'],
} as const;

import { recordLocator } from '../../shared/locators';
import { ROLES } from '../../shared/roles';
import { relatedId, textAttribute } from '../../shared/simplify';
import { customerPath } from '../customer/record';
import type { JsonApiResource } from '../../transport';
import type { LookedUpKind } from '../types';

/**
 * A conversation in its customer's timeline (`/app/customers/<customer>/event/<conversation>`,
 * the form Kustomer's own links and public integrations use), or `/app/conversations/<id>`
 * when the customer is not known.
 */
export const conversationPath = (conversationId: string, customerId?: string) =>
	customerId ? `${customerPath(customerId)}/event/${conversationId}` : `/app/conversations/${conversationId}`;

const URL_PATTERN = '/(?:event|conversations?)/([0-9a-fA-F]{24})';
const SEARCH_METHOD = 'searchConversations';

/** Every way to point at a conversation. */
export const conversationLocator = recordLocator<'list' | 'id' | 'url' | 'externalId'>({
	displayName: 'Conversation',
	name: 'conversation',
	searchListMethod: SEARCH_METHOD,
	urlPattern: URL_PATTERN,
	urlPlaceholder: 'e.g. https://acme.kustomerapp.com/app/customers/5f1a…/event/5f1b…',
	// n8n shows this message as HTML: <ID> would vanish, {ID} survives.
	urlError: 'Not a Kustomer conversation link (…/app/customers/{customer ID}/event/{conversation ID})',
	urlExample: 'https://acme.kustomerapp.com/app/customers/<customer ID>/event/<conversation ID>',
	modes: [{ displayName: 'By External ID', name: 'externalId', type: 'string', placeholder: 'e.g. ticket-1042' }],
});

/** "2026-12-07 14:03 UTC" from an ISO time, for telling conversations apart in a picker. */
function shortTime(value: string | undefined): string | undefined {
	const match = value ? /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(value) : null;
	return match ? `${match[1]} ${match[2]} UTC` : undefined;
}

/**
 * A conversation as the From List picker shows it: subject, its customer's name (when the
 * picker read it), status, channel and last update, so two customers' conversations with one
 * subject differ (Kustomer's conversation answer has no customer name: GET /v1/conversations/{id}
 * in the OpenAPI file; the picker reads the page's customers with one search, methods/listSearch.ts).
 */
export function pickerLabel(record: JsonApiResource, customer?: string): string {
	const channels = record.attributes?.channels;
	const channel = Array.isArray(channels) && typeof channels[0] === 'string' ? channels[0] : undefined;
	const updated = shortTime(textAttribute(record, 'updatedAt', 'createdAt'));
	const parts = [textAttribute(record, 'name') ?? '(no subject)', customer, textAttribute(record, 'status'), channel, updated && `updated ${updated}`];
	return parts.filter(Boolean).join(' · ');
}

export const CONVERSATION: LookedUpKind = {
	isType: (type) => type === 'conversation',
	appPath: (record) => conversationPath(record.id, relatedId(record, 'customer')),
	lookup: { collection: 'conversations', noun: 'conversation', roles: ROLES.conversationRead },
	metadataName: () => 'conversation',
	listSearch: {
		method: SEARCH_METHOD,
		queryContext: 'conversation',
		criteria: (text) => [{ conversation_name: { contains: text } }],
		namesCustomers: true,
		entry(record, appBase, customerNames) {
			const customerId = relatedId(record, 'customer');
			return {
				name: pickerLabel(record, customerId ? customerNames?.get(customerId) : undefined),
				value: record.id,
				url: appBase && customerId ? `${appBase}${conversationPath(record.id, customerId)}` : undefined,
			};
		},
	},
};

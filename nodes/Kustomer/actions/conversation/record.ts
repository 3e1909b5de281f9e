import { recordLocator } from '../../shared/locators';
import { ROLES } from '../../shared/roles';
import { relatedId, textAttribute } from '../../shared/simplify';
import { customerPath } from '../customer/record';
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
	urlError: 'Not a Kustomer conversation link (…/event/<ID>)',
	urlExample: 'https://acme.kustomerapp.com/app/customers/<customer ID>/event/<conversation ID>',
	modes: [{ displayName: 'By External ID', name: 'externalId', type: 'string', placeholder: 'e.g. ticket-1042' }],
});

export const CONVERSATION: LookedUpKind = {
	isType: (type) => type === 'conversation',
	appPath: (record) => conversationPath(record.id, relatedId(record, 'customer')),
	lookup: { collection: 'conversations', noun: 'conversation', roles: ROLES.conversationRead },
	metadataName: () => 'conversation',
	listSearch: {
		method: SEARCH_METHOD,
		queryContext: 'conversation',
		criteria: (text) => [{ conversation_name: { contains: text } }],
		entry(record, appBase) {
			const customerId = relatedId(record, 'customer');
			const status = textAttribute(record, 'status');
			return {
				name: `${textAttribute(record, 'name') ?? '(no subject)'}${status ? ` · ${status}` : ''}`,
				value: record.id,
				url: appBase && customerId ? `${appBase}${conversationPath(record.id, customerId)}` : undefined,
			};
		},
	},
};

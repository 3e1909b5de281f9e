import type { LocatorSpec } from '../../shared/locators';
import { recordLocator } from '../../shared/locators';
import { ROLES } from '../../shared/roles';
import { firstOf, textAttribute } from '../../shared/simplify';
import type { JsonApiResource } from '../../transport';
import type { LookedUpKind } from '../types';

/** A customer's page in Kustomer's web app. */
export const customerPath = (customerId: string) => `/app/customers/${customerId}`;

const URL_PATTERN = '/app/customers/([0-9a-fA-F]{24})';
const SEARCH_METHOD = 'searchCustomers';

/** How a customer is pointed at: a locator field named otherwise (Customer → Merge's two) starts from it. */
export const CUSTOMER_LOCATOR: LocatorSpec = {
	displayName: 'Customer',
	name: 'customer',
	searchListMethod: SEARCH_METHOD,
	urlPattern: URL_PATTERN,
	urlPlaceholder: 'e.g. https://acme.kustomerapp.com/app/customers/5f1a2b3c4d5e6f7a8b9c0d1e',
	// n8n shows this message as HTML: <ID> would vanish, {ID} survives.
	urlError: 'Not a Kustomer customer link (…/app/customers/{ID})',
	urlExample: 'https://acme.kustomerapp.com/app/customers/<customer ID>',
	modes: [
		{ displayName: 'By Email', name: 'email', type: 'string', placeholder: 'e.g. jane@example.com' },
		{ displayName: 'By Phone', name: 'phone', type: 'string', placeholder: 'e.g. +14155550123' },
		{ displayName: 'By External ID', name: 'externalId', type: 'string', placeholder: 'e.g. crm-42' },
	],
};

/** Every way to point at a customer; operations offer the ones they can use. */
export const customerLocator = recordLocator<'list' | 'id' | 'url' | 'email' | 'phone' | 'externalId'>(CUSTOMER_LOCATOR);

function firstEmail(record: JsonApiResource): string | undefined {
	return firstOf(record.attributes?.emails, 'email');
}

/** A customer as people know it: its display name or name, else its first email. */
export function customerName(record: JsonApiResource): string | undefined {
	return textAttribute(record, 'displayName', 'name') ?? firstEmail(record);
}

export const CUSTOMER: LookedUpKind = {
	isType: (type) => type === 'customer',
	appPath: (record) => customerPath(record.id),
	lookup: { collection: 'customers', noun: 'customer', roles: ROLES.customerRead },
	metadataName: () => 'customer',
	listSearch: {
		method: SEARCH_METHOD,
		queryContext: 'customer',
		criteria: (text) => [{ customer_name: { contains: text } }, { customer_email: { contains: text } }],
		entry(record, appBase) {
			const email = firstEmail(record);
			const name = customerName(record) ?? record.id;
			return {
				name: email && email !== name ? `${name} <${email}>` : name,
				value: record.id,
				url: appBase ? `${appBase}${customerPath(record.id)}` : undefined,
			};
		},
	},
};

/**
 * What the operations' body cases (`bodies` in each `<operation>.fixture.ts`, run by
 * test/contract/requestBodies.test.ts) share: ways to vary a collection, and values that fill
 * every field, custom attribute and channel the contract must accept.
 */
import type { INodeParameters } from 'n8n-workflow';

import { objectId } from './kustomer';
import { attributeMapper } from './workflows';

export const users = (count: number) => Array.from({ length: count }, (_, index) => objectId(0x100 + index));
export const teams = (count: number) => Array.from({ length: count }, (_, index) => objectId(0x200 + index));

/** Each option alone, then all options together. */
export function variants(base: INodeParameters, options: INodeParameters, collection = 'additionalFields'): INodeParameters[] {
	const all = { ...base, [collection]: { ...options } };
	return [base, ...Object.entries(options).map(([key, value]) => ({ ...base, [collection]: { [key]: value } })), all];
}

/** Each option alone and all together, for operations whose collection must not be empty. */
export const eachAndAll = (base: INodeParameters, options: INodeParameters, collection: string) => variants(base, options, collection).slice(1);

/** The same items with Send in Bulk: their records in the bulk bodies. */
export const inBulk = (parameterSets: INodeParameters[]) => parameterSets.map((parameters) => ({ ...parameters, sendInBulk: true }));

/** The channels a reply goes out on; the contract test's conversation has them all. */
export const SEND_CHANNELS = ['email', 'sms', 'whatsapp', 'chat', 'facebook', 'instagram', 'twitter-dm', 'twitter-tweet'];
/** The texts of the replies sent now: the contract test answers them as delivered (what Wait for Delivery looks for). */
export const SENT_TEXTS = ['Your refund is on its way', 'All the email fields', 'Label attached'];

/** Every custom attribute the metadata fixture defines for conversations and customers, set through the mapper. */
export const CONVERSATION_ATTRIBUTES = attributeMapper('conversation', {
	orderNumberStr: 'A-1042',
	// A Txt attribute at its limit of 1,024 characters (the OpenAPI file's naming-suffix table).
	notesTxt: 'x'.repeat(1024),
	refundNum: '={{ "49.90" }}',
	vipBool: true,
	promisedAt: '2026-12-24T18:00:00',
	portalUrl: 'https://portal.example.com/orders/1042',
	legacyId: '12345',
	clearedStr: '={{ null }}',
	reasonTree: 'billing.refund',
});
export const CUSTOMER_ATTRIBUTES = attributeMapper('customer', {
	tierStr: 'Bronze',
	seatsNum: 12,
	vipBool: false,
	renewalAt: '2027-01-31T09:00:00',
	websiteUrl: 'https://acme.test',
	accountNotesTxt: '🚀'.repeat(1024),
	regionTree: 'ca',
});

/** Every custom attribute the metadata fixture defines for custom objects, set through the mapper. */
export const ORDER_ATTRIBUTES = attributeMapper('kobject.order', {
	totalNum: 49.9,
	statusStr: 'shipped',
	placedAt: '2026-11-20T10:00:00',
	trackingUrl: 'https://track.acme.test/1042',
	giftBool: true,
	lineItemsId: '={{ ["5f1a2b3c4d5e6f7a8b9c0d01", "5f1a2b3c4d5e6f7a8b9c0d02"] }}',
}) as INodeParameters;
export const OBJECT_FIELDS = {
	icon: 'cart',
	images: 'https://cdn.acme.test/1.png',
	data: '{"sku": "A-1"}',
	tags: [objectId(0x301)],
	customAttributes: { attribute: [{ name: 'skuStr', value: '' }] },
};

export const CUSTOMER_FIELDS: INodeParameters = {
	name: 'Jane 🚀 Doe',
	emails: { email: [{ address: 'jane+vip@example.com', type: 'work' }, { address: 'jane@home.example', type: 'home' }] },
	phones: { phone: [{ number: '+1 (415) 555-0123', type: 'mobile' }, { number: '+44 20 7946 0958', type: 'work' }] },
	externalId: 'crm/42?x#y%z',
	company: objectId(0xc1),
	locale: 'en_US',
	timeZone: 'Europe/Paris',
	tags: [objectId(0x301), 'needs review'],
	customAttributes: { attribute: [{ name: 'tierStr', value: 'Gold' }, { name: 'seatsNum', value: '12' }, { name: 'renewalAt', value: '2027-01-31T09:00:00' }] },
};

/** Custom attributes of every type, by name, for conversations. */
export const CUSTOM_ATTRIBUTES = {
	attribute: [
		{ name: 'orderNumberStr', value: 'A-1042' },
		{ name: 'notesTxt', value: 'x'.repeat(1024) },
		{ name: 'refundNum', value: '49.9' },
		{ name: 'vipBool', value: 'false' },
		{ name: 'promisedAt', value: '2026-12-24T18:00:00+01:00' },
		{ name: 'portalUrl', value: 'https://portal.example.com/orders/1042' },
		{ name: 'legacyId', value: '12345' },
		{ name: 'clearedStr', value: '' },
	],
};

/** Tags to add or remove: one, every kind of character Kustomer allows, and the most at once. */
export const tagBodies = (conversation: INodeParameters['conversation']): INodeParameters[] => [
	{ conversation, tags: ['vip'] },
	{ conversation, tags: ['Déjà-vu', 'needs review', 'a/b<c>-d.e_f', objectId(0x300)] },
	{ conversation, tags: Array.from({ length: 20 }, (_, index) => `tag-${index}`) },
];

/** Every field of a company's Additional Fields; its External ID is one no company has yet (so Create sends it). */
export const COMPANY_FIELDS: INodeParameters = {
	externalId: 'new-account/42?x#y',
	emails: { email: [{ address: 'billing@acme.com', type: 'work' }, { address: 'ap+invoices@acme.io', type: 'other' }] },
	phones: { phone: [{ number: '+1 (415) 555-0100', type: 'work' }] },
	domains: 'acme.com, Acme.IO, sub.acme-corp.co.uk',
	websites: 'https://acme.com, http://blog.acme.com/path?q=1',
	tags: ['vip', objectId(0x301)],
	defaultLang: 'en_us',
	customAttributes: { attribute: [{ name: 'planStr', value: 'Growth' }, { name: 'seatsNum', value: '120' }] },
};

/** Every custom attribute the metadata fixture defines for companies, set through the mapper. */
export const COMPANY_ATTRIBUTES = attributeMapper('company', {
	planStr: 'Enterprise',
	seatsNum: 250,
	strategicBool: true,
	renewalAt: '2027-03-31T09:00:00',
	crmUrl: 'https://crm.example.com/accounts/42',
});

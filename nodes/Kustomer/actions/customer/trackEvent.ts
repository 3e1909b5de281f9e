import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { z } from 'zod';

import { fieldLabels, readChoice } from '../../shared/fields';
import type { RecordRef } from '../../shared/locators';
import { ROLES } from '../../shared/roles';
import { email, InputProblem, isBlank, optionalDateTime, optionalText, parseInput, phone, readDateTime } from '../../shared/validation';
import type { JsonApiDocument, JsonApiResource, KustomerClient } from '../../transport';
import { recordsOf } from '../../transport';
import { resolveOnce } from '../batch';
import { fetchRecord, lookupKey, singleRecord } from '../lookups';
import type { ItemFailures, PreparedItem } from '../types';
import { defineOperation } from '../types';
import { CUSTOMER, customerLocator } from './record';

const customerField = customerLocator('The customer the event happened to: pick one, or give an ID, app link, email, phone (E.164) or external ID');
const showBy = (identifyBy: string) => ({ show: { identifyBy: [identifyBy] } });

/** OpenAPI POST /tracking/identityEvent: event.name `^[a-zA-Z]{1}[a-zA-Z0-9-_.]+$`, at most 255; meta at most 100 properties. */
const EVENT_NAME_PATTERN = /^[a-zA-Z][a-zA-Z0-9\-_.]+$/;
const MAX_EVENT_NAME = 255;
const MAX_PROPERTIES = 100;
/** A property's name as Kustomer's attribute names go (letters, digits, `_`, `-`, `.`), at most 128 characters. */
const PROPERTY_NAME_PATTERN = /^[a-zA-Z][a-zA-Z0-9_\-.]{0,127}$/;
const OCCURRED_AT = 'occurredAt';

const PROPERTY_TYPES = [
	{ name: 'Text', value: 'string' },
	{ name: 'Number', value: 'number' },
	{ name: 'Date & Time', value: 'dateTime' },
	{ name: 'Boolean', value: 'boolean' },
] as const;
type PropertyType = (typeof PROPERTY_TYPES)[number]['value'];

const description: INodeProperties[] = [
	{
		displayName: 'Identify Customer By',
		name: 'identifyBy',
		type: 'options',
		default: 'customer',
		options: [
			{ name: 'Customer', value: 'customer', description: 'An existing customer, found by any of its locators' },
			{ name: 'Identity', value: 'identity', description: 'An email, phone or external ID: Kustomer finds the customer who has it, or creates one' },
		],
	},
	{ ...customerField.property, displayOptions: showBy('customer') },
	{ displayName: 'Email', name: 'identityEmail', type: 'string', placeholder: 'name@email.com', default: '', displayOptions: showBy('identity'), description: "The customer's email address" },
	{ displayName: 'Phone', name: 'identityPhone', type: 'string', default: '', placeholder: 'e.g. +14155550123', displayOptions: showBy('identity'), description: "The customer's phone number, in E.164 form" },
	{ displayName: 'External ID', name: 'identityExternalId', type: 'string', default: '', displayOptions: showBy('identity'), description: "The customer's ID in your own system" },
	{
		displayName: 'Event Name',
		name: 'eventName',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. order.placed',
		description: 'What happened: a letter, then letters, digits, "-", "_" or "." (at most 255), as Kustomer requires',
	},
	{
		displayName: 'Properties',
		name: 'eventProperties',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Property',
		default: {},
		description:
			'Details of the event, each typed: Kustomer types a value by its name\'s suffix, so a number\'s name gets "Num" and a date\'s "At" (unless it ends so already); text and booleans keep their name, booleans sent as "true" or "false"',
		options: [
			{
				displayName: 'Property',
				name: 'property',
				values: [
					{ displayName: 'Name', name: 'name', type: 'string', default: '', placeholder: 'e.g. total' },
					{ displayName: 'Type', name: 'type', type: 'options', default: 'string', options: [...PROPERTY_TYPES] },
					{ displayName: 'Value', name: 'value', type: 'string', default: '' },
				],
			},
		],
	},
	{
		displayName: 'Occurred At',
		name: 'occurredAt',
		type: 'dateTime',
		default: '',
		description:
			"When it happened, stored as the event's occurredAt property. Kustomer's tracking API takes no event time: the timeline shows when Kustomer received the event. A time without a UTC offset is read in the workflow's time zone.",
	},
];

const LABELS = fieldLabels(description);

interface Input {
	customer?: RecordRef;
	/** The identity to send when given directly (Identify Customer By: Identity). */
	identity?: IDataObject;
	event: { name: string; meta?: IDataObject };
	/** Read by the batch step: the customer and the identity that names it. */
	customerId?: string;
}

interface PropertyRow {
	name?: unknown;
	type?: unknown;
	value?: unknown;
}

/**
 * A property as Kustomer's tracking takes it, typed by its name's suffix the way the one public
 * client that sends event properties does (RudderStack's Kustomer destination,
 * rudder-transformer src/v0/destinations/kustomer/util.js: numbers get Num, ISO dates At,
 * booleans go as "true"/"false" text, other text unchanged).
 */
function typedProperty(row: PropertyRow, index: number, timeZone: string): [string, string | number] {
	const label = `Properties → Property #${index + 1}`;
	const name = typeof row.name === 'string' ? row.name.trim() : '';
	if (!PROPERTY_NAME_PATTERN.test(name)) throw new InputProblem(`${label} Name`, 'must start with a letter, then letters, digits, "_", "-" or "." (at most 128), e.g. total', row.name);
	const type = (row.type ?? 'string') as PropertyType;
	const withSuffix = (suffix: string) => (name.endsWith(suffix) ? name : `${name}${suffix}`);
	switch (type) {
		case 'number': {
			const value = typeof row.value === 'number' ? row.value : typeof row.value === 'string' && row.value.trim() !== '' ? Number(row.value) : NaN;
			if (!Number.isFinite(value)) throw new InputProblem(`${label} Value`, 'must be a number, e.g. 42.5', row.value);
			return [withSuffix('Num'), value];
		}
		case 'dateTime': {
			const read = readDateTime(row.value, timeZone);
			if ('problem' in read) throw new InputProblem(`${label} Value`, read.problem, row.value);
			return [withSuffix('At'), read.date.toISOString()];
		}
		case 'boolean': {
			const text = typeof row.value === 'boolean' || typeof row.value === 'string' ? String(row.value).trim().toLowerCase() : '';
			if (text !== 'true' && text !== 'false') throw new InputProblem(`${label} Value`, 'must be true or false', row.value);
			return [name, text];
		}
		case 'string':
			if (typeof row.value !== 'string' && typeof row.value !== 'number') throw new InputProblem(`${label} Value`, 'must be text', row.value);
			return [name, String(row.value)];
		default:
			throw new InputProblem(`${label} Type`, `cannot be "${String(type)}"; use string, number, dateTime or boolean`, row.type);
	}
}

/** The event's meta: every property typed, the time as occurredAt; names unique. */
function readMeta(rows: PropertyRow[], occurredAt: string | undefined, timeZone: string): IDataObject | undefined {
	const meta: IDataObject = {};
	rows.forEach((row, index) => {
		const [name, value] = typedProperty(row, index, timeZone);
		if (name in meta) throw new InputProblem(`Properties → Property #${index + 1} Name`, `repeats ${name}; give each property once`, row.name);
		meta[name] = value;
	});
	if (occurredAt) {
		if (`${OCCURRED_AT}At` in meta || OCCURRED_AT in meta) throw new InputProblem(LABELS.occurredAt, 'is set, and so is a property named occurredAt; keep one');
		meta[OCCURRED_AT] = occurredAt;
	}
	if (Object.keys(meta).length > MAX_PROPERTIES) throw new InputProblem(LABELS.eventProperties, `can hold at most ${MAX_PROPERTIES} properties with Occurred At (Kustomer's limit); send fewer`);
	return Object.keys(meta).length ? meta : undefined;
}

const identitySchema = z.object({ identityEmail: email.optional(), identityPhone: phone.optional(), identityExternalId: optionalText(256) });

/** Identify Customer By: Identity. At least one of email, phone and external ID. */
function readIdentity(context: IExecuteFunctions, itemIndex: number): IDataObject {
	const raw = Object.fromEntries(['identityEmail', 'identityPhone', 'identityExternalId'].map((name) => [name, context.getNodeParameter(name, itemIndex, '')]).filter(([, value]) => !isBlank(value)));
	const parsed = parseInput(identitySchema, raw, LABELS);
	const identity: IDataObject = {};
	if (parsed.identityEmail) identity.email = parsed.identityEmail;
	if (parsed.identityPhone) identity.phone = parsed.identityPhone;
	if (parsed.identityExternalId) identity.externalId = parsed.identityExternalId;
	if (!Object.keys(identity).length) throw new InputProblem(LABELS.identityEmail, 'is empty, and so are Phone and External ID: give at least one, which Kustomer finds (or creates) the customer by');
	return identity;
}

function readEvent(context: IExecuteFunctions, itemIndex: number): Input['event'] {
	const name = context.getNodeParameter('eventName', itemIndex, '');
	if (typeof name !== 'string' || !EVENT_NAME_PATTERN.test(name.trim()) || name.trim().length > MAX_EVENT_NAME) {
		throw new InputProblem(LABELS.eventName, `must start with a letter, then at least one letter, digit, "-", "_" or "." (at most ${MAX_EVENT_NAME}), e.g. order.placed`, name);
	}
	const timeZone = context.getTimezone();
	const occurredAt = parseInput(z.object({ occurredAt: optionalDateTime(timeZone) }), { occurredAt: context.getNodeParameter('occurredAt', itemIndex, '') }, LABELS).occurredAt;
	const rows = ((context.getNodeParameter('eventProperties', itemIndex, {}) as IDataObject).property ?? []) as PropertyRow[];
	if (!Array.isArray(rows)) throw new InputProblem(LABELS.eventProperties, 'must be a list of properties', rows);
	const meta = readMeta(rows, occurredAt, timeZone);
	return meta ? { name: name.trim(), meta } : { name: name.trim() };
}

/**
 * The one value of a customer Kustomer's tracking identifies it by: its external ID, else its
 * first email, else its first phone, each unique in the org (API.md "Customers"), so the
 * identity call finds this customer and creates none.
 */
export function identityOf(customer: JsonApiResource): IDataObject | undefined {
	const attributes = customer.attributes ?? {};
	if (typeof attributes.externalId === 'string' && attributes.externalId) return { externalId: attributes.externalId };
	const firstEmail = (attributes.emails as Array<{ email?: string }> | undefined)?.find((entry) => entry?.email)?.email;
	if (firstEmail) return { email: firstEmail };
	const firstPhone = (attributes.phones as Array<{ phone?: string }> | undefined)?.find((entry) => entry?.phone)?.phone;
	return firstPhone ? { phone: firstPhone } : undefined;
}

function customerKey(ref: RecordRef): string {
	return lookupKey(ref) ?? `id:${ref.by === 'id' ? ref.id.toLowerCase() : ''}`;
}

/** Each customer the items name, read once: its ID and the identity to send. */
async function readCustomers(client: KustomerClient, items: ReadonlyArray<PreparedItem<Input>>, failures: ItemFailures) {
	return await resolveOnce(
		client,
		items,
		(input) => (input.customer ? customerKey(input.customer) : undefined),
		async (input, itemIndex) => {
			const customer = await fetchRecord(client, CUSTOMER, input.customer as RecordRef, itemIndex);
			const identity = identityOf(customer);
			if (!identity) {
				throw new NodeOperationError(client.node, `Customer ${customer.id} has no external ID, email or phone, which Kustomer's tracking identifies a customer by [item ${itemIndex}]`, {
					itemIndex,
					description: 'Add one to the customer (Customer → Update), or track the event by Identity. Nothing was sent for this item.',
				});
			}
			return { id: customer.id, identity };
		},
		failures,
	);
}

/** The customer Kustomer recorded the event for, from its answer (the identity's relationships.customer). */
function recordedFor(document: JsonApiDocument | undefined): string | undefined {
	const data = recordsOf(document)[0];
	return (data?.relationships?.customer as { data?: { id?: string } } | undefined)?.data?.id;
}

/**
 * Customer → Track Event: POST /v1/tracking/identityEvent (OpenAPI), identity and event in one
 * call. Kustomer has no bulk endpoint for tracking (the OpenAPI file's bulk routes are for
 * customers, conversations, messages, notes, companies and custom objects), so there is no Send
 * in Bulk. The other route, POST /v1/tracking/event, takes a trackingId instead of an identity:
 * it serves browsers that already carry one, which a workflow does not.
 */
export const trackCustomerEvent = defineOperation<Input>({
	option: {
		name: 'Track Event',
		value: 'trackEvent',
		action: 'Track an event for a customer',
		description: "Record something the customer did (an order placed, a plan changed) on the customer's timeline",
	},
	// OpenAPI POST /tracking/identityEvent: "The following role is required for this endpoint: org.tracking".
	roles: ROLES.tracking,
	effect: 'write',
	idempotent: false,
	rerun: "Running again records the done items' events again: Kustomer's tracking takes no external ID to recognise one.",
	docs: { moreRoles: '+ `customer.read` when the customer is given by a locator (Identify Customer By: Customer)' },
	description,
	prepare(itemIndex) {
		const identifyBy = readChoice<'customer' | 'identity'>(this, description, 'identifyBy', itemIndex);
		const event = readEvent(this, itemIndex);
		return identifyBy === 'identity' ? { identity: readIdentity(this, itemIndex), event } : { customer: customerField.read(this, itemIndex), event };
	},
	async batch(client, items) {
		const failures: ItemFailures = new Map();
		const customers = await readCustomers(client, items, failures);
		const inputs = new Map(
			items.map(({ itemIndex, input }) => {
				const found = input.customer ? customers.get(customerKey(input.customer)) : undefined;
				return [itemIndex, found ? { ...input, customerId: found.id, identity: found.identity } : input];
			}),
		);
		return { inputs, failures };
	},
	async execute(client, input, itemIndex) {
		const document = await client.request<JsonApiDocument>({
			method: 'POST',
			path: '/v1/tracking/identityEvent',
			body: { identity: input.identity as IDataObject, event: input.event },
			itemIndex,
			roles: ROLES.tracking,
		});
		const identity = singleRecord(client, document, itemIndex);
		const customerId = recordedFor(document);
		if (input.customerId && customerId && customerId !== input.customerId) {
			throw new NodeOperationError(client.node, `Kustomer recorded the event for customer ${customerId}, not ${input.customerId} [item ${itemIndex}]`, {
				itemIndex,
				description: `The identity sent (${JSON.stringify(input.identity)}) belongs to another customer in Kustomer. The event is on customer ${customerId}'s timeline; check the two customers.`,
			});
		}
		// The identity record Kustomer answers (its id), the customer it names, and what was tracked.
		return [{ json: { id: identity.id, customerId: customerId ?? input.customerId ?? null, trackingId: identity.attributes?.trackingId ?? null, event: input.event.name, meta: input.event.meta ?? {}, identity: input.identity } }];
	},
});

import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import { attributeRows, customAttributesMapperField, readCustomAttributes } from '../../shared/attributeMapper';
import {
	assignedTeamsField,
	assignedUsersField,
	customAttributesField,
	directionField,
	externalIdField,
	fieldLabels,
	priorityField,
	queueField,
	simplifyField,
	tagsField,
} from '../../shared/fields';
import type { RecordRef } from '../../shared/locators';
import { ROLES } from '../../shared/roles';
import { relatedId } from '../../shared/simplify';
import { objectId, objectIdList, optionalInteger, optionalText, parseInput } from '../../shared/validation';
import type { JsonApiResource, KustomerClient } from '../../transport';
import { costs } from '../../transport';
import type { ExternalIdSource } from '../externalIds';
import { countOf, findExistingRecords, findOwnRecord } from '../externalIds';
import { createOnce, fetchRecord, findRecord, resolveId, resolveIdsOnce } from '../lookups';
import type { ItemFailures } from '../types';
import { defineOperation, RERUN_CREATE_BY_EXTERNAL_ID } from '../types';
import { customerLocator, CUSTOMER } from '../customer/record';
import { CONVERSATION } from './record';
import { doneWith, inputsOf } from '../batch';
import { FROM_VERSION_2, isReadableVersion, ONLY_VERSION_1 } from '../../versions';

const customerField = customerLocator('The customer the conversation belongs to: pick one, or give an ID, app link, or an email, phone or external ID to find them by');

const SUBJECT: INodeProperties = {
	displayName: 'Subject',
	name: 'name',
	type: 'string',
	default: '',
	description: 'The title agents see in Kustomer',
};

/** Additional Fields: version 1 nodes keep Subject among them, version 2 shows it on its own. */
function additionalFields(withSubject: boolean): INodeProperties {
	return {
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: withSubject ? ONLY_VERSION_1 : FROM_VERSION_2,
		options: [
			{ ...assignedTeamsField },
			{ ...assignedUsersField },
			{ ...customAttributesField },
			directionField(),
			externalIdField(
				'Your own unique ID for the conversation. When a conversation with this external ID already exists for the customer, it is returned instead of creating a second one.',
			),
			{ ...priorityField },
			{ ...queueField },
			{
				displayName: 'Status',
				name: 'status',
				type: 'options',
				default: 'open',
				options: [
					{ name: 'Open', value: 'open' },
					{ name: 'Done', value: 'done' },
				],
			},
			...(withSubject ? [SUBJECT] : []),
			{ ...tagsField },
		],
	};
}

const description: INodeProperties[] = [
	customerField.property,
	{ ...SUBJECT, name: 'subject', placeholder: 'e.g. Refund request for order 1042', displayOptions: FROM_VERSION_2 },
	customAttributesMapperField('conversation'),
	additionalFields(true),
	additionalFields(false),
	simplifyField(),
];

const fieldsSchema = z.object({
	name: optionalText(256),
	externalId: optionalText(256),
	status: z.enum(['open', 'done'], { errorMap: () => ({ message: 'must be "open" or "done"' }) }).optional(),
	priority: optionalInteger(1, 5),
	direction: z.enum(['in', 'out'], { errorMap: () => ({ message: 'must be "in" or "out"' }) }).optional(),
	queue: z.preprocess((value) => (value === '' ? undefined : value), objectId.optional()),
	assignedUsers: objectIdList(10),
	assignedTeams: objectIdList(10),
	tags: objectIdList(20),
});

const FIELD_LABELS = fieldLabels(description);

interface Input {
	customer: RecordRef;
	/** The request body without the customer, which may need a lookup first. */
	fields: IDataObject;
	externalId?: string;
	/** The customer's ID: given, or found by the batch step. */
	customerId?: string;
}

/**
 * Conversations by External ID. Kustomer has no search attribute for a conversation's external
 * ID (the "Standard attributes JSON Schema" in the OpenAPI description of POST /customers/search
 * lists conversation_* attributes without one, while it has message_external_id and
 * note_external_id), so one search reads the conversations of up to 100 customers
 * (`conversation_customer_id`); the direct lookup is GET /v1/conversations/externalId=…
 * (OpenAPI: "Retrieves a single conversation based on a unique external ID"). Kustomer does not
 * document what it answers to a second conversation with the same External ID, so the check
 * happens before the create; a 409 is only a reason to look again (createOnce).
 */
function conversationsByExternalId(client: KustomerClient): ExternalIdSource {
	return {
		search: { queryContext: 'conversation', attribute: 'conversation_customer_id', valueOf: ({ scope }) => scope },
		lookup: async (externalId, itemIndex) => await findRecord(client, CONVERSATION, { by: 'externalId', externalId: externalId }, itemIndex),
		scopeOf: (record) => relatedId(record, 'customer'),
		// OpenAPI GET /customers/{id}: conversationCounts { all, open, snoozed, done }.
		countIn: async (customerId, itemIndex) => countOf((await fetchRecord(client, CUSTOMER, { by: 'id', id: customerId }, itemIndex)).attributes?.conversationCounts, 'all'),
		noun: 'conversation',
		scopeNoun: 'customer',
	};
}

/**
 * A conversation's fields (Subject, External ID, Status, Priority, Direction, Queue, assignees,
 * Tags, custom attributes from the typed mapper and the name/value rows), checked, as the
 * body of POST /v1/conversations without the customer.
 */
export function readConversationFields(context: IExecuteFunctions, itemIndex: number, values: IDataObject, customAttributes?: unknown): IDataObject {
	const parsed = parseInput(fieldsSchema, values, FIELD_LABELS);
	const custom = readCustomAttributes(context, itemIndex, attributeRows(customAttributes));
	const fields: IDataObject = {};
	for (const key of ['name', 'externalId', 'status', 'priority', 'direction'] as const) {
		if (parsed[key] !== undefined) fields[key] = parsed[key] as IDataObject[string];
	}
	// Kustomer takes the queue as an object, never as queueId.
	if (parsed.queue) fields.queue = { id: parsed.queue as string };
	for (const key of ['assignedUsers', 'assignedTeams', 'tags'] as const) {
		if (parsed[key].length) fields[key] = parsed[key];
	}
	if (custom) fields.custom = custom;
	return fields;
}

/**
 * Opens the customer's conversation. With an External ID it is safe to repeat: with `lookFirst`
 * an existing conversation is answered (`created: false`); and a create Kustomer refuses (409),
 * or whose outcome is unknown, finds the conversation that holds it (createOnce). One of
 * another customer is an error.
 */
export async function openConversation(
	client: KustomerClient,
	customerId: string,
	input: { fields: IDataObject; externalId?: string },
	itemIndex: number,
	lookFirst = false,
): Promise<{ record: JsonApiResource; created: boolean }> {
	const { externalId } = input;
	const once = externalId ? { source: conversationsByExternalId(client), wanted: { itemIndex, externalId, scope: customerId } } : undefined;
	const existing = lookFirst && once ? await findOwnRecord(client, once.source, once.wanted) : undefined;
	if (existing) return { record: existing, created: false };
	const request = {
		method: 'POST' as const,
		path: '/v1/conversations',
		body: { customer: customerId, ...input.fields },
		cost: costs.createUnder({ customer: customerId }, input.fields),
		itemIndex,
		roles: ROLES.conversationCreate,
		notFoundMessage: `Kustomer found no customer with ID ${customerId}, or another record the conversation refers to (404)`,
	};
	return { record: await createOnce(client, request, once), created: true };
}

export const createConversation = defineOperation<Input>({
	option: {
		name: 'Create',
		value: 'create',
		action: 'Create a conversation',
		description: 'Open a conversation for a customer, with queue, priority, assignees, tags and custom attributes',
	},
	roles: ROLES.conversationCreate,
	// With an External ID: an existing conversation is returned instead of a second one.
	effect: 'write',
	rerun: RERUN_CREATE_BY_EXTERNAL_ID,
	idempotent: false,
	docs: {
		moreRoles: '+ `customer.read` to find the customer by email, phone or external ID; with an External ID + `conversation.read`, and a search role with `customer.read` to check five or more External IDs in one search',
		runTwice: 'With an External ID, the existing conversation is returned (no create is sent); without one, a second conversation.',
	},
	description,
	prepare(itemIndex) {
		const customer = customerField.read(this, itemIndex);
		const { customAttributes, ...additional } = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
		// Version 2 shows Subject on its own (issue 20 item 8); version 1 has it under Additional Fields.
		if (isReadableVersion(this.getNode().typeVersion)) additional.name = this.getNodeParameter('subject', itemIndex, '') as string;
		const fields = readConversationFields(this, itemIndex, additional, customAttributes);
		return {
			customer,
			fields,
			externalId: fields.externalId as string | undefined,
			customerId: customer.by === 'id' ? customer.id : undefined,
		};
	},
	/** Finds each customer once, then which External IDs already have their conversation (those items are done). */
	async batch(client, items) {
		const failures: ItemFailures = new Map();
		const customerIdOf = await resolveIdsOnce(client, items, CUSTOMER, (input) => input.customer, failures);
		const resolved = items.map((item) => ({ ...item, input: { ...item.input, customerId: item.input.customerId ?? customerIdOf(item.input) } }));
		const wanted = resolved
			.filter(({ input, itemIndex }) => input.externalId && input.customerId && !failures.has(itemIndex))
			.map(({ input, itemIndex }) => ({ itemIndex, externalId: input.externalId as string, scope: input.customerId as string }));
		const existing = await findExistingRecords(client, conversationsByExternalId(client), wanted, failures);
		return { inputs: inputsOf(resolved), failures, done: doneWith(existing) };
	},
	idempotencyKey: (input) => input.externalId,
	async execute(client, input, itemIndex) {
		const customerId = input.customerId ?? (await resolveId(client, CUSTOMER, input.customer, itemIndex));
		return [(await openConversation(client, customerId, input, itemIndex)).record];
	},
	bulk: {
		method: 'POST',
		path: '/v1/conversations/bulk',
		item: (input) => ({ customer: input.customerId, ...input.fields }),
	},
});

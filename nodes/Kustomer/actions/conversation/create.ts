import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { z } from 'zod';

import { attributeRows, customAttributesMapperField, readCustomAttributes } from '../../shared/attributeMapper';
import {
	assignedTeamsField,
	assignedUsersField,
	customAttributesField,
	customerLocator,
	directionField,
	externalIdField,
	priorityField,
	queueField,
	showFor,
	simplifyField,
	tagsField,
} from '../../shared/fields';
import type { RecordRef } from '../../shared/locators';
import { parseCustomerRef } from '../../shared/locators';
import { ROLES } from '../../shared/roles';
import { relatedId } from '../../shared/simplify';
import { objectId, objectIdList, optionalInteger, optionalText, parseInput } from '../../shared/validation';
import type { JsonApiResource } from '../../transport';
import { findConversationByExternalId, resolveCustomerId, singleRecord } from '../lookups';
import { defineOperation } from '../types';

const show = showFor('conversation', 'create');
const CUSTOMER_MODES = ['list', 'id', 'url', 'email', 'phone', 'externalId'] as const;

const description: INodeProperties[] = [
	customerLocator(
		[...CUSTOMER_MODES],
		show,
		'The customer the conversation belongs to: pick one, or give an ID, app link, or an email, phone or external ID to find them by',
	),
	customAttributesMapperField(show),
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: show,
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
			{
				displayName: 'Subject',
				name: 'name',
				type: 'string',
				default: '',
				description: 'The title agents see in Kustomer',
			},
			{ ...tagsField },
		],
	},
	simplifyField(show),
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

const LABELS = {
	name: 'Subject',
	externalId: 'External ID',
	status: 'Status',
	priority: 'Priority',
	direction: 'Direction',
	queue: 'Queue',
	assignedUsers: 'Assigned Users',
	assignedTeams: 'Assigned Teams',
	tags: 'Tags',
};

interface Input {
	customer: RecordRef;
	/** The request body without the customer, which may need a lookup first. */
	fields: IDataObject;
	externalId?: string;
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
	repeatable: false,
	description,
	prepare(itemIndex) {
		const customer = parseCustomerRef(this.getNodeParameter('customer', itemIndex), CUSTOMER_MODES);
		const { customAttributes, ...additional } = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
		const parsed = parseInput(fieldsSchema, additional, LABELS);
		const custom = readCustomAttributes(this, itemIndex, attributeRows(customAttributes));

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

		return {
			customer,
			fields,
			externalId: parsed.externalId as string | undefined,
		};
	},
	async execute(client, input, itemIndex) {
		const customerId = await resolveCustomerId(client, input.customer, itemIndex);
		const { externalId } = input;

		// With an external ID, creating is idempotent: an existing conversation is returned,
		// and a create that failed ambiguously is checked for before being sent again.
		const findExisting = async (): Promise<JsonApiResource | undefined> => {
			if (!externalId) return undefined;
			const existing = await findConversationByExternalId(client, externalId, itemIndex);
			const ownerId = existing ? relatedId(existing, 'customer') : undefined;
			if (existing && ownerId && ownerId !== customerId) {
				throw new NodeOperationError(
					client.node,
					`External ID "${externalId}" already belongs to a conversation of another customer [item ${itemIndex}]`,
					{
						itemIndex,
						description: `Conversation ${existing.id} (customer ${ownerId}) has it. External IDs are unique in Kustomer: use another one, or leave it empty.`,
					},
				);
			}
			return existing;
		};

		const existing = await findExisting();
		if (existing) return [existing];

		const document = await client.request({
			method: 'POST',
			path: '/v1/conversations',
			body: { customer: customerId, ...input.fields },
			itemIndex,
			roles: ROLES.conversationCreate,
			notFoundMessage: `Kustomer found no customer with ID ${customerId}, or another record the conversation refers to (404)`,
			findExisting: externalId
				? async () => {
						const found = await findExisting();
						return found ? { data: found } : undefined;
					}
				: undefined,
		});
		return [singleRecord(client, document, itemIndex)];
	},
});

import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import { customAttributesMapperField } from '../../shared/attributeMapper';
import type { FileInput } from '../../shared/attachments';
import { readFiles } from '../../shared/attachments';
import { directionField, fieldCollection, fieldLabels, labelOf, optionsOf, queueField, simplifyField } from '../../shared/fields';
import { ROLES } from '../../shared/roles';
import { characterCount, email, InputProblem, isBlank, optionalText, parseInput, phone } from '../../shared/validation';
import type { JsonApiResource, KustomerClient } from '../../transport';
import { asNodeError } from '../../transport';
import { appBaseUrl, formatResources } from '../appLinks';
import type { CustomerMatchInput } from '../customer/upsert';
import { findOrCreateCustomer, identifiersOf } from '../customer/upsert';
import { findOwnRecord } from '../externalIds';
import { createMessage, messagesByExternalId, readMessageBody } from '../message/create';
import { createNote, notesByExternalId, noteSource, readNoteBody } from '../note/create';
import type { KustomerOperation, OutputItem } from '../types';
import { defineOperation } from '../types';
import { createWithFiles } from '../withFiles';
import { createConversation, openConversation, readConversationFields } from './create';

/** What the escalation's message and note append to its External ID for their own (Kustomer allows 256 characters). */
const SUFFIXES = { message: ':message', note: ':note' } as const;
const MAX_EXTERNAL_ID = 256 - SUFFIXES.message.length;

/** Fields another operation defines, reused as they are: each field is defined once. */
function fieldsOf(operation: KustomerOperation<unknown>, name: string, keep?: string[]): INodeProperties[] {
	const field = operation.description.find((entry) => entry.name === name);
	if (!field || !keep) return field ? [field] : [];
	return ((field.options ?? []) as INodeProperties[]).filter((option) => keep.includes(option.name));
}

const customerField = (name: string, displayName: string, description: string, placeholder = ''): INodeProperties => ({
	displayName,
	name,
	type: 'string',
	default: '',
	placeholder,
	description,
});

const text = (name: string, displayName: string, description: string): INodeProperties => ({
	displayName,
	name,
	type: 'string',
	typeOptions: { rows: 4 },
	default: '',
	description,
});

const FINDS = 'Finds the customer; a new customer is created with it. Give an email, a phone or an external ID (or several).';

const description: INodeProperties[] = [
	{
		displayName:
			'Finds or creates the customer, opens the conversation and records the customer\'s first message and/or an internal note, in one step. With an External ID it is safe to run again: the same conversation comes back and nothing is added twice. Custom attributes here are set on the conversation (a customer\'s are set with Customer → Update).',
		name: 'escalateNotice',
		type: 'notice',
		default: '',
	},
	customerField('customerEmail', 'Customer Email', FINDS, 'e.g. jane@example.com'),
	customerField('customerPhone', 'Customer Phone', `In E.164 form (+14155550123; spaces, dashes and brackets are ignored). ${FINDS}`, 'e.g. +14155550123'),
	customerField('customerExternalId', 'Customer External ID', `Your own ID for the customer, such as a CRM record ID. ${FINDS}`),
	customerField('customerName', 'Customer Name', 'The name a new customer gets. A customer who is found keeps theirs.'),
	{
		displayName: 'Subject',
		name: 'subject',
		type: 'string',
		required: true,
		default: '',
		description: 'The conversation\'s title agents see in Kustomer (at most 256 characters)',
	},
	{ ...queueField, required: true },
	{
		displayName: 'External ID',
		name: 'externalId',
		type: 'string',
		default: '',
		description: `Your own unique ID for the escalation, e.g. the ticket or form submission ID (at most ${MAX_EXTERNAL_ID} characters). Running again with it returns the same conversation and adds no second message or note.`,
	},
	customAttributesMapperField('conversation'),
	fieldCollection(
		'conversationFields',
		'Conversation Fields',
		fieldsOf(createConversation, 'additionalFields', ['assignedTeams', 'assignedUsers', 'customAttributes', 'priority', 'tags']).map((field) =>
			field.name === 'customAttributes' ? { ...field, displayName: 'Conversation Custom Attributes by Name' } : field,
		),
	),
	text('message', 'Message', 'The customer\'s first message, recorded on the conversation\'s timeline (nothing is delivered). Empty: no message.'),
	...fieldsOf(createMessage, 'channel'),
	directionField(),
	fieldCollection('messageFields', 'Message Fields', fieldsOf(createMessage, 'additionalFields', ['app', 'attachments', 'sentAt', 'subject'])),
	text('note', 'Internal Note', 'A note for agents only, e.g. why this was escalated. Empty: no note.'),
	fieldCollection('noteFields', 'Note Fields', fieldsOf(createNote, 'additionalFields', ['attachments', 'userMentions', 'teamMentions'])),
	simplifyField(),
];

/** A message or note the escalation records: its body and files. */
interface Entry {
	body: IDataObject;
	files: FileInput[];
}

interface Input {
	customer: CustomerMatchInput;
	conversation: { fields: IDataObject; externalId?: string };
	message?: Entry;
	note?: Entry;
	simplify: boolean;
}

/** A record the escalation found or made. */
interface Step {
	record: JsonApiResource;
	created: boolean;
}

const STEPS = ['customer', 'conversation', 'message', 'note'] as const;
type StepName = (typeof STEPS)[number];
type Steps = Partial<Record<StepName, Step>>;

const blankAsAbsent = <T extends z.ZodTypeAny>(schema: T) => z.preprocess((value) => (isBlank(value) ? undefined : value), schema.optional());

const customerSchema = z.object({
	customerEmail: blankAsAbsent(email),
	customerPhone: blankAsAbsent(phone),
	customerExternalId: optionalText(256),
	customerName: optionalText(256),
});

/** The customer to find by email, phone or external ID, and to create with those and the name. */
function readCustomer(context: IExecuteFunctions, itemIndex: number): CustomerMatchInput {
	const values = Object.fromEntries(Object.keys(customerSchema.shape).map((name) => [name, context.getNodeParameter(name, itemIndex, '')]));
	const parsed = parseInput(customerSchema, values, fieldLabels(description));
	const body: IDataObject = {};
	if (parsed.customerName) body.name = parsed.customerName;
	if (parsed.customerEmail) body.emails = [{ email: parsed.customerEmail }];
	if (parsed.customerPhone) body.phones = [{ phone: parsed.customerPhone }];
	if (parsed.customerExternalId) body.externalId = parsed.customerExternalId;
	const identifiers = identifiersOf(body, ['email', 'phone', 'externalId']);
	if (!identifiers.length) {
		throw new InputProblem('Customer Email, Phone or External ID', 'is required: the customer is found by it, or created with it');
	}
	return { body, identifiers };
}

/** The conversation's fields, with Subject and Queue required. */
function readConversation(context: IExecuteFunctions, itemIndex: number): Input['conversation'] {
	const { customAttributes, ...fields } = context.getNodeParameter('conversationFields', itemIndex, {}) as IDataObject;
	const values: IDataObject = {
		...fields,
		name: context.getNodeParameter('subject', itemIndex, '') as IDataObject[string],
		queue: context.getNodeParameter('queue', itemIndex, '') as IDataObject[string],
		externalId: context.getNodeParameter('externalId', itemIndex, '') as IDataObject[string],
	};
	if (isBlank(values.name)) throw new InputProblem(labelOf(description, 'subject'), 'is required: the title agents see in Kustomer');
	if (isBlank(values.queue)) throw new InputProblem(labelOf(description, 'queue'), 'is required: the routing queue the conversation goes to');
	const body = readConversationFields(context, itemIndex, values, customAttributes);
	const externalId = body.externalId as string | undefined;
	if (externalId && characterCount(externalId) > MAX_EXTERNAL_ID) {
		throw new InputProblem(
			labelOf(description, 'externalId'),
			`must be at most ${MAX_EXTERNAL_ID} characters: the message and note carry it with "${SUFFIXES.message}" or "${SUFFIXES.note}" appended, within Kustomer's 256`,
			externalId,
		);
	}
	return { fields: body, externalId };
}

/** The item's first message, or undefined when Message is empty (then it may carry no files). */
async function readMessage(context: IExecuteFunctions, itemIndex: number, externalId?: string): Promise<Entry | undefined> {
	const { attachments, ...fields } = context.getNodeParameter('messageFields', itemIndex, {}) as IDataObject;
	const preview = context.getNodeParameter('message', itemIndex, '');
	if (isBlank(preview)) {
		if (!isBlank(attachments)) throw new InputProblem(labelOf(optionsOf(description, 'messageFields'), 'attachments'), 'need a Message to be attached to (or put them under Note Fields)');
		return undefined;
	}
	const values = {
		channel: context.getNodeParameter('channel', itemIndex),
		direction: context.getNodeParameter('direction', itemIndex),
		preview,
		app: fields.app ?? 'n8n',
		subject: fields.subject,
		sentAt: fields.sentAt,
		externalId: externalId && `${externalId}${SUFFIXES.message}`,
	};
	const subject = `${labelOf(description, 'message')} ${labelOf(optionsOf(description, 'messageFields'), 'subject')}`;
	const body = readMessageBody(values, context.getTimezone(), { preview: labelOf(description, 'message'), subject });
	return { body, files: await readFiles(context, itemIndex, attachments) };
}

/** The item's internal note, or undefined when Internal Note is empty (then Note Fields must be too). */
async function readNote(context: IExecuteFunctions, itemIndex: number, externalId?: string): Promise<Entry | undefined> {
	const { attachments, ...fields } = context.getNodeParameter('noteFields', itemIndex, {}) as IDataObject;
	const body = context.getNodeParameter('note', itemIndex, '');
	if (isBlank(body)) {
		const given = Object.entries({ ...fields, attachments }).filter(([, value]) => !isBlank(value) && !(Array.isArray(value) && !value.length));
		const labels = given.map(([name]) => fieldLabels(optionsOf(description, 'noteFields'))[name] ?? name);
		if (given.length) throw new InputProblem(labelOf(description, 'noteFields'), `need an Internal Note (${labels.join(', ')} given)`);
		return undefined;
	}
	const note = readNoteBody({ ...fields, body, externalId: externalId && `${externalId}${SUFFIXES.note}` }, { body: labelOf(description, 'note') });
	return { body: note, files: await readFiles(context, itemIndex, attachments) };
}

/**
 * An earlier run's message or note on the conversation, by its External ID. Messages have
 * Kustomer's direct lookup (GET /v1/messages/externalid=…), as Message → Create uses it; one
 * of another conversation is an error. Notes have none, only the search (notes §5.3), which
 * reads an index that may lag a write: the conversation's notes are read instead.
 */
async function findOnConversation(
	client: KustomerClient,
	collection: 'messages' | 'notes',
	conversationId: string,
	externalId: string,
	itemIndex: number,
): Promise<JsonApiResource | undefined> {
	if (collection === 'messages') return await findOwnRecord(client, messagesByExternalId(client), { itemIndex, externalId, scope: conversationId });
	return (await notesByExternalId(client, conversationId, itemIndex)).get(externalId);
}

/**
 * Records the message or note unless an earlier run did: a conversation opened just now has
 * none yet, an existing one is looked at first. Files go up only for a record that is made. A
 * message create that fails ambiguously, or that Kustomer refuses as a duplicate, is settled
 * by its External ID as Message → Create settles it.
 */
async function addOnce(
	context: IExecuteFunctions,
	client: KustomerClient,
	collection: 'messages' | 'notes',
	conversation: Step,
	entry: Entry,
	itemIndex: number,
): Promise<Step> {
	const conversationId = conversation.record.id;
	const externalId = entry.body.externalId as string | undefined;
	const existing = externalId && !conversation.created ? await findOnConversation(client, collection, conversationId, externalId, itemIndex) : undefined;
	if (existing) return { record: existing, created: false };
	const source = collection === 'messages' ? messagesByExternalId(client) : noteSource(client, conversationId);
	const once = externalId ? { source, externalId } : undefined;
	const record = await createWithFiles(context, client, { conversation: { by: 'id', id: conversationId }, ...entry }, collection, itemIndex, once);
	return { record, created: true };
}

const STEP_NAMES: Record<StepName, string> = { customer: 'the customer', conversation: 'the conversation', message: 'the message', note: 'the note' };

function describeStep(name: StepName, step: Step, appBase?: string): string {
	const [link] = appBase && name === 'conversation' ? formatResources([step.record], true, appBase) : [];
	const how = step.created ? (name === 'message' || name === 'note' ? 'recorded' : 'created') : 'found';
	return `${name} ${step.record.id} ${how}${link?.appUrl ? ` (${String(link.appUrl)})` : ''}`;
}

function rerunAdvice(input: Input, steps: Steps): string {
	const conversation = steps.conversation;
	if (!conversation) return 'Running the item again is safe: it finds the customer and carries on.';
	if (input.conversation.externalId) {
		return `Running the item again is safe: it finds conversation ${conversation.record.id} by External ID "${input.conversation.externalId}" and adds only what is missing.`;
	}
	return `Running the item again would open a second conversation (the escalation has no External ID): add what is missing with Message → Create or Note → Create on conversation ${conversation.record.id}.`;
}

/**
 * The error of an escalation that stopped after writing something: what was done, what was
 * not, and whether running again is safe, before the failed request's own explanation.
 * Failures before anything was written are passed on as they are.
 */
async function unfinished(client: KustomerClient, error: unknown, steps: Steps, input: Input, itemIndex: number): Promise<Error> {
	const nodeError = asNodeError(client.node, error, itemIndex);
	if (!steps.conversation && !steps.customer?.created) return nodeError;
	const wanted = STEPS.filter((name) => name === 'customer' || name === 'conversation' || input[name]);
	const failed = wanted.find((name) => !steps[name]) ?? 'conversation';
	const appBase = await appBaseUrl(client);
	const done = wanted.flatMap((name) => (steps[name] ? [describeStep(name, steps[name] as Step, appBase)] : []));
	const notDone = wanted.filter((name) => !steps[name]).map((name) => (name === failed ? `${STEP_NAMES[name]} (failed)` : `${STEP_NAMES[name]} (not tried)`));
	const cause = nodeError.message.replace(/\s*\[item \d+\]$/, '');
	nodeError.message = `The escalation stopped at ${STEP_NAMES[failed]}: ${cause} [item ${itemIndex}]`;
	nodeError.description = [`Done: ${done.join('; ')}.`, `Not done: ${notDone.join('; ')}.`, rerunAdvice(input, steps), nodeError.description]
		.filter(Boolean)
		.join('\n');
	return nodeError;
}

/**
 * The conversation with the counts of what this run added: its record was read (or created)
 * before the message and the note, each of which Kustomer counts on the conversation
 * (messageCount, noteCount: GET /v1/conversations/{id} in the OpenAPI file). What an earlier run
 * recorded is counted already.
 */
function countedConversation(steps: Steps): JsonApiResource {
	const record = (steps.conversation as Step).record;
	const attributes = { ...record.attributes };
	for (const [name, step] of [['messageCount', steps.message], ['noteCount', steps.note]] as const) {
		const count = attributes[name];
		if (step?.created && typeof count === 'number') attributes[name] = count + 1;
	}
	return { ...record, attributes };
}

/**
 * One output item: the conversation (as Conversation → Create answers it, with its `appUrl`),
 * its customer, the message and note IDs, and what this run found or created.
 */
async function escalationItem(client: KustomerClient, steps: Steps, simplify: boolean): Promise<OutputItem> {
	const { customer } = steps as Required<Pick<Steps, 'conversation' | 'customer'>>;
	const [conversationJson, customerJson] = formatResources([countedConversation(steps), customer.record], simplify, await appBaseUrl(client));
	const json: IDataObject = { ...conversationJson, customerId: customer.record.id, customer: customerJson };
	if (customerJson.appUrl) json.customerAppUrl = customerJson.appUrl;
	const escalation: IDataObject = {};
	for (const name of STEPS) {
		const step = steps[name];
		if (!step) continue;
		escalation[name] = step.created ? 'created' : 'found';
		if (name === 'message' || name === 'note') json[`${name}Id`] = step.record.id;
	}
	json.escalation = escalation;
	return { json };
}

export const escalateConversation = defineOperation<Input>({
	option: {
		name: 'Escalate',
		value: 'escalate',
		action: 'Escalate a request into a conversation',
		description: 'Find or create the customer, open a conversation and record the first message and an internal note, in one step',
	},
	roles: ROLES.conversationCreate,
	// With an External ID: the conversation, its message and its note are found, not made twice.
	effect: 'write',
	rerun: 'Running again opens a second conversation for the done items unless they carry an External ID (then it finds them and adds only what is missing).',
	idempotent: false,
	docs: {
		moreRoles: '+ `customer.read` (and `customer.create` when the customer is new), `message.create` with a Message, `note.create` with an Internal Note; with an External ID also `conversation.read`, and for a repeat `message.read`, `note.read` (it looks for what an earlier run recorded) and a search role (a message lookup that finds none is confirmed by a search)',
		runTwice: 'With an External ID, the same conversation, message and note come back, and only what an earlier run did not finish is added (files included). Without one, a second conversation.',
	},
	description,
	// Items of one run with the same External ID are one escalation: the first is sent, the others get its outcome.
	// One escalation per External ID and customer as given: items naming other customers run on
	// their own, so one whose External ID another customer's conversation holds fails, as in Create.
	idempotencyKey: ({ conversation, customer }) =>
		conversation.externalId === undefined ? undefined : JSON.stringify([conversation.externalId, customer.identifiers]),
	async prepare(itemIndex) {
		const customer = readCustomer(this, itemIndex);
		const conversation = readConversation(this, itemIndex);
		const message = await readMessage(this, itemIndex, conversation.externalId);
		const note = await readNote(this, itemIndex, conversation.externalId);
		if (!message && !note) {
			throw new InputProblem(`${labelOf(description, 'message')} or ${labelOf(description, 'note')}`, "is required: an escalation records the customer's message, an internal note, or both");
		}
		return { customer, conversation, message, note, simplify: this.getNodeParameter('simplify', itemIndex, true) as boolean };
	},
	async execute(client, input, itemIndex) {
		const steps: Steps = {};
		try {
			const customer = (steps.customer = await findOrCreateCustomer(client, input.customer, itemIndex));
			const conversation = (steps.conversation = await openConversation(client, customer.record.id, input.conversation, itemIndex, true));
			if (input.message) steps.message = await addOnce(this, client, 'messages', conversation, input.message, itemIndex);
			if (input.note) steps.note = await addOnce(this, client, 'notes', conversation, input.note, itemIndex);
		} catch (error) {
			throw await unfinished(client, error, steps, input, itemIndex);
		}
		return [await escalationItem(client, steps, input.simplify)];
	},
});

import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { z } from 'zod';

import { attributeRows, customAttributesMapperField, readCustomAttributes } from '../../shared/attributeMapper';
import {
	alphabetical,
	assignedTeamsField,
	assignedUsersField,
	customAttributesField,
	directionField,
	fieldLabels,
	labelOf,
	optionsOf,
	priorityField,
	queueField,
	simplifyField,
} from '../../shared/fields';
import type { RecordRef } from '../../shared/locators';
import { ROLES } from '../../shared/roles';
import {
	clearableText,
	InputProblem,
	isBlank,
	objectId,
	objectIdList,
	optionalDateTime,
	optionalInteger,
	parseInput,
} from '../../shared/validation';
import type { JsonApiResource, KustomerClient } from '../../transport';
import { explainConflict, isConflict } from '../conflicts';
import { fetchRecord, withConversationIds, writeRecord } from '../lookups';
import type { ItemFailures } from '../types';
import { defineOperation } from '../types';
import { conversationLocator, CONVERSATION } from './record';
import { inputsOf } from '../batch';

const MAX_ASSIGNED = 10;
/** Reads and writes of an assignee list tried before a conflict is reported. */
const MAX_ATTEMPTS = 3;
const EXPRESSION_HINT = 'Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>';

const assigneeFields = (base: INodeProperties, things: string): INodeProperties[] => [
	{ ...base, description: `Replaces every assigned ${things.slice(0, -1)}; left empty, unassigns them all. ${EXPRESSION_HINT}` },
	{
		...base,
		displayName: `Add ${base.displayName}`,
		name: `add${base.name[0].toUpperCase()}${base.name.slice(1)}`,
		description: `Assigns these ${things} too, keeping those already assigned. ${EXPRESSION_HINT}`,
	},
	{
		...base,
		displayName: `Remove ${base.displayName}`,
		name: `remove${base.name[0].toUpperCase()}${base.name.slice(1)}`,
		description: `Unassigns these ${things}, keeping the others. ${EXPRESSION_HINT}`,
	},
];

const conversationField = conversationLocator('The conversation to change: pick one, or give its ID, app link or external ID');

const description: INodeProperties[] = [
	conversationField.property,
	customAttributesMapperField('conversation'),
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description: 'Only the fields added here are sent; a field added but left empty (or null) clears it where Kustomer allows that',
		options: alphabetical([
			...assigneeFields(assignedTeamsField, 'teams'),
			...assigneeFields(assignedUsersField, 'users'),
			{ ...customAttributesField },
			directionField(),
			{
				displayName: 'External ID',
				name: 'externalId',
				type: 'string',
				default: '',
				description: 'Your own unique ID for the conversation; empty clears it',
			},
			{ ...priorityField, description: 'Cannot be cleared' },
			{ ...queueField, description: `The routing queue to move the conversation to. ${queueField.description}` },
			{
				displayName: 'Snooze Until',
				name: 'snoozeUntil',
				type: 'dateTime',
				default: '',
				description:
					"When a snoozed conversation opens again. Setting it snoozes the conversation. A time without a UTC offset is read in the workflow's time zone.",
			},
			{
				displayName: 'Status',
				name: 'status',
				type: 'options',
				// As on Create (issue 20 item 8); a saved workflow keeps the value it stored when the field was added.
				default: 'open',
				options: [
					{ name: 'Open', value: 'open' },
					{ name: 'Snoozed', value: 'snoozed', description: 'Needs Snooze Until' },
					{ name: 'Done', value: 'done' },
				],
			},
			{
				displayName: 'Subject',
				name: 'name',
				type: 'string',
				default: '',
				description: 'The title agents see in Kustomer; empty clears it',
			},
		]),
	},
	simplifyField(),
];

const UPDATE_FIELD_LABELS = fieldLabels(optionsOf(description, 'updateFields'));

/** Fields Kustomer keeps a value for: emptying them is a mistake, not a clear. */
const NOT_CLEARABLE = ['status', 'priority', 'queue', 'direction'];

const enumOf = <T extends string>(values: [T, ...T[]]) =>
	z.enum(values, { errorMap: () => ({ message: `must be one of ${values.map((value) => `"${value}"`).join(', ')}` }) }).optional();

const schema = (timeZone: string) =>
	z.object({
		name: clearableText(256),
		externalId: clearableText(256),
		status: enumOf(['open', 'snoozed', 'done']),
		snoozeUntil: optionalDateTime(timeZone),
		priority: optionalInteger(1, 5),
		direction: enumOf(['in', 'out']),
		queue: objectId.optional(),
		assignedUsers: objectIdList(MAX_ASSIGNED).optional(),
		addAssignedUsers: objectIdList(MAX_ASSIGNED).optional(),
		removeAssignedUsers: objectIdList(MAX_ASSIGNED).optional(),
		assignedTeams: objectIdList(MAX_ASSIGNED).optional(),
		addAssignedTeams: objectIdList(MAX_ASSIGNED).optional(),
		removeAssignedTeams: objectIdList(MAX_ASSIGNED).optional(),
	});

type Parsed = z.infer<ReturnType<typeof schema>>;

/** Adds to or removes from a list of IDs Kustomer holds (assignees have no endpoint of their own). */
interface ListEdit {
	attribute: 'assignedUsers' | 'assignedTeams';
	label: string;
	add: string[];
	remove: string[];
}

interface Input {
	conversation: RecordRef;
	/** The PATCH body, without the list edits. */
	changes: IDataObject;
	edits: ListEdit[];
	/** With Send in Bulk: the conversation's ID, found before the bulk when given by external ID. */
	conversationId?: string;
}

/**
 * Add / Remove Assigned Users or Teams read the conversation and write the list back with its
 * `rev`, one conversation at a time (applyEdits): a bulk record cannot carry that.
 */
function editsInBulk({ edits }: Input): InputProblem | undefined {
	const edit = edits[0];
	if (!edit) return undefined;
	const field = `${edit.add.length ? 'Add' : 'Remove'} ${edit.label}`;
	return new InputProblem(
		field,
		`cannot be sent with Send in Bulk: it reads the conversation and writes the list back with its revision (rev), one conversation at a time. Use ${edit.label} to replace the whole list, or turn Send in Bulk off for this item`,
	);
}

/**
 * Status and Snooze Until together: snoozing needs `status: "snoozed"` and Kustomer's
 * `snooze: {status: "scheduled", time}` (openapi: PATCH /conversations/{id}, `snooze.status` is
 * required); a Snooze Until alone implies Snoozed.
 */
function statusChanges(parsed: Parsed, snoozeUntilRaw: unknown): IDataObject {
	const { status, snoozeUntil } = parsed;
	if (status === 'snoozed' && !snoozeUntil) throw new InputProblem(UPDATE_FIELD_LABELS.snoozeUntil, 'is required when Status is Snoozed');
	if (!snoozeUntil) return status ? { status } : {};
	if (status && status !== 'snoozed') {
		throw new InputProblem(UPDATE_FIELD_LABELS.snoozeUntil, `only applies when Status is Snoozed (Status is "${status}"); remove one of them`);
	}
	if (Date.parse(snoozeUntil) <= Date.now()) throw new InputProblem(UPDATE_FIELD_LABELS.snoozeUntil, 'must be in the future', snoozeUntilRaw);
	return { status: 'snoozed', snooze: { status: 'scheduled', time: snoozeUntil } };
}

function assigneeChanges(parsed: Parsed, changes: IDataObject): ListEdit[] {
	const edits: ListEdit[] = [];
	for (const attribute of ['assignedUsers', 'assignedTeams'] as const) {
		const label = UPDATE_FIELD_LABELS[attribute];
		const suffix = `${attribute[0].toUpperCase()}${attribute.slice(1)}` as 'AssignedUsers' | 'AssignedTeams';
		const add = parsed[`add${suffix}`] ?? [];
		const remove = parsed[`remove${suffix}`] ?? [];
		const replace = parsed[attribute];
		if (replace && (add.length || remove.length)) {
			throw new InputProblem(label, `replaces the whole list, so it cannot be combined with Add ${label} or Remove ${label}`);
		}
		if (replace) changes[attribute] = replace;
		else if (add.length || remove.length) edits.push({ attribute, label, add, remove });
	}
	return edits;
}

/** The PATCH body and list edits of Update Fields; `custom` is the item's custom attributes, read already. */
function readChanges(fields: IDataObject, timeZone: string, custom: IDataObject | undefined): { changes: IDataObject; edits: ListEdit[] } {
	// Custom attributes come in `custom`, read with the typed mapper.
	const rest = { ...fields };
	delete rest.customAttributes;
	for (const key of NOT_CLEARABLE) {
		if (key in rest && isBlank(rest[key])) {
			throw new InputProblem(UPDATE_FIELD_LABELS[key], 'cannot be emptied (Kustomer always keeps one); remove it from Update Fields to leave it as it is');
		}
	}
	if ('snoozeUntil' in rest && isBlank(rest.snoozeUntil)) {
		throw new InputProblem(UPDATE_FIELD_LABELS.snoozeUntil, 'is empty: give the time the conversation opens again, or remove the field (Status Open wakes a snoozed conversation)');
	}
	const parsed = parseInput(schema(timeZone), rest, UPDATE_FIELD_LABELS);
	const changes: IDataObject = { ...statusChanges(parsed, rest.snoozeUntil) };
	for (const key of ['name', 'externalId', 'priority', 'direction'] as const) {
		if (parsed[key] !== undefined) changes[key] = parsed[key];
	}
	// Kustomer takes the queue as an object, never as queueId.
	if (parsed.queue) changes.queue = { id: parsed.queue };
	const edits = assigneeChanges(parsed, changes);
	if (custom) changes.custom = custom;
	// Also when only an empty Custom Attributes by Name was added: Kustomer's schema refuses an
	// empty change (`{}` matches both branches of its oneOf), and in a bulk it would fail them all.
	if (Object.keys(changes).length === 0 && edits.length === 0) {
		throw new InputProblem(labelOf(description, 'updateFields'), 'are empty: add the fields to change, such as Status, Priority or Assigned Teams');
	}
	return { changes, edits };
}

async function patchConversation(client: KustomerClient, id: string, body: IDataObject, itemIndex: number): Promise<JsonApiResource> {
	return await writeRecord(client, { method: 'PATCH', path: `/v1/conversations/${id}`, body, itemIndex, roles: ROLES.conversationUpdate, notFoundMessage: `No Kustomer conversation with ID ${id}` });
}

/** The list after an edit, or undefined when it does not change. */
function editedList(current: unknown, edit: ListEdit): string[] | undefined {
	const before = Array.isArray(current) ? current.map(String) : [];
	const removed = new Set(edit.remove.map((id) => id.toLowerCase()));
	const after = [...new Set([...before, ...edit.add])].filter((id) => !removed.has(id.toLowerCase()));
	return after.length === before.length && after.every((id, index) => id === before[index]) ? undefined : after;
}

/**
 * Assignee additions and removals: read the conversation, write the new lists with the `rev`
 * read, so a change landing in between is a 409 (Kustomer's optimistic locking) and the edit
 * is read and applied again rather than overwriting it.
 */
async function applyEdits(client: KustomerClient, input: Input, id: string, itemIndex: number, read?: JsonApiResource): Promise<JsonApiResource> {
	for (let attempt = 1; ; attempt++) {
		const current = attempt === 1 && read ? read : await fetchRecord(client, CONVERSATION, { by: 'id', id }, itemIndex);
		const body: IDataObject = { ...input.changes };
		for (const edit of input.edits) {
			const list = editedList(current.attributes?.[edit.attribute], edit);
			if (list && list.length > MAX_ASSIGNED) {
				throw new NodeOperationError(client.node, `${edit.label} would hold ${list.length}; Kustomer allows ${MAX_ASSIGNED} [item ${itemIndex}]`, {
					itemIndex,
					description: `Conversation ${id} already has ${String(current.attributes?.[edit.attribute])}. Remove some first, or replace the list with ${edit.label}.`,
				});
			}
			if (list) body[edit.attribute] = list;
		}
		if (Object.keys(body).length === 0) return current;
		if (typeof current.attributes?.rev === 'number') body.rev = current.attributes.rev;
		try {
			return await patchConversation(client, id, body, itemIndex);
		} catch (error) {
			if (isConflict(error) && attempt < MAX_ATTEMPTS) continue;
			throw explainConflict(
				error,
				`The conversation changed while its assignees were being edited, ${MAX_ATTEMPTS} times in a row (Kustomer's revision check, rev). Nothing was written for this item; run it again.`,
			);
		}
	}
}

export const updateConversation = defineOperation<Input>({
	option: {
		name: 'Update',
		value: 'update',
		action: 'Update a conversation',
		description: 'Change a conversation: close, snooze or reopen it, re-prioritise, move queue, (re)assign, set custom attributes',
	},
	roles: ROLES.conversationUpdate,
	// Only the given fields are sent; sending them twice leaves the conversation the same.
	effect: 'write',
	idempotent: true,
	docs: {
		moreRoles: '+ `conversation.read` to find the conversation by external ID, and for Add / Remove Assigned Users or Teams',
		runTwice: 'Only the given fields are sent, so the second run sets the same values. Add / Remove Assigned Users or Teams add or remove once.',
	},
	description,
	prepare(itemIndex) {
		const conversation = conversationField.read(this, itemIndex);
		const fields = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
		const custom = readCustomAttributes(this, itemIndex, attributeRows(fields.customAttributes));
		return { conversation, ...readChanges(fields, this.getTimezone(), custom) };
	},
	async execute(client, input, itemIndex) {
		const read = input.conversation.by === 'id' ? undefined : await fetchRecord(client, CONVERSATION, input.conversation, itemIndex);
		const id = read?.id ?? (input.conversation as { id: string }).id;
		if (input.edits.length) return [await applyEdits(client, input, id, itemIndex, read)];
		try {
			return [await patchConversation(client, id, input.changes, itemIndex)];
		} catch (error) {
			throw explainConflict(
				error,
				'Kustomer refused the change because the conversation changed at the same moment (a conflict on its revision, rev). Nothing was written for this item. Run it again: the update sends only the fields you set, so repeating it is safe.',
			);
		}
	},
	bulk: {
		method: 'PUT',
		path: '/v1/conversations/bulk',
		item: ({ conversation, conversationId, changes }) => ({ id: conversationId ?? (conversation as { id: string }).id, ...changes }),
		refuse: editsInBulk,
	},
	/** With Send in Bulk: conversations given by external ID are looked up, each once, before the bulks go. */
	async batch(client, items, { sendInBulk }) {
		if (!sendInBulk) return {};
		const failures: ItemFailures = new Map();
		return { inputs: inputsOf(await withConversationIds(client, items, failures)), failures };
	},
});

import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import type { FileInput } from '../../shared/attachments';
import { attachmentsField, readFiles } from '../../shared/attachments';
import { assignedTeamsField, assignedUsersField, bodyField, externalIdField, fieldLabels, simplifyField } from '../../shared/fields';
import type { RecordRef } from '../../shared/locators';
import { InputProblem, objectIdList, optionalText, parseInput, requiredText } from '../../shared/validation';
import { ROLES } from '../../shared/roles';
import { relatedId } from '../../shared/simplify';
import type { JsonApiResource, KustomerClient } from '../../transport';
import { doneWith, inputsOf, resolveOnce } from '../batch';
import type { ExternalIdSource } from '../externalIds';
import { countOf } from '../externalIds';
import { fetchRecord, resolveId, withConversationIds } from '../lookups';
import { conversationTimeline } from '../timeline';
import type { ItemFailures, PreparedItem } from '../types';
import { createWithFiles, timelineBulk } from '../withFiles';
import { defineOperation, RERUN_CREATE_BY_EXTERNAL_ID } from '../types';
import { conversationLocator, CONVERSATION } from '../conversation/record';

/** Users and teams one note may mention, together (as Kustomer's note schema allows). */
export const MAX_MENTIONS = 20;

const conversationField = conversationLocator('The conversation the internal note is added to');

const description: INodeProperties[] = [
	conversationField.property,
	bodyField('The note text, visible to agents only (at most 10,240 characters)'),
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			attachmentsField,
			externalIdField('Your own unique ID for the note'),
			{
				...assignedUsersField,
				displayName: 'Mention User Names or IDs',
				name: 'userMentions',
				description: `Users to notify. ${assignedUsersField.description}`,
			},
			{
				...assignedTeamsField,
				displayName: 'Mention Team Names or IDs',
				name: 'teamMentions',
				description: `Teams to notify. ${assignedTeamsField.description}`,
			},
		],
	},
	simplifyField(),
];

const schema = z.object({
	body: requiredText(10_240),
	externalId: optionalText(256),
	userMentions: objectIdList(MAX_MENTIONS),
	teamMentions: objectIdList(MAX_MENTIONS),
});

const FIELD_LABELS = fieldLabels(description);

/** A note's `userMentions` as Kustomer takes them, users then teams (at most 20 together); one list, as Create and Update send it. */
export function noteMentions(users: string[], teams: string[]): IDataObject[] {
	const mentions = [...users.map((user) => ({ user })), ...teams.map((team) => ({ team }))];
	if (mentions.length > MAX_MENTIONS) {
		throw new InputProblem('Mentions', `accept at most ${MAX_MENTIONS} users and teams together`);
	}
	return mentions;
}

/**
 * A note's body as Kustomer's schema takes it (body, userMentions of users and teams, externalId),
 * checked. `labels` rename fields in errors.
 */
export function readNoteBody(values: Record<string, unknown>, labels: Record<string, string> = {}): IDataObject {
	const parsed = parseInput(schema, values, { ...FIELD_LABELS, ...labels });
	const mentions = noteMentions(parsed.userMentions, parsed.teamMentions);
	const body: IDataObject = { body: parsed.body as string };
	if (mentions.length) body.userMentions = mentions;
	if (parsed.externalId) body.externalId = parsed.externalId as string;
	return body;
}

interface Input {
	conversation: RecordRef;
	body: IDataObject;
	/** The conversation's ID: given, or found by the batch step. */
	conversationId?: string;
	files: FileInput[];
}

/**
 * A conversation's notes by External ID. Kustomer has no lookup of notes by external ID, and its
 * search (note_external_id) reads an index that may lag a write, so the conversation's own notes
 * are read (GET /v1/conversations/{id}/notes, 100 a request), as Escalate finds its note.
 */
export async function notesByExternalId(client: KustomerClient, conversationId: string, itemIndex: number): Promise<Map<string, JsonApiResource>> {
	const { records } = await conversationTimeline(client, { by: 'id', id: conversationId }, 'notes', itemIndex);
	const byExternalId = new Map<string, JsonApiResource>();
	for (const note of records) {
		const externalId = note.attributes?.externalId;
		if (typeof externalId === 'string' && !byExternalId.has(externalId)) byExternalId.set(externalId, note);
	}
	return byExternalId;
}

/** Notes as createOnce looks for one a failed create may have made: on its conversation, by External ID. */
export function noteSource(client: KustomerClient, conversationId: string): ExternalIdSource {
	return {
		search: { queryContext: 'note', attribute: 'note_external_id', valueOf: ({ externalId }) => externalId },
		lookup: async (externalId, itemIndex) => (await notesByExternalId(client, conversationId, itemIndex)).get(externalId),
		scopeOf: (record) => relatedId(record, 'conversation'),
		// OpenAPI GET /conversations/{id}: noteCount.
		countIn: async (id, itemIndex) => countOf((await fetchRecord(client, CONVERSATION, { by: 'id', id }, itemIndex)).attributes, 'noteCount'),
		noun: 'note',
		scopeNoun: 'conversation',
	};
}

/** For the batch step: each conversation's notes read once, for its items with an External ID. */
async function findEarlierNotes(client: KustomerClient, items: ReadonlyArray<PreparedItem<Input>>, failures: ItemFailures): Promise<Map<number, JsonApiResource>> {
	const wanted = items.filter(({ input, itemIndex }) => input.body.externalId && input.conversationId && !failures.has(itemIndex));
	const found = await resolveOnce(client, wanted, (input) => input.conversationId, async (input, itemIndex) => await notesByExternalId(client, input.conversationId as string, itemIndex), failures);
	const earlier = new Map<number, JsonApiResource>();
	for (const { input, itemIndex } of wanted) {
		const note = found.get(input.conversationId as string)?.get(input.body.externalId as string);
		if (note) earlier.set(itemIndex, note);
	}
	return earlier;
}

export const createNote = defineOperation<Input>({
	option: {
		name: 'Create',
		value: 'create',
		action: 'Add an internal note to a conversation',
		description: 'Add an internal note to a conversation, mentioning users and teams',
	},
	roles: ROLES.noteCreate,
	effect: 'write',
	rerun: RERUN_CREATE_BY_EXTERNAL_ID,
	idempotent: false,
	docs: {
		moreRoles: '+ `conversation.read` to find the conversation by external ID; + `note.read` with an External ID',
		runTwice: "With an External ID, the conversation's notes are read (once per conversation per run) and an earlier run's note with it is returned; without one, a second note.",
	},
	description,
	async prepare(itemIndex) {
		const { attachments, ...additional } = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
		const body = readNoteBody({ ...additional, body: this.getNodeParameter('body', itemIndex, '') });
		const conversation = conversationField.read(this, itemIndex);
		return {
			conversation,
			body,
			conversationId: conversation.by === 'id' ? conversation.id : undefined,
			files: await readFiles(this, itemIndex, attachments),
		};
	},
	/** Finds each conversation given by External ID once, then which External IDs already have their note. */
	async batch(client, items) {
		const failures: ItemFailures = new Map();
		const resolved = await withConversationIds(client, items, failures);
		return { inputs: inputsOf(resolved), failures, done: doneWith(await findEarlierNotes(client, resolved, failures)) };
	},
	// Items with the same External ID on the same conversation are one note.
	idempotencyKey: (input) => (input.body.externalId ? JSON.stringify([input.conversationId ?? input.conversation, input.body.externalId]) : undefined),
	async execute(client, input, itemIndex) {
		const externalId = input.body.externalId as string | undefined;
		const conversationId = input.conversationId ?? (await resolveId(client, CONVERSATION, input.conversation, itemIndex));
		const once = externalId ? { source: noteSource(client, conversationId), externalId } : undefined;
		return [await createWithFiles(this, client, { ...input, conversationId }, 'notes', itemIndex, once)];
	},
	bulk: timelineBulk('notes'),
});

import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import type { FileInput } from '../../shared/attachments';
import { attachmentsField, readFiles } from '../../shared/attachments';
import {
	assignedTeamsField,
	assignedUsersField,
	bodyField,
	conversationLocator,
	externalIdField,
	showFor,
	simplifyField,
} from '../../shared/fields';
import type { RecordRef } from '../../shared/locators';
import { parseConversationRef } from '../../shared/locators';
import { InputProblem, objectIdList, optionalText, parseInput, requiredText } from '../../shared/validation';
import { ROLES } from '../../shared/roles';
import { resolveConversations } from '../lookups';
import { createWithFiles, timelineBulk } from '../withFiles';
import { defineOperation } from '../types';

const show = showFor('note', 'create');
const MODES = ['list', 'id', 'url', 'externalId'] as const;
const MAX_MENTIONS = 20;

const description: INodeProperties[] = [
	conversationLocator([...MODES], show, 'The conversation the internal note is added to'),
	bodyField('The note text, visible to agents only (at most 10,240 characters)', show),
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: show,
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
	simplifyField(show),
];

const schema = z.object({
	body: requiredText(10_240),
	externalId: optionalText(256),
	userMentions: objectIdList(MAX_MENTIONS),
	teamMentions: objectIdList(MAX_MENTIONS),
});

const LABELS = {
	body: 'Body',
	externalId: 'External ID',
	userMentions: 'Mention Users',
	teamMentions: 'Mention Teams',
};

/**
 * A note's body as Kustomer's schema takes it (body, userMentions of users and teams, externalId),
 * checked. `labels` rename fields in errors.
 */
export function readNoteBody(values: Record<string, unknown>, labels: Partial<typeof LABELS> = {}): IDataObject {
	const parsed = parseInput(schema, values, { ...LABELS, ...labels });
	const mentions = [...parsed.userMentions.map((user) => ({ user })), ...parsed.teamMentions.map((team) => ({ team }))];
	if (mentions.length > MAX_MENTIONS) {
		throw new InputProblem('Mentions', `accept at most ${MAX_MENTIONS} users and teams together`);
	}
	const body: IDataObject = { body: parsed.body as string };
	if (mentions.length) body.userMentions = mentions;
	if (parsed.externalId) body.externalId = parsed.externalId as string;
	return body;
}

interface Input {
	conversation: RecordRef;
	body: IDataObject;
	/** The conversation's ID: given, or found by `beforeItems`. */
	conversationId?: string;
	files: FileInput[];
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
	rerun: 'Running again creates the done items again unless they carry an External ID (then it finds them).',
	repeatable: false,
	description,
	async prepare(itemIndex) {
		const { attachments, ...additional } = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
		const body = readNoteBody({ ...additional, body: this.getNodeParameter('body', itemIndex, '') });
		const conversation = parseConversationRef(this.getNodeParameter('conversation', itemIndex), MODES);
		return {
			conversation,
			body,
			conversationId: conversation.by === 'id' ? conversation.id : undefined,
			files: await readFiles(this, itemIndex, attachments),
		};
	},
	/** Finds each conversation given by External ID once, for all the items on it. */
	beforeItems: resolveConversations,
	async execute(client, input, itemIndex) {
		return [await createWithFiles(this, client, input, 'notes', itemIndex)];
	},
	bulk: timelineBulk('notes'),
});

import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import { assignedTeamsField, assignedUsersField, fieldCollection, fieldLabels, labelOf, simplifyField } from '../../shared/fields';
import { ROLES } from '../../shared/roles';
import { clearableText, objectIdList, optionalText, parseInput } from '../../shared/validation';
import type { TimelineUpdate } from '../timelineEdit';
import { readTimelineId, requireChanges, timelineIdField, timelineUpdateWork } from '../timelineEdit';
import { defineOperation } from '../types';
import { MAX_MENTIONS, noteMentions } from './create';

const noteIdField = timelineIdField('notes', "The note to change: its ID, as a conversation's Get Many Notes outputs it");

const updateFields = fieldCollection('updateFields', 'Update Fields', [
	{ displayName: 'Body', name: 'body', type: 'string', typeOptions: { rows: 4 }, default: '', description: 'The note text, visible to agents only (at most 10,240 characters)' },
	{ displayName: 'External ID', name: 'externalId', type: 'string', default: '', description: 'Your own unique ID for the note; added but left empty, it is cleared' },
	{
		...assignedUsersField,
		displayName: 'Mention User Names or IDs',
		name: 'userMentions',
		description: `Users to notify; with Mention Teams, replaces the note's mentions. ${assignedUsersField.description}`,
	},
	{
		...assignedTeamsField,
		displayName: 'Mention Team Names or IDs',
		name: 'teamMentions',
		description: `Teams to notify; with Mention Users, replaces the note's mentions. ${assignedTeamsField.description}`,
	},
]);

const description: INodeProperties[] = [noteIdField, updateFields, simplifyField()];

const schema = z
	.object({
		body: optionalText(10_240),
		externalId: clearableText(256),
		userMentions: objectIdList(MAX_MENTIONS).optional(),
		teamMentions: objectIdList(MAX_MENTIONS).optional(),
	})
	.strict();

const LABELS = fieldLabels(description);

/**
 * The update's fields as PATCH /notes/{id} takes them (OpenAPI: body of 1 to 10,240 characters,
 * userMentions of `{ user }` and `{ team }`), checked. Mentions replace the note's list, so
 * either mention field sends the whole list.
 */
function readUpdate(fields: IDataObject): IDataObject {
	const parsed = parseInput(schema, fields, LABELS);
	const body: IDataObject = {};
	if (parsed.body !== undefined) body.body = parsed.body;
	if (parsed.externalId !== undefined) body.externalId = parsed.externalId;
	// An added mention field, even left empty, sends the list (empty clears the mentions).
	if ('userMentions' in fields || 'teamMentions' in fields) {
		body.userMentions = noteMentions(parsed.userMentions ?? [], parsed.teamMentions ?? []);
	}
	requireChanges(body, labelOf(description, 'updateFields'), 'Body or Mention Users');
	return body;
}

export const updateNote = defineOperation<TimelineUpdate>({
	option: {
		name: 'Update',
		value: 'update',
		action: 'Update a note',
		description: "Correct an internal note's text, mentions or external ID",
	},
	roles: ROLES.noteUpdate,
	// Only the given fields are sent: a second run sets the same values.
	effect: 'write',
	idempotent: true,
	docs: { runTwice: 'Only the given fields are sent, so the second run sets the same values (mentions notify again only if Kustomer notifies on an update).' },
	description,
	prepare(itemIndex) {
		return { id: readTimelineId(this, itemIndex, noteIdField), body: readUpdate(this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject) };
	},
	...timelineUpdateWork('notes', ROLES.noteUpdate),
});

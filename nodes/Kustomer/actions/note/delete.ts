import type { INodeProperties } from 'n8n-workflow';

import { ROLES } from '../../shared/roles';
import { deleteRecord } from '../deleteRecord';
import { readTimelineId, timelineIdField } from '../timelineEdit';
import { defineOperation } from '../types';

const noteIdField = timelineIdField('notes', "The note to delete: its ID, as a conversation's Get Many Notes outputs it");

const description: INodeProperties[] = [
	{
		displayName: 'Deleting a note cannot be undone',
		name: 'deleteNotice',
		type: 'notice',
		default: '',
	},
	noteIdField,
];

interface Input {
	id: string;
}

export const deleteNote = defineOperation<Input>({
	option: {
		name: 'Delete',
		value: 'delete',
		action: 'Delete a note permanently',
		description: 'Delete an internal note permanently',
	},
	// OpenAPI DELETE /notes/{id}: 204 No Content.
	roles: ROLES.noteDelete,
	// A second run finds nothing to delete (404) and says alreadyDeleted; nothing else changes.
	effect: 'delete',
	idempotent: true,
	docs: {
		moreRoles: "+ a search role (as for Customer → Get Many) to tell a note deleted before from a wrong ID when Kustomer answers 404",
		runTwice: "The second run outputs `{ id, deleted: true, alreadyDeleted: true }` once Kustomer's search (deleted records included) shows the note existed; a wrong ID, or one the key cannot see, fails naming it.",
	},
	description,
	prepare(itemIndex) {
		return { id: readTimelineId(this, itemIndex, noteIdField) };
	},
	async execute(client, { id }, itemIndex) {
		return await deleteRecord(client, { path: `/v1/notes/${id}`, itemIndex, roles: ROLES.noteDelete, noun: 'note', queryContext: 'note' }, { id });
	},
});

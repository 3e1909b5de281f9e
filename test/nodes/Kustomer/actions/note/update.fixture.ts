import { BAD } from '../../../../helpers/badInputs';
import { eachAndAll, inBulk, teams, users } from '../../../../helpers/bodyCases';
import { noteResource, objectId, TEAM_ID, USER_ID } from '../../../../helpers/kustomer';
import { BY_VALUE } from '../../../../helpers/operationFixture';
import type { OperationFixture } from '../../../../helpers/operationFixture';

export const NOTE_ID = objectId(0xbb);

/** Every update field, each alone and all together; the most mentions; everything cleared. */
const FIELDS = { body: 'Refund approved (corrected)', externalId: 'note-1', userMentions: [USER_ID], teamMentions: [TEAM_ID] };
const UPDATES = eachAndAll({ noteId: NOTE_ID }, FIELDS, 'updateFields').concat([
	{ noteId: NOTE_ID, updateFields: { userMentions: users(10), teamMentions: teams(10) } },
	{ noteId: NOTE_ID, updateFields: { body: 'z'.repeat(10_240), externalId: '', userMentions: [] } },
]);

export const fixture: OperationFixture = {
	parameters: { resource: 'note', operation: 'update', noteId: BY_VALUE, updateFields: { body: 'Corrected' } },
	good: NOTE_ID,
	bad: 'not-an-id',
	method: 'PATCH',
	path: `/v1/notes/${NOTE_ID}`,
	success: { status: 200, body: { data: noteResource(NOTE_ID, { body: 'Corrected' }) } },
	notFound: `No Kustomer note with ID ${NOTE_ID}`,
	badInputs: [
		{ field: 'Note ID', parameters: { noteId: BY_VALUE, updateFields: { body: 'Hi' } }, good: NOTE_ID, bad: BAD.id },
		{ field: 'Body', parameters: { noteId: NOTE_ID, updateFields: { body: BY_VALUE } }, good: 'Fixed', bad: ['x'.repeat(10_241), ['hi'], { text: 'hi' }, true] },
		{ field: 'External ID', parameters: { noteId: NOTE_ID, updateFields: { externalId: BY_VALUE } }, good: 'note-2', bad: ['x'.repeat(257), ['n'], { id: 'n' }, true] },
		{ field: 'Mention Users', parameters: { noteId: NOTE_ID, updateFields: { userMentions: BY_VALUE } }, good: [USER_ID], bad: BAD.idList.slice(0, 4) },
		{ field: 'Mentions', parameters: { noteId: NOTE_ID, updateFields: { userMentions: BY_VALUE, teamMentions: teams(10) } }, good: users(10), bad: [users(11)] },
	],
	bodies: {
		'each field alone and all together, the most mentions, and cleared': UPDATES,
		'Send in Bulk': inBulk(UPDATES),
	},
};

import { BAD, byLocator } from '../../../../helpers/badInputs';
import { teams, users, variants } from '../../../../helpers/bodyCases';
import { CONVERSATION_ID, noteResource, TEAM_ID, USER_ID } from '../../../../helpers/kustomer';
import { BY_VALUE } from '../../../../helpers/operationFixture';
import type { OperationFixture } from '../../../../helpers/operationFixture';
import { locator } from '../../../../helpers/workflows';

const noteBase = { conversation: locator('id', CONVERSATION_ID), body: 'Internal' };

export const fixture: OperationFixture = {
	parameters: { resource: 'note', operation: 'create', conversation: locator('id', BY_VALUE), body: 'VIP customer' },
	good: CONVERSATION_ID,
	bad: 'not-an-id',
	method: 'POST',
	path: `/v1/conversations/${CONVERSATION_ID}/notes`,
	success: { status: 201, body: { data: noteResource('0000000000000000000000bb') } },
	notFound: `No Kustomer conversation with ID ${CONVERSATION_ID}`,
	badInputs: [
		...byLocator('conversation', ['id'], { body: 'Internal' }),
		{ field: 'Body', parameters: { ...noteBase, body: BY_VALUE }, good: 'Refund approved ✅', bad: BAD.body },
		{ field: 'Mention Users', parameters: { ...noteBase, additionalFields: { userMentions: BY_VALUE } }, good: [USER_ID], bad: BAD.idList.slice(0, 4) },
		{ field: 'Attachments', parameters: { ...noteBase, additionalFields: { attachments: BY_VALUE } }, good: '', bad: ['data', 'data, photo', ['missing']] },
	],
	bodies: {
		'each option alone and all together; the most mentions': variants({ conversation: locator('id', CONVERSATION_ID), body: 'Refund approved' }, { externalId: 'note-1', userMentions: users(20) }).concat([
			{ conversation: locator('id', CONVERSATION_ID), body: 'z'.repeat(10_240), additionalFields: { userMentions: users(10), teamMentions: [TEAM_ID, ...teams(9)] } },
			{ conversation: locator('id', CONVERSATION_ID), body: 'Hi', additionalFields: { userMentions: [USER_ID] } },
		]),
		'with attachments': [{ conversation: locator('id', CONVERSATION_ID), body: 'Receipt attached', additionalFields: { attachments: 'invoice', userMentions: [USER_ID] } }],
	},
};

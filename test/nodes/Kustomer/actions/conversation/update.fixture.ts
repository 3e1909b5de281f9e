import type { INodeParameters } from 'n8n-workflow';

import { BAD, byLocator, SOME_ID } from '../../../../helpers/badInputs';
import { CONVERSATION_ATTRIBUTES, CUSTOM_ATTRIBUTES, eachAndAll, inBulk, teams, users } from '../../../../helpers/bodyCases';
import { CONVERSATION_ID, conversationResource, QUEUE_ID, TEAM_ID, USER_ID } from '../../../../helpers/kustomer';
import { BY_VALUE } from '../../../../helpers/operationFixture';
import type { OperationFixture } from '../../../../helpers/operationFixture';
import { attributeMapper, locator } from '../../../../helpers/workflows';

const convUpdate = (updateFields: INodeParameters) => ({ conversation: locator('id', CONVERSATION_ID), updateFields });

/** Each update field alone and all together, snoozes, and fields cleared. */
const UPDATES = eachAndAll(
	{ conversation: locator('id', CONVERSATION_ID) },
	{
		name: '🚀'.repeat(256),
		externalId: 'zendesk/1042?x#y%',
		status: 'done',
		priority: 1,
		direction: 'out',
		queue: QUEUE_ID,
		assignedUsers: users(10),
		assignedTeams: teams(10),
		customAttributes: CUSTOM_ATTRIBUTES,
	},
	'updateFields',
).concat([
	{ conversation: locator('id', CONVERSATION_ID), updateFields: { status: 'snoozed', snoozeUntil: '2099-01-01T09:00:00' } },
	{ conversation: locator('id', CONVERSATION_ID), updateFields: { snoozeUntil: '2099-01-01T09:00:00+05:30' } },
	{ conversation: locator('id', CONVERSATION_ID), updateFields: { name: '', externalId: '', assignedUsers: [], customAttributes: { attribute: [{ name: 'orderNumberStr', value: '' }] } } },
]);

/** Add / Remove assignees: a read, then the lists written back with `rev` (never in a bulk). */
const LIST_EDITS: INodeParameters = {
	conversation: locator('id', CONVERSATION_ID),
	updateFields: { addAssignedUsers: [USER_ID], removeAssignedUsers: [users(1)[0]], addAssignedTeams: teams(2), removeAssignedTeams: [TEAM_ID], priority: 5 },
};

export const fixture: OperationFixture = {
	parameters: { resource: 'conversation', operation: 'update', conversation: locator('id', BY_VALUE), updateFields: { priority: 4 } },
	good: CONVERSATION_ID,
	bad: 'not-an-id',
	method: 'PATCH',
	path: `/v1/conversations/${CONVERSATION_ID}`,
	success: { status: 200, body: { data: conversationResource(CONVERSATION_ID, { priority: 4 }) } },
	notFound: `No Kustomer conversation with ID ${CONVERSATION_ID}`,
	badInputs: [
		...byLocator('conversation', ['id', 'externalId'], { updateFields: { priority: 4 } }),
		{ field: 'Priority', parameters: convUpdate({ priority: BY_VALUE }), good: 4, bad: [...BAD.priority, '', null] },
		{ field: 'Status', parameters: convUpdate({ status: BY_VALUE }), good: 'done', bad: ['closed', 'pending', 'Done', ['open'], { s: 'open' }, true, 5, ''] },
		{ field: 'Snooze Until', parameters: convUpdate({ status: 'snoozed', snoozeUntil: BY_VALUE }), good: '2099-01-01T09:00', bad: [...BAD.date, '2001-01-01T09:00:00Z', ''] },
		{ field: 'Subject', parameters: convUpdate({ name: BY_VALUE }), good: '🚀'.repeat(256), bad: BAD.text256 },
		{ field: 'Queue', parameters: convUpdate({ queue: BY_VALUE }), good: QUEUE_ID, bad: [...BAD.optionalId, ''] },
		{ field: 'Assigned Users', parameters: convUpdate({ assignedUsers: BY_VALUE }), good: [USER_ID], bad: BAD.idList },
		{ field: 'Add Assigned Teams', parameters: convUpdate({ addAssignedTeams: BY_VALUE }), good: [SOME_ID], bad: BAD.idList },
		{ field: 'Direction', parameters: convUpdate({ direction: BY_VALUE }), good: 'out', bad: ['inbound', 'OUT', ['out'], { d: 'out' }, 1, ''] },
		{ field: 'External ID', parameters: convUpdate({ externalId: BY_VALUE }), good: 'x/y?z#%', bad: BAD.text256 },
		{ field: 'Custom attribute "Contact Reason (reasonTree)"', parameters: { conversation: locator('id', CONVERSATION_ID), customAttributesMapper: attributeMapper('conversation', { reasonTree: BY_VALUE }) }, good: 'shipping.lost', bad: ['weather', ['billing'], { r: 1 }] },
	],
	bodies: {
		'each option alone and all together, and the assignees added and removed': [...UPDATES, LIST_EDITS],
		'every custom attribute of the metadata fixture through the typed mapper': [{ conversation: locator('id', CONVERSATION_ID), customAttributesMapper: CONVERSATION_ATTRIBUTES }],
		'Send in Bulk (PUT /v1/conversations/bulk, queue inside the record)': inBulk([
			...UPDATES,
			{ conversation: locator('externalId', 'zendesk-1042'), updateFields: { queue: QUEUE_ID, status: 'open' } },
			{ conversation: locator('id', CONVERSATION_ID), customAttributesMapper: CONVERSATION_ATTRIBUTES },
		]),
	},
};

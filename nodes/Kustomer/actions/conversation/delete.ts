import type { INodeProperties } from 'n8n-workflow';

import type { RecordRef } from '../../shared/locators';
import { ROLES } from '../../shared/roles';
import { resolveId } from '../lookups';
import { deleteRecord } from '../deleteRecord';
import { defineOperation } from '../types';
import { conversationLocator, CONVERSATION } from './record';

const conversationField = conversationLocator('The conversation to delete: pick one, or give its ID, app link or external ID');

const description: INodeProperties[] = [
	{
		displayName: 'Deleting a conversation cannot be undone',
		name: 'deleteNotice',
		type: 'notice',
		default: '',
	},
	conversationField.property,
];

interface Input {
	conversation: RecordRef;
}

export const deleteConversation = defineOperation<Input>({
	option: {
		name: 'Delete',
		value: 'delete',
		action: 'Delete a conversation permanently',
		description: 'Delete a conversation permanently',
	},
	roles: ROLES.conversationDelete,
	// A second run finds nothing to delete (404) and says alreadyDeleted; nothing else changes.
	effect: 'delete',
	idempotent: true,
	docs: {
		moreRoles: '+ `conversation.read` to find the conversation by external ID; + a search role (as for Customer → Get Many) to tell a conversation deleted before from a wrong ID when Kustomer answers 404',
		runTwice: "The second run outputs `{ id, deleted: true, alreadyDeleted: true }` once Kustomer's search (deleted records included) shows the conversation existed; a wrong ID, or one the key cannot see, fails naming it. By external ID the second run's lookup finds nothing and the item fails naming the value.",
	},
	description,
	prepare(itemIndex) {
		return { conversation: conversationField.read(this, itemIndex) };
	},
	async execute(client, input, itemIndex) {
		const id = await resolveId(client, CONVERSATION, input.conversation, itemIndex);
		return await deleteRecord(
			client,
			{ path: `/v1/conversations/${id}`, itemIndex, roles: ROLES.conversationDelete, noun: 'conversation', queryContext: 'conversation' },
			{ id },
		);
	},
});

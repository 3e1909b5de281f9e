import { ROLES } from '../../shared/roles';
import { defineOperation } from '../types';
import type { TagChange } from './tagChange';
import { readTagChange, sendTagChange, tagChangeFields } from './tagChange';

export const addConversationTags = defineOperation<TagChange>({
	option: {
		name: 'Add Tags',
		value: 'addTags',
		action: 'Add tags to a conversation',
		description: 'Add tags to a conversation by name, keeping its other tags',
	},
	roles: ROLES.conversationUpdate,
	// Adding a tag the conversation has changes nothing.
	effect: 'write',
	idempotent: true,
	docs: {
		moreRoles: '+ `conversation.read` to find the conversation by external ID',
		runTwice: 'Adding a tag the conversation has changes nothing.',
	},
	description: tagChangeFields(
		'Tags to add, by name (up to 20). Kustomer creates a tag it does not know yet, so check the spelling of typed names.',
	),
	prepare(itemIndex) {
		return readTagChange(this.getNodeParameter('conversation', itemIndex), this.getNodeParameter('tags', itemIndex, []));
	},
	async execute(client, input, itemIndex) {
		return await sendTagChange(client, 'POST', input, ROLES.conversationUpdate, itemIndex);
	},
});

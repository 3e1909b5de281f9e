import { ROLES } from '../../shared/roles';
import { defineOperation } from '../types';
import type { TagChange } from './tagChange';
import { readTagChange, sendTagChange, tagChangeFields } from './tagChange';

export const removeConversationTags = defineOperation<TagChange>({
	option: {
		name: 'Remove Tags',
		value: 'removeTags',
		action: 'Remove tags from a conversation',
		description: 'Remove tags from a conversation by name, keeping its other tags',
	},
	// Kustomer asks for the conversation delete role here, not update.
	roles: ROLES.conversationTagRemove,
	// Removing a tag the conversation does not have changes nothing.
	effect: 'write',
	idempotent: true,
	docs: {
		moreRoles: 'Kustomer asks for the delete role to remove tags: `update` is not enough. + `conversation.read` to find the conversation by external ID',
		runTwice: 'Removing a tag the conversation lacks changes nothing.',
	},
	description: tagChangeFields('Tags to remove, by name (up to 20). A tag the conversation does not have is ignored.'),
	prepare(itemIndex) {
		return readTagChange(this.getNodeParameter('conversation', itemIndex), this.getNodeParameter('tags', itemIndex, []));
	},
	async execute(client, input, itemIndex) {
		return await sendTagChange(client, 'DELETE', input, ROLES.conversationTagRemove, itemIndex);
	},
});

import type { ResourceDefinition } from '../types';
import { addConversationTags } from './addTags';
import { createConversation } from './create';
import { deleteConversation } from './delete';
import { escalateConversation } from './escalate';
import { getConversation } from './get';
import { getManyConversations } from './getMany';
import { getConversationMetrics } from './getMetrics';
import { removeConversationTags } from './removeTags';
import { updateConversation } from './update';
import { CONVERSATION } from './record';

export const conversationResource: ResourceDefinition = {
	name: 'Conversation',
	value: 'conversation',
	record: CONVERSATION,
	defaultOperation: 'create',
	operations: [
		createConversation,
		getConversation,
		getManyConversations,
		getConversationMetrics,
		updateConversation,
		addConversationTags,
		removeConversationTags,
		deleteConversation,
		escalateConversation,
	],
};

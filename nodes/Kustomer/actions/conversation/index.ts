import type { ResourceDefinition } from '../types';
import { createConversation } from './create';
import { getConversation } from './get';

export const conversationResource: ResourceDefinition = {
	name: 'Conversation',
	value: 'conversation',
	defaultOperation: 'create',
	operations: [createConversation, getConversation],
};

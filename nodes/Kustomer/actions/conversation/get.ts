import type { INodeProperties } from 'n8n-workflow';

import { conversationLocator, showFor, simplifyField } from '../../shared/fields';
import type { RecordRef } from '../../shared/locators';
import { parseConversationRef } from '../../shared/locators';
import { ROLES } from '../../shared/roles';
import { fetchConversation } from '../lookups';
import { defineOperation } from '../types';

const show = showFor('conversation', 'get');
const MODES = ['list', 'id', 'url', 'externalId'] as const;

const description: INodeProperties[] = [
	conversationLocator([...MODES], show, 'The conversation to get: pick one, or give an ID, app link or external ID'),
	simplifyField(show),
];

interface Input {
	conversation: RecordRef;
}

export const getConversation = defineOperation<Input>({
	option: {
		name: 'Get',
		value: 'get',
		action: 'Get a conversation',
		description: 'Get a conversation by ID, app link or external ID',
	},
	roles: ROLES.conversationRead,
	effect: 'read',
	repeatable: true,
	description,
	prepare(itemIndex) {
		return {
			conversation: parseConversationRef(this.getNodeParameter('conversation', itemIndex), MODES),
		};
	},
	async execute(client, input, itemIndex) {
		return [await fetchConversation(client, input.conversation, itemIndex)];
	},
});

import type { INodeProperties } from 'n8n-workflow';

import { simplifyField } from '../../shared/fields';
import type { RecordRef } from '../../shared/locators';
import { ROLES } from '../../shared/roles';
import { fetchRecord } from '../lookups';
import { defineOperation } from '../types';
import { conversationLocator, CONVERSATION } from './record';

const conversationField = conversationLocator('The conversation to get: pick one, or give an ID, app link or external ID');

const description: INodeProperties[] = [
	conversationField.property,
	simplifyField(),
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
	idempotent: true,
	description,
	prepare(itemIndex) {
		return {
			conversation: conversationField.read(this, itemIndex),
		};
	},
	async execute(client, input, itemIndex) {
		return [await fetchRecord(client, CONVERSATION, input.conversation, itemIndex)];
	},
});

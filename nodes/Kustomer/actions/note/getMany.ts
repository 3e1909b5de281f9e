import type { INodeProperties } from 'n8n-workflow';

import { returnAllFields, simplifyField } from '../../shared/fields';
import type { RecordRef } from '../../shared/locators';
import { ROLES } from '../../shared/roles';
import { readLimit } from '../../shared/validation';
import { conversationTimeline } from '../timeline';
import { defineOperation } from '../types';
import { conversationLocator } from '../conversation/record';

const conversationField = conversationLocator('The conversation whose internal notes to read');

const description: INodeProperties[] = [
	conversationField.property,
	...returnAllFields(),
	simplifyField(),
];

interface Input {
	conversation: RecordRef;
	limit?: number;
}

export const getManyNotes = defineOperation<Input>({
	option: {
		name: 'Get Many',
		value: 'getAll',
		action: 'Get many notes',
		description: "Read a conversation's internal notes, oldest first",
	},
	roles: ROLES.noteRead,
	effect: 'read',
	idempotent: true,
	description,
	prepare(itemIndex) {
		return {
			conversation: conversationField.read(this, itemIndex),
			limit: readLimit(this.getNodeParameter('returnAll', itemIndex, false), this.getNodeParameter('limit', itemIndex, 50)),
		};
	},
	async execute(client, input, itemIndex) {
		return (await conversationTimeline(client, input.conversation, 'notes', itemIndex, input.limit)).records;
	},
});

import type { INodeProperties } from 'n8n-workflow';

import { conversationLocator, returnAllFields, showFor, simplifyField } from '../../shared/fields';
import type { RecordRef } from '../../shared/locators';
import { parseConversationRef } from '../../shared/locators';
import { ROLES } from '../../shared/roles';
import { readLimit } from '../../shared/validation';
import { conversationTimeline } from '../timeline';
import { defineOperation } from '../types';

const show = showFor('note', 'getAll');
const MODES = ['list', 'id', 'url', 'externalId'] as const;

const description: INodeProperties[] = [
	conversationLocator([...MODES], show, 'The conversation whose internal notes to read'),
	...returnAllFields(show),
	simplifyField(show),
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
	repeatable: true,
	description,
	prepare(itemIndex) {
		return {
			conversation: parseConversationRef(this.getNodeParameter('conversation', itemIndex), MODES),
			limit: readLimit(this.getNodeParameter('returnAll', itemIndex, false), this.getNodeParameter('limit', itemIndex, 50)),
		};
	},
	async execute(client, input, itemIndex) {
		return (await conversationTimeline(client, input.conversation, 'notes', itemIndex, input.limit)).records;
	},
});

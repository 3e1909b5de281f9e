import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { FileInput } from '../shared/attachments';
import { attachmentsField, uploadAttachments } from '../shared/attachments';
import { fieldLabel } from '../shared/fields';
import type { RecordRef } from '../shared/locators';
import { ROLES } from '../shared/roles';
import type { JsonApiResource, KustomerClient } from '../transport';
import { InputProblem } from '../shared/validation';
import type { ExternalIdSource } from './externalIds';
import { createOnConversation, resolveId } from './lookups';
import type { BulkEndpoint } from './types';
import { CONVERSATION } from './conversation/record';

/** What a message or note is made of: its conversation (by ID once a batch step found it), body and files. */
interface TimelineInput {
	conversation: RecordRef;
	conversationId?: string;
	body: IDataObject;
	files: FileInput[];
}

/**
 * Creates a message or note on a conversation with the item's files attached. The conversation
 * is found before any file is uploaded, so a wrong one uploads nothing.
 */
export async function createWithFiles(
	context: IExecuteFunctions,
	client: KustomerClient,
	input: TimelineInput,
	collection: 'messages' | 'notes',
	itemIndex: number,
	once?: { source: ExternalIdSource; externalId: string },
): Promise<JsonApiResource> {
	const given: RecordRef = input.conversationId ? { by: 'id', id: input.conversationId } : input.conversation;
	if (!input.files.length) return await createOnConversation(client, given, collection, input.body, itemIndex, once);
	const conversation = { by: 'id', id: await resolveId(client, CONVERSATION, given, itemIndex) } as const;
	const roles = collection === 'messages' ? ROLES.messageCreate : ROLES.noteCreate;
	const attachments = await uploadAttachments(context, client, input.files, itemIndex, roles);
	return await createOnConversation(client, conversation, collection, { ...input.body, attachments }, itemIndex, once);
}

/** Send in Bulk carries records only: each file needs its own upload first. */
function attachmentsInBulk(): InputProblem {
	return new InputProblem(fieldLabel(attachmentsField), 'cannot be sent with Send in Bulk: each file is uploaded on its own before its record. Turn Send in Bulk off for items with attachments');
}

/** Message and Note Create's bulk endpoint: records on the conversations the batch step found; files refused. */
export function timelineBulk<Input extends TimelineInput>(collection: 'messages' | 'notes'): BulkEndpoint<Input> {
	return {
		method: 'POST',
		path: `/v1/${collection}/bulk`,
		item: (input) => ({ conversation: input.conversationId, ...input.body }),
		refuse: (input) => (input.files.length ? attachmentsInBulk() : undefined),
	};
}

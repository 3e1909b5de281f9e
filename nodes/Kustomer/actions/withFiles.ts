import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { FileInput } from '../shared/attachments';
import { uploadAttachments } from '../shared/attachments';
import type { RecordRef } from '../shared/locators';
import { ROLES } from '../shared/roles';
import type { JsonApiResource, KustomerClient } from '../transport';
import { createOnConversation, resolveConversationId } from './lookups';

/**
 * Creates a message or note on a conversation with the item's files attached. The conversation
 * is found before any file is uploaded, so a wrong one uploads nothing.
 */
export async function createWithFiles(
	context: IExecuteFunctions,
	client: KustomerClient,
	input: { conversation: RecordRef; body: IDataObject; files: FileInput[] },
	collection: 'messages' | 'notes',
	itemIndex: number,
): Promise<JsonApiResource> {
	if (!input.files.length) return await createOnConversation(client, input.conversation, collection, input.body, itemIndex);
	const conversation = { by: 'id', id: await resolveConversationId(client, input.conversation, itemIndex) } as const;
	const roles = collection === 'messages' ? ROLES.messageCreate : ROLES.noteCreate;
	const attachments = await uploadAttachments(context, client, input.files, itemIndex, roles);
	return await createOnConversation(client, conversation, collection, { ...input.body, attachments }, itemIndex);
}

import { relatedId } from '../../shared/simplify';
import type { JsonApiResource } from '../../transport';
import { conversationPath } from '../conversation/record';
import { customerPath } from '../customer/record';
import type { RecordKind } from '../types';

/** A message or note has no page of its own: it links to its conversation, else its customer. */
export function timelineEntryPath(record: JsonApiResource): string | undefined {
	const conversationId = relatedId(record, 'conversation');
	const customerId = relatedId(record, 'customer');
	if (conversationId) return conversationPath(conversationId, customerId);
	return customerId ? customerPath(customerId) : undefined;
}

export const MESSAGE: RecordKind = {
	isType: (type) => type === 'message',
	appPath: timelineEntryPath,
};

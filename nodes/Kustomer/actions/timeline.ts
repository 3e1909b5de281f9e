import type { RecordRef } from '../shared/locators';
import { ROLES } from '../shared/roles';
import type { JsonApiResource, KustomerClient } from '../transport';
import { getAllPages } from '../transport';
import { resolveId } from './lookups';
import { CONVERSATION } from './conversation/record';

/** When a message or note happened: sentAt for messages, else when Kustomer recorded it. */
function timeOf(record: JsonApiResource): string {
	const { sentAt, createdAt } = record.attributes ?? {};
	return String(sentAt ?? createdAt ?? '');
}

/**
 * A conversation's messages or notes, oldest first, at most `limit`. Kustomer documents no
 * order for these lists, so every page is read and sorted here; Limit applies after sorting.
 */
export async function conversationTimeline(
	client: KustomerClient,
	conversation: RecordRef,
	collection: 'messages' | 'notes',
	itemIndex: number,
	limit?: number,
): Promise<{ conversationId: string; records: JsonApiResource[] }> {
	const conversationId = await resolveId(client, CONVERSATION, conversation, itemIndex);
	const records = await getAllPages(client, {
		path: `/v1/conversations/${conversationId}/${collection}`,
		itemIndex,
		roles: collection === 'messages' ? ROLES.messageRead : ROLES.noteRead,
		notFoundMessage: `No Kustomer conversation with ID ${conversationId}`,
	});
	const sorted = records
		.map((record, index) => ({ record, index, at: timeOf(record) }))
		.sort((a, b) => (a.at === b.at ? a.index - b.index : a.at < b.at ? -1 : 1))
		.map(({ record }) => record);
	return { conversationId, records: limit === undefined ? sorted : sorted.slice(0, limit) };
}

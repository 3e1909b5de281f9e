import { BAD, byLocator } from '../../../../helpers/badInputs';
import { tagBodies } from '../../../../helpers/bodyCases';
import { CONVERSATION_ID, conversationResource } from '../../../../helpers/kustomer';
import { BY_VALUE } from '../../../../helpers/operationFixture';
import type { OperationFixture } from '../../../../helpers/operationFixture';
import { locator } from '../../../../helpers/workflows';

export const fixture: OperationFixture = {
	parameters: { resource: 'conversation', operation: 'addTags', conversation: locator('id', CONVERSATION_ID), tags: BY_VALUE },
	good: 'vip',
	bad: 'vip 🚀',
	method: 'POST',
	path: `/v1/conversations/${CONVERSATION_ID}/tags`,
	success: { status: 200, body: { data: conversationResource() } },
	notFound: `No Kustomer conversation with ID ${CONVERSATION_ID}`,
	badInputs: [
		{ field: 'Tags', parameters: { conversation: locator('id', CONVERSATION_ID), tags: BY_VALUE }, good: ['vip'], bad: [...BAD.tags, []] },
		...byLocator('conversation', ['id'], { tags: ['vip'] }),
	],
	bodies: { 'one tag, every kind of character, the most at once': tagBodies(locator('id', CONVERSATION_ID)) },
};

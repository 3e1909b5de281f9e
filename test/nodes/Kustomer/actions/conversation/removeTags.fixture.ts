import { BAD, byLocator } from '../../../../helpers/badInputs';
import { tagBodies } from '../../../../helpers/bodyCases';
import { CONVERSATION_ID, conversationResource } from '../../../../helpers/kustomer';
import { BY_VALUE } from '../../../../helpers/operationFixture';
import type { OperationFixture } from '../../../../helpers/operationFixture';
import { locator } from '../../../../helpers/workflows';

export const fixture: OperationFixture = {
	parameters: { resource: 'conversation', operation: 'removeTags', conversation: locator('id', BY_VALUE), tags: ['vip'] },
	good: CONVERSATION_ID,
	bad: 'https://acme.kustomerapp.com/app/customers/nope',
	method: 'DELETE',
	path: `/v1/conversations/${CONVERSATION_ID}/tags`,
	success: { status: 200, body: { data: conversationResource() } },
	notFound: `No Kustomer conversation with ID ${CONVERSATION_ID}`,
	badInputs: [
		{ field: 'Tags', parameters: { conversation: locator('id', CONVERSATION_ID), tags: BY_VALUE }, good: 'vip, refund', bad: BAD.tags },
		...byLocator('conversation', ['url'], { tags: ['vip'] }),
	],
	bodies: { 'one tag, every kind of character, the most at once': tagBodies(locator('id', CONVERSATION_ID)) },
};

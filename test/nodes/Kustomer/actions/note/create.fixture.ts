import { BY_VALUE } from '../../../../helpers/operationFixture';
import type { OperationFixture } from '../../../../helpers/operationFixture';
import { CONVERSATION_ID, noteResource } from '../../../../helpers/kustomer';
import { locator } from '../../../../helpers/workflows';

export const fixture: OperationFixture = {
	parameters: { resource: 'note', operation: 'create', conversation: locator('id', BY_VALUE), body: 'VIP customer' },
	good: CONVERSATION_ID,
	bad: 'not-an-id',
	method: 'POST',
	path: `/v1/conversations/${CONVERSATION_ID}/notes`,
	success: { status: 201, body: { data: noteResource('0000000000000000000000bb') } },
	notFound: `No Kustomer conversation with ID ${CONVERSATION_ID}`,
};

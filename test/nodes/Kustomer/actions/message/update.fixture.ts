import { BAD } from '../../../../helpers/badInputs';
import { eachAndAll, inBulk } from '../../../../helpers/bodyCases';
import { messageResource, objectId } from '../../../../helpers/kustomer';
import { BY_VALUE } from '../../../../helpers/operationFixture';
import type { OperationFixture } from '../../../../helpers/operationFixture';

export const MESSAGE_ID = objectId(0xe1);

/** Every update field, each alone and all together; then the clearable ones cleared. */
const FIELDS = { preview: 'Corrected text', subject: 'Order 1042', status: 'sent', externalId: 'msg-1', sentAt: '2026-11-21T10:00:00Z', lang: 'en' };
const UPDATES = eachAndAll({ messageId: MESSAGE_ID }, FIELDS, 'updateFields').concat([{ messageId: MESSAGE_ID, updateFields: { subject: '', externalId: '', lang: '' } }]);

export const fixture: OperationFixture = {
	parameters: { resource: 'message', operation: 'update', messageId: BY_VALUE, updateFields: { subject: 'Order 1042' } },
	good: MESSAGE_ID,
	bad: 'not-an-id',
	method: 'PATCH',
	path: `/v1/messages/${MESSAGE_ID}`,
	success: { status: 200, body: { data: messageResource(MESSAGE_ID, { subject: 'Order 1042' }) } },
	notFound: `No Kustomer message with ID ${MESSAGE_ID}`,
	badInputs: [
		{ field: 'Message ID', parameters: { messageId: BY_VALUE, updateFields: { subject: 'Hi' } }, good: MESSAGE_ID, bad: BAD.id },
		{ field: 'Body', parameters: { messageId: MESSAGE_ID, updateFields: { preview: BY_VALUE } }, good: 'Fixed', bad: ['x'.repeat(10_241), ['hi'], { text: 'hi' }, true] },
		{ field: 'Subject', parameters: { messageId: MESSAGE_ID, updateFields: { subject: BY_VALUE } }, good: 'Re: order', bad: BAD.text256 },
		{ field: 'Status', parameters: { messageId: MESSAGE_ID, updateFields: { status: BY_VALUE } }, good: 'sent', bad: ['delivered', 'SENT', ['sent'], 1] },
		{ field: 'Sent At', parameters: { messageId: MESSAGE_ID, updateFields: { sentAt: BY_VALUE } }, good: '2026-11-21T10:00:00Z', bad: BAD.date },
		{ field: 'Language', parameters: { messageId: MESSAGE_ID, updateFields: { lang: BY_VALUE } }, good: 'fr', bad: ['x'.repeat(101), ['en'], { lang: 'en' }, true] },
	],
	bodies: {
		'each field alone and all together, and the clearable ones cleared': UPDATES,
		'Send in Bulk': inBulk(UPDATES),
	},
};

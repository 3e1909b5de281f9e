/**
 * A corpus of bad inputs for every operation, old and new: each must stop the node with an
 * error naming the field and the item (n8n's `[item N]`, 0-based), and nothing may be sent,
 * even for the good item before it. Each case runs a real workflow with two items: item 0 has
 * a good value, item 1 the bad one, both through `{{ $json.value }}`.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { RESOURCES } from '../../../../nodes/Kustomer/actions';
import { runWorkflow } from '../../../helpers/harness';
import { CONVERSATION_ID, CUSTOMER_ID, objectId, QUEUE_ID, resetApi, sent, USER_ID } from '../../../helpers/kustomer';
import { BY_VALUE } from '../../../helpers/operationFixture';
import { attributeMapper, itemsThenKustomer, locator } from '../../../helpers/workflows';

afterEach(resetApi);

/** One field of one operation: where `{{ $json.value }}` goes, a value that passes, values that must not. */
interface FieldCases {
	operation: string;
	field: string;
	parameters: INodeParameters;
	good: unknown;
	bad: unknown[];
}

const ID = '5f1a2b3c4d5e6f7a8b9c0d1e';
const LINK = `https://acme.kustomerapp.com/app/customers/${CUSTOMER_ID}/event/${CONVERSATION_ID}`;

const BAD = {
	id: ['', null, 'abc', ID.slice(1), `${ID}0`, 'zzzzzzzzzzzzzzzzzzzzzzzz', [ID], { id: ID }, true, 12345],
	optionalId: ['abc', ID.slice(1), 'tier 2', [ID], { id: ID }, true, 12345, `${ID} ${ID}`],
	email: ['', null, 'jane', 'jane@', '@example.com', 'jane example.com', 'jane@example', `${'a'.repeat(300)}@example.com`, `${'a'.repeat(65)}@example.com`, ['jane@example.com'], { email: 'jane@example.com' }, true, 'jane@@example.com', 'jane@exa mple.com'],
	phone: ['', null, '4155550123', '+0123456789', '+1 415', 'phone', `+1${'5'.repeat(20)}`, ['+14155550123'], {}, false, '++14155550123'],
	externalId: ['', null, 'x'.repeat(257), '🚀'.repeat(257), ['crm-1'], { id: 'crm-1' }, true],
	link: ['', 'https://example.com', 'https://acme.kustomerapp.com/app/customers/123', [LINK], { url: LINK }, 'not a link'],
	text256: ['x'.repeat(257), '🚀'.repeat(257), ['a'], { a: 1 }, true],
	priority: [0, 6, 2.5, 'high', [5], { value: 5 }, true, '7', -1],
	date: ['2026-02-30', '2026-13-01', '2026-11-21T24:00:00Z', 'tomorrow', '21/11/2026', 1764000000000, ['2026-11-21'], { at: '2026-11-21' }, true, '2026-11-21T10:00:00+25:00', '2026-04-31'],
	idList: ['nope', ['nope'], [[ID]], [{ id: ID }], Array.from({ length: 11 }, (_, index) => objectId(index + 1)), `${ID},nope`],
	tags: ['🔥', ['🔥'], ['x'.repeat(65)], Array.from({ length: 21 }, (_, index) => `t${index}`), [['vip']], [{ name: 'vip' }], ['tag!'], ['#vip'], ['why?']],
	body: ['', null, 'x'.repeat(10_241), ['hi'], { text: 'hi' }, true],
	timeZone: ['Mars/Olympus', 'GMT+25', 'x'.repeat(65), ['UTC'], { zone: 'UTC' }, true],
	limit: [0, -1, 2.5, 'ten', [5], { n: 5 }],
	json: ['{nope', '[1]', '{"sort": []}', '{"queryContext": "note"}', '{"and": "x"}', '{"and": [1]}', 'null', '{"includeDeleted": "yes"}', JSON.stringify({ and: Array.from({ length: 20 }, () => ({ a: 1 })) })],
};

const conversation = (mode = 'id') => ({ conversation: locator(mode, BY_VALUE) });
const customer = (mode = 'id') => ({ customer: locator(mode, BY_VALUE) });
const byLocator = (operation: string, kind: 'conversation' | 'customer', modes: string[], extra: INodeParameters = {}): FieldCases[] =>
	modes.map((mode) => {
		const good = { id: kind === 'customer' ? CUSTOMER_ID : CONVERSATION_ID, email: 'jane@example.com', phone: '+14155550123', externalId: 'crm-1', url: LINK }[mode];
		const bad = { id: BAD.id, email: BAD.email, phone: BAD.phone, externalId: BAD.externalId, url: BAD.link }[mode] ?? [];
		return { operation, field: kind === 'customer' ? 'Customer' : 'Conversation', parameters: { ...(kind === 'customer' ? customer(mode) : conversation(mode)), ...extra }, good, bad };
	});

const convUpdate = (updateFields: INodeParameters) => ({ conversation: locator('id', CONVERSATION_ID), updateFields });
const messageBase = { conversation: locator('id', CONVERSATION_ID), channel: 'email', direction: 'in', body: 'Hello' };
const noteBase = { conversation: locator('id', CONVERSATION_ID), body: 'Internal' };
const sendBase = { conversation: locator('id', CONVERSATION_ID), body: 'Hi' };
const escalateBase = { customerEmail: 'jane@example.com', subject: 'Order 1042 arrived damaged', queue: QUEUE_ID, message: 'The mug is broken' };
const emailRow = (address: string) => ({ emails: { email: [{ address, type: 'home' }] } });
const phoneRow = (number: string) => ({ phones: { phone: [{ number, type: 'mobile' }] } });

const CORPUS: FieldCases[] = [
	// Conversation → Create
	...byLocator('conversation.create', 'customer', ['id', 'email', 'phone', 'externalId']),
	{ operation: 'conversation.create', field: 'Subject', parameters: { customer: locator('id', CUSTOMER_ID), additionalFields: { name: BY_VALUE } }, good: 'Refund', bad: BAD.text256 },
	{ operation: 'conversation.create', field: 'Priority', parameters: { customer: locator('id', CUSTOMER_ID), additionalFields: { priority: BY_VALUE } }, good: 3, bad: BAD.priority },
	{ operation: 'conversation.create', field: 'Queue', parameters: { customer: locator('id', CUSTOMER_ID), additionalFields: { queue: BY_VALUE } }, good: QUEUE_ID, bad: BAD.optionalId },
	{ operation: 'conversation.create', field: 'Assigned Users', parameters: { customer: locator('id', CUSTOMER_ID), additionalFields: { assignedUsers: BY_VALUE } }, good: [USER_ID], bad: BAD.idList },
	{ operation: 'conversation.create', field: 'External ID', parameters: { customer: locator('id', CUSTOMER_ID), additionalFields: { externalId: BY_VALUE } }, good: 'ticket-1', bad: BAD.text256 },
	{ operation: 'conversation.create', field: 'Direction', parameters: { customer: locator('id', CUSTOMER_ID), additionalFields: { direction: BY_VALUE } }, good: 'in', bad: ['inbound', 'IN', ['in'], { d: 'in' }, 1] },
	// Conversation → Get
	...byLocator('conversation.get', 'conversation', ['id', 'url', 'externalId']),
	// Conversation → Update
	...byLocator('conversation.update', 'conversation', ['id', 'externalId'], { updateFields: { priority: 4 } }),
	{ operation: 'conversation.update', field: 'Priority', parameters: convUpdate({ priority: BY_VALUE }), good: 4, bad: [...BAD.priority, '', null] },
	{ operation: 'conversation.update', field: 'Status', parameters: convUpdate({ status: BY_VALUE }), good: 'done', bad: ['closed', 'pending', 'Done', ['open'], { s: 'open' }, true, 5, ''] },
	{ operation: 'conversation.update', field: 'Snooze Until', parameters: convUpdate({ status: 'snoozed', snoozeUntil: BY_VALUE }), good: '2099-01-01T09:00', bad: [...BAD.date, '2001-01-01T09:00:00Z', ''] },
	{ operation: 'conversation.update', field: 'Subject', parameters: convUpdate({ name: BY_VALUE }), good: '🚀'.repeat(256), bad: BAD.text256 },
	{ operation: 'conversation.update', field: 'Queue', parameters: convUpdate({ queue: BY_VALUE }), good: QUEUE_ID, bad: [...BAD.optionalId, ''] },
	{ operation: 'conversation.update', field: 'Assigned Users', parameters: convUpdate({ assignedUsers: BY_VALUE }), good: [USER_ID], bad: BAD.idList },
	{ operation: 'conversation.update', field: 'Add Assigned Teams', parameters: convUpdate({ addAssignedTeams: BY_VALUE }), good: [ID], bad: BAD.idList },
	{ operation: 'conversation.update', field: 'Direction', parameters: convUpdate({ direction: BY_VALUE }), good: 'out', bad: ['inbound', 'OUT', ['out'], { d: 'out' }, 1, ''] },
	{ operation: 'conversation.update', field: 'External ID', parameters: convUpdate({ externalId: BY_VALUE }), good: 'x/y?z#%', bad: BAD.text256 },
	// Conversation → Add Tags / Remove Tags
	{ operation: 'conversation.addTags', field: 'Tags', parameters: { conversation: locator('id', CONVERSATION_ID), tags: BY_VALUE }, good: ['vip'], bad: [...BAD.tags, []] },
	...byLocator('conversation.addTags', 'conversation', ['id'], { tags: ['vip'] }),
	{ operation: 'conversation.removeTags', field: 'Tags', parameters: { conversation: locator('id', CONVERSATION_ID), tags: BY_VALUE }, good: 'vip, refund', bad: BAD.tags },
	...byLocator('conversation.removeTags', 'conversation', ['url'], { tags: ['vip'] }),
	// Conversation → Get Many
	// The customer is optional here: empty means every customer's conversations, so only malformed values.
	...byLocator('conversation.getAll', 'customer', ['email']).map((cases) => ({ ...cases, bad: cases.bad.filter((value) => value !== '' && value !== null) })),
	{ operation: 'conversation.getAll', field: 'Status', parameters: { filters: { status: BY_VALUE } }, good: ['open'], bad: [['closed'], 'pending', [['open']], [{ s: 'open' }]] },
	{ operation: 'conversation.getAll', field: 'Priority', parameters: { filters: { priority: BY_VALUE } }, good: [5], bad: [[0], [6], 'urgent', [2.5]] },
	{ operation: 'conversation.getAll', field: 'Created After', parameters: { filters: { createdAfter: BY_VALUE } }, good: '2026-01-01', bad: BAD.date },
	{ operation: 'conversation.getAll', field: 'Done Before', parameters: { filters: { doneBefore: BY_VALUE } }, good: '2026-01-01T00:00:00Z', bad: BAD.date.slice(0, 6) },
	{ operation: 'conversation.getAll', field: 'Queues', parameters: { filters: { queues: BY_VALUE } }, good: [QUEUE_ID], bad: BAD.idList.slice(0, 4) },
	{ operation: 'conversation.getAll', field: 'External ID', parameters: { filters: { externalId: BY_VALUE } }, good: 'zd-1', bad: BAD.text256 },
	{ operation: 'conversation.getAll', field: 'Limit', parameters: { limit: BY_VALUE }, good: 5, bad: BAD.limit },
	{ operation: 'conversation.getAll', field: 'Query (JSON)', parameters: { searchBy: 'json', queryJson: BY_VALUE }, good: '{"and": [{"conversation_status": {"equals": "open"}}]}', bad: BAD.json },
	{ operation: 'conversation.getAll', field: 'Criterion #1 value', parameters: { criteria: { criterion: [{ field: 'updatedAt', operator: 'gte', value: BY_VALUE }] } }, good: '2026-01-01', bad: ['2026-02-30', '', ['2026-01-01'], { d: 1 }] },
	// Conversation → Delete
	...byLocator('conversation.delete', 'conversation', ['id', 'externalId']),
	// Customer → Get
	...byLocator('customer.get', 'customer', ['id', 'email', 'phone', 'externalId', 'url'].slice(0, 4)),
	{ operation: 'customer.get', field: 'Customer', parameters: customer('url'), good: `https://acme.kustomerapp.com/app/customers/${CUSTOMER_ID}`, bad: BAD.link },
	// Customer → Search
	{ operation: 'customer.search', field: 'Email', parameters: { searchBy: 'email', email: BY_VALUE }, good: 'jane@example.com', bad: BAD.email },
	{ operation: 'customer.search', field: 'Phone', parameters: { searchBy: 'phone', phone: BY_VALUE }, good: '+14155550123', bad: BAD.phone },
	{ operation: 'customer.search', field: 'External ID', parameters: { searchBy: 'externalId', externalId: BY_VALUE }, good: 'crm-1', bad: BAD.externalId },
	{ operation: 'customer.search', field: 'Query (JSON)', parameters: { searchBy: 'json', queryJson: BY_VALUE }, good: '{"and": [{"customer_name": {"equals": "Jane"}}]}', bad: BAD.json },
	{ operation: 'customer.search', field: 'Criterion #1 field', parameters: { searchBy: 'criteria', criteria: { criterion: [{ field: BY_VALUE, operator: 'equals', value: 'x' }] } }, good: 'name', bad: ['e mail', '1name', ['name'], 'name!', 'na-me'] },
	{ operation: 'customer.search', field: 'Limit', parameters: { searchBy: 'email', email: 'a@b.co', limit: BY_VALUE }, good: 10, bad: BAD.limit },
	// Customer → Create
	{ operation: 'customer.create', field: 'Emails #1', parameters: { customerFields: emailRow(BY_VALUE) }, good: 'jane+vip@example.com', bad: BAD.email.filter((value) => value !== '' && value !== null) },
	{ operation: 'customer.create', field: 'Phones #1', parameters: { customerFields: phoneRow(BY_VALUE) }, good: '+1 (415) 555-0123', bad: BAD.phone.filter((value) => value !== '' && value !== null) },
	{ operation: 'customer.create', field: 'Time Zone', parameters: { customerFields: { timeZone: BY_VALUE } }, good: 'Asia/Kolkata', bad: BAD.timeZone },
	{ operation: 'customer.create', field: 'Locale', parameters: { customerFields: { locale: BY_VALUE } }, good: 'en_US', bad: ['x'.repeat(17), ['en'], { l: 'en' }, true] },
	{ operation: 'customer.create', field: 'Company', parameters: { customerFields: { company: BY_VALUE } }, good: ID, bad: BAD.optionalId },
	{ operation: 'customer.create', field: 'External ID', parameters: { customerFields: { externalId: BY_VALUE } }, good: 'crm/1', bad: BAD.text256 },
	{ operation: 'customer.create', field: 'Name', parameters: { customerFields: { name: BY_VALUE } }, good: 'Zoë 🚀', bad: BAD.text256 },
	{ operation: 'customer.create', field: 'Tags', parameters: { customerFields: { name: 'x', tags: BY_VALUE } }, good: ['vip'], bad: BAD.tags },
	{ operation: 'customer.create', field: 'Customer Fields', parameters: { customerFields: { name: BY_VALUE } }, good: 'Jane', bad: ['', null, '   '] },
	// Customer → Update
	...byLocator('customer.update', 'customer', ['email', 'id'], { updateFields: { name: 'Jane' } }),
	{ operation: 'customer.update', field: 'Name', parameters: { customer: locator('id', CUSTOMER_ID), updateFields: { name: BY_VALUE } }, good: 'Jane', bad: BAD.text256 },
	{ operation: 'customer.update', field: 'Time Zone', parameters: { customer: locator('id', CUSTOMER_ID), updateFields: { timeZone: BY_VALUE } }, good: '', bad: BAD.timeZone },
	// Customer → Create or Update
	{ operation: 'customer.upsert', field: 'Emails #1', parameters: { matchBy: ['email'], customerFields: emailRow(BY_VALUE) }, good: 'jane@example.com', bad: BAD.email.filter((value) => value !== '' && value !== null) },
	{ operation: 'customer.upsert', field: 'Phones #1', parameters: { matchBy: ['phone'], customerFields: phoneRow(BY_VALUE) }, good: '+44 20 7946 0958', bad: BAD.phone.filter((value) => value !== '' && value !== null) },
	{ operation: 'customer.upsert', field: 'Match By', parameters: { matchBy: BY_VALUE, customerFields: emailRow('jane@example.com') }, good: ['email'], bad: [['name'], 'emails', [1], ['phone'], []] },
	// Customer → Delete
	...byLocator('customer.delete', 'customer', ['id', 'phone']),
	// Message → Create
	...byLocator('message.create', 'conversation', ['id'], { channel: 'email', direction: 'in', body: 'Hi' }),
	{ operation: 'message.create', field: 'Body', parameters: { ...messageBase, body: BY_VALUE }, good: '👍🏽'.repeat(2000), bad: BAD.body },
	{ operation: 'message.create', field: 'Channel', parameters: { ...messageBase, channel: BY_VALUE }, good: 'sms', bad: ['fax', 'Email', ['email'], { c: 'email' }, 3] },
	{ operation: 'message.create', field: 'Sent At', parameters: { ...messageBase, additionalFields: { sentAt: BY_VALUE } }, good: '2026-11-21 09:30', bad: BAD.date },
	{ operation: 'message.create', field: 'Subject', parameters: { ...messageBase, additionalFields: { subject: BY_VALUE } }, good: 'Re: order', bad: BAD.text256 },
	// Note → Create
	...byLocator('note.create', 'conversation', ['id'], { body: 'Internal' }),
	{ operation: 'note.create', field: 'Body', parameters: { ...noteBase, body: BY_VALUE }, good: 'Refund approved ✅', bad: BAD.body },
	{ operation: 'note.create', field: 'Mention Users', parameters: { ...noteBase, additionalFields: { userMentions: BY_VALUE } }, good: [USER_ID], bad: BAD.idList.slice(0, 4) },
	{ operation: 'note.create', field: 'Attachments', parameters: { ...noteBase, additionalFields: { attachments: BY_VALUE } }, good: '', bad: ['data', 'data, photo', ['missing']] },
	// Message → Get Many, Note → Get Many
	...byLocator('message.getAll', 'conversation', ['id', 'externalId']),
	{ operation: 'message.getAll', field: 'Limit', parameters: { conversation: locator('id', CONVERSATION_ID), limit: BY_VALUE }, good: 5, bad: BAD.limit },
	{ operation: 'message.getAll', field: 'Binary Property Prefix', parameters: { conversation: locator('id', CONVERSATION_ID), options: { binaryPropertyPrefix: BY_VALUE } }, good: 'file_', bad: ['has space', '1file', 'a/b', ['file_'], { p: 'x' }, true] },
	...byLocator('note.getAll', 'conversation', ['id', 'url']),
	{ operation: 'note.getAll', field: 'Limit', parameters: { conversation: locator('id', CONVERSATION_ID), limit: BY_VALUE }, good: 5, bad: BAD.limit },
	// Message → Send
	...byLocator('message.send', 'conversation', ['id', 'externalId'], { body: 'Hi' }),
	{ operation: 'message.send', field: 'Body', parameters: { ...sendBase, body: BY_VALUE }, good: 'Your refund is on its way 👍', bad: BAD.body },
	{ operation: 'message.send', field: 'Body', parameters: { ...sendBase, channel: 'twitter-tweet', body: BY_VALUE }, good: '🚀'.repeat(280), bad: ['🚀'.repeat(281), 'x'.repeat(300)] },
	{ operation: 'message.send', field: 'Channel', parameters: { ...sendBase, channel: BY_VALUE }, good: 'email', bad: ['fax', 'voice', 'note', 'Email', ['email'], { c: 'email' }, 3] },
	{ operation: 'message.send', field: 'Send At', parameters: { ...sendBase, when: 'at', sendAt: BY_VALUE }, good: '2099-01-01T09:00', bad: [...BAD.date, '2001-01-01T09:00:00Z', ''] },
	{ operation: 'message.send', field: 'To', parameters: { ...sendBase, channel: 'sms', additionalFields: { to: BY_VALUE } }, good: '+1 415 555 0123', bad: ['4155550123', 'jane@example.com', 'phone', [{ n: 1 }], { n: 1 }, 42] },
	{ operation: 'message.send', field: 'To', parameters: { ...sendBase, channel: 'email', additionalFields: { to: BY_VALUE } }, good: 'jane@example.com, ops@acme.test', bad: ['jane', 'jane@example.com, nope', '@example.com'] },
	{ operation: 'message.send', field: 'CC', parameters: { ...sendBase, additionalFields: { cc: BY_VALUE } }, good: 'a@b.co', bad: ['nope', 'a@b.co, nope', 'a@', ['a@b.co', 'nope'], [['a@b.co']], { e: 1 }] },
	{ operation: 'message.send', field: 'App', parameters: { ...sendBase, channel: 'sms', additionalFields: { app: BY_VALUE } }, good: 'twilio', bad: ['postmark', 'whatsapp', 'Twilio', ['twilio'], 'x'.repeat(65)] },
	{ operation: 'message.send', field: 'Attachments', parameters: { ...sendBase, additionalFields: { attachments: BY_VALUE } }, good: '', bad: ['data', 'invoice, data'] },
	// Conversation → Escalate
	{ operation: 'conversation.escalate', field: 'Customer Email, Phone or External ID', parameters: { ...escalateBase, customerEmail: BY_VALUE }, good: 'jane@example.com', bad: ['', null, '   '] },
	{ operation: 'conversation.escalate', field: 'Customer Email', parameters: { ...escalateBase, customerEmail: BY_VALUE }, good: 'jane+vip@example.com', bad: BAD.email.filter((value) => value !== '' && value !== null) },
	{ operation: 'conversation.escalate', field: 'Customer Phone', parameters: { ...escalateBase, customerPhone: BY_VALUE }, good: '+1 (415) 555-0123', bad: BAD.phone.filter((value) => value !== '' && value !== null) },
	{ operation: 'conversation.escalate', field: 'Customer External ID', parameters: { ...escalateBase, customerExternalId: BY_VALUE }, good: 'crm/42?#%', bad: BAD.text256 },
	{ operation: 'conversation.escalate', field: 'Customer Name', parameters: { ...escalateBase, customerName: BY_VALUE }, good: 'Zoë 🚀', bad: BAD.text256 },
	{ operation: 'conversation.escalate', field: 'Subject', parameters: { ...escalateBase, subject: BY_VALUE }, good: '🚀'.repeat(256), bad: ['', null, '   ', ...BAD.text256] },
	{ operation: 'conversation.escalate', field: 'Queue', parameters: { ...escalateBase, queue: BY_VALUE }, good: QUEUE_ID, bad: BAD.id },
	{ operation: 'conversation.escalate', field: 'External ID', parameters: { ...escalateBase, externalId: BY_VALUE }, good: 'x'.repeat(248), bad: ['x'.repeat(249), '🚀'.repeat(249), ['web-1'], { id: 'web-1' }, true] },
	{ operation: 'conversation.escalate', field: 'Priority', parameters: { ...escalateBase, conversationFields: { priority: BY_VALUE } }, good: 5, bad: BAD.priority },
	{ operation: 'conversation.escalate', field: 'Assigned Teams', parameters: { ...escalateBase, conversationFields: { assignedTeams: BY_VALUE } }, good: [ID], bad: BAD.idList },
	{ operation: 'conversation.escalate', field: 'Tags', parameters: { ...escalateBase, conversationFields: { tags: BY_VALUE } }, good: [ID], bad: ['vip', [[ID]], Array.from({ length: 21 }, (_, index) => objectId(index + 1))] },
	{ operation: 'conversation.escalate', field: 'Custom attribute "Refund Amount (refundNum)"', parameters: { ...escalateBase, customAttributesMapper: attributeMapper('conversation', { refundNum: BY_VALUE }) }, good: '49.90', bad: ['lots', [49.9], { n: 1 }, '   ', true] },
	{ operation: 'conversation.escalate', field: 'Message or Internal Note', parameters: { ...escalateBase, message: BY_VALUE }, good: 'Broken', bad: ['', null, '   '] },
	{ operation: 'conversation.escalate', field: 'Message', parameters: { ...escalateBase, message: BY_VALUE }, good: '👍🏽'.repeat(2000), bad: ['x'.repeat(10_241), ['hi'], { text: 'hi' }, true] },
	{ operation: 'conversation.escalate', field: 'Channel', parameters: { ...escalateBase, channel: BY_VALUE }, good: 'sms', bad: ['fax', 'Email', ['email'], { c: 'email' }, 3] },
	{ operation: 'conversation.escalate', field: 'Direction', parameters: { ...escalateBase, direction: BY_VALUE }, good: 'out', bad: ['inbound', 'OUT', ['out'], { d: 'out' }, 1] },
	{ operation: 'conversation.escalate', field: 'Message Subject', parameters: { ...escalateBase, messageFields: { subject: BY_VALUE } }, good: 'Order 1042', bad: BAD.text256 },
	{ operation: 'conversation.escalate', field: 'Sent At', parameters: { ...escalateBase, messageFields: { sentAt: BY_VALUE } }, good: '2026-11-21 09:30', bad: BAD.date },
	{ operation: 'conversation.escalate', field: 'Attachments', parameters: { ...escalateBase, messageFields: { attachments: BY_VALUE } }, good: '', bad: ['data', 'data, photo', ['missing']] },
	{ operation: 'conversation.escalate', field: 'Attachments', parameters: { ...escalateBase, message: '', note: 'Internal', messageFields: { attachments: BY_VALUE } }, good: '', bad: ['data'] },
	{ operation: 'conversation.escalate', field: 'Internal Note', parameters: { ...escalateBase, note: BY_VALUE }, good: 'Replace it ✅', bad: ['x'.repeat(10_241), ['hi'], { text: 'hi' }, true] },
	{ operation: 'conversation.escalate', field: 'Mention Users', parameters: { ...escalateBase, note: 'Internal', noteFields: { userMentions: BY_VALUE } }, good: [USER_ID], bad: BAD.idList.slice(0, 4) },
	{ operation: 'conversation.escalate', field: 'Note Fields', parameters: { ...escalateBase, note: '', noteFields: { userMentions: BY_VALUE } }, good: [], bad: [[USER_ID]] },
	// The typed Custom Attributes mapper on conversations and customers
	{ operation: 'conversation.create', field: 'Custom attribute "Refund Amount (refundNum)"', parameters: { customer: locator('id', CUSTOMER_ID), customAttributesMapper: attributeMapper('conversation', { refundNum: BY_VALUE }) }, good: '49.90', bad: ['lots', [49.9], { n: 1 }, '   ', true] },
	{ operation: 'conversation.update', field: 'Custom attribute "Contact Reason (reasonTree)"', parameters: { conversation: locator('id', CONVERSATION_ID), customAttributesMapper: attributeMapper('conversation', { reasonTree: BY_VALUE }) }, good: 'shipping.lost', bad: ['weather', ['billing'], { r: 1 }] },
	{ operation: 'customer.update', field: 'Custom attribute "Renewal (renewalAt)"', parameters: { customer: locator('id', CUSTOMER_ID), customAttributesMapper: attributeMapper('customer', { renewalAt: BY_VALUE }) }, good: '2027-01-31', bad: ['2027-02-30', 'next year', ['2027-01-31'], true] },
	{ operation: 'customer.create', field: 'Custom attribute "Region (regionTree)"', parameters: { customAttributesMapper: attributeMapper('customer', { regionTree: BY_VALUE }) }, good: 'de', bad: ['emea', 'americas', 'Mars'] },
	{ operation: 'customer.upsert', field: 'Custom attribute "VIP (vipBool)"', parameters: { matchBy: ['email'], customerFields: emailRow('jane@example.com'), customAttributesMapper: attributeMapper('customer', { vipBool: BY_VALUE }) }, good: 'yes', bad: ['maybe', [true], 2] },
	// Custom Object → Create, Create or Update, Get, Get Many, Update, Delete
	{ operation: 'customObject.create', field: 'Custom Object Type', parameters: { klass: BY_VALUE, title: 'Order' }, good: 'order', bad: ['', null, ID, 'order form', '-order', ['order'], { k: 'order' }, true] },
	{ operation: 'customObject.create', field: 'Title', parameters: { klass: 'order', title: BY_VALUE }, good: 'Order 🚀', bad: [...BAD.text256, '', null, '   '] },
	{ operation: 'customObject.create', field: 'Image URLs', parameters: { klass: 'order', title: 'x', additionalFields: { images: BY_VALUE } }, good: 'https://cdn.acme.test/1.png', bad: ['cat.png', 'https://a.test/1.png, nope', Array.from({ length: 21 }, (_, index) => `https://a.test/${index}.png`), 'javascript:alert(1)', 'data:image/png;base64,iVBORw0KGgo=', 'file:///etc/passwd', 'ftp://files.acme.test/1.png', 'https://a.test/1.png, javascript:alert(document.cookie)'] },
	{ operation: 'customObject.create', field: 'Data (JSON)', parameters: { klass: 'order', title: 'x', additionalFields: { data: BY_VALUE } }, good: '{"sku": "A-1"}', bad: ['[1, 2]', '{nope', '"text"', 'true', 42] },
	{ operation: 'customObject.create', field: 'Company ID', parameters: { klass: 'order', title: 'x', additionalFields: { company: BY_VALUE } }, good: ID, bad: BAD.optionalId },
	...byLocator('customObject.create', 'customer', ['email', 'phone'], { klass: 'order', title: 'x' }).map((cases) => ({ ...cases, bad: cases.bad.filter((value) => value !== '' && value !== null) })),
	{ operation: 'customObject.create', field: 'Custom attribute "Total (totalNum)"', parameters: { klass: 'order', title: 'x', customAttributesMapper: attributeMapper('kobject.order', { totalNum: BY_VALUE }) }, good: '49.90', bad: ['a lot', '12 seats', '0x10', '   ', [5], { n: 5 }, true] },
	{ operation: 'customObject.create', field: 'Custom attribute "Status (statusStr)"', parameters: { klass: 'order', title: 'x', customAttributesMapper: attributeMapper('kobject.order', { statusStr: BY_VALUE }) }, good: 'Shipped', bad: ['lost', ['shipped'], { s: 1 }, 'ship'] },
	{ operation: 'customObject.create', field: 'Custom attribute "Placed At (placedAt)"', parameters: { klass: 'order', title: 'x', customAttributesMapper: attributeMapper('kobject.order', { placedAt: BY_VALUE }) }, good: '2026-11-20 10:15', bad: BAD.date.filter((value) => value !== 1764000000000) },
	{ operation: 'customObject.create', field: 'Custom attribute "Gift (giftBool)"', parameters: { klass: 'order', title: 'x', customAttributesMapper: attributeMapper('kobject.order', { giftBool: BY_VALUE }) }, good: 'yes', bad: ['maybe', 2, [true], { b: true }, '   '] },
	{ operation: 'customObject.create', field: 'Custom attribute "Tracking Link (trackingUrl)"', parameters: { klass: 'order', title: 'x', customAttributesMapper: attributeMapper('kobject.order', { trackingUrl: BY_VALUE }) }, good: 'https://track.acme.test/1', bad: ['track.acme.test/1', 'ftp://x.test/1', ['https://x.test'], { u: 1 }] },
	{ operation: 'customObject.create', field: 'Custom attribute "skuStr"', parameters: { klass: 'order', title: 'x', additionalFields: { customAttributes: { attribute: [{ name: 'skuStr', value: BY_VALUE }] } } }, good: 'A-1', bad: ['x'.repeat(1025), ['A-1', 'A-2'], { sku: 'A-1' }] },
	{ operation: 'customObject.create', field: 'Custom Attribute #1 name', parameters: { klass: 'order', title: 'x', additionalFields: { customAttributes: { attribute: [{ name: BY_VALUE, value: 'x' }] } } }, good: 'skuStr', bad: ['sku', 'Str', 'sku str', '1skuStr', 42, ['skuStr']] },
	{ operation: 'customObject.upsert', field: 'External ID', parameters: { klass: 'order', title: 'x', externalId: BY_VALUE }, good: 'order/1042?#%', bad: [...BAD.text256, '', null] },
	{ operation: 'customObject.upsert', field: 'Custom Object Type', parameters: { klass: BY_VALUE, title: 'x', externalId: 'o-1' }, good: 'order', bad: ['', ID, ['order']] },
	{ operation: 'customObject.get', field: 'Custom Object', parameters: { klass: 'order', customObject: locator('id', BY_VALUE) }, good: ID, bad: BAD.id },
	{ operation: 'customObject.get', field: 'Custom Object', parameters: { klass: 'order', customObject: locator('externalId', BY_VALUE) }, good: 'order-1', bad: BAD.externalId },
	{ operation: 'customObject.getAll', field: 'Limit', parameters: { klass: 'order', limit: BY_VALUE }, good: 5, bad: BAD.limit },
	...byLocator('customObject.getAll', 'customer', ['id', 'externalId'], { klass: 'order', of: 'customer' }),
	{ operation: 'customObject.update', field: 'Custom Object', parameters: { klass: 'order', customObject: locator('id', BY_VALUE), updateFields: { title: 'x' } }, good: ID, bad: BAD.id },
	{ operation: 'customObject.update', field: 'Title', parameters: { klass: 'order', customObject: locator('id', ID), updateFields: { title: BY_VALUE } }, good: 'Shipped', bad: BAD.text256 },
	{ operation: 'customObject.update', field: 'Update Fields', parameters: { klass: 'order', customObject: locator('id', ID), updateFields: { icon: BY_VALUE } }, good: 'gift', bad: ['', null, '   '] },
	{ operation: 'customObject.delete', field: 'Custom Object', parameters: { klass: 'order', customObject: locator('id', BY_VALUE) }, good: ID, bad: BAD.id },
	{ operation: 'customObject.delete', field: 'Custom Object Type', parameters: { klass: BY_VALUE, customObject: locator('id', ID) }, good: 'order', bad: ['', ID, 'a b'] },
];

const CASES = CORPUS.flatMap(({ operation, field, parameters, good, bad }) =>
	bad.map((value, index) => ({ label: `${operation} ${field} #${index + 1}: ${JSON.stringify(value)?.slice(0, 40)}`, operation, field, parameters, good, value })),
);

test('the corpus holds at least 300 bad inputs and covers every operation', () => {
	expect(CASES.length).toBeGreaterThanOrEqual(300);
	const covered = new Set(CASES.map((entry) => entry.operation));
	const every = RESOURCES.flatMap((resource) => resource.operations.map((operation) => `${resource.value}.${operation.option.value}`));
	expect(every.filter((operation) => !covered.has(operation))).toEqual([]);
});

test.each(CASES)('$label', async ({ operation, field, parameters, good, value }) => {
	const [resource, name] = operation.split('.');
	const items: IDataObject[] = [{ value: good as IDataObject[string] }, { value: value as IDataObject[string] }];
	const result = await runWorkflow(itemsThenKustomer(items, { resource, operation: name, ...parameters }));
	const message = String(result.error('Kustomer')?.message);
	expect(message.startsWith(field) ? message : `${message} (expected to start with "${field}")`).toMatch(new RegExp(`^${field.replace(/[()#]/g, '\\$&')}`));
	expect(message).toMatch(/\[item 1\]$/);
	expect(sent).toEqual([]);
});

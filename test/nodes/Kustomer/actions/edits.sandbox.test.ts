/**
 * Customer → Merge, Message → Update and Redact, Note → Update and Delete against the sandbox,
 * which does what Kustomer's OpenAPI file says of them (sandbox/edits.js): what lands, and what
 * running the same items again does. Send in Bulk runs under each reading of `_clientRef`.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { SEED_IDS } from '../../../../sandbox/store';
import { underEachReading } from '../../../helpers/readings';
import { useSandboxOrg } from '../../../helpers/sandboxOrg';
import { installClock } from '../../../helpers/virtualClock';
import { itemsThenKustomer, locator } from '../../../helpers/workflows';

const { jane, omar, mei } = SEED_IDS.customers;

describe('Customer → Merge', () => {
	// The sandbox's merges take half a second of real time; the node waits for them on the real clock here.
	const org = useSandboxOrg(() => ({ merges: { runMs: 500 } }));
	beforeEach(() => installClock(undefined));
	const merge = (duplicate: INodeParameters, keep = locator('id', jane)) =>
		itemsThenKustomer([{}], { resource: 'customer', operation: 'merge', customer: keep, duplicateCustomer: duplicate });

	test('the duplicate is merged into the customer kept (waited for), and gone; run again by ID it reports the earlier merge', async () => {
		const conversation = await org.call('POST', `/v1/customers/${omar}/conversations`, { name: 'Where is my order?' });
		const first = await org.run(merge(locator('id', omar)));
		expect(first.error('Kustomer')).toBeUndefined();
		const [output] = first.output('Kustomer');
		expect(output.json).toMatchObject({ status: 'success', keptCustomerId: jane, mergedCustomerId: omar });
		// Started "running", looked at once more after a second: "success".
		expect((await org.requests()).filter((request) => request.path.startsWith('/v1/customers/merges/')).map((request) => request.method)).toEqual(['GET']);
		const kept = (await org.call('GET', `/v1/customers/${jane}`)).data.attributes;
		expect((kept.emails as IDataObject[]).map((entry) => entry.email)).toEqual(['jane@example.com', 'omar@example.com']);
		expect((await org.call<{ data: { relationships: { customer: { data: { id: string } } } } }>('GET', `/v1/conversations/${conversation.data.id}`)).data.relationships.customer.data.id).toBe(jane);
		await expect(org.call('GET', `/v1/customers/${omar}`)).rejects.toThrow(/404/);

		const again = await org.run(merge(locator('id', omar)));
		expect(again.output('Kustomer')[0].json).toEqual({ ...output.json, alreadyMerged: true });
		expect((await org.requests()).filter((request) => request.method === 'POST' && request.path === '/v1/customers/merges').map((request) => request.status)).toEqual([201, 404]);
	});

	test('run again by email: the duplicate\'s email now finds the customer kept, and the item is refused as the same customer', async () => {
		await org.run(merge(locator('email', 'mei@example.com')));
		const again = await org.run(merge(locator('email', 'mei@example.com')));
		expect(again.error('Kustomer')?.message).toBe(`Customer to Keep and Duplicate Customer are the same customer (ID ${jane}) [item 0]`);
		expect((await org.requests()).filter((request) => request.path === '/v1/customers/merges')).toHaveLength(1);
		await expect(org.call('GET', `/v1/customers/${mei}`)).rejects.toThrow(/404/);
	});
});

describe('Message → Update and Redact, Note → Update and Delete', () => {
	const org = useSandboxOrg();

	async function timeline() {
		const conversation = (await org.call('POST', `/v1/customers/${jane}/conversations`, { name: 'Card pasted in chat' })).data.id;
		const message = (await org.call('POST', `/v1/conversations/${conversation}/messages`, { channel: 'chat', app: 'n8n', direction: 'in', preview: 'My card is 4111 1111 1111 1111' })).data.id;
		const note = (await org.call('POST', `/v1/conversations/${conversation}/notes`, { body: 'Customer pasted a card number' })).data.id;
		return { conversation, message, note };
	}

	test('a message corrected, then redacted: its text overwritten for good; the same redaction again leaves it so', async () => {
		const { message } = await timeline();
		const updated = await org.run(itemsThenKustomer([{}], { resource: 'message', operation: 'update', messageId: message, updateFields: { subject: 'Payment', status: 'received' } }));
		expect(updated.output('Kustomer')[0].json).toMatchObject({ id: message, subject: 'Payment', preview: 'My card is 4111 1111 1111 1111' });
		const redact = itemsThenKustomer([{}], { resource: 'message', operation: 'redact', messageId: message, replacementText: 'My card is [redacted]', redactAttachments: 'all' });
		for (let run = 0; run < 2; run++) {
			const result = await org.run(redact);
			expect(result.output('Kustomer')[0].json).toMatchObject({ id: message, redacted: true, textRedacted: true, attachmentsRedacted: [] });
		}
		expect((await org.call('GET', `/v1/messages/${message}`)).data.attributes.preview).toBe('My card is [redacted]');
	});

	test('a note corrected, then deleted; deleting it again says alreadyDeleted', async () => {
		const { note } = await timeline();
		const updated = await org.run(itemsThenKustomer([{}], { resource: 'note', operation: 'update', noteId: note, updateFields: { body: 'Card number removed', userMentions: [SEED_IDS.users.ana] } }));
		expect(updated.output('Kustomer')[0].json).toMatchObject({ id: note, body: 'Card number removed', userMentions: [{ user: SEED_IDS.users.ana }] });
		const remove = itemsThenKustomer([{}], { resource: 'note', operation: 'delete', noteId: note });
		expect((await org.run(remove)).output('Kustomer')[0].json).toEqual({ id: note, deleted: true });
		expect((await org.run(remove)).output('Kustomer')[0].json).toEqual({ id: note, deleted: true, alreadyDeleted: true });
	});
});

underEachReading('redactionPreview', (value) => {
	const org = useSandboxOrg(() => ({ readings: { redactionPreview: value } }));

	test('Message → Redact: the text replaced as documented; read otherwise, the item fails and says to look at the message', async () => {
		const conversation = (await org.call('POST', `/v1/customers/${jane}/conversations`, { name: 'Card pasted in chat' })).data.id;
		const message = (await org.call('POST', `/v1/conversations/${conversation}/messages`, { channel: 'chat', app: 'n8n', preview: 'My card is 4111 1111 1111 1111' })).data.id;
		const result = await org.run(itemsThenKustomer([{}], { resource: 'message', operation: 'redact', messageId: message, replacementText: 'My card is [redacted]' }));
		if (value === 'replacesText') expect(result.output('Kustomer')[0].json).toMatchObject({ id: message, redacted: true, textRedacted: true });
		else expect(result.error('Kustomer')?.message).toMatch(/left it reading something other than the Replacement Text \[item 0\]$/);
	});
});

underEachReading('bulkClientRef', (value) => {
	const org = useSandboxOrg(() => ({ readings: { bulkClientRef: value } }));

	test('Send in Bulk updates messages and notes, each item told its outcome; a missing one fails alone', async () => {
		const conversation = (await org.call('POST', `/v1/customers/${jane}/conversations`, { name: 'Bulk edits' })).data.id;
		const messages = [];
		for (const text of ['one', 'two']) messages.push((await org.call('POST', `/v1/conversations/${conversation}/messages`, { channel: 'chat', app: 'n8n', preview: text })).data.id);
		const note = (await org.call('POST', `/v1/conversations/${conversation}/notes`, { body: 'one' })).data.id;
		const missing = '5a00000000000000000000ff';

		const messageRun = await org.run(
			itemsThenKustomer([...messages, missing].map((id) => ({ id })), { resource: 'message', operation: 'update', messageId: '={{ $json.id }}', updateFields: { subject: 'Bulk' }, sendInBulk: true }, { onError: 'continueRegularOutput' }),
		);
		const outputs = messageRun.output('Kustomer').map((item) => item.json);
		expect(outputs.slice(0, 2)).toEqual(messages.map((id) => expect.objectContaining({ id, bulkResult: 'updated' })));
		expect(String(outputs[2].error)).toMatch(/\[item 2\]$/);
		for (const id of messages) expect((await org.call('GET', `/v1/messages/${id}`)).data.attributes.subject).toBe('Bulk');

		const noteRun = await org.run(itemsThenKustomer([{}], { resource: 'note', operation: 'update', noteId: note, updateFields: { body: 'Bulk' }, sendInBulk: true }));
		expect(noteRun.output('Kustomer')[0].json).toMatchObject({ id: note, bulkResult: 'updated' });
		expect((await org.call('GET', `/v1/notes/${note}`)).data.attributes.body).toBe('Bulk');
	});
});

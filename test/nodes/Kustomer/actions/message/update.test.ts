import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { validateRequestBody } from '../../../../../sandbox/contract';
import { runWorkflow } from '../../../../helpers/harness';
import { kustomerApi, messageResource, objectId, resetApi, sent, serveBulk } from '../../../../helpers/kustomer';
import { itemsThenKustomer } from '../../../../helpers/workflows';
import { MESSAGE_ID } from './update.fixture';

afterEach(resetApi);

const PATH = `/v1/messages/${MESSAGE_ID}`;
const update = (updateFields: INodeParameters, items: IDataObject[] = [{}], messageId = MESSAGE_ID, extra: INodeParameters = {}) =>
	itemsThenKustomer(items, { resource: 'message', operation: 'update', messageId, updateFields, ...extra });
const servePatch = () =>
	kustomerApi()
		.patch(PATH)
		.reply(200, (_uri, body) => ({ data: messageResource(MESSAGE_ID, body as IDataObject) }));

test('PATCH /v1/messages/{id} with only the given fields; the text is Kustomer\'s preview', async () => {
	servePatch();
	const result = await runWorkflow(update({ preview: 'Corrected text', status: 'sent' }));
	expect(sent.map((request) => `${request.method} ${request.path}`)).toEqual([`PATCH ${PATH}`]);
	expect(sent[0].body).toEqual({ preview: 'Corrected text', status: 'sent' });
	expect(result.output('Kustomer')[0].json).toMatchObject({ id: MESSAGE_ID, preview: 'Corrected text', conversationId: expect.any(String) });
});

test('Subject, External ID and Language added but empty are cleared (null); Sent At is read in the workflow\'s time zone (n8n\'s default, New York)', async () => {
	servePatch();
	await runWorkflow(update({ subject: '', externalId: '', lang: '', sentAt: '2026-11-21T10:00:00' }));
	expect(sent[0].body).toEqual({ subject: null, externalId: null, lang: null, sentAt: '2026-11-21T15:00:00.000Z' });
});

test('Update Fields empty: the item fails naming them, and nothing is sent (an empty update would only look like success)', async () => {
	const result = await runWorkflow(update({}));
	expect(result.error('Kustomer')?.message).toBe('Update Fields are empty: add the fields to change, such as Body, Subject or Status [item 0]');
	expect(sent).toEqual([]);
});

test('an ID with capitals or spaces is sent as Kustomer writes IDs', async () => {
	servePatch();
	await runWorkflow(update({ subject: 'Hi' }, [{}], ` ${MESSAGE_ID.toUpperCase()} `));
	expect(sent[0].path).toBe(PATH);
});

test('items changing the same message go in input order: the last one\'s values stay', async () => {
	servePatch();
	servePatch();
	await runWorkflow(update({ subject: '={{ $json.subject }}' }, [{ subject: 'first' }, { subject: 'second' }], MESSAGE_ID, { requestOptions: { maxParallel: 10 } }));
	expect(sent.map((request) => (request.body as IDataObject).subject)).toEqual(['first', 'second']);
});

test('Send in Bulk: PUT /v1/messages/bulk with { id, ...fields } per item, in the schema; a missing message fails only its item', async () => {
	const other = objectId(0xe2);
	const submitted = serveBulk('/v1/messages/bulk', {
		method: 'PUT',
		outcome: (record) => (record.id === other ? { status: 'error', error: `message ${other} not found` } : { status: 'updated', objectId: String(record.id) }),
	});
	const workflow = update({ subject: 'Order 1042' }, [{ id: MESSAGE_ID }, { id: other }], '={{ $json.id }}', { sendInBulk: true });
	workflow.nodes[1].onError = 'continueRegularOutput';
	const result = await runWorkflow(workflow);
	expect(submitted[0].map(({ _clientRef, ...record }) => record)).toEqual([
		{ id: MESSAGE_ID, subject: 'Order 1042' },
		{ id: other, subject: 'Order 1042' },
	]);
	expect(validateRequestBody('PUT', '/v1/messages/bulk', submitted[0]).errors).toEqual([]);
	const output = result.output('Kustomer');
	expect(output[0].json).toMatchObject({ id: MESSAGE_ID, bulkResult: 'updated' });
	expect(output[1].json.error).toMatch(/not found \[item 1\]$/);
});

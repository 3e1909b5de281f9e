import type { IDataObject } from 'n8n-workflow';

import { runWorkflow } from '../../../../helpers/harness';
import { CONVERSATION_ID, kustomerApi, noteResource, page, resetApi, sent } from '../../../../helpers/kustomer';
import { itemsThenKustomer, locator } from '../../../../helpers/workflows';

afterEach(resetApi);

const NOTES_PATH = `/v1/conversations/${CONVERSATION_ID}/notes`;
const getMany = (parameters: IDataObject = {}, items: IDataObject[] = [{}]) =>
	itemsThenKustomer(items, { resource: 'note', operation: 'getAll', conversation: locator('id', CONVERSATION_ID), ...parameters });
const note = (seed: string, createdAt: string) => noteResource(`0000000000000000000000${seed}`, { createdAt, body: `note ${seed}` });

test("a conversation's notes, oldest first, Limit 50 by default", async () => {
	kustomerApi()
		.get(NOTES_PATH)
		.query({ page: 1, pageSize: 100 })
		.reply(200, page([note('b2', '2026-11-02T00:00:00Z'), note('b1', '2026-11-01T00:00:00Z')], null));
	const result = await runWorkflow(getMany());
	expect(result.output('Kustomer').map((item) => item.json)).toEqual([
		expect.objectContaining({ id: '0000000000000000000000b1', body: 'note b1', conversationId: CONVERSATION_ID }),
		expect.objectContaining({ id: '0000000000000000000000b2', body: 'note b2' }),
	]);
});

test('one run per input item, each paired to its item', async () => {
	kustomerApi().get(NOTES_PATH).query(true).times(2).reply(200, page([note('b1', '2026-11-01T00:00:00Z')], null));
	const result = await runWorkflow(getMany({ returnAll: true }, [{}, {}]));
	expect(result.output('Kustomer').map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	expect(sent).toHaveLength(2);
});

test('a limit that is not a number fails before any request', async () => {
	const result = await runWorkflow(getMany({ limit: '={{ "ten" }}' }));
	expect(result.error('Kustomer')?.message).toBe('Limit must be a number [item 0]');
	expect(sent).toHaveLength(0);
});

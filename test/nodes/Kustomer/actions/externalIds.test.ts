/**
 * Idempotency by External ID against the sandbox when Kustomer's search index trails its
 * writes: a run started seconds after another must find the records that run made, even
 * though the search does not show them yet (issue 23 item 2). The sandbox's index here does not
 * see records created in the last minute.
 */
import type { IDataObject } from 'n8n-workflow';

import { SEED_IDS } from '../../../../sandbox/store';
import { runWorkflow } from '../../../helpers/harness';
import { useSandbox } from '../../../helpers/sandbox';
import { itemsThenKustomer, locator } from '../../../helpers/workflows';

const { state, call } = useSandbox();
const credentials = () => ({ kustomerApi: { host: 'custom', customBaseUrl: state.base, apiKey: 'sandbox-key' } });
const refs = (prefix: string) => Array.from({ length: 6 }, (_, index) => ({ ref: `${prefix}-${index}` }));

beforeEach(async () => {
	await call('PATCH', '/_sandbox/config', { faults: { searchIndexLagMs: 60_000 } }, null);
});

async function records(collection: string, prefix: string): Promise<IDataObject[]> {
	const { body } = await call('GET', `/_sandbox/records/${collection}`, undefined, null);
	return (body.data as IDataObject[]).filter((record) => String((record.attributes as IDataObject).externalId).startsWith(prefix));
}

test('conversations: a second run right after the first finds every conversation by lookup and creates none', async () => {
	const workflow = itemsThenKustomer(refs('lag-conv'), {
		resource: 'conversation',
		operation: 'create',
		customer: locator('id', SEED_IDS.customers.jane),
		additionalFields: { externalId: '={{ $json.ref }}', name: '={{ $json.ref }}' },
	});
	const first = await runWorkflow(workflow, { credentials: credentials() });
	expect(first.error('Kustomer')).toBeUndefined();
	const second = await runWorkflow(workflow, { credentials: credentials() });
	expect(second.output('Kustomer').map((item) => item.json.id)).toEqual(first.output('Kustomer').map((item) => item.json.id));
	expect(await records('conversations', 'lag-conv')).toHaveLength(6);
});

test('messages: a second run right after the first records none twice', async () => {
	const conversation = (await call('POST', '/v1/conversations', { customer: SEED_IDS.customers.jane, name: 'Lagging index' })).body.data.id;
	const workflow = itemsThenKustomer(refs('lag-msg'), {
		resource: 'message',
		operation: 'create',
		conversation: locator('id', conversation),
		channel: 'chat',
		direction: 'in',
		body: '={{ $json.ref }}',
		additionalFields: { externalId: '={{ $json.ref }}' },
	});
	const first = await runWorkflow(workflow, { credentials: credentials() });
	expect(first.error('Kustomer')).toBeUndefined();
	await runWorkflow(workflow, { credentials: credentials() });
	expect(await records('messages', 'lag-msg')).toHaveLength(6);
});

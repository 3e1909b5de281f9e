/**
 * Both triggers give the same record for the same Kustomer record (issue 20 item 7): the
 * polling trigger's version 3 and the webhook trigger's version 4 simplified records are the
 * Kustomer node's version 2 Simplify records, key for key, so a workflow can switch triggers.
 * The same record, as the fake search serves it to a real poll and as Kustomer's webhook
 * would carry it to a real delivery.
 */
import type { IDataObject, INodeExecutionData, IRun } from 'n8n-workflow';

import { CUSTOMER_ID, kustomerApi, objectId, page, QUEUE_ID, TEAM_ID } from '../../helpers/kustomer';
import { kustomerEvent, signed } from '../../helpers/kustomerEvents';
import { iso, PollingTriggerUnderTest, pollingNode, usePollingFake } from '../../helpers/polling';
import { WEBHOOK_URL } from '../../helpers/trigger';
import { useTriggerTests } from '../../helpers/triggerTests';
import { clock } from '../../helpers/virtualClock';

const fake = usePollingFake();
const EVENTS = ['kustomer.conversation.create', 'kustomer.customer.create'];
const webhook = useTriggerTests({ registration: 'automatic', events: EVENTS });
const TAG_ID = objectId(0xd3);

beforeEach(() => {
	kustomerApi().persist().get('/v1/tags').query(true).reply(200, page([{ type: 'tag', id: TAG_ID, attributes: { name: 'vip' } }], null));
	kustomerApi().persist().get('/v1/routing/queues').query(true).reply(200, page([{ type: 'queue', id: QUEUE_ID, attributes: { displayName: 'Billing' } }], null));
	kustomerApi().persist().get('/v1/teams').query(true).reply(200, page([{ type: 'team', id: TEAM_ID, attributes: { displayName: 'Tier 2' } }], null));
});

/** The polling trigger's item for the record the fake holds, and the record as Kustomer renders it. */
async function polled(event: string, collection: string, attributes: IDataObject, relationships = {}): Promise<{ item: INodeExecutionData; rendered: IDataObject }> {
	const subject = new PollingTriggerUnderTest(pollingNode({ event }, 'Kustomer Polling Trigger', 3));
	await subject.activate();
	clock.advance(60_000);
	const record = fake.kustomer().add(collection, { createdAt: iso(10), updatedAt: iso(10), ...attributes }, relationships);
	const [item] = (await subject.tick()) ?? [];
	return { item, rendered: fake.kustomer().store.render(collection, record) as IDataObject };
}

/** The webhook trigger's item for a delivery carrying `data`. */
async function delivered(name: string, data: IDataObject): Promise<IDataObject> {
	const subject = await webhook.activeTrigger(undefined, { typeVersion: 4 });
	const token = webhook.kustomer().withUrl(WEBHOOK_URL)[0].token;
	// Kustomer's envelope names the record's org.
	const org = ((data.relationships as IDataObject).org as { data: { id: string } }).data.id;
	const { executions } = await subject.deliver(signed({ ...kustomerEvent(name, data), org }, token));
	return (executions[0] as IRun).data.resultData.runData['Kustomer Trigger'][0].data!.main[0]![0].json;
}

test('a conversation with a tag, a queue and a team: the same record from both triggers, names beside IDs', async () => {
	const relationships = { customer: { type: 'customer', id: CUSTOMER_ID }, queue: { type: 'queue', id: QUEUE_ID } };
	const { item, rendered } = await polled('conversationCreated', 'conversations', { name: 'Refund', status: 'open', rev: 3, tags: [TAG_ID], assignedTeams: [TEAM_ID] }, relationships);
	const pushed = await delivered('kustomer.conversation.create', rendered);
	expect(Object.keys(pushed).sort()).toEqual(Object.keys(item.json).sort());
	expect(pushed).toMatchObject({ event: item.json.event, orgId: item.json.orgId, resourceType: item.json.resourceType });
	expect(pushed.resource).toEqual(item.json.resource);
	expect(pushed.resource).toMatchObject({ tagNames: ['vip'], queueName: 'Billing', assignedTeamNames: ['Tier 2'], appUrl: expect.stringContaining('/app/customers/') });
});

test('a customer: the same record from both triggers, with a plain email and phone', async () => {
	const attributes = { name: 'Ada', emails: [{ email: 'ada@example.com' }], phones: [{ phone: '+14155550123' }], rev: 2 };
	const { item, rendered } = await polled('customerChanged', 'customers', attributes);
	const pushed = await delivered('kustomer.customer.create', rendered);
	expect(pushed.resource).toEqual(item.json.resource);
	expect(pushed.resource).toMatchObject({ email: 'ada@example.com', phone: '+14155550123' });
	expect(pushed.resource).not.toHaveProperty('rev');
});

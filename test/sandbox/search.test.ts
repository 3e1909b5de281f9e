/**
 * The sandbox's search over what the polling trigger watches besides customers, conversations
 * and messages: notes (queryContext note), custom objects (queryContext kobject, each typed
 * kobject.<klass>) and deleted records (includeDeleted), by their dates.
 */
import { SEED_IDS } from '../../sandbox/store';
import { underEachReading } from '../helpers/readings';
import { useSandbox } from '../helpers/sandbox';

const { call } = useSandbox();

type Found = { id: string; type: string; attributes: Record<string, unknown> };
const search = async (body: Record<string, unknown>): Promise<Found[]> => (await call('POST', '/v1/customers/search', body)).body.data;

test('notes are found by note_created_at; custom objects by kobject_created_at, typed by their klass', async () => {
	const conversation = (await call('POST', '/v1/conversations', { customer: SEED_IDS.customers.jane, name: 'With a note' })).body.data;
	const note = (await call('POST', `/v1/conversations/${conversation.id}/notes`, { body: 'Called back' })).body.data;
	const since = note.attributes.createdAt as string;
	expect((await search({ queryContext: 'note', and: [{ note_created_at: { gte: since } }] })).map((found) => found.id)).toEqual([note.id]);

	const order = (await call('POST', `/v1/customers/${SEED_IDS.customers.jane}/klasses/order`, { title: 'Order 7' })).body.data;
	const subscription = (await call('POST', '/v1/klasses/subscription', { title: 'Plan' })).body.data;
	const objects = await search({ queryContext: 'kobject', and: [{ kobject_created_at: { gte: since } }], sort: [{ kobject_updated_at: 'asc' }] });
	expect(objects.map((found) => [found.id, found.type])).toEqual([
		[order.id, 'kobject.order'],
		[subscription.id, 'kobject.subscription'],
	]);
});

underEachReading('deletionStamp', (value) => {
	test('a deleted customer, conversation or custom object is found only with includeDeleted, flagged deleted, stamped as the reading says', async () => {
		await call('PATCH', '/_sandbox/config', { readings: { deletionStamp: value } }, null);
		const customer = (await call('POST', '/v1/customers', { name: 'Leaving' })).body.data;
		const conversation = (await call('POST', '/v1/conversations', { customer: customer.id, name: 'Old ticket' })).body.data;
		const order = (await call('POST', '/v1/klasses/order', { title: 'Cancelled' })).body.data;
		for (const path of [`/v1/conversations/${conversation.id}`, `/v1/klasses/order/${order.id}`, `/v1/customers/${customer.id}`]) {
			expect((await call('DELETE', path)).status).toBe(204);
		}
		for (const [queryContext, record] of [['customer', customer], ['conversation', conversation], ['kobject', order]] as const) {
			const byId = { queryContext, and: [{ [`${queryContext}_id`]: { equals: record.id } }] };
			expect(await search(byId)).toEqual([]);
			const [deleted] = await search({ ...byId, includeDeleted: true });
			expect(deleted.attributes).toMatchObject({ deleted: true, deletedAt: expect.any(String) });
			const { deletedAt, updatedAt } = deleted.attributes as { deletedAt: string; updatedAt: string };
			if (value === 'updatedAt') expect(updatedAt).toBe(deletedAt);
			else expect(updatedAt).toBe(record.attributes.updatedAt);
			// Found by the time of the delete exactly when the delete stamped updatedAt.
			const byTime = await search({ queryContext, includeDeleted: true, and: [{ [`${queryContext}_updated_at`]: { gte: deletedAt } }] });
			expect(byTime.map((found) => found.id).includes(record.id)).toBe(value === 'updatedAt');
		}
	});
});

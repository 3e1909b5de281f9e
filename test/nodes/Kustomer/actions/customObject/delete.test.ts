import { runWorkflow } from '../../../../helpers/harness';
import { KLASS, kobjectResource, kustomerApi, resetApi, sent, serveKlasses } from '../../../../helpers/kustomer';
import { itemsThenKustomer, locator } from '../../../../helpers/workflows';

afterEach(resetApi);
beforeEach(() => serveKlasses());

const ID = '0000000000000000000000b6';

test('DELETE answers 204; the output says what was deleted', async () => {
	kustomerApi().delete(`/v1/klasses/${KLASS}/${ID}`).reply(204);
	const result = await runWorkflow(itemsThenKustomer([{}], { resource: 'customObject', operation: 'delete', klass: KLASS, customObject: locator('id', ID) }));
	expect(result.output('Kustomer')).toEqual([{ json: { id: ID, klass: KLASS, deleted: true }, pairedItem: { item: 0 } }]);
});

test('by external ID: looked up, then deleted by ID', async () => {
	kustomerApi().get(`/v1/klasses/${KLASS}/externalId=order-1`).reply(200, { data: kobjectResource(ID) });
	kustomerApi().delete(`/v1/klasses/${KLASS}/${ID}`).reply(204);
	await runWorkflow(itemsThenKustomer([{}], { resource: 'customObject', operation: 'delete', klass: KLASS, customObject: locator('externalId', 'order-1') }));
	expect(sent.map((request) => request.method)).toEqual(['GET', 'DELETE']);
});

test('a 404 for an ID Kustomer\'s search (deleted records included) does not know is an error; one it knows was deleted already', async () => {
	const remove = () => itemsThenKustomer([{}], { resource: 'customObject', operation: 'delete', klass: KLASS, customObject: locator('id', ID) });
	kustomerApi().delete(`/v1/klasses/${KLASS}/${ID}`).reply(404, '');
	kustomerApi().post('/v1/customers/search').query(true).reply(200, { data: [], links: { next: null } });
	expect((await runWorkflow(remove())).error('Kustomer')?.message).toBe(`No Kustomer ${KLASS} object with ID ${ID} [item 0]`);
	expect(sent[1].body).toMatchObject({ queryContext: 'kobject', includeDeleted: true, and: [{ kobject_id: { equals: ID } }] });
	resetApi();
	serveKlasses();
	kustomerApi().delete(`/v1/klasses/${KLASS}/${ID}`).reply(404, '');
	kustomerApi().post('/v1/customers/search').query(true).reply(200, { data: [kobjectResource(ID, { deleted: true })], links: { next: null } });
	expect((await runWorkflow(remove())).output('Kustomer')[0].json).toEqual({ id: ID, klass: KLASS, deleted: true, alreadyDeleted: true });
});

import { runWorkflow } from '../../../../helpers/harness';
import { CUSTOMER_ID, customerResource, kustomerApi, resetApi, sent } from '../../../../helpers/kustomer';
import { itemsThenKustomer, locator } from '../../../../helpers/workflows';

afterEach(resetApi);

const remove = (mode: string, value: string) => itemsThenKustomer([{}], { resource: 'customer', operation: 'delete', customer: locator(mode, value) });

test('deletes by ID: DELETE /v1/customers/{id}, and says which one went', async () => {
	kustomerApi().delete(`/v1/customers/${CUSTOMER_ID}`).reply(204);
	const result = await runWorkflow(remove('id', CUSTOMER_ID));
	expect(sent.map((request) => `${request.method} ${request.path}`)).toEqual([`DELETE /v1/customers/${CUSTOMER_ID}`]);
	expect(result.output('Kustomer')).toEqual([{ json: { id: CUSTOMER_ID, deleted: true }, pairedItem: { item: 0 } }]);
});

test('deletes by phone after looking the customer up', async () => {
	kustomerApi().get('/v1/customers/phone=%2B442079460958').reply(200, { data: customerResource() });
	kustomerApi().delete(`/v1/customers/${CUSTOMER_ID}`).reply(204);
	await runWorkflow(remove('phone', '+44 20 7946 0958'));
	expect(sent.map((request) => request.method)).toEqual(['GET', 'DELETE']);
});

test('names the role it needs when the key lacks it', async () => {
	kustomerApi().delete(`/v1/customers/${CUSTOMER_ID}`).reply(403, '');
	const result = await runWorkflow(remove('id', CUSTOMER_ID));
	expect(result.error('Kustomer')?.description).toContain('org.permission.customer.delete');
});

test('a 404 for an ID Kustomer\'s search (deleted records included) does not know is an error; one it knows was deleted already', async () => {
	kustomerApi().delete(`/v1/customers/${CUSTOMER_ID}`).reply(404, '');
	kustomerApi().post('/v1/customers/search').query(true).reply(200, { data: [], links: { next: null } });
	expect((await runWorkflow(remove('id', CUSTOMER_ID))).error('Kustomer')?.message).toBe(`No Kustomer customer with ID ${CUSTOMER_ID} [item 0]`);
	expect(sent[1].body).toMatchObject({ queryContext: 'customer', includeDeleted: true, and: [{ customer_id: { equals: CUSTOMER_ID } }] });
	resetApi();
	kustomerApi().delete(`/v1/customers/${CUSTOMER_ID}`).reply(404, '');
	kustomerApi().post('/v1/customers/search').query(true).reply(200, { data: [customerResource(CUSTOMER_ID, { deleted: true })], links: { next: null } });
	expect((await runWorkflow(remove('id', CUSTOMER_ID))).output('Kustomer')[0].json).toEqual({ id: CUSTOMER_ID, deleted: true, alreadyDeleted: true });
});

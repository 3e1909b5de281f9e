import type { IDataObject } from 'n8n-workflow';

import { runWorkflow } from '../../../../helpers/harness';
import { CUSTOMER_ID, customerResource, KLASS, kobjectResource, kustomerApi, objectId, page, resetApi, sent, serveKlasses } from '../../../../helpers/kustomer';
import { itemsThenKustomer, locator } from '../../../../helpers/workflows';

afterEach(resetApi);
beforeEach(() => serveKlasses());

const getMany = (parameters: IDataObject) => itemsThenKustomer([{}], { resource: 'customObject', operation: 'getAll', klass: KLASS, ...parameters });
const objects = (from: number, count: number) => Array.from({ length: count }, (_, index) => kobjectResource(objectId(from + index)));

test('Limit asks for no bigger a page than needed', async () => {
	kustomerApi().get(`/v1/klasses/${KLASS}`).query({ page: 1, pageSize: 3 }).reply(200, page(objects(1, 3), `/v1/klasses/${KLASS}?page=2&pageSize=3`));
	const result = await runWorkflow(getMany({ limit: 3 }));
	expect(result.output('Kustomer')).toHaveLength(3);
	expect(sent).toHaveLength(1);
});

test('Return All follows links.next to the end', async () => {
	kustomerApi().get(`/v1/klasses/${KLASS}`).query({ page: 1, pageSize: 100 }).reply(200, page(objects(1, 100), `/v1/klasses/${KLASS}?page=2&pageSize=100`));
	kustomerApi().get(`/v1/klasses/${KLASS}`).query({ page: 2, pageSize: 100 }).reply(200, page(objects(101, 5), null, 2));
	expect((await runWorkflow(getMany({ returnAll: true }))).output('Kustomer')).toHaveLength(105);
});

test("a customer's objects, the customer found by phone first", async () => {
	kustomerApi().get('/v1/customers/phone=%2B14155550123').reply(200, { data: customerResource() });
	kustomerApi().get(`/v1/customers/${CUSTOMER_ID}/klasses/${KLASS}`).query(true).reply(200, page(objects(1, 2), null));
	const result = await runWorkflow(getMany({ of: 'customer', customer: locator('phone', '+1 415 555 0123'), returnAll: true }));
	expect(sent.map((request) => request.path.split('?')[0])).toEqual(['/v1/customers/phone=%2B14155550123', `/v1/customers/${CUSTOMER_ID}/klasses/${KLASS}`]);
	expect(result.output('Kustomer')).toHaveLength(2);
});

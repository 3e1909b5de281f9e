import { runWorkflow } from '../../../../helpers/harness';
import { KLASS, kobjectResource, kustomerApi, resetApi, sent, serveKlasses } from '../../../../helpers/kustomer';
import { itemsThenKustomer, locator } from '../../../../helpers/workflows';

afterEach(resetApi);
beforeEach(() => serveKlasses());

const ID = '0000000000000000000000b3';
const get = (customObject: ReturnType<typeof locator>, simplify = true) =>
	itemsThenKustomer([{}], { resource: 'customObject', operation: 'get', klass: KLASS, customObject, simplify });

test('by ID', async () => {
	kustomerApi().get(`/v1/klasses/${KLASS}/${ID}`).reply(200, { data: kobjectResource(ID, { custom: { totalNum: 20 } }) });
	const result = await runWorkflow(get(locator('id', ID)));
	expect(result.output('Kustomer')[0].json).toMatchObject({ id: ID, title: 'Order 1042', custom: { totalNum: 20 } });
});

test('by external ID, URL-encoded in the path; raw output as Kustomer sends it', async () => {
	kustomerApi().get(`/v1/klasses/${KLASS}/externalId=a%20b%3Fc`).reply(200, { data: kobjectResource(ID) });
	const result = await runWorkflow(get(locator('externalId', 'a b?c'), false));
	expect(result.output('Kustomer')[0].json).toMatchObject({ type: `kobject.${KLASS}`, id: ID });
});

test('a miss names what was looked for', async () => {
	kustomerApi().get(`/v1/klasses/${KLASS}/externalId=nope`).reply(404, '');
	const result = await runWorkflow(get(locator('externalId', 'nope')));
	expect(result.error('Kustomer')?.message).toBe(`No Kustomer ${KLASS} object with external ID "nope"`);
	expect(sent).toHaveLength(1);
});

import type { IDataObject } from 'n8n-workflow';

import { runWorkflow } from '../../../../helpers/harness';
import { CUSTOMER_ID, KLASS, kobjectResource, kustomerApi, resetApi, sent, serveKlasses } from '../../../../helpers/kustomer';
import { attributeMapper, itemsThenKustomer, locator } from '../../../../helpers/workflows';

afterEach(resetApi);
beforeEach(() => serveKlasses());

const ID = '0000000000000000000000b2';
const LOOKUP = `/v1/klasses/${KLASS}/externalId=order%2F1042`;
const upsert = (parameters: IDataObject = {}) =>
	itemsThenKustomer([{}], { resource: 'customObject', operation: 'upsert', klass: KLASS, externalId: 'order/1042', title: 'Order 1042', ...parameters });
const requests = () => sent.map((request) => `${request.method} ${request.path}`);

test('no object with the external ID: created with it', async () => {
	kustomerApi().get(LOOKUP).reply(404, '');
	kustomerApi().post(`/v1/klasses/${KLASS}`).reply(201, { data: kobjectResource(ID, { externalId: 'order/1042' }) });
	await runWorkflow(upsert({ customAttributesMapper: attributeMapper('kobject.order', { totalNum: 20 }) }));
	expect(requests()).toEqual([`GET ${LOOKUP}`, `POST /v1/klasses/${KLASS}`]);
	expect(sent[1].body).toEqual({ title: 'Order 1042', externalId: 'order/1042', custom: { totalNum: 20 } });
});

test('run twice, the second run updates the one object the first created', async () => {
	let stored: IDataObject | undefined;
	kustomerApi()
		.get(LOOKUP)
		.times(2)
		.reply(() => (stored ? [200, { data: stored }] : [404, '']));
	kustomerApi()
		.post(`/v1/klasses/${KLASS}`)
		.reply((_uri, body) => {
			stored = kobjectResource(ID, body as IDataObject);
			return [201, { data: stored }];
		});
	kustomerApi().put(`/v1/klasses/${KLASS}/${ID}`).reply(200, () => ({ data: stored }));
	await runWorkflow(upsert());
	await runWorkflow(upsert({ title: 'Order 1042 (shipped)' }));
	expect(requests()).toEqual([`GET ${LOOKUP}`, `POST /v1/klasses/${KLASS}`, `GET ${LOOKUP}`, `PUT /v1/klasses/${KLASS}/${ID}`]);
	expect(sent[3].body).toEqual({ title: 'Order 1042 (shipped)', externalId: 'order/1042' });
});

test('a create that failed ambiguously is looked for before it is sent again', async () => {
	kustomerApi().get(LOOKUP).reply(404, '');
	kustomerApi().post(`/v1/klasses/${KLASS}`).reply(502, '');
	kustomerApi().get(LOOKUP).reply(200, { data: kobjectResource(ID, { externalId: 'order/1042' }) });
	const result = await runWorkflow(upsert());
	expect(requests()).toEqual([`GET ${LOOKUP}`, `POST /v1/klasses/${KLASS}`, `GET ${LOOKUP}`]);
	expect(result.output('Kustomer')[0].json.id).toBe(ID);
});

test('an object linked to another customer is not changed: Kustomer cannot re-link one', async () => {
	kustomerApi().get(LOOKUP).reply(200, { data: kobjectResource(ID, {}, '5f1a2b3c4d5e6f7a8b9c0d99') });
	const result = await runWorkflow(upsert({ customer: locator('id', CUSTOMER_ID) }));
	expect(result.error('Kustomer')?.message).toBe(`The custom object with this external ID is linked to customer 5f1a2b3c4d5e6f7a8b9c0d99, not to ${CUSTOMER_ID} [item 0]`);
	expect(requests()).toEqual([`GET ${LOOKUP}`]);
});

test('an empty external ID fails before any request', async () => {
	const result = await runWorkflow(upsert({ externalId: '={{ "" }}' }));
	expect(result.error('Kustomer')?.message).toBe('External ID is required: the object is found by it [item 0]');
	expect(sent).toHaveLength(0);
});

test('found by external ID, the update sends no company (Kustomer\'s update has none); the same company is fine', async () => {
	const company = '5f1a2b3c4d5e6f7a8b9c0d77';
	const found = kobjectResource(ID);
	(found.relationships as IDataObject).company = { data: { type: 'company', id: company } };
	kustomerApi().get(LOOKUP).reply(200, { data: found });
	kustomerApi().put(`/v1/klasses/${KLASS}/${ID}`).reply(200, { data: found });
	await runWorkflow(upsert({ additionalFields: { company } }));
	expect(sent[1].body).toEqual({ title: 'Order 1042', externalId: 'order/1042' });
});

describe('two items with one External ID in a run, and a create someone else made meanwhile', () => {
	/** A stateful org: the lookup finds what was created; a second create with the External ID is a 409 where Kustomer enforces uniqueness. */
	function serveObjects(uniqueness: 'enforced' | 'not-enforced') {
		const stored: IDataObject[] = [];
		kustomerApi()
			.get(LOOKUP)
			.times(Infinity)
			.reply(() => (stored.length ? [200, { data: stored[0] }] : [404, '']));
		kustomerApi()
			.post(`/v1/klasses/${KLASS}`)
			.times(Infinity)
			.reply((_uri, body) => {
				if (stored.length && uniqueness === 'enforced') return [409, { errors: [{ title: 'Conflict', detail: 'externalId already exists' }] }];
				stored.push(kobjectResource(`0000000000000000000000c${stored.length}`, body as IDataObject));
				return [201, { data: stored[stored.length - 1] }];
			});
		kustomerApi()
			.put(/\/v1\/klasses\/order\/[0-9a-f]{24}$/)
			.times(Infinity)
			.reply((_uri, body) => {
				Object.assign(stored[0].attributes as IDataObject, body);
				return [200, { data: stored[0] }];
			});
		return stored;
	}
	const twoItems = () =>
		itemsThenKustomer([{ title: 'Order 1042 (placed)' }, { title: 'Order 1042 (shipped)' }], {
			resource: 'customObject',
			operation: 'upsert',
			klass: KLASS,
			externalId: 'order/1042',
			title: '={{ $json.title }}',
		});

	test.each(['enforced', 'not-enforced'] as const)('Kustomer uniqueness %s: one object, created by the first item and updated by the second, in input order', async (uniqueness) => {
		const stored = serveObjects(uniqueness);
		const result = await runWorkflow(twoItems());
		expect(result.error('Kustomer')).toBeUndefined();
		expect(stored).toHaveLength(1);
		expect(requests().filter((request) => !request.startsWith('GET'))).toEqual([`POST /v1/klasses/${KLASS}`, `PUT /v1/klasses/${KLASS}/${String(stored[0].id)}`]);
		expect((stored[0].attributes as IDataObject).title).toBe('Order 1042 (shipped)');
		expect(result.output('Kustomer').map((item) => item.json.id)).toEqual([stored[0].id, stored[0].id]);
	});

	test('a create answered 409 (another run created it meanwhile) updates the object that now holds the External ID', async () => {
		kustomerApi().get(LOOKUP).reply(404, '');
		kustomerApi().post(`/v1/klasses/${KLASS}`).reply(409, { errors: [{ title: 'Conflict', detail: 'externalId already exists' }] });
		kustomerApi().get(LOOKUP).reply(200, { data: kobjectResource(ID, { externalId: 'order/1042' }) });
		kustomerApi().put(`/v1/klasses/${KLASS}/${ID}`).reply(200, { data: kobjectResource(ID, { externalId: 'order/1042', title: 'Order 1042' }) });
		const result = await runWorkflow(upsert());
		expect(result.error('Kustomer')).toBeUndefined();
		expect(requests()).toEqual([`GET ${LOOKUP}`, `POST /v1/klasses/${KLASS}`, `GET ${LOOKUP}`, `PUT /v1/klasses/${KLASS}/${ID}`]);
		expect(result.output('Kustomer')[0].json.id).toBe(ID);
	});
});

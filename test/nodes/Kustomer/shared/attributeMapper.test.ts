import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { METADATA } from '../../../../sandbox/metadata';
import { definitionFromField, fieldsFromMetadata } from '../../../../nodes/Kustomer/shared/attributeMapper';
import { runWorkflow } from '../../../helpers/harness';
import {
	CONVERSATION_ID,
	conversationResource,
	CUSTOMER_ID,
	customerResource,
	kustomerApi,
	resetApi,
	sent,
	unrecordedApi,
} from '../../../helpers/kustomer';
import { attributeMapper, itemsThenKustomer, locator } from '../../../helpers/workflows';

const byId = (resource: string) => new Map(fieldsFromMetadata(METADATA[resource]).map((field) => [field.id, field]));

test('one field per attribute the org defined, typed from its suffix, labelled with both names; deleted ones left out', () => {
	const fields = byId('customer');
	expect([...fields.keys()].sort()).toEqual(['accountNotesTxt', 'regionTree', 'renewalAt', 'seatsNum', 'tierStr', 'vipBool', 'websiteUrl']);
	expect(fields.get('seatsNum')).toEqual({
		id: 'seatsNum',
		displayName: 'Seats (seatsNum)',
		type: 'number',
		options: undefined,
		required: false,
		defaultMatch: false,
		canBeUsedToMatch: false,
		display: true,
	});
	expect(fields.get('vipBool')?.type).toBe('boolean');
	expect(fields.get('renewalAt')?.type).toBe('dateTime');
	expect(fields.get('websiteUrl')?.type).toBe('string');
});

test('a picker of allowed values: the older list of strings, and dropdown trees (leaves only when Kustomer requires the last level)', () => {
	const customer = byId('customer');
	expect(customer.get('tierStr')).toMatchObject({ type: 'options', options: ['Gold', 'Silver', 'Bronze'].map((value) => ({ name: value, value })) });
	expect(customer.get('regionTree')?.options).toEqual([
		{ name: 'Americas › United States', value: 'us' },
		{ name: 'Americas › Canada', value: 'ca' },
		{ name: 'EMEA › Germany', value: 'de' },
		{ name: 'EMEA › France', value: 'fr' },
	]);
	expect(byId('conversation').get('reasonTree')?.options?.map((option) => option.value)).toEqual(['shipping', 'shipping.damaged', 'shipping.lost', 'billing', 'billing.refund']);
});

test('a reference to several records is a list; an attribute without display name gets Kustomer\'s default one', () => {
	expect(byId('kobject.order').get('lineItemsId')?.type).toBe('array');
	expect(fieldsFromMetadata({ totalOrdersNum: { type: 'number' } })[0].displayName).toBe('Total Orders (totalOrdersNum)');
	expect(fieldsFromMetadata(undefined)).toEqual([]);
});

test('the saved field tells the node how to convert the value at run time', () => {
	const fields = byId('customer');
	expect(definitionFromField(fields.get('tierStr')!)).toMatchObject({ name: 'tierStr', kind: 'choice', choices: expect.arrayContaining([{ name: 'Gold', value: 'Gold' }]) });
	expect(definitionFromField(fields.get('accountNotesTxt')!)).toMatchObject({ kind: 'longText', label: 'Account Notes (accountNotesTxt)' });
	expect(definitionFromField(byId('kobject.order').get('lineItemsId')!)).toMatchObject({ kind: 'reference', multi: true });
	expect(definitionFromField({ id: 'score', displayName: 'Score', type: 'number', required: false, defaultMatch: false, display: true })).toMatchObject({ kind: 'number' });
});

describe('every operation with custom attributes takes the typed mapper, with the name/value rows beside it', () => {
	afterEach(resetApi);

	const OPERATIONS: Array<{ label: string; resource: string; metadata: string; parameters: INodeParameters; serve: () => void; path: string }> = [
		{
			label: 'Conversation → Create',
			resource: 'conversation',
			metadata: 'conversation',
			parameters: { operation: 'create', customer: locator('id', CUSTOMER_ID) },
			serve: () => kustomerApi().post('/v1/conversations').reply(201, { data: conversationResource() }),
			path: '/v1/conversations',
		},
		{
			label: 'Conversation → Update',
			resource: 'conversation',
			metadata: 'conversation',
			parameters: { operation: 'update', conversation: locator('id', CONVERSATION_ID) },
			serve: () => kustomerApi().patch(`/v1/conversations/${CONVERSATION_ID}`).reply(200, { data: conversationResource() }),
			path: `/v1/conversations/${CONVERSATION_ID}`,
		},
		{
			label: 'Customer → Create',
			resource: 'customer',
			metadata: 'customer',
			parameters: { operation: 'create' },
			serve: () => kustomerApi().post('/v1/customers').reply(201, { data: customerResource() }),
			path: '/v1/customers',
		},
		{
			label: 'Customer → Update',
			resource: 'customer',
			metadata: 'customer',
			parameters: { operation: 'update', customer: locator('id', CUSTOMER_ID) },
			serve: () => {
				unrecordedApi().get(`/v1/customers/${CUSTOMER_ID}`).reply(200, { data: customerResource() });
				kustomerApi().patch(`/v1/customers/${CUSTOMER_ID}`).reply(200, { data: customerResource() });
			},
			path: `/v1/customers/${CUSTOMER_ID}`,
		},
		{
			label: 'Customer → Create or Update',
			resource: 'customer',
			metadata: 'customer',
			parameters: { operation: 'upsert', matchBy: ['externalId'], customerFields: { externalId: 'crm-77' } },
			serve: () => {
				unrecordedApi().get('/v1/customers/externalId=crm-77').reply(404, '');
				kustomerApi().post('/v1/customers').reply(201, { data: customerResource() });
			},
			path: '/v1/customers',
		},
	];

	const customerValues = { tierStr: '={{ "silver" }}', seatsNum: '={{ "12" }}', renewalAt: '2027-01-31T09:00:00', regionTree: 'de' };
	const conversationValues = { refundNum: '={{ "49.90" }}', promisedAt: '2026-12-24T18:00:00', reasonTree: '={{ "Shipping › Damaged" }}', vipBool: '={{ "yes" }}' };

	test.each(OPERATIONS)('$label', async ({ resource, metadata, parameters, serve, path }) => {
		serve();
		const rowsField = parameters.operation === 'update' ? 'updateFields' : parameters.operation === 'upsert' ? 'customerFields' : resource === 'customer' ? 'customerFields' : 'additionalFields';
		const rows = { customAttributes: { attribute: [{ name: 'loyaltyNum', value: '3' }] } };
		const result = await runWorkflow(
			itemsThenKustomer([{}], {
				resource,
				...parameters,
				customAttributesMapper: attributeMapper(metadata, metadata === 'customer' ? customerValues : conversationValues),
				[rowsField]: { ...((parameters[rowsField] as IDataObject) ?? {}), ...rows },
			}),
		);
		expect(result.error('Kustomer')).toBeUndefined();
		const request = sent.find((entry) => entry.path === path && entry.method !== 'GET');
		// America/New_York, n8n's default zone: 09:00 in January is 14:00 UTC, 18:00 in December 23:00 UTC.
		expect((request?.body as IDataObject).custom).toEqual(
			metadata === 'customer'
				? { tierStr: 'Silver', seatsNum: 12, renewalAt: '2027-01-31T14:00:00.000Z', regionTree: 'de', loyaltyNum: 3 }
				: { refundNum: 49.9, promisedAt: '2026-12-24T23:00:00.000Z', reasonTree: 'shipping.damaged', vipBool: true, loyaltyNum: 3 },
		);
	});

	test('Map Automatically takes the same-named fields of the input item, typed', async () => {
		kustomerApi().post('/v1/customers').reply(201, { data: customerResource() });
		await runWorkflow(
			itemsThenKustomer([{ name: 'Ignored', seatsNum: '7', vipBool: 'no', tierStr: 'GOLD' }], {
				resource: 'customer',
				operation: 'create',
				customAttributesMapper: attributeMapper('customer', null, 'autoMapInputData'),
			}),
		);
		expect((sent[0].body as IDataObject).custom).toEqual({ seatsNum: 7, vipBool: false, tierStr: 'Gold' });
	});

	test('a wrong value is a field error naming the attribute and the item, before anything is sent', async () => {
		const result = await runWorkflow(
			itemsThenKustomer([{}, {}], {
				resource: 'conversation',
				operation: 'update',
				conversation: locator('id', CONVERSATION_ID),
				customAttributesMapper: attributeMapper('conversation', { reasonTree: '={{ $itemIndex === 1 ? "weather" : "billing" }}' }),
			}),
		);
		expect(result.error('Kustomer')?.message).toBe(
			'Custom attribute "Contact Reason (reasonTree)" must be one of the values Kustomer allows: shipping, shipping.damaged, shipping.lost, billing, billing.refund [item 1]',
		);
		expect(sent).toHaveLength(0);
	});
});

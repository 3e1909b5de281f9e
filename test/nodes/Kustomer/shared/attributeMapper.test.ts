import { METADATA } from '../../../../sandbox/metadata';
import { definitionFromField, fieldsFromMetadata } from '../../../../nodes/Kustomer/shared/attributeMapper';

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

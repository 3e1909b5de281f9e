import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { customAttributesMapperField } from '../../shared/attributeMapper';
import { fieldCollection, simplifyField } from '../../shared/fields';
import type { RecordRef } from '../../shared/locators';
import { ROLES } from '../../shared/roles';
import { defineOperation } from '../types';
import type { KlassInput } from './common';
import { klassBulkPath, klassField, objectFieldOptions, readKlass, readObjectFields, TITLE_FIELD } from './common';
import { checkObjectWrites, createObject, optionalCustomer, readOptionalCustomer } from './write';

const description: INodeProperties[] = [
	klassField(),
	{ ...TITLE_FIELD, required: true },
	optionalCustomer(),
	customAttributesMapperField('custom object', ['klass']),
	fieldCollection('additionalFields', 'Additional Fields', objectFieldOptions(false)),
	simplifyField(),
];

interface Input extends KlassInput {
	customer?: RecordRef;
	body: IDataObject;
}

export const createCustomObject = defineOperation<Input>({
	option: {
		name: 'Create',
		value: 'create',
		action: 'Create a custom object',
		description: 'Create a custom object (KObject) of a klass, optionally linked to a customer',
	},
	roles: ROLES.kobjectCreate,
	effect: 'write',
	rerun: 'Running again creates the done items again: Create or Update with an External ID is safe to run again.',
	idempotent: false,
	docs: {
		moreRoles: '+ `customer.read` to find the customer by email, phone or external ID',
		runTwice: 'A second object (with the same External ID Kustomer probably refuses it, as lookups by external ID imply uniqueness; it documents no rule). Use Create or Update to be safe. With Send in Bulk, a bulk whose answer is lost is not sent again.',
	},
	description,
	prepare(itemIndex) {
		const klass = readKlass(this, itemIndex);
		const fields = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
		const body = readObjectFields(this, itemIndex, { ...fields, title: this.getNodeParameter('title', itemIndex, '') }, true);
		return { klass, customer: readOptionalCustomer(this, itemIndex), body };
	},
	batch: checkObjectWrites,
	async execute(client, input, itemIndex) {
		return [await createObject(client, input.klass, input.customer, input.body, itemIndex)];
	},
	// OpenAPI POST /klasses/{name}/bulk ("Bulk create KObjects"): the object's fields, `customer` the linked customer's ID (found by checkObjectWrites).
	bulk: {
		method: 'POST',
		path: (input) => klassBulkPath(input.klass),
		item: (input) => (input.customer?.by === 'id' ? { ...input.body, customer: input.customer.id } : input.body),
	},
});

import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { customAttributesMapperField } from '../../shared/attributeMapper';
import { fieldCollection, labelOf, simplifyField } from '../../shared/fields';
import { ROLES } from '../../shared/roles';
import { InputProblem } from '../../shared/validation';
import { defineOperation } from '../types';
import type { ObjectInput } from './common';
import {
	bulkObjectId,
	checkKlassesAndIds,
	klassBulkPath,
	klassField,
	objectFieldOptions,
	objectLocator,
	readObjectFields,
	readObjectInput,
	resolveObjectId,
} from './common';
import { updateObject } from './write';

const description: INodeProperties[] = [
	klassField(),
	objectLocator('The custom object to update, by its Kustomer ID or your external ID'),
	customAttributesMapperField('custom object', ['klass']),
	fieldCollection('updateFields', 'Update Fields', objectFieldOptions(true)),
	simplifyField(),
];

interface Input extends ObjectInput {
	body: IDataObject;
}

export const updateCustomObject = defineOperation<Input>({
	option: {
		name: 'Update',
		value: 'update',
		action: 'Update a custom object',
		description: 'Change the fields and custom attributes of a custom object; only the fields given are sent',
	},
	roles: ROLES.kobjectUpdate,
	effect: 'write',
	idempotent: true,
	docs: {
		moreRoles: '+ `kobject.read` to find the object by external ID',
		runTwice: 'Sets the same values again.',
	},
	description,
	prepare(itemIndex) {
		const { klass, object } = readObjectInput(this, itemIndex);
		const body = readObjectFields(this, itemIndex, this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject, false);
		if (!Object.keys(body).length) {
			throw new InputProblem(labelOf(description, 'updateFields'), 'are empty: add at least one field or custom attribute to change');
		}
		return { klass, object, body };
	},
	batch: checkKlassesAndIds,
	async execute(client, input, itemIndex) {
		const id = await resolveObjectId(client, input.klass, input.object, itemIndex);
		return [await updateObject(client, input.klass, id, input.body, itemIndex)];
	},
	// OpenAPI PUT /klasses/{name}/bulk ("Bulk batch update KObjects"): each record its `id` and the fields to change.
	bulk: { method: 'PUT', path: (input) => klassBulkPath(input.klass), item: (input) => ({ id: bulkObjectId(input), ...input.body }) },
});

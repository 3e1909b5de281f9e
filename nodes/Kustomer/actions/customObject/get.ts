import type { INodeProperties } from 'n8n-workflow';

import { simplifyField } from '../../shared/fields';
import { ROLES } from '../../shared/roles';
import { defineOperation } from '../types';
import type { KlassInput, ObjectRef } from './common';
import { checkKlasses, fetchObject, klassField, objectLocator, readObjectInput } from './common';

const description: INodeProperties[] = [
	klassField(),
	objectLocator('The custom object to get, by its Kustomer ID or your external ID'),
	simplifyField(),
];

interface Input extends KlassInput {
	object: ObjectRef;
}

export const getCustomObject = defineOperation<Input>({
	option: {
		name: 'Get',
		value: 'get',
		action: 'Get a custom object',
		description: 'Get a custom object by ID or external ID',
	},
	roles: ROLES.kobjectRead,
	effect: 'read',
	idempotent: true,
	description,
	prepare(itemIndex) {
		return readObjectInput(this, itemIndex);
	},
	batch: checkKlasses,
	async execute(client, input, itemIndex) {
		return [await fetchObject(client, input.klass, input.object, itemIndex)];
	},
});

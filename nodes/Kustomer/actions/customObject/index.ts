import type { ResourceDefinition } from '../types';
import { createCustomObject } from './create';
import { deleteCustomObject } from './delete';
import { getCustomObject } from './get';
import { getManyCustomObjects } from './getMany';
import { updateCustomObject } from './update';
import { upsertCustomObject } from './upsert';
import { CUSTOM_OBJECT } from './record';

export const customObjectResource: ResourceDefinition = {
	name: 'Custom Object',
	value: 'customObject',
	record: CUSTOM_OBJECT,
	defaultOperation: 'create',
	operations: [createCustomObject, upsertCustomObject, deleteCustomObject, getCustomObject, getManyCustomObjects, updateCustomObject],
};

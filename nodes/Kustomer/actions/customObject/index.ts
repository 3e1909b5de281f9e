import type { ResourceDefinition } from '../types';
import { createCustomObject } from './create';
import { deleteCustomObject } from './delete';
import { getCustomObject } from './get';
import { getManyCustomObjects } from './getMany';
import { updateCustomObject } from './update';
import { upsertCustomObject } from './upsert';

export const customObjectResource: ResourceDefinition = {
	name: 'Custom Object',
	value: 'customObject',
	defaultOperation: 'create',
	operations: [createCustomObject, upsertCustomObject, deleteCustomObject, getCustomObject, getManyCustomObjects, updateCustomObject],
};

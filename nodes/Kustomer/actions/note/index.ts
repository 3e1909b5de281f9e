import type { ResourceDefinition } from '../types';
import { createNote } from './create';

export const noteResource: ResourceDefinition = {
	name: 'Note',
	value: 'note',
	defaultOperation: 'create',
	operations: [createNote],
};

import type { ResourceDefinition } from '../types';
import { createNote } from './create';
import { getManyNotes } from './getMany';

export const noteResource: ResourceDefinition = {
	name: 'Note',
	value: 'note',
	defaultOperation: 'create',
	operations: [createNote, getManyNotes],
};

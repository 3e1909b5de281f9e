import type { ResourceDefinition } from '../types';
import { createNote } from './create';
import { getManyNotes } from './getMany';
import { NOTE } from './record';

export const noteResource: ResourceDefinition = {
	name: 'Note',
	value: 'note',
	record: NOTE,
	defaultOperation: 'create',
	operations: [createNote, getManyNotes],
};

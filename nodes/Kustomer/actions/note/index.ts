import type { ResourceDefinition } from '../types';
import { createNote } from './create';
import { deleteNote } from './delete';
import { getManyNotes } from './getMany';
import { NOTE } from './record';
import { updateNote } from './update';

export const noteResource: ResourceDefinition = {
	name: 'Note',
	value: 'note',
	record: NOTE,
	defaultOperation: 'create',
	operations: [createNote, getManyNotes, updateNote, deleteNote],
};

import type { ResourceDefinition } from '../types';
import { createMessage } from './create';

export const messageResource: ResourceDefinition = {
	name: 'Message',
	value: 'message',
	defaultOperation: 'create',
	operations: [createMessage],
};

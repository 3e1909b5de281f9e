import type { ResourceDefinition } from '../types';
import { createMessage } from './create';
import { getManyMessages } from './getMany';
import { sendMessage } from './send';

export const messageResource: ResourceDefinition = {
	name: 'Message',
	value: 'message',
	defaultOperation: 'create',
	operations: [createMessage, getManyMessages, sendMessage],
};

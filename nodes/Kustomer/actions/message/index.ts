import type { ResourceDefinition } from '../types';
import { createMessage } from './create';
import { getManyMessages } from './getMany';
import { sendMessage } from './send';
import { MESSAGE } from './record';

export const messageResource: ResourceDefinition = {
	name: 'Message',
	value: 'message',
	record: MESSAGE,
	defaultOperation: 'create',
	operations: [createMessage, getManyMessages, sendMessage],
};

import type { ResourceDefinition } from '../types';
import { createMessage } from './create';
import { getManyMessages } from './getMany';
import { redactMessage } from './redact';
import { sendMessage } from './send';
import { updateMessage } from './update';
import { MESSAGE } from './record';

export const messageResource: ResourceDefinition = {
	name: 'Message',
	value: 'message',
	record: MESSAGE,
	defaultOperation: 'create',
	operations: [createMessage, getManyMessages, sendMessage, updateMessage, redactMessage],
};

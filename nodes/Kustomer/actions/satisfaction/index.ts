import type { ResourceDefinition } from '../types';
import { getManySatisfaction } from './getMany';
import { SATISFACTION } from './record';

export const satisfactionResource: ResourceDefinition = {
	name: 'Satisfaction',
	value: 'satisfaction',
	record: SATISFACTION,
	defaultOperation: getManySatisfaction.option.value,
	operations: [getManySatisfaction],
};

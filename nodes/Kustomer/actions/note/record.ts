import { timelineEntryPath } from '../message/record';
import type { RecordKind } from '../types';

export const NOTE: RecordKind = {
	isType: (type) => type === 'note',
	appPath: timelineEntryPath,
};

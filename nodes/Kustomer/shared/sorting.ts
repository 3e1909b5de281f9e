import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { FROM_VERSION_2, isReadableVersion, ONLY_VERSION_1 } from '../versions';
import { searchOptionsField } from './searchCriteria';

/** The order of search results: newest first in version 2 for customers and conversations alike. */
export type SortOrder = 'asc' | 'desc';

/**
 * A search's ordering fields and its Options. Version 1 nodes keep the ordering in Options,
 * with each operation's own default; version 2 shows it beside Return All, newest first for
 * every search (issue 20 item 8), and Options holds the rest (`otherOptions`, in both versions).
 */
export function orderingFields(things: string, ordering: INodeProperties[], otherOptions: INodeProperties[] = []): INodeProperties[] {
	const newestFirst = ordering.map((field) => (field.name === 'order' ? { ...field, default: 'desc' } : field));
	return [
		...newestFirst.map((field) => ({ ...field, displayOptions: FROM_VERSION_2 })),
		{ ...searchOptionsField(things, [...otherOptions, ...ordering]), displayOptions: ONLY_VERSION_1 },
		{ ...searchOptionsField(things, otherOptions), displayOptions: FROM_VERSION_2 },
	];
}

/** An item's order and sort attribute: from Options (version 1) or the fields beside Return All (version 2). */
export function readOrdering(context: IExecuteFunctions, itemIndex: number, version1Order: SortOrder): { order: SortOrder; sortBy: 'updatedAt' | 'createdAt' } {
	const options = context.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const fromFields = isReadableVersion(context.getNode().typeVersion);
	const order = fromFields ? context.getNodeParameter('order', itemIndex, 'desc') : (options.order ?? version1Order);
	const sortBy = fromFields ? context.getNodeParameter('sortBy', itemIndex, 'updatedAt') : options.sortBy;
	return { order: order === 'asc' ? 'asc' : 'desc', sortBy: sortBy === 'createdAt' ? 'createdAt' : 'updatedAt' };
}

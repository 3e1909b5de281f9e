import type { IDataObject } from 'n8n-workflow';

import type { KustomerClient } from '../transport';
import { getAllPages } from '../transport';
import { ROLES } from './roles';
import { plainRecord, textAttribute } from './simplify';

/**
 * Names beside IDs (issue 20 item 7): a simplified record a support person reads without a
 * lookup table gets the names of the tags, queue and teams it holds. Where the names come from
 * is the caller's: once per run for the action node and a poll, a short-lived copy per process
 * for the webhook trigger (trigger/names.ts).
 */

/** The lists whose names go beside IDs: where Kustomer lists them, and which attribute names a record. */
const NAMED = {
	tags: { path: '/v1/tags', roles: ROLES.tagRead, names: ['name', 'displayName'] },
	queues: { path: '/v1/routing/queues', roles: ROLES.queueRead, names: ['displayName', 'name'] },
	teams: { path: '/v1/teams', roles: ROLES.teamRead, names: ['displayName', 'name'] },
} as const;
export type NamedList = keyof typeof NAMED;

/** Which record field holds IDs of which list, and where their names go. */
const NAME_FIELDS: Array<{ ids: string; list: NamedList; names: string }> = [
	{ ids: 'tags', list: 'tags', names: 'tagNames' },
	{ ids: 'queueId', list: 'queues', names: 'queueName' },
	{ ids: 'assignedTeams', list: 'teams', names: 'assignedTeamNames' },
];

/** A list's names by ID, for the IDs a record holds; an ID it does not name keeps its ID as name. */
export type NameSource = (list: NamedList, ids: string[]) => Promise<ReadonlyMap<string, string>>;

/** A list's names by ID, read whole through the transport; undefined when it cannot be read (403, a failure). */
export async function readNameList(client: KustomerClient, list: NamedList): Promise<Map<string, string> | undefined> {
	const { path, roles, names } = NAMED[list];
	try {
		const records = await getAllPages(client, { path, roles });
		return new Map(records.map((record) => [record.id, textAttribute(record, ...names) ?? record.id]));
	} catch {
		// Names are a convenience: a key that may not read the list still gets its records, with IDs.
		return undefined;
	}
}

/** Per client (one node run, one poll): each list read once however many records need it. */
const namesOfRun = new WeakMap<KustomerClient, Map<NamedList, Promise<Map<string, string>>>>();

/** The names of one run: each list read at most once, and only when a record holds its IDs. */
export function namesOfOneRun(client: KustomerClient): NameSource {
	return async (list) => {
		let lists = namesOfRun.get(client);
		if (!lists) namesOfRun.set(client, (lists = new Map()));
		let names = lists.get(list);
		if (!names) lists.set(list, (names = readNameList(client, list).then((read) => read ?? new Map<string, string>())));
		return await names;
	};
}

/** The string IDs in a record's field (one ID or a list of them). */
function idsIn(value: unknown): string[] {
	if (typeof value === 'string') return [value];
	return Array.isArray(value) ? value.filter((id): id is string => typeof id === 'string') : [];
}

/** The record with the names of the IDs it holds beside them (an ID whose name is unknown stays as it is). */
async function withNames(record: IDataObject, source: NameSource): Promise<IDataObject> {
	const named = { ...record };
	for (const { ids, list, names } of NAME_FIELDS) {
		const value = record[ids];
		const given = idsIn(value);
		if (!given.length || names in named) continue;
		const known = await source(list, given);
		const found = given.map((id) => known.get(id) ?? id);
		named[names] = Array.isArray(value) ? found : found[0];
	}
	return named;
}

/**
 * A simplified record as version 2's Simplify gives it, in every node that outputs records:
 * without bookkeeping, a customer's plain email and phone, names beside IDs.
 */
export async function readableRecord(record: IDataObject, source: NameSource): Promise<IDataObject> {
	return await withNames(plainRecord(record), source);
}

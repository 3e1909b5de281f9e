import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { ROLES } from '../shared/roles';
import { textAttribute } from '../shared/simplify';
import type { KustomerClient } from '../transport';
import { getAllPages } from '../transport';

/**
 * Version 2's Simplify (issue 20 item 7): records a support person reads without a lookup
 * table. Names go beside the IDs the node can name (tags, queue, teams), each list read once per
 * run and only when a record needs it; Kustomer's bookkeeping (`rev`, `orgId`) is left out; a
 * customer gets a plain `email` and `phone` (the first of `emails` and `phones`).
 */

/** Bookkeeping a person never needs in a simplified record (the raw record keeps it). */
const BOOKKEEPING = ['rev', 'orgId'];

/** The lists whose names go beside IDs: where Kustomer lists them, and the key each name goes in. */
const NAMED = {
	tags: { path: '/v1/tags', roles: ROLES.tagRead, names: ['name', 'displayName'] },
	queues: { path: '/v1/routing/queues', roles: ROLES.queueRead, names: ['displayName', 'name'] },
	teams: { path: '/v1/teams', roles: ROLES.teamRead, names: ['displayName', 'name'] },
} as const;
type NamedList = keyof typeof NAMED;

/** Which record field holds IDs of which list, and where their names go. */
const NAME_FIELDS: Array<{ ids: string; list: NamedList; names: string }> = [
	{ ids: 'tags', list: 'tags', names: 'tagNames' },
	{ ids: 'queueId', list: 'queues', names: 'queueName' },
	{ ids: 'assignedTeams', list: 'teams', names: 'assignedTeamNames' },
];

/** Per client (one node run): each list's names by ID, read once however many items need them. */
const namesOfRun = new WeakMap<KustomerClient, Map<NamedList, Promise<Map<string, string>>>>();

async function readNames(client: KustomerClient, list: NamedList): Promise<Map<string, string>> {
	const { path, roles, names } = NAMED[list];
	try {
		const records = await getAllPages(client, { path, roles });
		return new Map(records.map((record) => [record.id, textAttribute(record, ...names) ?? record.id]));
	} catch {
		// Names are a convenience: a key that may not read the list still gets its records, with IDs.
		return new Map();
	}
}

function namesOf(client: KustomerClient, list: NamedList): Promise<Map<string, string>> {
	let lists = namesOfRun.get(client);
	if (!lists) namesOfRun.set(client, (lists = new Map()));
	let names = lists.get(list);
	if (!names) lists.set(list, (names = readNames(client, list)));
	return names;
}

/** The simplified records of an output item: the record itself and the customer Escalate nests in it. */
function recordsIn(json: IDataObject): IDataObject[] {
	const nested = json.customer;
	return nested && typeof nested === 'object' && !Array.isArray(nested) ? [json, nested as IDataObject] : [json];
}

const firstOf = (list: unknown, key: string): string | undefined => {
	const first = Array.isArray(list) ? (list[0] as IDataObject | undefined) : undefined;
	return typeof first?.[key] === 'string' ? (first[key] as string) : undefined;
};

/** A simplified record without bookkeeping, with a customer's plain email and phone. */
function plainRecord(record: IDataObject): IDataObject {
	const plain = Object.fromEntries(Object.entries(record).filter(([key]) => !BOOKKEEPING.includes(key)));
	const email = firstOf(record.emails, 'email');
	const phone = firstOf(record.phones, 'phone');
	if (email !== undefined && !('email' in plain)) plain.email = email;
	if (phone !== undefined && !('phone' in plain)) plain.phone = phone;
	return plain;
}

/** The record with the names of the IDs it holds beside them (an ID whose name is unknown stays as it is). */
async function withNames(client: KustomerClient, record: IDataObject): Promise<IDataObject> {
	const named = { ...record };
	for (const { ids, list, names } of NAME_FIELDS) {
		const value = record[ids];
		const given = Array.isArray(value) ? value.filter((id): id is string => typeof id === 'string') : typeof value === 'string' ? [value] : [];
		if (!given.length || names in named) continue;
		const known = await namesOf(client, list);
		const found = given.map((id) => known.get(id) ?? id);
		named[names] = Array.isArray(value) ? found : found[0];
	}
	return named;
}

async function readableJson(client: KustomerClient, json: IDataObject): Promise<IDataObject> {
	const [record, customer] = await Promise.all(recordsIn(json).map(async (entry) => await withNames(client, plainRecord(entry))));
	// Escalate's customerAppUrl repeated customer.appUrl.
	if (!customer) return record;
	const rest = { ...record };
	delete rest.customerAppUrl;
	return { ...rest, customer };
}

/** Version 2's output: the items of inputs whose Simplify is on made readable; error items and raw records pass as they are. */
export async function readableItems(client: KustomerClient, items: INodeExecutionData[], simplified: (itemIndex: number) => boolean): Promise<INodeExecutionData[]> {
	const isSimplified = (item: INodeExecutionData) => {
		const paired = item.pairedItem;
		return !item.error && typeof paired === 'object' && !Array.isArray(paired) && simplified(paired.item);
	};
	return await Promise.all(items.map(async (item) => (isSimplified(item) ? { ...item, json: await readableJson(client, item.json) } : item)));
}

/**
 * The webhook trigger's version 4 records (issue 20 item 7): the simplified record as the
 * Kustomer node's Simplify gives it (shared/names.ts), the polling trigger's version 3 record
 * for the same record. Names beside IDs come from this process's copies of the org's lists
 * (trigger/nameCache.ts), read with the Kustomer API credential of Automatic registration;
 * Manual registration has no API key, so its records carry IDs as names, as a key that may not
 * read a list does. This runs after the events were admitted (execution.ts) and never fails: a
 * name is never a reason to hold up or lose an event.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { NameSource } from '../shared/names';
import { readableRecord, readNameList } from '../shared/names';
import { isPlainObject } from '../shared/webhookEvents';
import { KustomerClient } from '../transport';
import { defaultTransportClock } from '../transport/clock';
import { TRIGGER_READABLE_VERSION } from '../versions';
import { nameCache, triggerKey } from './processMemory';

/** The names of the trigger's lists, kept per trigger and credential in this process. */
function triggerNames(context: IExecuteFunctions): NameSource {
	const credential = context.getNode().credentials?.kustomerApi?.id ?? 'none';
	let client: KustomerClient | undefined;
	const read = (list: Parameters<NameSource>[0]) => async () => await readNameList((client ??= new KustomerClient(context)), list);
	return async (list, ids) => await nameCache.names(`${triggerKey(context)}/${credential}/${list}`, ids, defaultTransportClock().now(), read(list));
}

/** The items with version 4's records; earlier versions and Raw output pass as they are. */
export async function withReadableRecords(context: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	if (!items.length || context.getNode().typeVersion < TRIGGER_READABLE_VERSION) return items;
	if (context.getNodeParameter('output', 0, 'simplified') === 'raw') return items;
	const names = triggerNames(context);
	return await Promise.all(
		items.map(async (item) => {
			const resource = item.json.resource;
			if (!isPlainObject(resource)) return item;
			return { ...item, json: { ...item.json, resource: await readableRecord(resource as IDataObject, names) } };
		}),
	);
}

import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { NameSource } from '../shared/names';
import { namesOfOneRun, readableRecord } from '../shared/names';
import type { KustomerClient } from '../transport';

/**
 * Version 2's Simplify (issue 20 item 7): records a support person reads without a lookup
 * table. Names go beside the IDs the node can name (tags, queue, teams), each list read once per
 * run and only when a record needs it; Kustomer's bookkeeping (`rev`, `orgId`) is left out; a
 * customer gets a plain `email` and `phone` (the first of `emails` and `phones`). The record
 * itself is made readable by shared/names.ts, which the triggers use too.
 */

/** The simplified records of an output item: the record itself and the customer Escalate nests in it. */
function recordsIn(json: IDataObject): IDataObject[] {
	const nested = json.customer;
	return nested && typeof nested === 'object' && !Array.isArray(nested) ? [json, nested as IDataObject] : [json];
}

async function readableJson(names: NameSource, json: IDataObject): Promise<IDataObject> {
	const [record, customer] = await Promise.all(recordsIn(json).map(async (entry) => await readableRecord(entry, names)));
	// Escalate's customerAppUrl repeated customer.appUrl.
	if (!customer) return record;
	const rest = { ...record };
	delete rest.customerAppUrl;
	return { ...rest, customer };
}

/** Version 2's output: the items of inputs whose Simplify is on made readable; error items and raw records pass as they are. */
export async function readableItems(client: KustomerClient, items: INodeExecutionData[], simplified: (itemIndex: number) => boolean): Promise<INodeExecutionData[]> {
	const names = namesOfOneRun(client);
	const isSimplified = (item: INodeExecutionData) => {
		const paired = item.pairedItem;
		return !item.error && typeof paired === 'object' && !Array.isArray(paired) && simplified(paired.item);
	};
	return await Promise.all(items.map(async (item) => (isSimplified(item) ? { ...item, json: await readableJson(names, item.json) } : item)));
}

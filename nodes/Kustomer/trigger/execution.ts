import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { PROCESSED_WINDOW, rememberEvent } from '../shared/dedupe';
import { acceptedEvents, claimKey } from './claims';
import type { TriggerState } from './registration';

/**
 * How long an execution waits before reading back what it recorded in n8n's processed data,
 * so that a concurrent execution's write (milliseconds after its read) has landed.
 */
const VERIFY_AFTER_MS = 1000;

function eventIdOf(item: INodeExecutionData): string | undefined {
	const id = item.json.eventId ?? item.json.id;
	return typeof id === 'string' && id !== '' ? id : undefined;
}

/**
 * Records values in n8n's processed-data table and answers those recorded before. Each call
 * reads and rewrites the node's row; the first call for a node inserts it, and two first
 * calls at the same moment collide on its primary key, so one failed call is repeated once.
 */
async function record(context: IExecuteFunctions, values: string[]): Promise<Set<string>> {
	if (!values.length) return new Set();
	const write = async () =>
		await context.helpers.checkProcessedAndRecord(values, 'node', { mode: 'entries', maxEntries: PROCESSED_WINDOW });
	let result: Awaited<ReturnType<typeof write>>;
	try {
		result = await write();
	} catch (error) {
		context.logger.debug(`Kustomer Trigger: recording event ids failed once, trying again: ${String(error)}`);
		result = await write();
	}
	return new Set(result.processed.map(String));
}

/**
 * The event ids another execution already took. n8n's processed data is read and rewritten
 * without a lock, so two executions recording one id at the same moment can both find it new.
 * When the delivery was not accepted in this process (queue mode: the webhook processor took
 * it; or n8n restarted), each execution also records its own token, waits, and reads back:
 * of concurrent writes only the last one stays, so the execution whose token stayed runs and
 * the other stops. If a third write erased both, both run: a repeat, never a loss.
 */
async function takenElsewhere(context: IExecuteFunctions, ids: string[], verify: boolean): Promise<Set<string>> {
	const token = (id: string) => `${id}#execution:${String(context.getExecutionId())}`;
	const first = await record(context, verify ? ids.flatMap((id) => [id, token(id)]) : ids);
	const taken = new Set(ids.filter((id) => first.has(id)));
	const pending = ids.filter((id) => !taken.has(id));
	if (!verify || !pending.length) return taken;
	await sleep(VERIFY_AFTER_MS);
	const second = await record(context, pending.flatMap((id) => [id, token(id)]));
	for (const id of pending) if (!second.has(token(id)) && second.has(id)) taken.add(id);
	return taken;
}

/**
 * Adds ids to the dedupe window in static data. The list is assigned anew: n8n tracks changes
 * through the objects it wrapped on load, and a list created here was not one of them.
 */
function rememberEventIds(data: TriggerState, ids: string[]): void {
	const recent = [...(data.recentEventIds ?? [])];
	for (const id of ids) rememberEvent(recent, id);
	data.recentEventIds = recent;
}

/**
 * The first step of an execution a delivery started: records its event ids where they
 * outlive this process, and answers the items to run, without any event taken before.
 * - n8n's processed-data table (`checkProcessedAndRecord`): written now, at the start of the
 *   execution, and kept per node id; catches a copy that reached an execution through
 *   another process (queue mode) or after a restart.
 * - static data: n8n saves it with the execution when it ends, and webhook() reads it before
 *   starting anything, so later copies start no execution at all. Each execution writes every
 *   id this process saw run, so overlapping executions do not erase each other's.
 * Manual (test) executions record nothing, so a test event never hides a production one.
 * An execution n8n started without the stored static data (n8n 2.41 in queue mode) leaves
 * static data alone.
 */
export async function admitExecutionItems(context: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	if (context.getMode() === 'manual') return items;
	const key = claimKey(context);
	const ids = items.map(eventIdOf).filter((id): id is string => id !== undefined);
	// Accepted by this very process: its claim already kept every other copy it got out.
	const acceptedHere = ids.every((id) => acceptedEvents.holds(key, id));
	acceptedEvents.confirm(key, ids);
	const taken = typeof context.helpers.checkProcessedAndRecord === 'function' ? await takenElsewhere(context, ids, !acceptedHere) : new Set();
	const fresh = items.filter((item) => !taken.has(eventIdOf(item) ?? ''));
	if (fresh.length < items.length) {
		context.logger.info(`Kustomer Trigger: ${items.length - fresh.length} event(s) already taken by another execution; skipped`);
	}
	const data = context.getWorkflowStaticData('node') as TriggerState;
	if (Object.keys(data).length === 0) {
		// n8n 2.41 in queue mode starts a worker's execution without the stored static data;
		// writing to it would make n8n save this near-empty copy over the registration.
		context.logger.debug('Kustomer Trigger: static data not loaded for this execution; ids kept in n8n processed data only');
		return fresh;
	}
	// Every id this process saw run, not just this execution's: static data is saved whole when
	// an execution ends, and executions that overlap would otherwise save over each other's ids.
	rememberEventIds(data, acceptedEvents.confirmed(key));
	return fresh;
}

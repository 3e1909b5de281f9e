/**
 * The first step of an execution a delivery started (KustomerTrigger.execute): records each
 * event in n8n's processed-data table and passes on only the events no other delivery took.
 * Nothing is written to the workflow's static data, so an execution can never save a stale
 * copy of it over newer state (n8n saves static data after an execution only when it was
 * changed: packages/core/src/execution-engine/workflow-execute.ts, `__dataChanged`).
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { ENTRIES_PER_EVENT, PROCESSED_WINDOW_EVENTS } from '../shared/dedupe';
import { defaultTransportClock } from '../transport/clock';
import type { DeliveryMark } from './deliveryItems';
import { deliveryOf, withoutMark } from './deliveryItems';
import { claims, recorder, triggerKey } from './processMemory';

/**
 * How long an execution whose delivery another process accepted waits before reading back
 * what it recorded, so that a concurrent execution's write (milliseconds after its read) has
 * landed. Waited on the transport's clock: real time in n8n, virtual in the unit tests.
 */
const VERIFY_AFTER_MS = 1000;

/** The entry that says which delivery took an event. */
function lineage(mark: DeliveryMark): string | undefined {
	return mark.nonce ? `${mark.key}#delivery:${mark.nonce}` : undefined;
}

function entriesOf(marks: DeliveryMark[]): string[] {
	return marks.flatMap((mark) => [mark.key, lineage(mark)].filter((value): value is string => !!value));
}

/**
 * Records values in n8n's processed-data table and answers those recorded before, one write
 * at a time per trigger in this process. The first write for a node inserts its row, and two
 * first writes from two processes collide on its primary key: a failed write is repeated once.
 */
async function record(context: IExecuteFunctions, values: string[]): Promise<Set<string>> {
	if (!values.length) return new Set();
	const write = async () =>
		await context.helpers.checkProcessedAndRecord(values, 'node', { mode: 'entries', maxEntries: PROCESSED_WINDOW_EVENTS * ENTRIES_PER_EVENT });
	const result = await recorder.run(triggerKey(context), async () => {
		try {
			return await write();
		} catch (error) {
			context.logger.debug(`Kustomer Trigger: recording event ids failed once, trying again: ${String(error)}`);
			return await write();
		}
	});
	return new Set(result.processed.map(String));
}

/** Whether another delivery took the event: its key was recorded, and not by this delivery. */
function takenByOther(mark: DeliveryMark, recorded: Set<string>): boolean {
	const own = lineage(mark);
	return recorded.has(mark.key) && !(own && recorded.has(own));
}

/**
 * The events another delivery took. Recording an event also records which delivery took it,
 * so a Retry of this delivery's execution (same items) passes its event on again. When the
 * delivery was not accepted in this process (queue mode's webhook processor, or before a
 * restart), two executions recording one event from two processes can both find it new (n8n
 * rewrites the row without a lock): each waits, records again and keeps its event only when
 * its own delivery entry stayed. If a third write erased both, both run: a repeat, never a loss.
 */
async function takenElsewhere(context: IExecuteFunctions, marks: DeliveryMark[], verify: boolean): Promise<Set<string>> {
	const first = await record(context, entriesOf(marks));
	const taken = new Set(marks.filter((mark) => takenByOther(mark, first)).map((mark) => mark.key));
	const pending = marks.filter((mark) => !taken.has(mark.key) && !(lineage(mark) && first.has(lineage(mark)!)));
	if (!verify || !pending.length) return taken;
	await defaultTransportClock().sleep(VERIFY_AFTER_MS);
	const second = await record(context, entriesOf(pending));
	for (const mark of pending) if (takenByOther(mark, second)) taken.add(mark.key);
	return taken;
}

/**
 * The items to run: every item of a manual (test) execution, which records nothing, so a test
 * event never hides a production one; otherwise those whose event no other delivery took.
 */
export async function admitExecutionItems(context: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	if (context.getMode() === 'manual') return items.map(withoutMark);
	const key = triggerKey(context);
	const marks = items.map(deliveryOf);
	const known = marks.filter((mark): mark is DeliveryMark => mark !== undefined);
	// Accepted by this very process: its claim already kept every other copy it got out.
	const acceptedHere = known.every((mark) => claims.holds(key, mark.key));
	claims.confirm(key, known.map((mark) => mark.key), defaultTransportClock().now());
	const taken = typeof context.helpers.checkProcessedAndRecord === 'function' ? await takenElsewhere(context, known, !acceptedHere) : new Set<string>();
	const fresh = items.filter((_, index) => !taken.has(marks[index]?.key ?? ''));
	if (fresh.length < items.length) {
		context.logger.info(`Kustomer Trigger: ${items.length - fresh.length} event(s) already taken by another delivery; skipped`);
	}
	return fresh.map(withoutMark);
}

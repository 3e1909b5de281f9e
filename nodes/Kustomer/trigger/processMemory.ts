/**
 * What the Kustomer Trigger keeps in the memory of one n8n process. Each n8n process (the main
 * process, a webhook processor, a worker) has its own; a restart starts empty. None of it must
 * be shared for correctness: Kustomer (the webhooks and their tokens) and n8n's processed-data
 * table (the events taken) are the shared truth.
 */
import type { IExecuteFunctions, IWebhookFunctions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { EventClaims } from '../shared/dedupe';
import { NameCache } from './nameCache';
import { SerialRecorder } from './recorder';
import { HookRegistry } from './registry';

/** The event keys this process accepted, per trigger. */
export const claims = new EventClaims();
/** Kustomer's webhooks of each trigger URL, as last read, and removals waiting to happen. */
export const registry = new HookRegistry();
/** Writes to n8n's processed-data table, one at a time per trigger. */
export const recorder = new SerialRecorder();

/** Names of the org's tags, queues and teams, kept a few minutes for the records of later deliveries. */
export const nameCache = new NameCache();

/** Waits of the trigger that are not requests (a removal's grace period). Tests replace it. */
export const timers = {
	sleep: async (ms: number): Promise<void> => await sleep(ms),
};

/** Claims and records are per trigger node of a workflow (the node id survives renames). */
export function triggerKey(context: IWebhookFunctions | IExecuteFunctions): string {
	return `${String(context.getWorkflow().id)}/${context.getNode().id}`;
}

/** Forgets everything, as a new n8n process would start (for tests; nodes never call it). */
export function forgetProcessMemory(): void {
	claims.clear();
	registry.clear();
	recorder.clear();
	nameCache.clear();
}

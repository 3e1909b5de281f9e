/**
 * n8n's processed-data table for in-process tests: the deduplicator behind
 * `checkProcessedAndRecord`, installed into n8n-core's DataDeduplicationService as n8n's CLI
 * installs its own. It does what n8n's DeduplicationHelper (packages/cli, "entries" mode)
 * does, in the same steps: find the row of (workflow, context), then insert it (the primary
 * key refuses a second insert) or rewrite it whole, with no lock in between. The awaits
 * between the steps let concurrent executions interleave the way they do on a database.
 */
import { DataDeduplicationService } from 'n8n-core';
import type {
	DeduplicationItemTypes,
	DeduplicationScope,
	ICheckProcessedContextData,
	ICheckProcessedOptions,
	IDataDeduplicator,
	IDeduplicationOutput,
} from 'n8n-workflow';
import { createHash } from 'node:crypto';

const tick = async () => await new Promise<void>((resolve) => setImmediate(resolve));

class InMemoryProcessedData implements IDataDeduplicator {
	/** Rows by `${workflowId}|${context}`: the md5 hashes of recorded values, oldest first. */
	readonly rows = new Map<string, string[]>();

	private key(scope: DeduplicationScope, { node, workflow }: ICheckProcessedContextData): string {
		return `${workflow.id}|${scope === 'node' ? `n:${node?.id}` : ''}`;
	}

	async checkProcessedAndRecord(
		items: DeduplicationItemTypes[],
		scope: DeduplicationScope,
		contextData: ICheckProcessedContextData,
		{ mode, maxEntries }: ICheckProcessedOptions,
	): Promise<IDeduplicationOutput> {
		if (mode !== 'entries') throw new Error('only the "entries" mode is modelled');
		const key = this.key(scope, contextData);
		const hash = (item: DeduplicationItemTypes) => createHash('md5').update(String(item)).digest('base64');
		await tick();
		const found = this.rows.get(key);
		await tick();
		if (!found) {
			if (this.rows.has(key)) throw new Error('SQLITE_CONSTRAINT: UNIQUE constraint failed: processed_data.workflowId, processed_data.context');
			this.rows.set(key, items.map(hash).slice(-(maxEntries ?? items.length)));
			return { new: items, processed: [] };
		}
		const stored = [...found];
		const result: IDeduplicationOutput = { new: [], processed: [] };
		for (const item of items) {
			if (stored.includes(hash(item))) {
				result.processed.push(item);
			} else {
				result.new.push(item);
				stored.push(hash(item));
			}
		}
		if (maxEntries) stored.splice(0, stored.length - maxEntries);
		this.rows.set(key, stored);
		return result;
	}

	async removeProcessed(): Promise<void> {
		throw new Error('not used by the trigger');
	}

	async clearAllProcessedItems(): Promise<void> {
		this.rows.clear();
	}

	async getProcessedDataCount(scope: DeduplicationScope, contextData: ICheckProcessedContextData): Promise<number> {
		return this.rows.get(this.key(scope, contextData))?.length ?? 0;
	}
}

let installed: InMemoryProcessedData | undefined;

/** The processed-data table of this test file (installed on first use). */
export async function processedData(): Promise<InMemoryProcessedData> {
	if (!installed) {
		installed = new InMemoryProcessedData();
		await DataDeduplicationService.init(installed);
	}
	return installed;
}

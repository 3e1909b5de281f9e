/**
 * Writes to n8n's processed-data table one at a time per trigger within one n8n process. n8n's
 * DeduplicationHelper (packages/cli/src/deduplication/deduplication-helper.ts,
 * checkProcessedAndRecord / handleHashedItems) reads the node's row, then inserts it or
 * rewrites it whole, with no lock and no version check: two executions recording at the same
 * moment would each write back a row without the other's entries. In one process they take
 * turns here, so none is lost; across processes (queue mode) the trigger step reads its own
 * entries back (see execution.ts).
 */
export class SerialRecorder {
	private readonly tails = new Map<string, Promise<unknown>>();

	/** Runs `write` for `trigger` after every write queued before it, whatever their outcome. */
	async run<T>(trigger: string, write: () => Promise<T>): Promise<T> {
		const previous = this.tails.get(trigger) ?? Promise.resolve();
		const next = previous.then(write, write);
		const tail = next.catch(() => undefined);
		this.tails.set(trigger, tail);
		void tail.then(() => {
			if (this.tails.get(trigger) === tail) this.tails.delete(trigger);
		});
		return await next;
	}

	clear(): void {
		this.tails.clear();
	}
}

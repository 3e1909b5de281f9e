/**
 * Names of Kustomer's lists (tags, queues, teams) as one n8n process keeps them for the
 * webhook trigger (version 4). Each delivery is its own execution, so reading the lists per
 * execution would add up to three requests to every event of a busy webhook; a list read here
 * serves every delivery of the trigger for NAMES_KEPT_MS instead. An ID the list does not name
 * (a tag made since) has it read again, once: an ID still unknown after that stays an ID until
 * the list expires. A list that could not be read (a key without the role: 403) is not asked
 * for again before it expires. Names are a convenience: nothing here is needed for
 * correctness, and a new process starts empty.
 */

/** How long a list read serves later deliveries: a renamed tag shows its new name at the latest this much later. */
export const NAMES_KEPT_MS = 5 * 60_000;

/** Names by ID, or undefined when the list could not be read. */
type ReadNames = () => Promise<ReadonlyMap<string, string> | undefined>;

interface HeldList {
	/** When the read started. */
	readAt: number;
	names: Promise<ReadonlyMap<string, string> | undefined>;
	/** IDs a read of the list did not name: they do not have it read again before it expires. */
	unknown: Set<string>;
}

export class NameCache {
	private readonly lists = new Map<string, HeldList>();

	/**
	 * The names of list `key` for `ids`: as held, or read (through `read`) when not held, expired,
	 * or missing an ID that has not been looked for yet. Concurrent callers share one read.
	 */
	async names(key: string, ids: string[], now: number, read: ReadNames): Promise<ReadonlyMap<string, string>> {
		this.forgetExpired(now);
		let held = this.lists.get(key) ?? this.start(key, now, read, new Set());
		let names = await held.names;
		const unlooked = (known: ReadonlyMap<string, string>) => ids.some((id) => !known.has(id) && !held.unknown.has(id));
		if (names && unlooked(names)) {
			// Another delivery may have started the new read while this one waited.
			const current = this.lists.get(key);
			held = current && current !== held ? current : this.start(key, now, read, held.unknown);
			names = await held.names;
		}
		if (names) for (const id of ids) if (!names.has(id)) held.unknown.add(id);
		return names ?? new Map();
	}

	private start(key: string, now: number, read: ReadNames, unknown: Set<string>): HeldList {
		const held: HeldList = { readAt: now, names: read().catch(() => undefined), unknown };
		this.lists.set(key, held);
		return held;
	}

	private forgetExpired(now: number): void {
		for (const [key, held] of this.lists) if (now - held.readAt >= NAMES_KEPT_MS) this.lists.delete(key);
	}

	clear(): void {
		this.lists.clear();
	}
}

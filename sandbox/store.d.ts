export const SEED_IDS: {
	users: Record<'apiKey' | 'ana' | 'ben', string>;
	teams: Record<'tier1' | 'escalations', string>;
	queues: Record<'default' | 'tier2' | 'vip', string>;
	tags: Record<'vip' | 'refund' | 'escalated' | 'bug', string>;
	customers: Record<'jane' | 'omar' | 'mei' | 'lukas' | 'priya', string>;
	companies: Record<'acme' | 'globex', string>;
};

import type { SandboxClock } from './clock';
import type { SandboxRecord } from './server';
export type { SandboxRecord };

/** The sandbox's in-memory org (the parts tests use directly). */
export class Store {
	constructor(options?: { seed?: boolean; readings?: () => Record<string, string> | undefined; clock?: SandboxClock });
	/** The sandbox's current readings, for what a store operation does under each. */
	readings: () => Record<string, string> | undefined;
	list(collection: string): SandboxRecord[];
	get(collection: string, id: string): SandboxRecord | undefined;
	insert(collection: string, attributes: Record<string, unknown>, relationships?: Record<string, { type: string; id: string }>, id?: string): SandboxRecord;
	update(collection: string, id: string, patch: Record<string, unknown>): { record: SandboxRecord; changes: unknown };
	/** Deletes a record; customers, conversations, custom objects and notes stay findable with includeDeleted. */
	remove(collection: string, id: string): boolean;
	render(collection: string, record: SandboxRecord): { type: string; id: string; attributes: Record<string, unknown>; relationships?: Record<string, unknown>; links?: Record<string, unknown> };
}

/** Runs a search body against a store: the matching records in the requested order. */
export function search(store: Store, body: Record<string, unknown>, options?: { readings?: Record<string, string>; indexLagMs?: number }): { collection: string; results: SandboxRecord[] };

import type { SandboxClock } from './clock';

export interface SandboxRecord {
	id: string;
	attributes: Record<string, unknown>;
	relationships: Record<string, { type: string; id: string }>;
}

export interface Sandbox {
	listen(port?: number, host?: string): Promise<string>;
	close(): Promise<void>;
	readonly config: Record<string, unknown>;
	store: {
		list(collection: string): SandboxRecord[];
		get(collection: string, id: string): SandboxRecord | undefined;
		insert(collection: string, attributes: Record<string, unknown>, relationships?: Record<string, { type: string; id: string }>, id?: string): SandboxRecord;
		/** Uploaded attachment bytes by attachment ID. */
		files: Map<string, Buffer>;
	};
	dispatcher: {
		idle(): Promise<void>;
		redeliver(eventId?: string): number;
		emit(name: string, collection: string, record: SandboxRecord, changes?: unknown, options?: { copies?: number }): { id: string };
		deliverAgain(eventId: string): Promise<number>;
		/** The headers Kustomer sends with a delivery of `name` by this webhook: the event, the signature and the webhook's own. */
		headers(webhook: SandboxRecord, name: string, bytes: Buffer): Record<string, string>;
		deliveries: Array<{ eventId: string; event: string; webhookId: string; url: string; attempt: number; status: number | null; error: string | null }>;
		events: Map<string, { name: string; bytes: Buffer }>;
	};
}

/** `clock`: the sandbox's time (sandbox/clock.js), the system's when not given. */
export function createSandbox(options?: { config?: Record<string, unknown>; seed?: boolean; keys?: Record<string, unknown>; clock?: SandboxClock }): Sandbox;

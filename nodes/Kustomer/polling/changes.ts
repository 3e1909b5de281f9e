/**
 * Only When Changed for a polling trigger. Kustomer's search gives a record's current state
 * only, so the trigger remembers the watched attributes of the records it has seen (a small
 * fingerprint each) and compares the next copy with it. Values up to SHORT_VALUE characters
 * (as JSON) are kept as they are, so `changes` can say what they were; longer ones by a hash.
 */
import { createHash } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

import type { AttributeChanges } from '../shared/webhookEvents';
import { isPlainObject, matchesPattern, NOISE_ATTRIBUTES } from '../shared/webhookEvents';

import type { JsonApiResource } from '../transport';

/** A record's watched attributes: name -> value, or { '#': hash } for a long value. */
type Fingerprint = IDataObject;

/** Remembered fingerprints, oldest first, with the patterns they were taken for. */
export interface StoredMemory {
	patterns: string;
	records: Array<[string, Fingerprint]>;
}

const SHORT_VALUE = 64;
/** The most records remembered... */
export const MEMORY_LIMIT = 2_000;
/** ...and the most characters (as JSON) they may take in the workflow's static data. */
export const MEMORY_CHARACTERS = 200_000;

/** A value as remembered: itself when short, else a hash of it. */
function compact(value: unknown): unknown {
	const json = JSON.stringify(value ?? null);
	if (json.length <= SHORT_VALUE) return value ?? null;
	return { '#': createHash('sha256').update(json).digest('base64').slice(0, 16) };
}

function isHash(value: unknown): boolean {
	return isPlainObject(value) && typeof value['#'] === 'string' && Object.keys(value).length === 1;
}

/** The record's attributes that the patterns watch (custom ones as custom.<name>), compacted. */
export function fingerprint(record: JsonApiResource, patterns: string[]): Fingerprint {
	const watched = (name: string) => !NOISE_ATTRIBUTES.has(name) && matchesPattern(name, patterns);
	const values: Fingerprint = {};
	for (const [name, value] of Object.entries(record.attributes ?? {})) {
		if (name === 'custom' && isPlainObject(value)) {
			for (const [key, customValue] of Object.entries(value)) {
				if (watched(`custom.${key}`)) values[`custom.${key}`] = compact(customValue) as IDataObject[string];
			}
		} else if (watched(name)) {
			values[name] = compact(value) as IDataObject[string];
		}
	}
	return values;
}

/**
 * The watched attributes whose value differs, as { name: { before, after } }. `before` is left
 * out when only a hash of the old value was kept; `after` is the value now (or its hash).
 */
export function fingerprintChanges(before: Fingerprint, after: Fingerprint, record: JsonApiResource): AttributeChanges {
	const changes: AttributeChanges = {};
	for (const name of new Set([...Object.keys(before), ...Object.keys(after)])) {
		if (JSON.stringify(before[name] ?? null) === JSON.stringify(after[name] ?? null)) continue;
		changes[name] = { before: isHash(before[name]) ? undefined : (before[name] ?? null), after: currentValue(record, name) };
	}
	return changes;
}

function currentValue(record: JsonApiResource, name: string): unknown {
	const attributes = record.attributes ?? {};
	if (name.startsWith('custom.')) return (attributes.custom as IDataObject | undefined)?.[name.slice('custom.'.length)] ?? null;
	return attributes[name] ?? null;
}

/** Fingerprints of recently seen records, most recent last, within MEMORY_LIMIT and MEMORY_CHARACTERS. */
export class ChangeMemory {
	private readonly records: Map<string, Fingerprint>;

	constructor(readonly patterns: string, stored: Array<[string, Fingerprint]> = []) {
		this.records = new Map(stored);
	}

	get(id: string): Fingerprint | undefined {
		return this.records.get(id);
	}

	/** Remembers a record's fingerprint as its most recent. */
	set(id: string, value: Fingerprint): void {
		this.records.delete(id);
		this.records.set(id, value);
	}

	/** What goes into static data: the most recent records that fit the limits. */
	toStored(): StoredMemory {
		const kept: Array<[string, Fingerprint]> = [];
		let characters = 0;
		for (const entry of [...this.records.entries()].reverse()) {
			characters += JSON.stringify(entry).length;
			if (kept.length >= MEMORY_LIMIT || characters > MEMORY_CHARACTERS) break;
			kept.push(entry);
		}
		return { patterns: this.patterns, records: kept.reverse() };
	}
}

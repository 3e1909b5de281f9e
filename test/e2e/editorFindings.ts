/**
 * What the browser test (editor.e2e.test.ts) finds in n8n's editor that is known and waits for a
 * fix, each with the issue item it belongs to. The test fails on any finding not listed here,
 * and on a listed one it no longer finds (remove it then): expected failures, in one place,
 * never skipped silently.
 */
export type FindingKind = 'panel error' | 'list loads nothing' | 'list fails to load' | 'required field not marked' | 'lost placeholder' | 'panel not opened';

export interface Finding {
	/** "<node>: <choice>", e.g. "Kustomer: Customer → Get". */
	panel: string;
	kind: FindingKind;
	detail: string;
}

export interface KnownFinding extends Finding {
	/** The issue item whose fix removes it. */
	item: string;
}

/** None is known: the last ones (issue 20 items 2 and 3) are fixed. A new one goes here with its issue item. */
export const KNOWN_FINDINGS: KnownFinding[] = [];

export function sameFinding(a: Finding, b: Finding): boolean {
	return a.panel === b.panel && a.kind === b.kind && a.detail === b.detail;
}

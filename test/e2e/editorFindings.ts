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

/** The Custom Attributes mapper of a custom object before a type is chosen. */
const mapperBeforeType = (operation: string): KnownFinding[] => [
	{
		panel: `Kustomer: Custom Object → ${operation}`,
		kind: 'panel error',
		detail: 'Kustomer lists no custom attributes for this record type. Use Custom Attributes by Name under Additional Fields. Retry',
		item: 'issue 20 item 3 (custom attributes): before a type is chosen the mapper says the type has none, with Retry',
	},
	{
		panel: `Kustomer: Custom Object → ${operation}`,
		kind: 'list loads nothing',
		detail: 'getCustomAttributeFields',
		item: 'issue 20 item 3 (custom attributes): the mapper loads for no type',
	},
];

export const KNOWN_FINDINGS: KnownFinding[] = [
	// nodes/Kustomer/shared/fields.ts: the locators' link validation (n8n shows it in the issue tooltip, as HTML).
	{
		panel: 'Kustomer: Conversation → Create',
		kind: 'lost placeholder',
		detail: 'Not a Kustomer customer link (…/app/customers/)',
		item: 'issue 20 item 2: "…/app/customers/<ID>" loses its <ID>',
	},
	{
		panel: 'Kustomer: Conversation → Get',
		kind: 'lost placeholder',
		detail: 'Not a Kustomer conversation link (…/event/)',
		item: 'issue 20 item 2: "…/event/<ID>" loses its <ID>',
	},
	...['Create', 'Create or Update', 'Update'].flatMap(mapperBeforeType),
];

export function sameFinding(a: Finding, b: Finding): boolean {
	return a.panel === b.panel && a.kind === b.kind && a.detail === b.detail;
}

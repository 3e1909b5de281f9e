/**
 * Texts the editor shows about the nodes as a whole: the node picker's description and the
 * canvas subtitles.
 */

/**
 * What the Kustomer entry of n8n's node picker says. The picker merges a node "x" and its
 * trigger "xTrigger" into one entry and shows the TRIGGER's description for it
 * (editor-ui nodeCreator/composables/useActionsGeneration.ts, generateMergedNodesAndActions:
 * `app.description = trigger.description`), also when adding an action step. So the action
 * node and the Kustomer Trigger carry this same text.
 */
export const KUSTOMER_DESCRIPTION =
	'Create, find and update Kustomer customers, conversations (with escalation), messages, notes and custom objects, and start workflows on Kustomer events';

/**
 * A canvas subtitle naming a parameter's choice in words: the value(s) of `parameter` (an
 * expression such as `$parameter["event"]`) looked up in `words`; a value without words shows
 * as itself. n8n evaluates subtitles as expressions: the literal holds no "}}" (which would
 * end the expression), as a flat JSON object cannot.
 */
export function wordsSubtitle(parameter: string, words: Record<string, string>): string {
	return `={{ [].concat(${parameter} || []).map((value) => (${JSON.stringify(words)})[value] || value).join(", ") }}`;
}

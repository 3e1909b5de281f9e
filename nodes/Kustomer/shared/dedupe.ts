/** How many recent event ids a trigger remembers to recognize Kustomer's repeated deliveries. */
export const DEDUPE_WINDOW = 1000;

/**
 * Records `id` in `recent` (oldest first, kept at most `window` long) and tells whether it
 * was new. The list lives in the workflow's static data, so it must stay small and bounded.
 */
export function rememberEvent(recent: string[], id: string, window = DEDUPE_WINDOW): boolean {
	if (recent.includes(id)) return false;
	recent.push(id);
	if (recent.length > window) recent.splice(0, recent.length - window);
	return true;
}

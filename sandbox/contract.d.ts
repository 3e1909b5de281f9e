export interface BodyCheck {
	/** The schema key, e.g. "POST /v1/conversations"; undefined when no schema covers the route. */
	schema: string | undefined;
	valid: boolean;
	errors: string[];
}
export function validateRequestBody(method: string, path: string, body: unknown): BodyCheck;
export function schemaKeyFor(method: string, path: string): string | undefined;
export const schemas: Record<string, unknown>;

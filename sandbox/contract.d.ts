export interface BodyCheck {
	/** The schema key, e.g. "POST /v1/conversations"; undefined when no schema covers the route. */
	schema: string | undefined;
	valid: boolean;
	errors: string[];
}
/** An org's custom attribute definitions by record type (customer, conversation, kobject.<klass>), as Kustomer's metadata lists them. */
export type OrgMetadata = Record<string, Record<string, Record<string, unknown>>>;
export function validateRequestBody(method: string, path: string, body: unknown, options?: { metadata?: OrgMetadata; strict?: boolean }): BodyCheck;
export function schemaKeyFor(method: string, path: string): string | undefined;
export const schemas: Record<string, unknown>;

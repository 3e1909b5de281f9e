import { NodeApiError } from 'n8n-workflow';

/** Whether Kustomer answered 409: a record changed under a write, or a unique value is taken. */
export function isConflict(error: unknown): error is NodeApiError {
	return error instanceof NodeApiError && error.httpCode === '409';
}

/**
 * A 409 error with what happened and what to do first, then Kustomer's own words. Kustomer's
 * OpenAPI file documents no 409; its docs name optimistic locking on `rev` (notes §12), and
 * uniqueness of emails, phones and external IDs (notes §3.4).
 */
export function explainConflict(error: unknown, explanation: string): unknown {
	if (!isConflict(error)) return error;
	error.description = error.description ? `${explanation}\n${error.description}` : explanation;
	return error;
}

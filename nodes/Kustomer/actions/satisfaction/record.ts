import type { RecordKind } from '../types';

/**
 * Satisfaction surveys (type `satisfaction`, GET /v1/satisfaction) and the responses kept on
 * conversations (`satisfactionLevel`; type `satisfaction_response` at
 * /v1/satisfaction-responses/{id}: developer.kustomer.com api/core-resources/get-satisfactions,
 * "About Satisfaction surveys"). Neither has a page of its own in Kustomer's app.
 */
export const SATISFACTION: RecordKind = {
	isType: (type) => type === 'satisfaction' || type === 'satisfaction_response',
	appPath: () => undefined,
};

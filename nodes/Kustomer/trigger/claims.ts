import type { IExecuteFunctions, IWebhookFunctions } from 'n8n-workflow';

import { EventClaims } from '../shared/dedupe';

/** The event ids this process accepted (see EventClaims): one instance per n8n process. */
export const acceptedEvents = new EventClaims();

/** Claims are per trigger node of a workflow (the node id survives renames). */
export function claimKey(context: IWebhookFunctions | IExecuteFunctions): string {
	return `${String(context.getWorkflow().id)}/${context.getNode().id}`;
}

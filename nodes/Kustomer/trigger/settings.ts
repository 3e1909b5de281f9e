/** The trigger's parameters as its steps read them, checked. */
import type { IDataObject, IHookFunctions, IWebhookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { isKustomerEventName, matchablePatterns, MAX_EVENTS_PER_WEBHOOK, parseAttributePatterns } from '../shared/webhookEvents';

type TriggerContext = IHookFunctions | IWebhookFunctions;

/** Whether the user registers the webhook in Kustomer themselves. */
export function isManual(context: TriggerContext): boolean {
	return context.getNodeParameter('registration', 'automatic') === 'manual';
}

/** This node's production webhook URL: what the webhook is registered for, and known by. */
export function webhookUrl(context: TriggerContext): string {
	const url = context.getNodeWebhookUrl('default');
	if (!url) throw new NodeOperationError(context.getNode(), 'n8n did not give this trigger a webhook URL');
	return url;
}

/** The selected events, checked against Kustomer's rules (names, at most 12 per webhook). */
export function selectedEvents(context: IHookFunctions): string[] {
	const events = [...new Set((context.getNodeParameter('events', []) as string[]).map(String))];
	if (events.length === 0) {
		throw new NodeOperationError(context.getNode(), 'Choose at least one event in "Event Names or IDs"');
	}
	if (events.length > MAX_EVENTS_PER_WEBHOOK) {
		throw new NodeOperationError(
			context.getNode(),
			`Kustomer accepts at most ${MAX_EVENTS_PER_WEBHOOK} events per webhook; ${events.length} are selected`,
			{ description: 'Remove some events, or split them over two Kustomer Trigger nodes.' },
		);
	}
	const unknown = events.filter((event) => !isKustomerEventName(event));
	if (unknown.length) {
		throw new NodeOperationError(context.getNode(), `Not a Kustomer event: ${unknown.join(', ')}`, {
			description: 'Events look like kustomer.conversation.update. Pick them from the list.',
		});
	}
	return events;
}

/** The Kustomer Trigger version whose filters sit in the panel, as the polling trigger's (issue 20 item 8). */
export const FILTERS_IN_PANEL_VERSION = 3;

/** The trigger's filters: Only When Changed and Message Direction, wherever the node's version keeps them. */
export function triggerFilters(context: TriggerContext): { changedAttributes?: unknown; messageDirection?: unknown } {
	if (context.getNode().typeVersion >= FILTERS_IN_PANEL_VERSION) {
		return { changedAttributes: context.getNodeParameter('changedAttributes', ''), messageDirection: context.getNodeParameter('messageDirection', 'any') };
	}
	const options = context.getNodeParameter('options', {}) as IDataObject;
	return { changedAttributes: options.changedAttributes, messageDirection: options.messageDirection };
}

/** Refuses, at activation, an Only When Changed pattern that could never start the workflow. */
export function checkChangedAttributes(context: IHookFunctions): void {
	matchablePatterns(context.getNode(), parseAttributePatterns(triggerFilters(context).changedAttributes));
}

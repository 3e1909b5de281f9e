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

/** Refuses, at activation, an Only When Changed pattern that could never start the workflow. */
export function checkChangedAttributes(context: IHookFunctions): void {
	const options = context.getNodeParameter('options', {}) as IDataObject;
	matchablePatterns(context.getNode(), parseAttributePatterns(options.changedAttributes));
}

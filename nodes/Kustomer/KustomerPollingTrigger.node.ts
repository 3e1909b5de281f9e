import type { INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { wordsSubtitle } from './editorTexts';
import { POLL_EVENTS } from './polling/events';
import { pollKustomer } from './polling/poll';
import { DEFAULT_MAX_RECORDS, MAX_RECORDS_LIMIT } from './polling/settings';
import { changedAttributesField, messageDirectionField } from './shared/fields';
import { READABLE_RECORD_FIELDS } from './shared/simplify';
import { kustomerPollingTriggerBuilderHint } from './tool/builderHints';
import { klassField } from './actions/customObject/common';
import { getKlasses } from './methods/loadOptions';
import { POLLING_TRIGGER_READABLE_VERSION } from './versions';

const UPDATE_EVENTS = POLL_EVENTS.filter((event) => event.tracksUpdates).map((event) => event.value);
const KLASS_EVENTS = POLL_EVENTS.filter((event) => event.needsKlass).map((event) => event.value);

export class KustomerPollingTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Kustomer Polling Trigger',
		name: 'kustomerPollingTrigger',
		icon: { light: 'file:kustomer.svg', dark: 'file:kustomer.dark.svg' },
		group: ['trigger'],
		// 2: Conversation Done is reported as kustomer.conversation.update with changes.status
		// (version 1 named it kustomer.conversation.done, which no webhook event is).
		// 3: simplified records are the Kustomer node's Simplify records (no rev or orgId, names
		// beside IDs), the webhook trigger's version 4 records (versions 1 and 2 keep theirs).
		version: [1, 2, POLLING_TRIGGER_READABLE_VERSION],
		defaultVersion: POLLING_TRIGGER_READABLE_VERSION,
		subtitle: wordsSubtitle('$parameter["event"]', Object.fromEntries(POLL_EVENTS.map(({ name, value }) => [value, name]))),
		description:
			'Starts the workflow on new or changed Kustomer conversations, customers and messages, found by polling on a schedule: no public URL needed',
		defaults: { name: 'Kustomer Polling Trigger' },
		builderHint: kustomerPollingTriggerBuilderHint,
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'kustomerApi', required: true }],
		properties: [
			{
				displayName:
					'Checks Kustomer with its search on the Poll Times schedule above (at most once a minute), so n8n needs no public https address. For events the moment they happen, use the Kustomer Trigger (webhooks) instead.',
				name: 'pollingNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Event',
				name: 'event',
				type: 'options',
				noDataExpression: true,
				required: true,
				default: 'conversationCreated',
				options: POLL_EVENTS.map(({ name, value, description }) => ({ name, value, description })),
			},
			{ ...klassField(), displayOptions: { show: { event: KLASS_EVENTS } } },
			changedAttributesField(
				'Start only when one of these attributes changed (comma-separated; "custom.*" means any custom attribute). Bookkeeping such as updatedAt, rev or message counts never counts as a change. Empty: every change counts.',
				{ show: { event: UPDATE_EVENTS } },
			),
			{
				displayName: 'Include Messages',
				name: 'includeMessages',
				type: 'boolean',
				default: false,
				description: 'Whether to attach the conversation\'s messages, oldest first, and a plain-text transcript of them',
				displayOptions: { show: { event: ['conversationDone'] } },
			},
			messageDirectionField('Only messages in this direction start the workflow', { show: { event: ['messageCreated'] } }),
			{
				displayName: 'Output',
				name: 'output',
				type: 'options',
				default: 'simplified',
				options: [
					{
						name: 'Simplified',
						value: 'simplified',
						description: `The event name, what changed, and the record as one flat object: ${READABLE_RECORD_FIELDS}. Nodes added before version ${POLLING_TRIGGER_READABLE_VERSION} keep rev and orgId and give no names or plain email.`,
					},
					{ name: 'Raw', value: 'raw', description: 'The record exactly as Kustomer sends it' },
				],
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Max Records per Poll',
						name: 'maxRecords',
						type: 'number',
						typeOptions: { minValue: 1, maxValue: MAX_RECORDS_LIMIT },
						default: DEFAULT_MAX_RECORDS,
						description: 'The most records one poll reads; more wait for the next poll, in order, none skipped',
					},
					{
						displayName: 'Start Date',
						name: 'startDate',
						type: 'dateTime',
						default: '',
						description:
							'On the first activation, also report what happened since this date (a backfill). Empty: start from the activation. Changing it starts over.',
					},
				],
			},
		],
	};

	methods = { loadOptions: { getKlasses } };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await pollKustomer(this);
	}
}

import type {
	IExecuteFunctions,
	IHookFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { KUSTOMER_DESCRIPTION, wordsSubtitle } from './editorTexts';
import { kustomerWebhookSecretTest } from './methods/credentialTest';
import { getEvents } from './methods/loadOptions';
import { changedAttributesField, messageDirectionField } from './shared/fields';
import { READABLE_RECORD_FIELDS } from './shared/simplify';
import { DOCUMENTED_EVENTS, eventDisplayName } from './shared/webhookEvents';
import { receiveEvent } from './trigger/delivery';
import { APP_URL_VERSION, withAppLinks } from './trigger/appLinks';
import { admitExecutionItems } from './trigger/execution';
import { withReadableRecords } from './trigger/names';
import { registerWebhook, unregisterWebhook, webhookExists } from './trigger/registration';
import { FILTERS_IN_PANEL_VERSION } from './trigger/settings';
import { kustomerTriggerBuilderHint } from './tool/builderHints';
import { TRIGGER_READABLE_VERSION } from './versions';

/** The trigger's filters: in Options (versions 1 and 2) or in the panel (version 3, as the polling trigger's). */
const FILTERS = [
	messageDirectionField('For message events: only messages in this direction start the workflow'),
	changedAttributesField(
		'For update events: start only when one of these attributes changed (comma-separated; "custom.*" means any custom attribute). Bookkeeping such as updatedAt, rev or message counts never counts as a change. Empty: every change counts.',
	),
];

export class KustomerTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Kustomer Trigger',
		name: 'kustomerTrigger',
		icon: { light: 'file:kustomer.svg', dark: 'file:kustomer.dark.svg' },
		group: ['trigger'],
		// 2: simplified records carry `appUrl`, as the polling trigger's do (version 1 kept without it).
		// 3: the filters sit in the panel, as the polling trigger's do (versions 1 and 2 keep them in Options).
		// 4: simplified records are the Kustomer node's Simplify records (no rev or orgId, names
		// beside IDs), the polling trigger's version 3 records (versions 1 to 3 keep theirs).
		version: [1, APP_URL_VERSION, FILTERS_IN_PANEL_VERSION, TRIGGER_READABLE_VERSION],
		defaultVersion: TRIGGER_READABLE_VERSION,
		subtitle: wordsSubtitle('$parameter["events"]', Object.fromEntries(DOCUMENTED_EVENTS.map((name) => [name, eventDisplayName(name)]))),
		// The node picker shows this for the Kustomer entry, actions included (see KUSTOMER_DESCRIPTION).
		description: KUSTOMER_DESCRIPTION,
		defaults: { name: 'Kustomer Trigger' },
		builderHint: kustomerTriggerBuilderHint,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'kustomerApi',
				required: true,
				// `hide`, not `show`: n8n's editor takes a parameter every credential `show`s on as the
				// node's authentication choice and moves it out of the panel into the credential
				// window (editor-ui utils/nodeTypesUtils.ts, getMainAuthField), where Registration
				// was an unexplained "Automatic" (issue 20 item 4).
				displayOptions: { hide: { registration: ['manual'] } },
			},
			{
				name: 'kustomerWebhookApi',
				required: true,
				testedBy: 'kustomerWebhookSecretTest',
				displayOptions: { hide: { registration: ['automatic'] } },
			},
		],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				// Kustomer only needs a 2xx: answer at once, with an empty body.
				responseData: 'noData',
				path: 'webhook',
			},
		],
		properties: [
			{
				displayName: 'Registration',
				name: 'registration',
				type: 'options',
				noDataExpression: true,
				default: 'automatic',
				description: 'Who adds the webhook in Kustomer: this trigger, with the API key (Automatic), or you (Manual)',
				options: [
					{
						name: 'Automatic',
						value: 'automatic',
						description: 'The trigger registers its webhook in Kustomer when the workflow is activated and removes it when deactivated',
					},
					{
						name: 'Manual',
						value: 'manual',
						description: 'You add the webhook in Kustomer yourself: for API keys without the outbound-webhook role, or orgs at the limit of 5 webhooks',
					},
				],
			},
			{
				displayName:
					'The trigger adds its webhook in Kustomer when the workflow is published and removes it when unpublished. Choose Manual registration instead when the API key may not create webhooks (no outbound-webhook role) or the org already has its 5 webhooks. Deliveries are verified two ways, either one enough: Kustomer\'s signature and a secret the trigger registers as a header of its webhook.',
				name: 'automaticNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { registration: ['automatic'] } },
			},
			{
				displayName:
					'Manual mode: in Kustomer, go to Settings > Platform > Outbound Webhooks and add a webhook with this node\'s Production URL (under Webhook URLs; it must be https) and the same events. Put its signing token, or the shared secret you added as a custom header, in the credential above.',
				name: 'manualNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { registration: ['manual'] } },
			},
			{
				displayName: 'Event Names or IDs',
				name: 'events',
				type: 'multiOptions',
				typeOptions: { loadOptionsMethod: 'getEvents' },
				required: true,
				default: [],
				description:
					'Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
			},
			{
				displayName: 'Verify With',
				name: 'verification',
				type: 'options',
				noDataExpression: true,
				default: 'signature',
				displayOptions: { show: { registration: ['manual'] } },
				options: [
					{
						name: 'Signature',
						value: 'signature',
						description: 'X-Kustomer-Webhook-Signature: HMAC-SHA256 of the body with the webhook\'s token',
					},
					{
						name: 'Shared Secret Header',
						value: 'sharedSecretHeader',
						description: 'A secret Kustomer sends in a custom header of the webhook',
					},
				],
			},
			{
				displayName: 'Header Name',
				name: 'verificationHeaderName',
				type: 'string',
				default: 'X-Kustomer-Secret',
				description: 'The custom header you gave the webhook in Kustomer; its value is the secret in the credential',
				displayOptions: { show: { registration: ['manual'], verification: ['sharedSecretHeader'] } },
			},
			{
				displayName: 'Output',
				name: 'output',
				type: 'options',
				default: 'simplified',
				options: [
					{
						name: 'Simplified',
						value: 'simplified',
						description: `Event name and ID, what changed as { attribute: { before, after } }, and the record as one flat object: ${READABLE_RECORD_FIELDS} (Manual registration: no appUrl). Nodes added before version ${TRIGGER_READABLE_VERSION} keep rev and orgId and give no names or plain email.`,
					},
					{
						name: 'Raw',
						value: 'raw',
						description: 'The event exactly as Kustomer sent it',
					},
				],
			},
			// Version 3 shows the filters in the panel, as the polling trigger does; versions 1 and 2 under Options.
			...FILTERS.map((field) => ({ ...field, displayOptions: { show: { '@version': [{ _cnd: { gte: FILTERS_IN_PANEL_VERSION } }] } } })),
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				displayOptions: { show: { '@version': [{ _cnd: { lt: FILTERS_IN_PANEL_VERSION } }] } },
				options: FILTERS,
			},
		],
	};

	methods = {
		loadOptions: { getEvents },
		credentialTest: { kustomerWebhookSecretTest },
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return await webhookExists.call(this);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return await registerWebhook.call(this);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return await unregisterWebhook.call(this);
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receiveEvent.call(this);
	}

	/**
	 * The first step of the execution a delivery starts: records the event in n8n's
	 * processed-data table and passes it on (with its record's link in Kustomer and, from
	 * version 4, names beside IDs), or nothing when another delivery took it.
	 */
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData().map((item, index) => ({ ...item, pairedItem: { item: index } }));
		const admitted = await admitExecutionItems(this, await withAppLinks(this, items));
		return [await withReadableRecords(this, admitted)];
	}
}

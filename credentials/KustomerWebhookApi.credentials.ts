import type { Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * The secret a Kustomer Trigger in manual mode verifies deliveries with: the webhook's signing
 * token, or a shared secret Kustomer sends in a custom header. Kept in a credential so it is
 * stored encrypted, never in the workflow.
 */
export class KustomerWebhookApi implements ICredentialType {
	name = 'kustomerWebhookApi';

	// Beside "Kustomer API" in the credential list, the name says what little this one is for.
	displayName = 'Kustomer Trigger Manual Webhook Secret API';

	icon: Icon = {
		light: 'file:../nodes/Kustomer/kustomer.svg',
		dark: 'file:../nodes/Kustomer/kustomer.dark.svg',
	};

	documentationUrl = 'https://github.com/n8n-nodes-kustomer/n8n-nodes-kustomer#manual-mode';

	properties: INodeProperties[] = [
		{
			displayName:
				'Only for the Kustomer Trigger with Registration: Manual, to verify the deliveries of the webhook you added in Kustomer yourself. Every other use, including the trigger\'s Automatic registration, takes the Kustomer API credential.',
			name: 'manualModeNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Secret',
			name: 'secret',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description:
				"The outbound webhook's signing token from Kustomer (Verify With: Signature), or the value of the custom header you registered (Verify With: Shared Secret Header)",
		},
	];
}

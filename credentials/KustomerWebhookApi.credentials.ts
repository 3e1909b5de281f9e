import type { Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * The secret a Kustomer Trigger in manual mode verifies deliveries with: the webhook's signing
 * token, or a shared secret Kustomer sends in a custom header. Kept in a credential so it is
 * stored encrypted, never in the workflow.
 */
export class KustomerWebhookApi implements ICredentialType {
	name = 'kustomerWebhookApi';

	displayName = 'Kustomer Webhook API';

	icon: Icon = {
		light: 'file:../nodes/Kustomer/kustomer.svg',
		dark: 'file:../nodes/Kustomer/kustomer.dark.svg',
	};

	documentationUrl = 'https://github.com/n8n-nodes-kustomer/n8n-nodes-kustomer#manual-mode';

	properties: INodeProperties[] = [
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

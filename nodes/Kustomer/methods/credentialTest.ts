import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';

/**
 * The webhook secret has no API to call: the test checks it is there and usable. Deliveries
 * prove it; a wrong secret makes the trigger answer 401 and log why.
 */
export async function kustomerWebhookSecretTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const secret = String(credential.data?.secret ?? '');
	if (secret.trim() === '') return { status: 'Error', message: 'Enter the secret' };
	if (secret !== secret.trim()) {
		return { status: 'Error', message: 'The secret starts or ends with spaces; paste it exactly as Kustomer shows it' };
	}
	return { status: 'OK', message: 'Secret is set. Deliveries signed with it will be accepted.' };
}

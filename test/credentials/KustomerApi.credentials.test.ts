import type { IAuthenticateGeneric, ICredentialDataDecryptedObject, ICredentialTestRequest } from 'n8n-workflow';

import { kustomerBaseUrl } from '../../nodes/Kustomer/transport/baseUrl';
import { buildWorkflow, loadPackage, TestCredentialsHelper } from '../helpers/harness';
import { kustomerNode } from '../helpers/workflows';

async function credentialType() {
	const { credentialTypes } = await loadPackage();
	return credentialTypes.kustomerApi;
}

/** Evaluates a credential expression the way n8n does when it runs the credential test. */
async function evaluate(expression: string, credentials: ICredentialDataDecryptedObject): Promise<unknown> {
	const node = kustomerNode({});
	const workflow = await buildWorkflow({ nodes: [node], connections: {} });
	return workflow.expression.getSimpleParameterValue(node, expression, 'internal', { $credentials: credentials }, undefined, '');
}

test('is the kustomerApi credential with a password-typed API key', async () => {
	const type = await credentialType();
	expect(type.name).toBe('kustomerApi');
	expect(type.displayName).toBe('Kustomer API');
	const apiKey = type.properties.find((property) => property.name === 'apiKey');
	expect(apiKey?.typeOptions?.password).toBe(true);
	expect(type.properties.find((property) => property.name === 'host')?.options).toHaveLength(5);
});

test('authenticates with a bearer header, so the HTTP Request node can use it too', async () => {
	const type = await credentialType();
	expect((type.authenticate as IAuthenticateGeneric).properties.headers).toEqual({
		Authorization: '=Bearer {{$credentials.apiKey}}',
	});
	const node = kustomerNode({});
	const workflow = await buildWorkflow({ nodes: [node], connections: {} });
	const helper = new TestCredentialsHelper({ kustomerApi: type }, {});
	const authenticated = await helper.authenticate({ apiKey: 'abc123' }, 'kustomerApi', { url: '/v1/x', headers: {} }, workflow, node);
	expect(authenticated.headers).toEqual({ Authorization: 'Bearer abc123' });
});

test.each<Record<string, string>>([
	{ host: 'org', organization: 'acme' },
	{ host: 'us' },
	{ host: 'eu' },
	{ host: 'in' },
	{ host: 'custom', customBaseUrl: 'http://127.0.0.1:4010/' },
])('the credential test calls GET /v1/users/current on the same host the node uses: %j', async (settings) => {
	const { request } = (await credentialType()).test as ICredentialTestRequest;
	expect(request.url).toBe('/v1/users/current');
	expect(request.method).toBe('GET');
	const resolved = kustomerBaseUrl(settings);
	expect(await evaluate(request.baseURL as string, settings)).toBe('url' in resolved ? resolved.url : undefined);
});

test('the credential test tells an unknown key or wrong region, a missing role, and a wrong org apart by status', async () => {
	const { rules } = (await credentialType()).test as ICredentialTestRequest;
	const byStatus = Object.fromEntries(
		(rules ?? []).map((rule) => [(rule.properties as { value: number }).value, rule.properties.message]),
	);
	expect(byStatus[401]).toContain('not revoked');
	expect(byStatus[401]).toContain('region');
	expect(byStatus[403]).toContain('org.permission.user.read');
	expect(byStatus[404]).toContain('Organization Name');
});

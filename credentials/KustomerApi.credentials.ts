import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

import { kustomerOriginExpression } from '../nodes/Kustomer/transport/baseUrl';

/**
 * Kustomer API key credential. Where requests go is decided by one rule,
 * `resolveKustomerOrigin()`, which the node calls and the Test button evaluates (its source is
 * the Test request's baseURL expression), so the two cannot disagree about the host. The
 * header stays a declarative `authenticate`: n8n offers "Custom API Call" and the HTTP Request
 * node only for credentials that declare one.
 */
export class KustomerApi implements ICredentialType {
	name = 'kustomerApi';

	displayName = 'Kustomer API';

	icon: Icon = {
		light: 'file:../nodes/Kustomer/kustomer.svg',
		dark: 'file:../nodes/Kustomer/kustomer.dark.svg',
	};

	documentationUrl = 'https://github.com/n8n-nodes-kustomer/n8n-nodes-kustomer#credential';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description:
				'Made in Kustomer under Settings > Security > API Keys. Roles are fixed when the key is created.',
		},
		{
			displayName: 'Host',
			name: 'host',
			type: 'options',
			default: 'org',
			options: [
				{
					name: 'Organization Host (Routes to Your Region)',
					value: 'org',
					// n8n renders option descriptions as HTML: <organization> would vanish, {organization} survives.
					description: 'https://{organization}.api.kustomerapp.com, your org\'s own address: requests reach its region wherever it is',
				},
				{
					name: 'US (api.kustomerapp.com)',
					value: 'us',
				},
				{
					name: 'EU (api.prod2.kustomerapp.com)',
					value: 'eu',
				},
				{
					name: 'India (api.prod4.kustomerapp.com)',
					value: 'in',
				},
				{
					name: 'Custom Base URL',
					value: 'custom',
					description: 'A proxy or the local Kustomer sandbox',
				},
			],
		},
		{
			displayName: 'Organization Name',
			name: 'organization',
			type: 'string',
			// Required only where it is shown: with the Organization Host, n8n will not test or use the credential without it.
			required: true,
			default: '',
			placeholder: 'e.g. acme',
			description:
				'The subdomain your team signs in at: "acme" for https://acme.kustomerapp.com. Requests go to https://{organization}.api.kustomerapp.com.',
			displayOptions: { show: { host: ['org'] } },
		},
		{
			displayName: 'Custom Base URL',
			name: 'customBaseUrl',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. http://127.0.0.1:4010',
			description:
				'Scheme and host without /v1: https (a proxy), or plain http only on this machine, e.g. the local sandbox at http://127.0.0.1:4010 (the API key would otherwise travel in clear text)',
			displayOptions: { show: { host: ['custom'] } },
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.apiKey}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: kustomerOriginExpression(),
			url: '/v1/users/current',
			method: 'GET',
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'Kustomer rejected the API key (401). Check that the key is complete and not revoked; that the Host matches the region of your org (a key from an EU org fails on the US host: choose "Organization Host" if unsure); and that the key has a role that can read users.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message:
						'The API key is valid but lacks a role for this call (403). Create a key with org.permission.user.read or the legacy org.user.user.read role.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message:
						'Kustomer answered 404: the Organization Name or Custom Base URL does not point at a Kustomer API. Use the subdomain you sign in at, without ".kustomerapp.com".',
				},
			},
		],
	};
}

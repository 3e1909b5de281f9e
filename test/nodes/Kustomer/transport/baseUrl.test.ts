import { isLoopbackOrigin, kustomerAppUrl, kustomerBaseUrl, kustomerOriginExpression, resolveKustomerOrigin } from '../../../../nodes/Kustomer/transport/baseUrl';

test.each([
	[{ host: 'org', organization: 'Acme' }, 'https://acme.api.kustomerapp.com'],
	[{ host: 'us' }, 'https://api.kustomerapp.com'],
	[{ host: 'eu' }, 'https://api.prod2.kustomerapp.com'],
	[{ host: 'in' }, 'https://api.prod4.kustomerapp.com'],
	[{ host: 'custom', customBaseUrl: 'http://127.0.0.1:4010/' }, 'http://127.0.0.1:4010'],
	[{ host: 'custom', customBaseUrl: 'https://proxy.example.com/kustomer/v1' }, 'https://proxy.example.com/kustomer'],
	[{ organization: 'acme' }, 'https://acme.api.kustomerapp.com'],
	[{ host: 'org', organization: ' acme ' }, 'https://acme.api.kustomerapp.com'],
])('%j -> %s', (settings, url) => {
	expect(kustomerBaseUrl(settings)).toEqual({ url });
});

test('an unusable credential explains itself', () => {
	expect(kustomerBaseUrl({ host: 'org', organization: 'acme.kustomerapp.com' })).toEqual({
		problem: expect.stringContaining('Organization Name'),
	});
	expect(kustomerBaseUrl({ host: 'custom', customBaseUrl: 'ftp://x' })).toEqual({
		problem: expect.stringContaining('not an http(s) URL'),
	});
});

test('a Custom Base URL in plain http is refused unless it is this machine: the API key would travel in clear text', () => {
	for (const customBaseUrl of ['http://proxy.example.com', 'http://10.0.0.5:4010', 'http://kustomer.local', 'http://127.0.0.1.nip.io:4010']) {
		expect(kustomerBaseUrl({ host: 'custom', customBaseUrl })).toEqual({ problem: expect.stringContaining('https') });
	}
	expect(kustomerBaseUrl({ host: 'custom', customBaseUrl: 'http://proxy.example.com' })).toEqual({
		problem: expect.stringContaining('clear text'),
	});
	for (const customBaseUrl of ['http://127.0.0.1:4010', 'http://127.8.0.1', 'http://localhost:4010', 'http://[::1]:4010', 'HTTP://LOCALHOST']) {
		expect(kustomerBaseUrl({ host: 'custom', customBaseUrl })).toEqual({ url: customBaseUrl.replace(/\/$/, '') });
	}
	expect(isLoopbackOrigin('http://127.0.0.1:4010')).toBe(true);
	expect(isLoopbackOrigin('https://proxy.example.com')).toBe(false);
});

test('links to the web app only when the org is known', () => {
	expect(kustomerAppUrl({ host: 'org', organization: 'acme' })).toBe('https://acme.kustomerapp.com');
	expect(kustomerAppUrl({ host: 'us' })).toBeUndefined();
});

test('the rule is self-contained, so the credential Test can evaluate its source inside an n8n expression', () => {
	const expression = kustomerOriginExpression();
	expect(expression.startsWith('={{ ')).toBe(true);
	// n8n ends an expression at the first "}}".
	expect(expression.indexOf('}}')).toBe(expression.length - 2);
	const standalone = new Function(`return (${resolveKustomerOrigin.toString()});`)() as typeof resolveKustomerOrigin;
	expect(standalone('custom', undefined, ' http://127.0.0.1:4010/v1/ ')).toEqual({ url: 'http://127.0.0.1:4010' });
	expect(standalone('custom', undefined, 'http://proxy.example.com')).toEqual({ problem: expect.stringContaining('https') });
	expect(standalone(undefined, 'Acme', undefined)).toEqual({ url: 'https://acme.api.kustomerapp.com' });
});

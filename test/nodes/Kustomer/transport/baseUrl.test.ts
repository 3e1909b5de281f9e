import { kustomerAppUrl, kustomerBaseUrl, withKustomerBaseUrl } from '../../../../nodes/Kustomer/transport/baseUrl';

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

test('links to the web app only when the org is known', () => {
	expect(kustomerAppUrl({ host: 'org', organization: 'acme' })).toBe('https://acme.kustomerapp.com');
	expect(kustomerAppUrl({ host: 'us' })).toBeUndefined();
});

test('withKustomerBaseUrl points a path-only request at the credential host and leaves absolute URLs alone', () => {
	expect(withKustomerBaseUrl({ host: 'eu' }, { url: '/v1/users/current' })).toEqual({ url: '/v1/users/current', baseURL: 'https://api.prod2.kustomerapp.com' });
	expect(withKustomerBaseUrl({ host: 'eu' }, { url: 'https://example.com/x' })).toEqual({ url: 'https://example.com/x' });
	expect(withKustomerBaseUrl({ host: 'eu' }, { url: '/x', baseURL: 'https://b.example.com' })).toEqual({ url: '/x', baseURL: 'https://b.example.com' });
	expect(() => withKustomerBaseUrl({ host: 'org', organization: 'a b' }, { url: '/v1/users/current' })).toThrow('Organization Name');
});

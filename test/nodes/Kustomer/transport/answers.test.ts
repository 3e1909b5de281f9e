import { idFromAnswer, isKustomerStorage, unsafePathProblem } from '../../../../nodes/Kustomer/transport/answers';

const node = { id: 'n', name: 'Kustomer', type: 'kustomer', typeVersion: 1, position: [0, 0] as [number, number], parameters: {} };

test('an answered ID is used only when it is a Kustomer ID', () => {
	expect(idFromAnswer(node, '5F1A2B3C4D5E6F7A8B9C0D1E', 'customer', 0)).toBe('5F1A2B3C4D5E6F7A8B9C0D1E');
	for (const value of ['..', '5f1a2b3c4d5e6f7a8b9c0d1e/..', '', null, 12, { id: 'x' }]) {
		expect(() => idFromAnswer(node, value, 'customer', 3)).toThrow(/^Kustomer answered a customer ID that is not a Kustomer ID: .* \[item 3\]$/);
	}
});

test('paths with dot segments, empty segments or raw characters Kustomer paths never hold are not sent', () => {
	for (const path of ['/v1/customers/5f1a2b3c4d5e6f7a8b9c0d1e', '/v1/customers/email=a%2Bb%40c.co', '/v1/messages/externalid=a%2Fb', '/v1/customers/search?page=2&pageSize=500', '/v1/klasses/order/externalId=x%2F..%2Fy']) {
		expect(unsafePathProblem(path)).toBeUndefined();
	}
	for (const path of ['/v1/customers/../orgs', '/v1/customers/./x', '/v1//customers', '/v1/drafts/x y', '/v1/drafts/x#y', '/v2/customers', '/v1/drafts/..%2F..%2Forgs', '/v1/a\\b']) {
		expect(unsafePathProblem(path)).toEqual(expect.any(String));
	}
});

test("storage addresses: Kustomer's S3 over https, or the credential's own origin", () => {
	const api = 'https://acme.api.kustomerapp.com';
	expect(isKustomerStorage('https://kustomer-prod1-attachments.s3.amazonaws.com/attachments/x.jpg?X-Amz-Expires=600', api)).toBe(true);
	expect(isKustomerStorage('https://s3.us-east-1.amazonaws.com/bucket/key', api)).toBe(true);
	expect(isKustomerStorage('http://127.0.0.1:4010/storage/get/x', 'http://127.0.0.1:4010')).toBe(true);
	for (const url of ['http://kustomer-prod1-attachments.s3.amazonaws.com/x', 'https://amazonaws.com.evil.test/x', 'https://evilamazonaws.com/x', 'https://collector.example.com/x', 'javascript:alert(1)', 'not a url', 'http://127.0.0.1:4011/x']) {
		expect(isKustomerStorage(url, 'http://127.0.0.1:4010')).toBe(false);
	}
});

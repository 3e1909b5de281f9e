import { signBody, verifySharedSecret, verifySignature } from '../../../../nodes/Kustomer/shared/signature';
import { hmacHex } from '../../../helpers/kustomerEvents';

const token = 'whtok_8d2f1c';
const body = '{"id":"e1","name":"kustomer.customer.create","data":{"attributes":{"name":"Zoë 日本 😀"}}}';

test('signs with lowercase hex HMAC-SHA256 of the exact bytes', () => {
	expect(signBody(body, token)).toBe(hmacHex(Buffer.from(body, 'utf8'), token));
	expect(signBody(body, token)).toMatch(/^[0-9a-f]{64}$/);
});

test('accepts the right signature for a Buffer or a string body, in either hex case', () => {
	const signature = hmacHex(body, token);
	expect(verifySignature(Buffer.from(body, 'utf8'), token, signature)).toBe(true);
	expect(verifySignature(body, token, signature)).toBe(true);
	expect(verifySignature(body, token, signature.toUpperCase())).toBe(true);
	expect(verifySignature(body, token, ` ${signature} `)).toBe(true);
});

test.each([
	['a tampered body', body.replace('Zoë', 'Zoe'), token, hmacHex(body, token)],
	['the same JSON in other bytes', JSON.stringify(JSON.parse(body), null, 2), token, hmacHex(body, token)],
	['the non-ASCII body in another encoding', Buffer.from(body, 'latin1'), token, hmacHex(body, token)],
	['a wrong token', body, 'other-token', hmacHex(body, token)],
	['no header', body, token, undefined],
	['an empty header', body, token, ''],
	['a truncated signature', body, token, hmacHex(body, token).slice(0, 63)],
	['a non-hex signature', body, token, 'z'.repeat(64)],
	['a repeated header', body, token, [hmacHex(body, token), hmacHex(body, token)]],
	['no token', body, '', hmacHex(body, '')],
	['no body', undefined, token, hmacHex('', token)],
])('rejects %s', (_label, given, key, signature) => {
	expect(verifySignature(given as string | Buffer | undefined, key, signature)).toBe(false);
});

test('shared secrets compare equal only when identical', () => {
	expect(verifySharedSecret('s3cret', 's3cret')).toBe(true);
	expect(verifySharedSecret('s3cret ', 's3cret')).toBe(false);
	expect(verifySharedSecret('s3cre', 's3cret')).toBe(false);
	expect(verifySharedSecret(undefined, 's3cret')).toBe(false);
	expect(verifySharedSecret(['s3cret'], 's3cret')).toBe(false);
	expect(verifySharedSecret('', '')).toBe(false);
});

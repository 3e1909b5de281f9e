/**
 * Constants of the test harness, in a module of their own: a test that needs only these (a
 * path, the nock host and key) does not load n8n-core with harness.ts, most of a second of
 * CPU per test file.
 */
import path from 'node:path';

export const PACKAGE_ROOT = path.resolve(__dirname, '..', '..');
export const TEST_API_KEY = 'test-key-8c1f1f7e5f9d4c2aa7d1-secret';
export const TEST_BASE_URL = 'https://acme.api.kustomerapp.com';

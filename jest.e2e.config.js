/**
 * End-to-end tests: a real n8n (each pinned line) with the packed package installed, against
 * the local Kustomer sandbox. globalSetup installs n8n into its cache the first time.
 */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.e2e.test.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }] },
	globalSetup: '<rootDir>/test/e2e/globalSetup.js',
	testTimeout: 300_000,
	maxWorkers: 1,
};

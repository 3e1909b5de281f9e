/**
 * End-to-end tests: a real n8n (each pinned line) with the packed package installed, against
 * the local Kustomer sandbox. globalSetup installs n8n into its cache the first time, and
 * provisions the user folder each file's n8n copies.
 */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.e2e.test.ts'],
	transform: { '^.+\\.ts$': '<rootDir>/test/helpers/transform.js' },
	globalSetup: '<rootDir>/test/e2e/globalSetup.js',
	globalTeardown: '<rootDir>/test/e2e/globalTeardown.js',
	testTimeout: 300_000,
	// Two files at once: most of a file's time is waiting (on n8n's schedule, a Wait node, the
	// sandbox's rate windows and late writes), and each file has its own n8n, sandbox, folders and
	// ports (scripts/n8n/environment.js's freePortPair gives each worker its own range). `npm
	// test` runs queue mode's file alone (scripts/test.js).
	maxWorkers: 2,
};

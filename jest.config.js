const os = require('os');

const { LAZY_MODULE_MAPPER } = require('./test/helpers/lazyModules');
const { MODULE_NAME_MAPPER } = require('./test/helpers/source');

/**
 * Unit and in-process workflow tests, on the TypeScript source with no build: files are
 * transpiled only (tsconfig.test.json sets isolatedModules; `npm run typecheck` type-checks
 * source and tests once), and the built package's paths that n8n-core's loader and scripts
 * ask for map to the source (test/helpers/source.js). The end-to-end suite, on the packed
 * build, has its own config (jest.e2e.config.js).
 */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/e2e/'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }] },
	moduleNameMapper: { ...MODULE_NAME_MAPPER, ...LAZY_MODULE_MAPPER },
	setupFiles: ['<rootDir>/test/setup.ts'],
	setupFilesAfterEnv: ['<rootDir>/test/setupAfterEnv.ts'],
	testTimeout: 30_000,
	// A worker per core, and one more: a few files spend most of their time waiting (commands
	// they run, the sandbox's scheduled sends), and meanwhile the others keep every core busy.
	maxWorkers: os.availableParallelism() + 1,
	// test.concurrent's limit: the conformance runs (test/scripts/conformance) mostly wait on real time.
	maxConcurrency: 24,
};

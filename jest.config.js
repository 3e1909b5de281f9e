const os = require('os');

const { LAZY_MODULE_MAPPER } = require('./test/helpers/lazyModules');
const { MODULE_NAME_MAPPER } = require('./test/helpers/source');

// Jest's workers inherit this environment. The tests allocate many short-lived objects (each
// workflow run builds its node's 252 properties again); with V8's default 16 MB young
// generation, garbage collection was about 15 % of the suite's CPU. 64 MB takes ~10 % off
// the suite's CPU (2 cores, 2026-12-08).
if (!/--max-semi-space-size/.test(process.env.NODE_OPTIONS ?? '')) {
	process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} --max-semi-space-size=64`.trim();
}

/**
 * Unit and in-process workflow tests, on the TypeScript source with no build: files are
 * transpiled only (tsconfig.test.json sets isolatedModules; `npm run typecheck` type-checks
 * source and tests once), and the built package's paths that n8n-core's loader and scripts
 * ask for map to the source (test/helpers/source.js). The end-to-end suite, on the packed
 * build, has its own config (jest.e2e.config.js).
 */
module.exports = {
	testEnvironment: '<rootDir>/test/helpers/environment.js',
	runtime: '<rootDir>/test/helpers/runtime.js',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/e2e/'],
	transform: { '^.+\\.ts$': '<rootDir>/test/helpers/transform.js' },
	moduleNameMapper: { ...MODULE_NAME_MAPPER, ...LAZY_MODULE_MAPPER },
	setupFiles: ['<rootDir>/test/setup.ts'],
	setupFilesAfterEnv: ['<rootDir>/test/setupAfterEnv.ts'],
	testTimeout: 30_000,
	// A worker per core, and one more: a few files spend most of their time waiting (commands
	// they run), and meanwhile the others keep every core busy.
	maxWorkers: os.availableParallelism() + 1,
	// test.concurrent's limit: the conformance runs (test/scripts/conformance) mostly wait on real time.
	maxConcurrency: 24,
};

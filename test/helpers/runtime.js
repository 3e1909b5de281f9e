/**
 * Jest's runtime, which reads each installed module once per worker instead of once per test
 * file.
 *
 * Jest gives every test file a fresh module registry, as it should: each file loads n8n-core,
 * n8n-workflow and the package anew. But it also reads every module's file from disk again
 * for each file (its file cache lives as long as the file's runtime), about 1,500 files for a
 * file that runs a workflow: that reading was ~6 % of the suite's CPU, and asking whether the
 * module is mocked (no test mocks one) another ~1 % (profile of the whole suite, 2026-12-08).
 * Files under node_modules do not change during a run; their text, and the result of jest's
 * transform for them (none: transformIgnorePatterns), are kept for the worker's later files.
 * Modules are still evaluated once per file, in that file's own context.
 */
const Runtime = require('jest-runtime').default;

const INSTALLED = /[\\/]node_modules[\\/]/;

/** Installed modules' text and jest's transform of it, by path, for this worker's test files. */
const installedSources = new Map();
const installedTransforms = new Map();

class KustomerRuntime extends Runtime {
	readFile(filename) {
		if (!INSTALLED.test(filename)) return super.readFile(filename);
		let source = installedSources.get(filename);
		if (source === undefined) {
			source = super.readFile(filename);
			installedSources.set(filename, source);
		}
		return source;
	}

	transformFile(filename, options) {
		if (!INSTALLED.test(filename) || options?.isInternalModule) return super.transformFile(filename, options);
		let transformed = installedTransforms.get(filename);
		if (transformed === undefined) {
			const code = super.transformFile(filename, options);
			transformed = this._fileTransforms.get(filename);
			installedTransforms.set(filename, transformed);
			return code;
		}
		// What jest's own transformFile records for the file, for stack traces and source maps.
		this._fileTransforms.set(filename, transformed);
		if (transformed.sourceMapPath) this._sourceMapRegistry.set(filename, transformed.sourceMapPath);
		return transformed.code;
	}

	/** Whether a require gets a mock: never when nothing is mocked (jest.mock) and automock is off. */
	_shouldMockCjs(from, moduleName, explicitShouldMock) {
		if (!this._shouldAutoMock && explicitShouldMock.size === 0) return false;
		return super._shouldMockCjs(from, moduleName, explicitShouldMock);
	}
}

module.exports = KustomerRuntime;

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { PACKAGE_ROOT } from './constants';
import KustomerRuntime from './runtime';

/** What jest's transform answers for a file it leaves as it is (node_modules). */
const untransformed = (filename: string, _options: unknown, source: string) => ({ code: source, originalCode: source, sourceMapPath: null });

/** A runtime as jest makes one for each test file, holding only what the methods under test use. */
function testFileRuntime(transform = jest.fn(untransformed)) {
	return Object.assign(Object.create(KustomerRuntime.prototype) as KustomerRuntime, {
		_cacheFS: new Map(),
		_cacheFSBuffer: new Map(),
		_fileTransforms: new Map(),
		_sourceMapRegistry: new Map(),
		_scriptTransformer: { transform },
		_getFullTransformationOptions: () => ({}),
		constructModuleWrapperStart: () => '({"Object.<anonymous>":function(module,exports,require){',
		_shouldAutoMock: false,
		_resolver: { getModuleID: () => 'the module' },
	});
}

const installed = (file: string) => path.join(PACKAGE_ROOT, 'node_modules', file);

let folder: string;
beforeAll(() => (folder = fs.mkdtempSync(path.join(os.tmpdir(), 'kustomer-runtime-'))));
afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

/** A file reading "first" at `relative` in this test's folder. */
function inFolder(relative: string): string {
	const file = path.join(folder, relative);
	fs.mkdirSync(path.dirname(file), { recursive: true });
	fs.writeFileSync(file, 'first');
	return file;
}

describe('the test runtime (test/helpers/runtime.js)', () => {
	test("an installed module is read from disk once for all of a worker's test files; the package's own files again for each file, as jest does", () => {
		const installedFile = inFolder('node_modules/some-package/index.js');
		const ownFile = inFolder('nodes/Some.node.js');
		const earlier = testFileRuntime();
		expect([earlier.readFile(installedFile), earlier.readFile(ownFile)]).toEqual(['first', 'first']);
		for (const file of [installedFile, ownFile]) fs.writeFileSync(file, 'changed');
		const later = testFileRuntime();
		expect([later.readFile(installedFile), later.readFile(ownFile)]).toEqual(['first', 'changed']);
	});

	test("jest's transform of an installed module runs once, and each file's runtime still records the result (stack traces, source maps)", () => {
		const transform = jest.fn(untransformed);
		const file = installed('nock/index.js');
		const [first, second] = [testFileRuntime(transform), testFileRuntime(transform)];
		expect(first.transformFile(file)).toBe(fs.readFileSync(file, 'utf8'));
		expect(second.transformFile(file)).toBe(first.transformFile(file));
		expect(transform).toHaveBeenCalledTimes(1);
		expect(second._fileTransforms.get(file)).toBe(first._fileTransforms.get(file));
	});

	test('no require gets a mock while nothing is mocked; what a test mocks still is', () => {
		const runtime = testFileRuntime();
		expect(runtime._shouldMockCjs(__filename, 'nock', new Map())).toBe(false);
		expect(runtime._shouldMockCjs(__filename, 'nock', new Map([['the module', true]]))).toBe(true);
	});
});

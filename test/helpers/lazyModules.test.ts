import Module from 'node:module';

import { PACKAGE_ROOT } from './constants';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { LAZY_MODULE_MAPPER } = require('./lazyModules') as { LAZY_MODULE_MAPPER: Record<string, string> };

/** The module's own file, by Node's resolution (what a stand-in loads). */
const realFile = (name: string) => (Module as unknown as { _resolveFilename(request: string, parent: null, isMain: boolean, options: object): string })._resolveFilename(name, null, false, { paths: [PACKAGE_ROOT] });

describe('a module loaded on first use (test/helpers/lazy/) answers what the module exports', () => {
	test.each(Object.entries(LAZY_MODULE_MAPPER).map(([pattern, standIn]) => [pattern.slice(1, -1), standIn]))('%s', (name, standInFile) => {
		const standIn = require(standInFile) as Record<string, unknown>;
		const real = require(realFile(name)) as Record<string, unknown>;
		expect(standIn).not.toBe(real);
		expect(Object.keys(standIn).sort()).toEqual(Object.keys(real).sort());
		for (const key of Object.keys(real)) expect(standIn[key]).toBe(real[key]);
	});
});

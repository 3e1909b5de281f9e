// eslint-disable-next-line @typescript-eslint/no-require-imports
const { LAZY_MODULES, realFileOf } = require('./lazyModules') as { LAZY_MODULES: string[]; realFileOf(name: string): string };

describe('a module loaded on first use (test/helpers/lazy/) answers what the module exports', () => {
	test.each(LAZY_MODULES)('%s', (name) => {
		// The name is mapped to its stand-in (jest.config.js); the module's own file is not.
		const standIn = require(name) as Record<string, unknown>;
		const real = require(realFileOf(name)) as Record<string, unknown>;
		expect(standIn).not.toBe(real);
		expect(Object.keys(standIn).sort()).toEqual(Object.keys(real).sort());
		for (const key of Object.keys(real)) expect(standIn[key]).toBe(real[key]);
	});
});

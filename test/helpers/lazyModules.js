/**
 * Dependencies of n8n-workflow and n8n-core that are costly to load and that almost no test
 * uses, loaded when first used instead. Jest loads every module again for each test file (its
 * module registry is per file), so a module that builds large tables as it loads costs that
 * much CPU in every file: transliteration (for the expressions' .transliterate()) about 80 ms,
 * the most of any module (profile of the unit suite, 2026-12-07). The code that runs is the
 * same: the first property read loads the real module and answers from it.
 *
 * jest.config.js maps each name here (moduleNameMapper) to this folder's lazy/<name>.js.
 */
const path = require('path');

const ROOT = path.resolve(__dirname, '..', '..');

/**
 * The names mapped: each has a single copy in node_modules (the mapping applies to every
 * requirer, so a package with its own nested copy would get this one). A path inside
 * node_modules is not mapped, so the real module loads from it.
 */
const LAZY_MODULES = ['transliteration', 'ssh2'];

/** A stand-in for `name` that loads it (through jest's registry, as any module) on first use. */
function lazy(name) {
	let loaded;
	const real = () => (loaded ??= require(path.join(ROOT, 'node_modules', name)));
	return new Proxy(
		{},
		{
			get: (_, key) => real()[key],
			has: (_, key) => key in real(),
			ownKeys: () => Reflect.ownKeys(real()),
			getOwnPropertyDescriptor: (_, key) => {
				const descriptor = Reflect.getOwnPropertyDescriptor(real(), key);
				return descriptor && { ...descriptor, configurable: true };
			},
		},
	);
}

/** moduleNameMapper entries: `^name$` to lazy/<name>.js. */
const LAZY_MODULE_MAPPER = Object.fromEntries(LAZY_MODULES.map((name) => [`^${name}$`, path.join(__dirname, 'lazy', `${name}.js`)]));

module.exports = { lazy, LAZY_MODULE_MAPPER };

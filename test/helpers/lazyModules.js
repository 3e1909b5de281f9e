/**
 * Dependencies of n8n-workflow and n8n-core that are costly to load and that almost no test
 * uses, loaded when first used instead. Jest loads every module again for each test file (its
 * module registry is per file), so a module that builds large tables as it loads costs that
 * much CPU in every file: n8n-workflow's @n8n/expression-runtime (only for its opt-in
 * isolated expression engine) about 110 ms, transliteration (for the expressions'
 * .transliterate()) 80 ms (2026-12-07/08).
 * The code that runs is the same: the first property read loads the real module and answers
 * from it.
 *
 * A module is made lazy by a file lazy/<name>.js (lazy/@scope/name/subpath.js for a scoped
 * name or a subpath) reading `module.exports = require('…/lazyModules').standIn(__filename)`;
 * jest.config.js maps each such name (moduleNameMapper) to its file.
 *
 * Only modules whose exports are a plain object can be stood in for (a function or class
 * export would have to be callable before it is loaded): a stand-in answers property reads.
 */
const fs = require('fs');
const Module = require('module');
const path = require('path');

const ROOT = path.resolve(__dirname, '..', '..');

const STAND_INS = path.join(__dirname, 'lazy');

/** Every .js file under `folder`, recursively. */
const filesUnder = (folder) =>
	fs.readdirSync(folder, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? filesUnder(path.join(folder, entry.name)) : entry.name.endsWith('.js') ? [path.join(folder, entry.name)] : []));

/** The module name a stand-in file is for: lazy/@n8n/expression-runtime.js is @n8n/expression-runtime. */
const nameOf = (standInFile) => path.relative(STAND_INS, standInFile).replace(/\.js$/, '').split(path.sep).join('/');

/**
 * The names mapped: each has a single copy in node_modules (the mapping applies to every
 * requirer, so a package with its own nested copy would get this one). A path inside
 * node_modules is not mapped, so the real module loads from it.
 */
const LAZY_MODULES = filesUnder(STAND_INS).map(nameOf);

/**
 * The module's own file. Node's own resolution (package exports included) gives it, which jest
 * then loads; jest's resolution of the name (require, require.resolve, module.createRequire)
 * gives the stand-in.
 */
const realFileOf = (name) => Module._resolveFilename(name, null, false, { paths: [ROOT] });

/** A stand-in for `name` that loads it (through jest's registry, as any module) on first use. */
function lazy(name) {
	let loaded;
	const real = () => (loaded ??= require(realFileOf(name)));
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

/** The stand-in a file under lazy/ exports: for the module its path names. */
const standIn = (standInFile) => lazy(nameOf(standInFile));

/** moduleNameMapper entries: `^name$` to lazy/<name>.js. */
const LAZY_MODULE_MAPPER = Object.fromEntries(LAZY_MODULES.map((name) => [`^${name}$`, path.join(STAND_INS, `${name}.js`)]));

module.exports = { standIn, LAZY_MODULES, LAZY_MODULE_MAPPER, realFileOf };

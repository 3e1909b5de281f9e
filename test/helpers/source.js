/**
 * Tests run the TypeScript source, not the build. A file of the built package (dist/) that a
 * test, a script under test or n8n-core's package loader asks for is taken from what it is
 * built from: dist/X.js from X.ts (transpiled only, by test/helpers/transform.js;
 * `tsc --noEmit` type-checks once in `npm test`), anything the build copies (the codex .json,
 * the icons) from X. So a test run after editing the source runs the edited code, with no
 * build. The packed package itself is what `npm run verify` and the end-to-end tests run.
 *
 * jest.config.js maps module paths with MODULE_NAME_MAPPER; a script a test runs as a command
 * gets the same with `node -r test/helpers/register-source.js`.
 */
const { createHash } = require('crypto');
const fs = require('fs');
const Module = require('module');
const os = require('os');
const path = require('path');

const ROOT = path.resolve(__dirname, '..', '..');

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const DIST = escapeRegExp(path.join(ROOT, 'dist'));

/** jest's moduleNameMapper: the first pattern that matches decides. */
const MODULE_NAME_MAPPER = {
	[`^${DIST}/(.+)\\.js$`]: `${ROOT}/$1.ts`,
	[`^${DIST}/(.+)$`]: `${ROOT}/$1`,
};

/** The source file a path of the built package comes from; any other path as it is. */
function sourceOf(file) {
	for (const [pattern, replacement] of Object.entries(MODULE_NAME_MAPPER)) {
		const matcher = new RegExp(pattern);
		if (matcher.test(file)) return file.replace(matcher, replacement);
	}
	return file;
}

/**
 * A .ts file transpiled as jest's transform does (test/helpers/transform.js), kept in a cache
 * folder by its content (each command a test runs would otherwise spend most of a second
 * transpiling the same files).
 */
function transpiler() {
	const folder = path.join(os.tmpdir(), 'kustomer-source-cache');
	const { CACHE_SALT } = require('./transform');
	let compile;
	return (filename) => {
		const text = fs.readFileSync(filename, 'utf8');
		const cached = path.join(folder, `${createHash('sha256').update(JSON.stringify([CACHE_SALT, filename, text])).digest('hex')}.js`);
		if (fs.existsSync(cached)) return fs.readFileSync(cached, 'utf8');
		compile ??= typescript();
		const output = compile(text, filename);
		fs.mkdirSync(folder, { recursive: true });
		fs.writeFileSync(`${cached}.${process.pid}`, output);
		fs.renameSync(`${cached}.${process.pid}`, cached);
		return output;
	};
}

/** jest's transform's options (test/helpers/transform.js), the source map inline for Node.js. */
function typescript() {
	const ts = require('typescript');
	const options = require('./transform').compilerOptions('inline');
	return (text, fileName) => ts.transpileModule(text, { compilerOptions: options, fileName }).outputText;
}

/** Makes this Node.js process require .ts files (transpiled) and built paths from the source. */
function register() {
	const transpile = transpiler();
	process.setSourceMapsEnabled(true);
	Module._extensions['.ts'] = (module, filename) => module._compile(transpile(filename), filename);
	const resolveFilename = Module._resolveFilename;
	Module._resolveFilename = function (request, parent, ...rest) {
		const absolute = request.startsWith('.') && parent?.filename ? path.resolve(path.dirname(parent.filename), request) : request;
		const source = sourceOf(absolute);
		return resolveFilename.call(this, source === absolute ? request : source, parent, ...rest);
	};
}

module.exports = { MODULE_NAME_MAPPER, register, sourceOf };

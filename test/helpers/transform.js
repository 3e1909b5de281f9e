/**
 * Jest's transform for TypeScript: TypeScript's own transpileModule, one file at a time with
 * tsconfig.test.json's options (isolatedModules: `npm run typecheck` type-checks everything
 * once, so the tests only need JavaScript). The output carries a source map, so stack traces
 * name the TypeScript lines. Jest caches each output under getCacheKey.
 *
 * Why not ts-jest: for the same transpile-only output it cost about 6 s more CPU on a cold
 * cache over the unit suite (2 cores, 2026-12-08), and the tests use none of what it adds
 * (no jest.mock to hoist).
 */
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..', '..');
const TSCONFIG = path.join(ROOT, 'tsconfig.test.json');

// TypeScript (a fifth of a second to load) only when a file is not in jest's cache.
let ts;
const typescript = () => (ts ??= require('typescript'));

/** tsconfig.test.json's compiler options for emitting one file, source maps as `maps` says. */
function compilerOptions(maps) {
	const { options } = typescript().getParsedCommandLineOfConfigFile(TSCONFIG, {}, {
		...typescript().sys,
		onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
			throw new Error(typescript().flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
		},
	});
	const sourceMaps = maps === 'inline' ? { sourceMap: false, inlineSourceMap: true } : { sourceMap: true, inlineSourceMap: false };
	return { ...options, ...sourceMaps, noEmit: false, declaration: false, inlineSources: true };
}

let options;
/** What the output depends on besides the file: TypeScript's version, the tsconfig files, this transform. */
const CACHE_SALT = [
	require('typescript/package.json').version,
	...['tsconfig.json', 'tsconfig.test.json'].map((file) => fs.readFileSync(path.join(ROOT, file), 'utf8')),
	fs.readFileSync(__filename, 'utf8'),
].join('\0');

module.exports = {
	process(sourceText, sourcePath) {
		options ??= compilerOptions('separate');
		const { outputText, sourceMapText } = typescript().transpileModule(sourceText, { compilerOptions: options, fileName: sourcePath });
		// The map goes to jest as `map` and names the file itself (TypeScript names it relative
		// to tsconfig's outDir); the comment pointing at a .map file that does not exist goes.
		const map = { ...JSON.parse(sourceMapText), sources: [sourcePath] };
		return { code: outputText.replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n'), map };
	},
	compilerOptions,
	CACHE_SALT,
	getCacheKey(sourceText, sourcePath) {
		return crypto.createHash('sha1').update(CACHE_SALT).update('\0').update(sourcePath).update('\0').update(sourceText).digest('hex');
	},
};

/**
 * Jest's node environment, which also closes, as each test file ends, the HTTP parsers that
 * nock's interceptor opened during the file.
 *
 * @mswjs/interceptors 0.39 (nock 14's) gives every intercepted request a socket with two
 * `new HTTPParser()`s and only calls `free()` on them. Node keeps a parser alive until its
 * `close()` (Node's own `freeParser` closes every parser it does not pool), and these parsers'
 * callbacks are bound to the test file's objects: so every file that sent a request stayed in
 * memory to the end of its worker (about 12 MB a file, 1 GB and more a worker), and garbage
 * collection slowed as the heap grew. Later versions of the interceptor fix it
 * (mswjs/interceptors#757, #779); nock 14 cannot use them, and nock 15 is ES modules only.
 *
 * Jest loads this module in the worker's own realm, not in a test file's context, so the
 * parser class it puts in place holds no file's objects. A test file that requires it gets a
 * copy in its context, which finds the class in place and only reads its set.
 */
const httpCommon = require('node:_http_common');
const { TestEnvironment } = require('jest-environment-node');

const OPEN_PARSERS = Symbol.for('n8n-nodes-kustomer.test.openHttpParsers');

if (!httpCommon.HTTPParser[OPEN_PARSERS]) {
	const NodeParser = httpCommon.HTTPParser;
	const open = new Set();
	/** Node's parser, remembered as it is made. Node's own client and server take theirs from Node's pool, not from here. */
	class TrackedParser extends NodeParser {
		constructor(...args) {
			super(...args);
			open.add(this);
		}
	}
	TrackedParser[OPEN_PARSERS] = open;
	httpCommon.HTTPParser = TrackedParser;
}

/** The parsers made through `_http_common` and not yet closed. */
const openParsers = () => httpCommon.HTTPParser[OPEN_PARSERS];

/** Closes every parser made since the last call (a call on a closed parser does nothing). */
function closeOpenParsers() {
	for (const parser of openParsers()) parser.close();
	openParsers().clear();
}

class KustomerTestEnvironment extends TestEnvironment {
	async teardown() {
		closeOpenParsers();
		await super.teardown();
	}
}

module.exports = KustomerTestEnvironment;
module.exports.openParsers = openParsers;
module.exports.closeOpenParsers = closeOpenParsers;

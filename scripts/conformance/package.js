/**
 * What the conformance run takes from the built package (npm run build), so that each fact is
 * stated once: where a credential's requests go, the roles the node names, klass statuses,
 * merge statuses and how long the node waits for a merge.
 */
const path = require('path');

const DIST = path.join(__dirname, '..', '..', 'dist', 'nodes', 'Kustomer');

function fromDist(file) {
	try {
		return require(path.join(DIST, file));
	} catch {
		throw new Error(`The package is not built (${file} is missing): run npm run build first, or npm run conformance, which builds it.`);
	}
}

/** Each export: the built file it is read from, and its name there. */
const EXPORTS = {
	ROLES: 'shared/roles.js',
	isLoopbackOrigin: 'transport/baseUrl.js',
	resolveKustomerOrigin: 'transport/baseUrl.js',
	KLASS_STATUSES: 'actions/customObject/common.js',
	BULK_READ_ROLES: 'transport/bulk.js',
	MERGE_ENDED_WITHOUT_SUCCESS: 'actions/customer/merge.js',
	MERGE_MAX_WAIT_MS: 'actions/customer/merge.js',
	MERGE_SUCCEEDED: 'actions/customer/merge.js',
};

// Each file is loaded when an export of it is first read: a run refused for its options
// (no key, no host) reads only baseUrl.js, and does not wait for n8n-workflow to load.
module.exports = Object.defineProperties(
	{},
	Object.fromEntries(Object.entries(EXPORTS).map(([name, file]) => [name, { enumerable: true, get: () => fromDist(file)[name] }])),
);

/**
 * What the conformance run takes from the built package (npm run build), so that each fact is
 * stated once: where a credential's requests go, the roles the node names, klass statuses, merge statuses.
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

const { ROLES } = fromDist('shared/roles.js');
const { isLoopbackOrigin, resolveKustomerOrigin } = fromDist('transport/baseUrl.js');
const { KLASS_STATUSES } = fromDist('actions/customObject/common.js');
const { BULK_READ_ROLES } = fromDist('transport/bulk.js');
const { MERGE_ENDED_WITHOUT_SUCCESS, MERGE_SUCCEEDED } = fromDist('actions/customer/merge.js');

module.exports = { BULK_READ_ROLES, isLoopbackOrigin, KLASS_STATUSES, MERGE_ENDED_WITHOUT_SUCCESS, MERGE_SUCCEEDED, ROLES, resolveKustomerOrigin };

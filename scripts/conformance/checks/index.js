/**
 * Every check of the conformance run, in the order they run: reads first, then what --write
 * makes, deletes last. Each is one self-contained entry:
 *   id         stable name, for reports and issues;
 *   checks     what Kustomer must do for the check to pass (its documented contract);
 *   dependsOn  the part of the package that relies on it;
 *   roles      any one of which the key needs (a check it cannot run says so);
 *   reading    where Kustomer's sources disagree: the sandbox reading (sandbox/readings.js)
 *              whose documented value the check expects;
 *   run(ctx)   answers what was seen; ctx.expect fails it as contradicted, ctx.skip as not checked.
 */
const { ACCOUNT_CHECKS } = require('./account');
const { ATTACHMENT_CHECKS } = require('./attachments');
const { BULK_CHECKS } = require('./bulk');
const { CUSTOMER_CHECKS } = require('./customers');
const { DRAFT_CHECKS } = require('./drafts');
const { METRICS_CHECKS } = require('./metrics');
const { OBJECT_CHECKS } = require('./objects');
const { DELETE_CHECKS, RECORD_CHECKS } = require('./records');
const { SEARCH_CHECKS } = require('./search');
const { WEBHOOK_CHECKS } = require('./webhooks');

const CHECKS = [...ACCOUNT_CHECKS, ...SEARCH_CHECKS, ...OBJECT_CHECKS, ...RECORD_CHECKS, ...CUSTOMER_CHECKS, ...METRICS_CHECKS, ...ATTACHMENT_CHECKS, ...BULK_CHECKS, ...WEBHOOK_CHECKS, ...DRAFT_CHECKS, ...DELETE_CHECKS];

module.exports = { CHECKS };

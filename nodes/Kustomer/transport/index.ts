/**
 * The only way the Kustomer nodes reach Kustomer: HTTP through n8n's authenticated request
 * helper, pacing by the org's rate budget, paging, safe retries and error mapping.
 */
export { idFromAnswer, isKustomerStorage, originOf } from './answers';
export { isLoopbackOrigin, kustomerBaseUrl } from './baseUrl';
export { CREDENTIAL_TYPE, KustomerClient } from './client';
export type { ClientOptions, KustomerRequest } from './client';
export type { Clock } from './clock';
export { AUTOMATIC_MAX_PARALLEL, costs } from './governor';
export { asNodeError, errorForItem } from './errors';
export { getAllPages, recordsOf, searchAll, searchPage, SEARCH_MAX_PAGE_SIZE, SEARCH_MAX_PAGES, SEARCH_MAX_RECORDS } from './pagination';
export type { SearchQuery } from './pagination';
export type { JsonApiDocument, JsonApiResource } from './types';
export {
	BULK_MAX_WAIT_MS,
	BulkStillRunning,
	MAX_BULK_BODY_BYTES,
	MAX_BULK_ITEMS,
	readBulkBatches,
	submitBulk,
	waitForBulk,
} from './bulk';
export type { BulkBatch, BulkItemResult } from './bulk';

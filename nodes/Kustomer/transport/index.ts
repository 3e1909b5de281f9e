/**
 * The only way the Kustomer nodes reach Kustomer: HTTP through n8n's authenticated request
 * helper, paging, rate-limit waits, safe retries and error mapping.
 */
export { kustomerAppUrl, kustomerBaseUrl } from './baseUrl';
export type { KustomerHostSettings } from './baseUrl';
export { CREDENTIAL_TYPE, KustomerClient } from './client';
export type { KustomerContext, KustomerRequest } from './client';
export { asNodeError, describeHttpError, parseKustomerErrors } from './errors';
export { getAllPages, MAX_PAGE_SIZE, searchAll, SEARCH_MAX_PAGES, SEARCH_MAX_RECORDS } from './pagination';
export type { SearchQuery } from './pagination';
export type { JsonApiDocument, JsonApiRelationship, JsonApiResource } from './types';

/**
 * The only way the Kustomer nodes reach Kustomer: HTTP through n8n's authenticated request
 * helper, paging, rate-limit waits, safe retries and error mapping.
 */
export { CREDENTIAL_TYPE, KustomerClient } from './client';
export { asNodeError } from './errors';
export { getAllPages, recordsOf, searchAll } from './pagination';
export type { SearchQuery } from './pagination';
export type { JsonApiDocument, JsonApiResource } from './types';

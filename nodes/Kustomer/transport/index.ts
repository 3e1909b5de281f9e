/**
 * The only way the Kustomer nodes reach Kustomer: HTTP through n8n's authenticated request
 * helper, pacing by the org's rate budget, paging, safe retries and error mapping.
 */
export { CREDENTIAL_TYPE, KustomerClient } from './client';
export type { ClientOptions, KustomerRequest } from './client';
export type { Clock } from './clock';
export { AUTOMATIC_MAX_PARALLEL } from './governor';
export { asNodeError } from './errors';
export { getAllPages, recordsOf, searchAll } from './pagination';
export type { SearchQuery } from './pagination';
export type { JsonApiDocument, JsonApiResource } from './types';

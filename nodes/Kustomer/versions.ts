import type { IDisplayOptions } from 'n8n-workflow';

/**
 * The Kustomer node's versions. Version 2 (issue 20) changes what a saved workflow would see,
 * so version 1 nodes keep what they had: Conversation → Create's Subject was under Additional
 * Fields, sorting sat in Options with each resource's own default, and Simplify kept `rev`,
 * `orgId`, IDs without names and Escalate's `customerAppUrl`.
 */
export const READABLE_VERSION = 2;

/** Display conditions of a field that only version 1 nodes show. */
export const ONLY_VERSION_1: IDisplayOptions = { show: { '@version': [1] } };

/** Display conditions of a field that version 2 nodes (and later) show. */
export const FROM_VERSION_2: IDisplayOptions = { show: { '@version': [{ _cnd: { gte: READABLE_VERSION } }] } };

/** Whether a node of this version gives version 2's output and fields. */
export function isReadableVersion(typeVersion: number): boolean {
	return typeVersion >= READABLE_VERSION;
}

/**
 * The triggers' versions whose simplified records are the Kustomer node's version 2 Simplify
 * records (issue 20 item 7): no `rev` or `orgId`, names beside IDs, a customer's plain email and
 * phone; the same record from both triggers. Saved nodes of earlier versions keep their output.
 */
export const TRIGGER_READABLE_VERSION = 4;
export const POLLING_TRIGGER_READABLE_VERSION = 3;

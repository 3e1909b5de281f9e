import type { IDataObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { KustomerClient } from '../transport';
import { asNodeError } from '../transport';
import type { OperationResult } from './types';

/**
 * DELETE of one record, safe to run again. Kustomer answers 404 for a record that is gone; a
 * workflow run a second time (or a record someone else deleted) has reached what the item asks
 * for, so its output says `alreadyDeleted: true` instead of failing the run. A 404 after this
 * request's own attempt that may have landed (a 5xx, a dropped connection) means that attempt
 * deleted it: the transport answers it as done, and the output is a plain `deleted: true`.
 */
export async function deleteRecord(
	client: KustomerClient,
	request: { path: string; itemIndex: number; roles: readonly string[] },
	output: IDataObject,
): Promise<OperationResult[]> {
	try {
		await client.request({ method: 'DELETE', ...request, notFoundAfterRetryMeansDone: true });
		return [{ json: { ...output, deleted: true } }];
	} catch (error) {
		if (error instanceof NodeApiError && error.httpCode === '404') return [{ json: { ...output, deleted: true, alreadyDeleted: true } }];
		throw asNodeError(client.node, error, request.itemIndex);
	}
}

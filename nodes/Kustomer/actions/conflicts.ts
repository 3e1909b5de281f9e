import { NodeApiError } from 'n8n-workflow';

import type { KustomerClient } from '../transport';
import { asNodeError } from '../transport';

/** Whether Kustomer answered 409: a record changed under a write, or a unique value is taken. */
export function isConflict(error: unknown): error is NodeApiError {
	return error instanceof NodeApiError && error.httpCode === '409';
}

/**
 * A 409 error with what happened and what to do first, then Kustomer's own words. Kustomer's
 * OpenAPI file documents no 409; its docs name optimistic locking on `rev` (notes §12), and
 * uniqueness of emails, phones and external IDs (notes §3.4).
 */
export function explainConflict(error: unknown, explanation: string): unknown {
	if (!isConflict(error)) return error;
	error.description = error.description ? `${explanation}\n${error.description}` : explanation;
	return error;
}

/** A 409 on the update of a record just read: it changed between reading and writing it. Read it again. */
export class ChangedWhileWriting {
	constructor(readonly error: unknown) {}
}

/** Rounds of look up and write before a conflict that keeps coming back is reported. */
const MAX_ROUNDS = 3;

/**
 * Runs a look-up-and-write round (Create or Update), again while the record changed under it
 * (`ChangedWhileWriting`), at most three times; other errors end it as the item's error.
 */
export async function whileChanging<T>(client: KustomerClient, itemIndex: number, round: () => Promise<T>): Promise<T> {
	for (let attempt = 1; ; attempt++) {
		try {
			return await round();
		} catch (error) {
			if (!(error instanceof ChangedWhileWriting)) throw asNodeError(client.node, error, itemIndex);
			if (attempt >= MAX_ROUNDS) throw asNodeError(client.node, error.error, itemIndex);
		}
	}
}

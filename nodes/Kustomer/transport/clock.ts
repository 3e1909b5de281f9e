import { sleep } from 'n8n-workflow';

/**
 * Time as the transport sees it. Injected (per client, or as the default below) so that
 * rate-limit waits and backoff can be tested on virtual time instead of by sleeping.
 */
export interface Clock {
	now(): number;
	/** Resolves after `ms`, or rejects when `signal` aborts (the execution was cancelled). */
	sleep(ms: number, signal?: AbortSignal): Promise<void>;
	/** A number in [0, 1), for backoff jitter. */
	random(): number;
}

export const systemClock: Clock = {
	now: () => Date.now(),
	sleep: async (ms, signal) => await sleep(ms, signal),
	random: () => Math.random(),
};

let defaultClock: Clock = systemClock;

/** The clock a client uses when it is given none. */
export function defaultTransportClock(): Clock {
	return defaultClock;
}

/**
 * Replaces the default clock, for tests that run whole workflows on virtual time (the node
 * creates its client itself). Nodes never call this; undefined restores the system clock.
 */
export function setDefaultTransportClock(clock: Clock | undefined): void {
	defaultClock = clock ?? systemClock;
}

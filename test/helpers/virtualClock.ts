/**
 * Virtual time for the transport: waits (rate-limit pauses, backoff) pass at once and move
 * the clock forward, so tests of pacing and retries take no real time and measure exactly.
 * setupAfterEnv gives every test its own, as the transport's default clock: the nodes run
 * from the source in the test's module registry (see source.js), so this is their clock module.
 */
import type { Clock } from '../../nodes/Kustomer/transport/clock';
import { setDefaultTransportClock } from '../../nodes/Kustomer/transport/clock';

export class VirtualClock implements Clock {
	/** Every wait asked for, in order, in milliseconds. */
	readonly sleeps: number[] = [];
	private current: number;

	constructor(
		start = Date.UTC(2026, 10, 22, 12, 0, 0),
		/** What random() answers: the middle of the jitter range unless a test says otherwise. */
		public randomValue = 0.5,
	) {
		this.current = start;
	}

	now(): number {
		return this.current;
	}

	async sleep(ms: number, signal?: AbortSignal): Promise<void> {
		if (signal?.aborted) throw new Error('aborted');
		const wake = this.current + Math.max(0, ms);
		this.sleeps.push(ms);
		// Let the other parallel requests of the run take their turn before time moves on.
		await new Promise((resolve) => setImmediate(resolve));
		this.current = Math.max(this.current, wake);
	}

	random(): number {
		return this.randomValue;
	}

	/** Moves time forward, as if a test waited. */
	advance(ms: number): void {
		this.current += ms;
	}

	/** Seconds since the epoch, for x-ratelimit-reset headers in epoch form. */
	epochSeconds(offsetMs = 0): string {
		return String(Math.ceil((this.current + offsetMs) / 1000));
	}
}

/** The clock the transport uses when a node creates its client (undefined: the system clock). */
export function installClock(clock: Clock | undefined): void {
	setDefaultTransportClock(clock);
}

/** The virtual clock of the running test (a new one before each test). */
export let clock = new VirtualClock();

/** Gives each test a fresh virtual clock; called from setupAfterEnv. */
export function useVirtualClockPerTest(): void {
	beforeEach(() => {
		clock = new VirtualClock();
		installClock(clock);
	});
	afterAll(() => installClock(undefined));
}

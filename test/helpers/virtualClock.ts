/**
 * Virtual time for the transport: waits (rate-limit pauses, backoff) pass at once and move
 * the clock forward, so tests of pacing and retries take no real time and measure exactly.
 * setupAfterEnv gives every test its own, as the transport's default clock: the nodes run
 * from the source in the test's module registry (see source.js), so this is their clock module.
 * Its timers let a sandbox run on the same time (useSandbox's `clock`): they fire as the
 * clock passes them, so what the sandbox does meanwhile is done before a wait ends.
 */
import type { Clock } from '../../nodes/Kustomer/transport/clock';
import { setDefaultTransportClock } from '../../nodes/Kustomer/transport/clock';
import type { SandboxClock } from '../../sandbox/clock';

/** A timer of the virtual clock: `fn` runs when time reaches `due`. */
export interface VirtualTimer {
	due: number;
	fn: () => void;
}

export class VirtualClock implements Clock {
	/** Every wait asked for, in order, in milliseconds. */
	readonly sleeps: number[] = [];
	private current: number;
	/** Timers not yet fired, in the order they were set (which breaks ties between equal due times). */
	private timers: VirtualTimer[] = [];

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
		this.moveTo(wake);
	}

	random(): number {
		return this.randomValue;
	}

	/** Moves time forward, as if a test waited. */
	advance(ms: number): void {
		this.moveTo(this.current + ms);
	}

	/** Runs `fn` once time has moved `ms` on (not before the clock is moved: sleep() or advance()). */
	setTimeout(fn: () => void, ms: number): VirtualTimer {
		const timer = { due: this.current + Math.max(0, ms), fn };
		this.timers.push(timer);
		return timer;
	}

	clearTimeout(timer: unknown): void {
		this.timers = this.timers.filter((entry) => entry !== timer);
	}

	/** A view of this clock whose now() is `offsetMs` ahead (another machine's clock), sharing its timers. */
	offsetBy(offsetMs: number): SandboxClock {
		return { now: () => this.current + offsetMs, setTimeout: (fn, ms) => this.setTimeout(fn, ms), clearTimeout: (timer) => this.clearTimeout(timer) };
	}

	/**
	 * Moves time to `target` (never back), running each timer due by then at its due time,
	 * earliest first, as real time would; a timer set meanwhile runs too if it falls due.
	 */
	private moveTo(target: number): void {
		for (;;) {
			const next = this.timers.reduce<VirtualTimer | undefined>((earliest, timer) => (timer.due <= target && (!earliest || timer.due < earliest.due) ? timer : earliest), undefined);
			if (!next) break;
			this.clearTimeout(next);
			this.current = Math.max(this.current, next.due);
			next.fn();
		}
		this.current = Math.max(this.current, target);
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

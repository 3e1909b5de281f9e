/** Time as the sandbox sees it (sandbox/clock.js): its now, and its timers. */
export interface SandboxClock {
	now(): number;
	setTimeout(fn: () => void, ms: number): unknown;
	clearTimeout(handle: unknown): void;
}
export const systemClock: SandboxClock;
export function isoNow(clock: SandboxClock): string;

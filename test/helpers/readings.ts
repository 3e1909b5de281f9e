import { READINGS } from '../../sandbox/readings';

/**
 * Runs a block of tests once per reading of a behaviour Kustomer's sources disagree on
 * (sandbox/readings.js), so the package is proven under each. `run` gets the value to pass to
 * the sandbox as `config.readings[name]`.
 */
export function underEachReading(name: string, run: (value: string) => void): void {
	const entry = READINGS[name];
	if (!entry) throw new Error(`unknown sandbox reading "${name}"`);
	describe.each(entry.values)(`with Kustomer's ${name} reading "%s"`, (value) => run(value));
}

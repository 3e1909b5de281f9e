/**
 * Time as the sandbox's Kustomer sees it: what it stamps and when its own timers (scheduled
 * drafts, bulk jobs, late writes, webhook retries) fire. createSandbox({ clock }) takes another,
 * so that tests can run the sandbox on the same virtual time as the node; `npm start` and
 * tests that give none run on the system's.
 */

/** The system's clock. */
const systemClock = {
	now: () => Date.now(),
	setTimeout: (fn, ms) => setTimeout(fn, ms),
	clearTimeout: (handle) => clearTimeout(handle),
};

/** The clock's now as an ISO date-time, as Kustomer's documents write times. */
const isoNow = (clock) => new Date(clock.now()).toISOString();

module.exports = { systemClock, isoNow };

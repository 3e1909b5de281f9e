import { EventClaims, REPLAY_WINDOW_MS, UNCONFIRMED_CLAIM_MS } from '../../../../nodes/Kustomer/shared/dedupe';

describe('EventClaims', () => {
	test('an event is claimed once per trigger; other triggers claim it separately', () => {
		const claims = new EventClaims();
		expect(claims.claim('wf/a', 'evt-1', 0)).toBe('new');
		expect(claims.claim('wf/b', 'evt-1', 0)).toBe('new');
		expect(claims.holds('wf/a', 'evt-1')).toBe(true);
		expect(claims.holds('wf/a', 'evt-2')).toBe(false);
	});

	test('a claim whose execution has not run answers "pending", then lapses so a repeat can run', () => {
		const claims = new EventClaims();
		expect(claims.claim('t', 'lost', 0)).toBe('new');
		expect(claims.claim('t', 'lost', UNCONFIRMED_CLAIM_MS - 1)).toBe('pending');
		expect(claims.claim('t', 'lost', UNCONFIRMED_CLAIM_MS)).toBe('new');
	});

	test('a confirmed claim answers "duplicate" for the replay window, then is forgotten', () => {
		const claims = new EventClaims();
		claims.claim('t', 'ran', 0);
		claims.confirm('t', ['ran'], 10);
		expect(claims.claim('t', 'ran', 10 + REPLAY_WINDOW_MS - 1)).toBe('duplicate');
		expect(claims.claim('t', 'ran', 10 + REPLAY_WINDOW_MS)).toBe('new');
	});

	test('confirming what another process accepted keeps it from this process too; clear forgets all', () => {
		const claims = new EventClaims();
		claims.confirm('t', ['elsewhere'], 0);
		expect(claims.claim('t', 'elsewhere', 1)).toBe('duplicate');
		claims.clear();
		expect(claims.holds('t', 'elsewhere')).toBe(false);
		expect(claims.claim('t', 'elsewhere', 2)).toBe('new');
	});

	test('a trigger keeps at most 50,000 claims in memory, forgetting the oldest first', () => {
		const claims = new EventClaims();
		claims.confirm('t', Array.from({ length: 50_001 }, (_, index) => `evt-${index}`), 0);
		expect(claims.holds('t', 'evt-0')).toBe(false);
		expect(claims.holds('t', 'evt-1')).toBe(true);
		expect(claims.holds('t', 'evt-50000')).toBe(true);
	});
});

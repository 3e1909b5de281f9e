/**
 * Fault soak in a real n8n (2.41.1, regular mode): Conversation → Create for 1,000 records,
 * each with an External ID (the batch example's node, all items at once), against a sandbox
 * that answers 503 to a twentieth of the requests before doing anything, 502 to a tenth of
 * the writes after they happened, drops 2 % of the connections and sends bursts of 429s. Counted in the sandbox:
 * every record's conversation exists exactly once. Figures go to .n8n-logs/fault-soak.json.
 */
import fs from 'node:fs';
import path from 'node:path';

import { ROOT } from '../../scripts/n8n/instance';
import { e2eLines } from './lines';
import type { E2eEnvironment } from './support';
import { kustomer, outputOf, sandboxRequests, setUpEnvironment, tearDownEnvironment } from './support';

const RECORDS = 1000;
const PREFIX = 'soak-';
const WORKFLOW_ID = 'kustFaultSoak001';
const CUSTOMERS = 25;
/**
 * A create has about a minute of retries (five attempts): one of 1,000 records failing before
 * the write on all five is a failure the node rightly reports, not a loss. At a tenth of the
 * attempts failing before the write (plus the drops) that happened in about 2 % of runs; at a
 * twentieth, in under 0.2 %. Failures after the write, the ones that could duplicate, stay at a tenth.
 */
const FAULTS = { errorRate: 0.05, errorAfterWriteRate: 0.1, dropRate: 0.02, burst429Every: 400, burst429Length: 5 };
/** A short window, so that a 429 burst (which pauses the run until the reset) costs seconds. */
const RATE_LIMIT = { limit: 500, windowMs: 5000, resetUnit: 'epoch' };
const REPORT = path.join(ROOT, '.n8n-logs', 'fault-soak.json');

const describeSoak = e2eLines().includes('2') ? describe : describe.skip;

describeSoak('n8n 2.x: 1,000 creates under 5xx before and after the write, dropped connections and 429 bursts', () => {
	let environment: E2eEnvironment;

	beforeAll(async () => {
		environment = await setUpEnvironment('2', { rateLimit: RATE_LIMIT });
		for (let index = 0; index < CUSTOMERS; index++) {
			await kustomer(environment.sandboxUrl, 'POST', '/v1/customers', { name: `Soak customer ${index}`, emails: [{ email: `soak-customer-${index}@example.com` }] });
		}
		await environment.n8n.importWorkflows(path.join(__dirname, 'workflows', 'fault-soak.json'));
		await fetch(`${environment.sandboxUrl}/_sandbox/requests`, { method: 'DELETE' });
		await fetch(`${environment.sandboxUrl}/_sandbox/config`, {
			method: 'PATCH',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ faults: FAULTS }),
		});
	}, 300_000);
	afterAll(async () => await tearDownEnvironment(environment));

	test(
		'every record is created exactly once: 0 lost, 0 duplicated',
		async () => {
			const { n8n, sandbox, sandboxUrl } = environment;
			const started = Date.now();
			const run = await n8n.execute(WORKFLOW_ID);
			const seconds = (Date.now() - started) / 1000;
			const requests = await sandboxRequests(sandboxUrl);
			const created = sandbox.store
				.list('conversations')
				.map((conversation) => String(conversation.attributes.externalId))
				.filter((externalId) => externalId.startsWith(PREFIX));
			const expected = Array.from({ length: RECORDS }, (_, index) => `${PREFIX}${index + 1}`);
			const counts = new Map<string, number>();
			for (const externalId of created) counts.set(externalId, (counts.get(externalId) ?? 0) + 1);
			const status = (code: number) => requests.filter((request) => request.status === code).length;
			const figures = {
				records: RECORDS,
				faults: FAULTS,
				seconds,
				requests: requests.length,
				answered: { 429: status(429), 502: status(502), 503: status(503) },
				lost: expected.filter((externalId) => !counts.has(externalId)).length,
				duplicated: [...counts.values()].filter((count) => count > 1).length,
				runError: run.data.resultData.error?.message ?? null,
			};
			fs.mkdirSync(path.dirname(REPORT), { recursive: true });
			fs.writeFileSync(REPORT, `${JSON.stringify(figures, null, 2)}\n`);

			// The faults happened: otherwise the soak proves nothing.
			expect(figures.answered[502]).toBeGreaterThan(0);
			expect(figures.answered[503]).toBeGreaterThan(0);
			expect(figures.answered[429]).toBeGreaterThan(0);
			expect(figures.lost).toBe(0);
			expect(figures.duplicated).toBe(0);
			expect(figures.runError).toBeNull();
			expect(outputOf(run, 'All created')).toHaveLength(RECORDS);
		},
		600_000,
	);
});

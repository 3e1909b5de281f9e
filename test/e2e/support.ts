/**
 * A real n8n of one pinned line, with the packed package installed as users install it, the
 * sandbox credential and every example workflow imported, and a local Kustomer sandbox
 * running in this process.
 */
import type { N8nInstance, RunData } from '../../scripts/n8n/instance';
import type { SandboxEnvironment } from '../../scripts/n8n/environment';
import { EXAMPLE_CREDENTIAL, SANDBOX_KEY, sandboxEnvironment, tearDown } from '../../scripts/n8n/environment';

export { SANDBOX_KEY };
export const SANDBOX_CREDENTIAL = EXAMPLE_CREDENTIAL;
export const WORKFLOWS = {
	escalate: 'kustEscalate0001',
	escalateInOneNode: 'kustEscalateOne1',
	batch: 'kustBatchLoop001',
	approval: 'kustApproval0001',
	priority: 'kustPriority0001',
};
/** The Kustomer Trigger's webhookId in examples/react-to-priority-change.json. */
export const PRIORITY_TRIGGER_WEBHOOK_ID = '6d1e2f3a-4b5c-4d6e-8f7a-9b0c1d2e3f4a';

export type E2eEnvironment = SandboxEnvironment;

/**
 * The polling triggers' Poll Times in the end-to-end tests: six poll times, each once a minute
 * at its own second, so a poll is due every 10 s. n8n refuses a single poll time more often
 * than once a minute (n8n-core's activatePollTrigger: isSubMinuteCron on 2.x, a seconds field
 * with "*" on 1.x) but registers each poll time as a cron of its own; the trigger's behaviour
 * does not depend on how far apart its polls are, and the tests wait for polls, not minutes.
 */
export const EVERY_TEN_SECONDS = { item: [0, 10, 20, 30, 40, 50].map((second) => ({ mode: 'custom', cronExpression: `${second} * * * * *` })) };
/** How long a test waits for what the next polls report: a few polls, and n8n's work around them on a busy machine. */
export const POLL_TIMEOUT_MS = 150_000;

export async function setUpEnvironment(line: string, sandboxConfig: Record<string, unknown> = {}): Promise<E2eEnvironment> {
	return await sandboxEnvironment({ line, sandboxConfig });
}

export const tearDownEnvironment = tearDown;

/** Polls until `probe` answers something truthy. */
export async function waitFor<T>(
	what: string,
	probe: () => Promise<T | undefined | false> | T | undefined | false,
	{ timeoutMs = 60_000, intervalMs = 250 } = {},
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await probe();
		if (value) return value;
		if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, intervalMs));
	}
}

/**
 * A workflow's executions, once none of them is new or running: what a run of deliveries or a
 * poll started, waited for instead of slept on. n8n stores the execution a webhook call starts
 * before it answers the call (1.x: as soon as it has answered), and the one a poll starts as
 * soon as the poll's last read is answered; the executions then end with their own work done.
 */
export async function finishedExecutions(n8n: N8nInstance, workflowId: string): Promise<Array<{ id: string; status: string }>> {
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	return await waitFor(
		`every execution of ${workflowId} to finish`,
		async () => {
			const { results } = await n8n.request<{ results: Array<{ id: string; status: string }> }>('GET', `/rest/executions?filter=${filter}&limit=100`);
			return results.every((execution) => !['new', 'running'].includes(execution.status)) && results;
		},
		{ timeoutMs: 120_000 },
	);
}

/** The items a node output in a run n8n printed. */
export function outputOf(run: RunData, nodeName: string): Array<Record<string, unknown>> {
	return (run.data.resultData.runData[nodeName]?.[0]?.data?.main[0] ?? []).map((item) => item.json);
}

export interface SandboxRequest {
	seq: number;
	method: string;
	path: string;
	status: number;
	body: unknown;
}

export async function sandboxRequests(sandboxUrl: string): Promise<SandboxRequest[]> {
	const response = await fetch(`${sandboxUrl}/_sandbox/requests`);
	return ((await response.json()) as { requests: SandboxRequest[] }).requests;
}

/** Calls the sandbox's Kustomer API the way Kustomer's own UI or another integration would. */
export async function kustomer<T = { data: { id: string; attributes: Record<string, unknown> } }>(
	sandboxUrl: string,
	method: string,
	route: string,
	body?: unknown,
): Promise<T> {
	const response = await fetch(`${sandboxUrl}${route}`, {
		method,
		headers: { Authorization: `Bearer ${SANDBOX_KEY}`, 'Content-Type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	if (!response.ok) throw new Error(`${method} ${route} -> ${response.status} ${await response.text()}`);
	// A delete answers 204 with no body.
	const text = await response.text();
	return (text ? JSON.parse(text) : undefined) as T;
}

/**
 * Events per second a trigger sustains with exactly-once held: `waves` waves of `perWave`
 * events, each sent twice at once (`emit(2)` answers the event id), a wave starting when every
 * event of the last one ran (`runsFor` counts a workflow's runs of an event).
 */
export async function measureThroughput(emit: (copies: number) => string, runsFor: (eventId: string) => number, { waves = 10, perWave = 10 } = {}) {
	const events: string[] = [];
	const started = Date.now();
	for (let wave = 0; wave < waves; wave++) {
		const ids = Array.from({ length: perWave }, () => emit(2));
		events.push(...ids);
		await waitFor('the wave run', () => ids.every((id) => runsFor(id) > 0), { timeoutMs: 120_000, intervalMs: 50 });
	}
	const seconds = (Date.now() - started) / 1000;
	const figures = { events: events.length, copiesEach: 2, eventsInFlight: perWave, seconds, eventsPerSecond: Number((events.length / seconds).toFixed(1)) };
	return { events, figures };
}

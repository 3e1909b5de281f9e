/**
 * examples/nightly-metrics-export.json run in-process against the sandbox: its two Kustomer
 * nodes as saved, behind a stand-in for the Schedule Trigger (n8n-nodes-base is not loaded
 * here), and its row and table nodes checked against what Get Metrics outputs.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { IConnections, INode } from 'n8n-workflow';

import { SEED_SLA_ID } from '../../sandbox/metrics';
import type { SandboxRecord } from '../../sandbox/server';
import { SEED_IDS } from '../../sandbox/store';
import { PACKAGE_ROOT } from '../helpers/harness';
import { useSandboxOrg } from '../helpers/sandboxOrg';
import { itemsNode } from '../helpers/workflows';

const example = JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, 'examples', 'nightly-metrics-export.json'), 'utf8')) as { nodes: INode[]; connections: IConnections };
const byName = (name: string) => example.nodes.find((node) => node.name === name) as INode;
const TRIGGER = 'Every night at 00:30';

const org = useSandboxOrg();

/** A conversation of Jane's, marked done at `doneAt` (or left open). */
async function conversation(name: string, doneAt?: Date, extra: Record<string, unknown> = {}): Promise<string> {
	const { data } = await org.call('POST', '/v1/conversations', { customer: SEED_IDS.customers.jane, name, priority: 3 });
	const record = org.sandbox.store.get('conversations', data.id) as SandboxRecord;
	Object.assign(record.attributes, extra);
	if (doneAt) Object.assign(record.attributes, { status: 'done', createdAt: new Date(doneAt.getTime() - 90_000).toISOString(), lastDone: { createdAt: doneAt.toISOString() } });
	return data.id;
}

test("it reads yesterday's resolved conversations and one metrics row each, with the SLA policy and handle time", async () => {
	const startOfToday = new Date(new Date().toISOString().slice(0, 10) + 'T00:00:00.000Z');
	const yesterday = new Date(startOfToday.getTime() - 12 * 3_600_000);
	const withSla = await conversation('Refund', yesterday, { sla: { id: SEED_SLA_ID, version: 1, metrics: { firstResponse: { breachAt: yesterday.toISOString() } } } });
	const plain = await conversation('Address change', new Date(yesterday.getTime() + 60_000));
	await conversation('Done today', new Date(startOfToday.getTime() + 60_000));
	await conversation('Still open');

	const trigger = { ...itemsNode([{}], TRIGGER) };
	const kustomerNodes = [byName('Resolved yesterday'), byName('Times and SLA')];
	const result = await org.run({
		nodes: [trigger, ...kustomerNodes],
		connections: { [TRIGGER]: example.connections[TRIGGER], 'Resolved yesterday': example.connections['Resolved yesterday'] },
		settings: { timezone: 'UTC' },
	});

	expect(result.error('Times and SLA')).toBeUndefined();
	const rows = result.output('Times and SLA').map((item) => item.json);
	expect(rows.map((row) => row.id).sort()).toEqual([withSla, plain].sort());
	const refund = rows.find((row) => row.id === withSla)!;
	expect(refund).toMatchObject({ name: 'Refund', slaStatus: 'pending', slaPolicy: { id: SEED_SLA_ID, name: 'Email Policy' }, handleTimeTotal: 90 });
	expect(rows.find((row) => row.id === plain)).toMatchObject({ slaStatus: 'none', handleTimeTotal: 90 });
	// Both conversations in one read, the one SLA policy once.
	const requests = (await org.requests()).map((request) => `${request.method} ${request.path}`);
	expect(requests.filter((request) => request.startsWith('GET /v1/conversations/') && request.includes(','))).toHaveLength(1);
	expect(requests.filter((request) => request.startsWith('GET /v1/slas/'))).toHaveLength(1);

	// What the row node reads is there: every $json field it names without `?.` is in each row.
	const assignments = (byName('One row per conversation').parameters as { assignments: { assignments: Array<{ name: string; type: string; value: string }> } }).assignments.assignments;
	for (const { value } of assignments) {
		const field = /\$json\.(\w+)(\?)?/.exec(value);
		if (field && !field[2]) for (const row of rows) expect(row).toHaveProperty(field[1]);
	}
	// The table it creates has exactly the row's columns.
	const columns = (byName('Data table ready').parameters.columns as { column: Array<{ name: string; type: string }> }).column;
	expect(columns).toEqual(assignments.map(({ name, type }) => ({ name, type })));
});

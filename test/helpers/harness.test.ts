import { SSHClientsManager } from 'n8n-core/dist/execution-engine/ssh-clients-manager';

import { n8nContainer, runWorkflow, shutDownN8nServices } from './harness';
import { itemsNode } from './workflows';

test("as a test file ends, n8n-core's SSH client manager is shut down as n8n shuts it down, so that its timer and exit listener do not keep the file in memory", async () => {
	const { order } = await runWorkflow({ nodes: [itemsNode([{ n: 1 }])], connections: {} });
	expect(order).toEqual(['Items']);
	// Running a node made it (n8n-core gives every node context its SSH tunnel functions).
	expect(n8nContainer.has(SSHClientsManager)).toBe(true);
	const manager = n8nContainer.get(SSHClientsManager) as unknown as { onProcessExit: () => void; cleanupTimer: { _destroyed: boolean } };
	expect(process.listeners('exit')).toContain(manager.onProcessExit);
	expect(manager.cleanupTimer._destroyed).toBe(false);

	shutDownN8nServices();

	expect(process.listeners('exit')).not.toContain(manager.onProcessExit);
	expect(manager.cleanupTimer._destroyed).toBe(true);
});

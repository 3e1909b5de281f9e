/**
 * examples/privacy-erasure-request.json run in-process against the sandbox, as saved: its
 * trigger and request node stand in as one Items node with the request's JSON (n8n's base nodes
 * are not loaded here), every Kustomer node as the example has it. Run twice: the same messages
 * redacted with the same text, one note per conversation, the other customer's messages untouched.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { IConnections, IDataObject, INode } from 'n8n-workflow';

import { SEED_IDS } from '../../sandbox/store';
import { KUSTOMER_NODE, PACKAGE_ROOT } from '../helpers/harness';
import type { WorkflowDefinition } from '../helpers/harness';
import { useSandboxOrg } from '../helpers/sandboxOrg';
import { itemsNode, KUSTOMER_CREDENTIAL_REF } from '../helpers/workflows';

const example = JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, 'examples', 'privacy-erasure-request.json'), 'utf8')) as { nodes: INode[]; connections: IConnections };
const REQUEST = 'Erasure request';

/** The example with its manual trigger and Set node replaced by an Items node giving the Set's JSON. */
function asRun(): WorkflowDefinition {
	const request = example.nodes.find((node) => node.name === REQUEST)!;
	const kustomer = example.nodes.filter((node) => node.type === KUSTOMER_NODE).map((node) => ({ ...node, credentials: KUSTOMER_CREDENTIAL_REF }));
	const connections = Object.fromEntries(Object.entries(example.connections).filter(([from]) => from === REQUEST || kustomer.some((node) => node.name === from)));
	return { nodes: [itemsNode([JSON.parse(request.parameters.jsonOutput as string) as IDataObject], REQUEST), ...kustomer], connections };
}

const org = useSandboxOrg();

/** Rosa (the request's customer) with a conversation of two messages, one carrying a file; Jane with one message. */
async function timelines() {
	const { sandbox } = org;
	const rosa = (await org.call('POST', '/v1/customers', { name: 'Rosa Diaz', emails: [{ email: 'rosa.diaz@example.com' }] })).data.id;
	const conversation = (await org.call('POST', `/v1/customers/${rosa}/conversations`, { name: 'Card pasted in chat' })).data.id;
	const file = sandbox.store.insert('attachments', { name: 'card.jpg', contentType: 'image/jpeg', contentLength: 3, uploaded: true });
	sandbox.store.files.set(file.id, Buffer.from('jpg'));
	const card = await org.call('POST', `/v1/conversations/${conversation}/messages`, {
		channel: 'chat',
		app: 'n8n',
		direction: 'in',
		preview: 'My card is 4111 1111 1111 1111',
		attachments: [{ _id: file.id, name: 'card.jpg', contentType: 'image/jpeg', contentLength: 3 }],
	});
	const address = await org.call('POST', `/v1/conversations/${conversation}/messages`, { channel: 'chat', app: 'n8n', direction: 'in', preview: 'I live at 1 Main St' });
	const janes = (await org.call('POST', `/v1/customers/${SEED_IDS.customers.jane}/conversations`, { name: 'Unrelated' })).data.id;
	const jane = await org.call('POST', `/v1/conversations/${janes}/messages`, { channel: 'chat', app: 'n8n', preview: 'Hello' });
	return { conversation, messages: [card.data.id, address.data.id], file: file.id, janesMessage: jane.data.id };
}

test('every message of the customer\'s conversations redacted (text and files) and the request noted; run again, the same', async () => {
	const { conversation, messages, file, janesMessage } = await timelines();
	const replacement = '[Removed on privacy request privacy-2043]';
	for (let run = 1; run <= 2; run++) {
		const result = await org.run(asRun());
		expect(Object.keys(result.run.data.resultData.runData).filter((node) => result.error(node))).toEqual([]);
		expect(result.output('Redact each message').map((item) => item.json)).toEqual([
			expect.objectContaining({ id: messages[0], redacted: true, textRedacted: true, attachmentsRedacted: [file] }),
			expect.objectContaining({ id: messages[1], redacted: true, textRedacted: true, attachmentsRedacted: [] }),
		]);
		for (const id of messages) expect((await org.call('GET', `/v1/messages/${id}`)).data.attributes.preview).toBe(replacement);
		expect(org.sandbox.store.files.has(file)).toBe(false);
		expect(org.sandbox.store.get('attachments', file)?.attributes.redacted).toBe(true);
		const notes = org.sandbox.store.list('notes').filter((note) => note.relationships.conversation.id === conversation);
		expect(notes.map((note) => note.attributes.externalId)).toEqual(['privacy-2043']);
	}
	expect((await org.call('GET', `/v1/messages/${janesMessage}`)).data.attributes.preview).toBe('Hello');
	expect((await org.requests()).filter((request) => request.path.endsWith('/redactions')).map((request) => request.status)).toEqual([201, 201, 201, 201]);
});
